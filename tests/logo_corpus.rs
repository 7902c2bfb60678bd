//! The checker agrees with the official SVG Tiny PS schema on every file of the corpus.
//!
//! `tests/logos/verdicts.tsv` records, for each file of `tests/logos/corpus/`, the schema's
//! verdict as `xmllint --relaxng SVG_PS-latest.rng` gives it (re-derived by `.ci/run`), and the
//! exact set of rules the checker reports. Whether the checker finds an error must match the
//! schema's verdict, except for the deliberate disagreements below: rules beyond the schema.

use std::collections::BTreeSet;
use std::path::Path;

use digicert_mark_certs::logo::check;

/// Rules beyond the schema: a file the schema accepts is refused when one of these fires.
const BEYOND_THE_SCHEMA: &[(&str, &str)] = &[
    (
        "doctype",
        "RELAX NG validation ignores the DOCTYPE, but a DTD can declare entities (billion \
         laughs) or load external files; SVG Tiny PS logos carry none",
    ),
    (
        "processing-instruction",
        "RELAX NG ignores processing instructions, but xml-stylesheet and similar ones pull in \
         outside resources; the BIMI draft forbids them",
    ),
    (
        "external-reference",
        "the schema types href, url() and xml:base as free strings; the BIMI draft requires \
         every reference to stay inside the document",
    ),
    (
        "xml-encoding",
        "xmllint transcodes other encodings; BIMI logos must be UTF-8, and a declaration \
         naming another encoding misleads receivers",
    ),
    (
        "xml-limits",
        "the schema allows any nesting depth; the checker refuses absurd depth to stay safe on \
         hostile input",
    ),
];

struct Case {
    file: String,
    schema_valid: bool,
    rules: BTreeSet<String>,
}

fn cases() -> Vec<Case> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logos");
    let text = std::fs::read_to_string(root.join("verdicts.tsv")).expect("verdicts.tsv");
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            assert_eq!(cols.len(), 3, "bad verdict line: {line}");
            assert!(
                matches!(cols[1], "valid" | "invalid"),
                "bad verdict line: {line}"
            );
            Case {
                file: cols[0].to_owned(),
                schema_valid: cols[1] == "valid",
                rules: match cols[2] {
                    "-" => BTreeSet::new(),
                    list => list.split(',').map(str::to_owned).collect(),
                },
            }
        })
        .collect()
}

#[test]
fn the_corpus_is_large_and_recorded_completely() {
    let cases = cases();
    assert!(cases.len() >= 80, "{} files", cases.len());
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logos/corpus");
    let on_disk = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(on_disk, cases.len(), "every corpus file has a verdict line");
    assert!(cases.iter().any(|c| c.schema_valid) && cases.iter().any(|c| !c.schema_valid));
}

#[test]
fn the_checker_agrees_with_the_schema_on_every_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logos/corpus");
    let mut problems = Vec::new();
    let mut deliberate = 0;
    for case in cases() {
        let bytes = std::fs::read(dir.join(&case.file)).unwrap();
        let report = check(&bytes);
        let found: BTreeSet<String> = report.findings.iter().map(|f| f.rule.to_string()).collect();
        if found != case.rules {
            problems.push(format!(
                "{}: rules {:?}, recorded {:?}",
                case.file, found, case.rules
            ));
        }
        let beyond: Vec<_> = report
            .errors()
            .filter(|f| BEYOND_THE_SCHEMA.iter().any(|(rule, _)| *rule == f.rule))
            .collect();
        let schema_errors = report.errors().count() - beyond.len();
        let checker_schema_valid = schema_errors == 0;
        if checker_schema_valid != case.schema_valid {
            problems.push(format!(
                "{}: schema says {}, checker's schema rules say {}: {:?}",
                case.file,
                if case.schema_valid {
                    "valid"
                } else {
                    "invalid"
                },
                if checker_schema_valid {
                    "valid"
                } else {
                    "invalid"
                },
                report.findings
            ));
        }
        if case.schema_valid && !beyond.is_empty() {
            deliberate += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements:\n{}",
        problems.len(),
        problems.join("\n")
    );
    assert!(
        deliberate > 0,
        "the corpus exercises the rules beyond the schema"
    );
}
