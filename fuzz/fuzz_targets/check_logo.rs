//! Checking arbitrary bytes as an SVG never panics, and every finding is well formed.
#![no_main]

use digicert_mark_certs::logo::check;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let report = check(data);
    for finding in &report.findings {
        assert!(!finding.rule.is_empty());
        assert!(!finding.message.is_empty());
        assert_eq!(
            finding.location.line.is_some(),
            finding.location.column.is_some()
        );
    }
});
