"""Pydantic models generated from the document (datamodel-code-generator) accept DigiCert's
own CMC example as written and the answers of its page, and refuse misspelt fields anywhere in
a request and a number of years out of range.

Run by .ci/other_languages.sh with the generated module `models` on PYTHONPATH.
"""

import copy
import pathlib
import unittest

import pydantic
import yaml

from models import CmcOrderRequest, OrderResponse, VmcOrderRequest

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCUMENT = yaml.safe_load((ROOT / "openapi" / "mark-certificates.yaml").read_text())
EXAMPLES = DOCUMENT["components"]["examples"]


class Pydantic(unittest.TestCase):
    def test_the_seed_cmc_example_is_accepted_as_written(self):
        seed = EXAMPLES["CmcSeedRequest"]["value"]
        self.assertEqual(seed["vmc"]["enable_hosting"], "1")
        order = CmcOrderRequest.model_validate(seed)
        # Pydantic's lax union reads "1" as the boolean form first; both mean "host".
        dumped = order.model_dump(mode="json", exclude_unset=True, by_alias=True)
        self.assertIn(dumped["vmc"]["enable_hosting"], (True, "1"))

    def test_the_vmc_examples_are_accepted(self):
        for name in ["VmcRegisteredMarkRequest", "VmcGovernmentMarkRequest"]:
            VmcOrderRequest.model_validate(EXAMPLES[name]["value"])

    def test_misspelt_fields_are_refused(self):
        for path, typo in [((), "payment_methd"), (("vmc",), "enable_hostng"), (("organization", "contacts", 0), "emial")]:
            body = copy.deepcopy(EXAMPLES["CmcSeedRequest"]["value"])
            target = body
            for step in path:
                target = target[step]
            target[typo] = "card"
            with self.assertRaises(pydantic.ValidationError, msg=typo):
                CmcOrderRequest.model_validate(body)

    def test_years_out_of_range_are_refused(self):
        body = copy.deepcopy(EXAMPLES["CmcSeedRequest"]["value"])
        body["order_validity"]["years"] = 4
        with self.assertRaises(pydantic.ValidationError):
            CmcOrderRequest.model_validate(body)

    def test_the_answers_of_the_page_are_accepted(self):
        for name in ["OrderPending", "OrderSubmitted", "OrderApproved", "OrderExistingLogo"]:
            OrderResponse.model_validate(EXAMPLES[name]["value"])
        # The response table types domains[].name as int; the examples write a string.
        answer = OrderResponse.model_validate(
            {"id": 1, "domains": [{"id": 2, "name": 3612638, "dns_name": "example.com"}]}
        )
        self.assertEqual(answer.model_dump(mode="json", exclude_unset=True)["domains"][0]["name"], 3612638)

    def test_answers_keep_fields_digicert_adds(self):
        answer = {"id": 1, "requests": [{"id": 2, "status": "awaiting_documents"}], "new": True}
        OrderResponse.model_validate(answer)


if __name__ == "__main__":
    unittest.main(verbosity=2)
