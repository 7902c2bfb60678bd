"""The OpenAPI document serves Python as well as Rust.

Builds DigiCert's CMC example with the models that openapi-python-client generated from
openapi/mark-certificates.yaml, and checks that their JSON equals the body the Rust library
sends for the same order (the committed snapshot tests/snapshots/*request_cmc_seed_example*).
Also pins down what the README says of this generator: building models in code refuses a
misspelt field, but `from_dict` (reading JSON) drops one without a word and checks no range,
so JSON is validated against the document first.
Run by .ci/other_languages.sh with the generated package on PYTHONPATH.
"""

import copy
import json
import pathlib
import unittest

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from mark_certificates_client.models import (
    CertificateDetails,
    CmcDetails,
    CmcOrderRequest,
    ContactType,
    EnableHostingType2,
    Organization,
    OrganizationContact,
    OrderResponse,
    OrderValidity,
    PaymentMethod,
)

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi" / "mark-certificates.yaml").read_text())
EXAMPLES = DOCUMENT["components"]["examples"]
SNAPSHOT = ROOT / "tests" / "snapshots" / "snapshots__request_cmc_seed_example.snap"
SEED_LOGO = (
    "H4sIAAAAAAAAA01OS0/EIBj8K+TzWspLGmpKN9lVb5t40LPpWmxJEJpCyrq/XqoXT/PIZGa6w/XLoc2s0QavgdUUkPEf"
    "YbR+0vD2+owVHPoubhMqQR81zCktD4TknOss6rBOhFNKSUkA2qzJx3DVQBFFjErUCvhfzgFdhmhe1vBpndGQrP/GS4S+"
    "SzY50w9juJj33e3In9MtQ5rRqOHcNBWdRbu14nYWqnAs1K+QvBLScVlJNWPWOKww25m6ASozTsPd0yM78fsyQ/a6AuVt"
    "/wPn9Zxi+wAAAA=="
)


def rust_snapshot(path: pathlib.Path) -> dict:
    """The JSON value of an insta snapshot: what follows its `---` delimited header."""
    text = path.read_text(encoding="utf-8")
    return json.loads(text.split("---\n", 2)[2])


class CrossLanguage(unittest.TestCase):
    maxDiff = None

    def test_cmc_seed_example_matches_the_rust_body(self):
        order = CmcOrderRequest(
            certificate=CertificateDetails(dns_names=["example.com"]),
            vmc=CmcDetails(logo=SEED_LOGO, enable_hosting=EnableHostingType2.VALUE_1),
            organization=Organization(
                id=123456,
                contacts=[
                    OrganizationContact(
                        contact_type=ContactType.VERIFIED_CONTACT,
                        first_name="First",
                        last_name="Last",
                        telephone="123-456-7890",
                        job_title="Project Manager",
                        email="first.last@example.com",
                    ),
                    OrganizationContact(
                        contact_type=ContactType.ORGANIZATION_CONTACT,
                        first_name="Doe",
                        last_name="John",
                        email="doe.john@digicert.com",
                        job_title="Analyst",
                        telephone="+1 1234547860",
                        name="Doe John",
                    ),
                    OrganizationContact(
                        contact_type=ContactType.TECHNICAL_CONTACT,
                        first_name="John",
                        last_name="Doe",
                        email="jd@jd.com",
                        job_title="Analyst",
                        telephone="1234567890",
                        name="John Doe",
                        type_="existing_contact",
                    ),
                ],
            ),
            order_validity=OrderValidity(years=1),
            payment_method=PaymentMethod.BALANCE,
            alternative_order_id="snapshot2026",
        )
        python_json = json.loads(json.dumps(order.to_dict()))
        # The Python client writes a default of the document explicitly
        # (skip_duplicate_org_check: false); leaving it out means the same.
        self.assertIs(python_json["organization"].pop("skip_duplicate_org_check"), False)
        self.assertEqual(python_json, rust_snapshot(SNAPSHOT))

    def test_a_changed_field_is_noticed(self):
        # The comparison can fail: one value changed makes the bodies differ.
        rust = rust_snapshot(SNAPSHOT)
        rust["order_validity"]["years"] = 2
        self.assertNotEqual(rust, rust_snapshot(SNAPSHOT))

    def test_answers_with_unknown_status_and_fields_parse(self):
        answer = {"id": 1, "requests": [{"id": 2, "status": "awaiting_documents"}], "new": True}
        parsed = OrderResponse.from_dict(answer)
        self.assertEqual(parsed.requests[0].status, "awaiting_documents")
        self.assertEqual(parsed.to_dict(), answer)


def document_errors(schema_name: str, body: dict) -> list:
    """What the document says of a body: the check the README recommends before from_dict."""
    registry = Registry().with_resource(
        "urn:document", Resource.from_contents(DOCUMENT, default_specification=DRAFT4)
    )
    schema = {"$ref": f"urn:document#/components/schemas/{schema_name}"}
    return list(OAS30Validator(schema, registry=registry).iter_errors(body))


class WhatTheReadmeSays(unittest.TestCase):
    def test_building_in_code_refuses_a_misspelt_field(self):
        with self.assertRaises(TypeError):
            OrderValidity(years=1, yeers=2)

    def test_building_in_code_checks_no_range(self):
        # The README's table: models built in code accept `years: 4`.
        self.assertEqual(OrderValidity(years=4).to_dict(), {"years": 4})

    def test_from_dict_drops_a_misspelt_field_and_checks_no_range(self):
        seed = EXAMPLES["CmcSeedRequest"]["value"]
        typo = dict(seed, payment_methd="card")
        typo.pop("payment_method")
        read = CmcOrderRequest.from_dict(typo).to_dict()
        self.assertNotIn("payment_method", read)
        self.assertNotIn("payment_methd", read)
        years = copy.deepcopy(seed)
        years["order_validity"]["years"] = 4
        self.assertEqual(CmcOrderRequest.from_dict(years).order_validity.years, 4)
        # Validating against the document first refuses both, and accepts the seed.
        self.assertNotEqual(document_errors("CmcOrderRequest", typo), [])
        self.assertNotEqual(document_errors("CmcOrderRequest", years), [])
        self.assertEqual(document_errors("CmcOrderRequest", seed), [])

    def test_the_answers_of_the_page_are_read_and_written_back(self):
        for name in ["OrderPending", "OrderSubmitted", "OrderApproved", "OrderExistingLogo"]:
            answer = EXAMPLES[name]["value"]
            self.assertEqual(OrderResponse.from_dict(answer).to_dict(), answer, name)
        numbered = {"id": 1, "domains": [{"id": 2, "name": 3612638, "dns_name": "example.com"}]}
        self.assertEqual(OrderResponse.from_dict(numbered).to_dict(), numbered)


if __name__ == "__main__":
    unittest.main(verbosity=2)
