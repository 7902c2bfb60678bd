"""The strict variant of the document enforces the rules the Rust validator enforces.

Each rule that OpenAPI 3.0 can express (1, 3, 4 and the first half of 5) is broken once and
must be refused; every request example of the document must still be accepted. After
ordering, a mark update that changes nothing and a blank cancel note are refused. Run by
.ci/other_languages.sh with the strict document's path in STRICT_OPENAPI.
"""

import copy
import os
import pathlib
import unittest

import yaml
from openapi_schema_validator import OAS30Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

STRICT = yaml.safe_load(pathlib.Path(os.environ["STRICT_OPENAPI"]).read_text())
EXAMPLES = STRICT["components"]["examples"]


def validator(schema_name: str) -> OAS30Validator:
    root = Resource.from_contents(STRICT, default_specification=DRAFT4)
    registry = Registry().with_resource("urn:strict", root)
    schema = {"$ref": f"urn:strict#/components/schemas/{schema_name}"}
    return OAS30Validator(schema, registry=registry)


def errors(schema_name: str, body: dict) -> list:
    return list(validator(schema_name).iter_errors(body))


class StrictVariant(unittest.TestCase):
    def test_every_request_example_is_accepted(self):
        for name, schema in [
            ("CmcSeedRequest", "CmcOrderRequest"),
            ("VmcRegisteredMarkRequest", "VmcOrderRequest"),
            ("VmcGovernmentMarkRequest", "VmcOrderRequest"),
            ("MarkUpdateRegistered", "MarkUpdate"),
            ("MarkUpdateHosting", "MarkUpdate"),
            ("CancelOrderRequest", "OrderStatusUpdate"),
        ]:
            self.assertEqual(errors(schema, EXAMPLES[name]["value"]), [], name)

    def test_each_rule_broken_is_refused(self):
        seed = EXAMPLES["CmcSeedRequest"]["value"]
        government = EXAMPLES["VmcGovernmentMarkRequest"]["value"]

        def changed(body, change):
            body = copy.deepcopy(body)
            change(body)
            return body

        broken = {
            "1: card without credit_card": ("CmcOrderRequest", changed(seed, lambda b: b.update(payment_method="card"))),
            "3: organization without id or details": (
                "CmcOrderRequest",
                changed(seed, lambda b: b["organization"].pop("id")),
            ),
            "4: contact without user_id or details": (
                "CmcOrderRequest",
                changed(seed, lambda b: b["organization"]["contacts"][0].pop("email")),
            ),
            "5: mark data without logo": ("VmcOrderRequest", changed(government, lambda b: b["vmc"].pop("logo"))),
            "5: citation without country": (
                "VmcOrderRequest",
                changed(government, lambda b: b["vmc"]["mark_type_data"].pop("country_code")),
            ),
        }
        for rule, (schema, body) in broken.items():
            self.assertNotEqual(errors(schema, body), [], rule)

    def test_a_card_beside_another_payment_method_is_not_refused(self):
        # DigiCert's pages require the card with `card` and forbid it nowhere: it is ignored
        # (the Rust validator warns), so the strict variant accepts it.
        registered = copy.deepcopy(EXAMPLES["VmcRegisteredMarkRequest"]["value"])
        registered["payment_method"] = "profile"
        self.assertEqual(errors("VmcOrderRequest", registered), [])
        registered.pop("payment_method")
        self.assertEqual(errors("VmcOrderRequest", registered), [])

    def test_after_ordering_the_bodies_that_change_nothing_are_refused(self):
        self.assertNotEqual(errors("MarkUpdate", {}), [], "an update that changes nothing")
        self.assertNotEqual(
            errors("OrderStatusUpdate", {"status": "canceled", "note": "   "}), [], "a blank note"
        )
        self.assertNotEqual(
            errors("MarkUpdate", {"enable_hostng": True}), [], "a misspelt field"
        )

    def test_a_misspelt_field_is_refused(self):
        body = dict(EXAMPLES["CmcSeedRequest"]["value"], payment_methd="card")
        self.assertNotEqual(errors("CmcOrderRequest", body), [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
