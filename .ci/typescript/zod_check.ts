// The zod schemas that openapi-zod-client writes from the document, in both of its modes.
// Compiled and run by .ci/other_languages.sh beside the generated `strict.ts` (written with
// --strict-objects) and `default.ts` (without); argv[2] is the document as JSON.
import { schemas as strict } from "./strict";
import { schemas as loose } from "./default";

// Node's own declarations are not installed: the two used here are declared.
declare const process: { argv: string[]; exitCode: number };
declare function require(module: "fs"): { readFileSync(path: string, encoding: "utf8"): string };
const { readFileSync } = require("fs");

const doc = JSON.parse(readFileSync(process.argv[2], "utf8"));
const examples = doc.components.examples;
const seed = examples.CmcSeedRequest.value;
const answers = ["OrderPending", "OrderSubmitted", "OrderApproved", "OrderExistingLogo"];
let failed = 0;

function expect(claim: string, holds: boolean) {
  console.log(`${holds ? "ok  " : "FAIL"} ${claim}`);
  if (!holds) failed += 1;
}

const typo = { ...seed, payment_methd: "card" };
delete (typo as Record<string, unknown>).payment_method;
const nested = { ...seed, vmc: { ...seed.vmc, enable_hostng: true } };
const years = { ...seed, order_validity: { years: 4 } };

// --strict-objects: what the README recommends.
expect("strict: DigiCert's CMC example is accepted", strict.CmcOrderRequest.safeParse(seed).success);
for (const name of ["VmcRegisteredMarkRequest", "VmcGovernmentMarkRequest"]) {
  expect(`strict: ${name} is accepted`, strict.VmcOrderRequest.safeParse(examples[name].value).success);
}
expect("strict: a misspelt top-level field is refused", !strict.CmcOrderRequest.safeParse(typo).success);
expect("strict: a misspelt nested field is refused", !strict.CmcOrderRequest.safeParse(nested).success);
expect("strict: years 4 is refused", !strict.CmcOrderRequest.safeParse(years).success);
for (const name of answers) {
  expect(`strict: the page's answer ${name} is accepted`, strict.OrderResponse.safeParse(examples[name].value).success);
}
const numbered = { id: 1, domains: [{ id: 2, name: 3612638, dns_name: "example.com" }] };
expect("strict: an answer with domains[].name as an integer is accepted", strict.OrderResponse.safeParse(numbered).success);
const added = { id: 1, added_later: true, requests: [{ id: 2, status: "on_hold" }] };
expect("strict: an answer with fields DigiCert adds is accepted", strict.OrderResponse.safeParse(added).success);

// Without --strict-objects, as the README warns: the misspelt key is dropped and the
// document's default fills the field it was meant for.
const stripped = loose.CmcOrderRequest.safeParse(typo);
expect(
  "default: a misspelt payment_method is dropped and balance filled in",
  stripped.success && !("payment_methd" in stripped.data) && stripped.data.payment_method === "balance",
);
expect("default: years 4 is refused", !loose.CmcOrderRequest.safeParse(years).success);

process.exitCode = failed === 0 ? 0 : 1;
