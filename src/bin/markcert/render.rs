//! What the command prints: findings as text (coloured on a terminal) or JSON, and the
//! documents of `--json`.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use digicert_mark_certs::findings::{Report, Severity};
use serde::Serialize;

use crate::Failure;

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();

/// One line per finding, then the verdict, coloured when the stream is a terminal (and
/// `NO_COLOR` is not set).
pub fn findings_text(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let style = match finding.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
        };
        let line = finding.to_string();
        // The severity word starts the line: colour it alone.
        let word = finding.severity.to_string();
        let rest = line.strip_prefix(&word).unwrap_or(&line);
        out.push_str(&format!("{style}{word}{style:#}{rest}\n"));
    }
    let verdict = if report.is_valid() {
        "valid"
    } else {
        "invalid"
    };
    out.push_str(&format!(
        "{verdict}: {} error(s), {} warning(s)\n",
        report.errors().count(),
        report.warnings().count()
    ));
    out
}

/// Findings on standard error, one per line (no verdict).
pub fn findings_to_stderr(report: &Report) {
    let text = findings_text(report);
    let lines: Vec<&str> = text.lines().collect();
    let mut err = anstream::stderr().lock();
    for line in &lines[..lines.len().saturating_sub(1)] {
        let _ = writeln!(err, "{line}");
    }
}

/// A document as one line of JSON on standard output.
pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text =
        serde_json::to_string(value).map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
    stdout(format!("{text}\n").as_bytes())
}

/// Bytes on standard output, colours stripped when it is not a terminal.
pub fn stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = anstream::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}

/// Raw bytes on standard output, exactly as given (an SVG, a body to send).
pub fn stdout_raw(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}

/// A line on standard error.
pub fn note(text: &str) {
    let _ = writeln!(anstream::stderr().lock(), "markcert: {text}");
}

/// Prints a check's output; exit 0 when valid, 1 when not.
pub fn verdict(output: &str, valid: bool) -> Result<(), Failure> {
    stdout(output.as_bytes())?;
    if valid {
        Ok(())
    } else {
        Err(Failure::Printed(1))
    }
}
