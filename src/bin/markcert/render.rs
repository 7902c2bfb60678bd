//! What the command prints, and the one place where text from outside is made safe: every
//! line written to standard output or standard error goes through
//! [`digicert_mark_certs::redact::untrusted`], every JSON document through
//! [`digicert_mark_certs::redact::json_text`], whether or not the stream is a terminal.
//! Values quoted inside a line go through `shown` first, which also keeps them on one line.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use digicert_mark_certs::findings::{Report, Severity};
use digicert_mark_certs::redact::{json_text, server_text, untrusted};
use serde::Serialize;

use crate::exit::{Exit, Failure};

/// Whether `-q` asked for no progress output.
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Turns progress output off (`-q`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, std::sync::atomic::Ordering::Relaxed);
}

/// Whether progress output is off.
pub fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// A progress line on standard error (what is being done), left out with `-q`.
pub fn progress(text: &str) {
    if !quiet() {
        note(text);
    }
}

const ERROR: Style = AnsiColor::Red.on_default().bold();
const WARNING: Style = AnsiColor::Yellow.on_default().bold();
const INFO: Style = AnsiColor::Cyan.on_default();

/// A value from outside as it may be quoted in a line: escaped, on one line, cut short.
pub fn shown(text: &str) -> String {
    server_text(text, 300)
}

/// One line per finding, then the verdict, coloured when the stream is a terminal (and
/// `NO_COLOR` is not set). Each finding is escaped as one line: a message quoting a value
/// with a line break cannot forge a line.
pub fn findings_text(report: &Report) -> String {
    let mut out = String::new();
    for finding in &report.findings {
        let style = match finding.severity {
            Severity::Error => ERROR,
            Severity::Warning => WARNING,
            Severity::Info => INFO,
        };
        let line = finding.to_string();
        let line = untrusted(&line);
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
        let _ = writeln!(err, "{}", safe_line(line));
    }
}

/// A document as one line of JSON on standard output, with the characters that could
/// reorder or hide text written as `\u` escapes.
pub fn json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let text = json_line(value)?;
    stdout_raw(text.as_bytes())
}

/// A document as one line of JSON, escaped as [`json`] prints it, with its line end.
pub fn json_line<T: Serialize>(value: &T) -> Result<String, Failure> {
    let text =
        serde_json::to_string(value).map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?;
    Ok(format!("{}\n", json_text(&text)))
}

/// Lines of text on standard output, each escaped, colours stripped when it is not a
/// terminal.
pub fn stdout(text: &str) -> Result<(), Failure> {
    let mut out = anstream::stdout().lock();
    let mut result = Ok(());
    for line in text.lines() {
        result = result.and_then(|()| writeln!(out, "{}", safe_line(line)));
    }
    result
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}

/// One line of output as it is written: escaped, the coloured severity word that
/// [`findings_text`] starts a line with kept as it is.
fn safe_line(line: &str) -> String {
    let (style, rest) = severity_prefix(line);
    format!("{style}{}", untrusted(rest))
}

/// A note as it is written to standard error: `markcert: ` and the text, escaped.
fn note_line(text: &str) -> String {
    format!("markcert: {}", untrusted(text))
}

/// The coloured severity word [`findings_text`] starts a line with, kept as it is, and the
/// rest of the line.
fn severity_prefix(line: &str) -> (String, &str) {
    for (style, word) in [
        (ERROR, Severity::Error),
        (WARNING, Severity::Warning),
        (INFO, Severity::Info),
    ] {
        let prefix = format!("{style}{word}{style:#}");
        if let Some(rest) = line.strip_prefix(&prefix) {
            return (prefix, rest);
        }
    }
    (String::new(), line)
}

/// Raw bytes on standard output, exactly as given: a file the user asked for (an SVG, a
/// chain, a body to send, completions).
pub fn stdout_raw(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}

/// A file the user asked for on standard output (a decoded SVG, a downloaded chain): the
/// bytes exactly when standard output is a file or a pipe; on a terminal, each line escaped
/// as any outside text is, since the file may carry control sequences the terminal would
/// obey. Use `-o FILE` for the bytes themselves.
pub fn file_to_stdout(bytes: &[u8]) -> Result<(), Failure> {
    if !std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        return stdout_raw(bytes);
    }
    stdout_raw(terminal_copy(bytes).as_bytes())
}

/// The text a terminal is shown for a file: each line escaped, the line ends kept.
fn terminal_copy(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut shown = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body.strip_suffix('\r').unwrap_or(body), "\n"),
            None => (line, ""),
        };
        shown.push_str(&untrusted(body));
        shown.push_str(end);
    }
    shown
}

/// A line on standard error, escaped.
pub fn note(text: &str) {
    let _ = writeln!(anstream::stderr().lock(), "{}", note_line(text));
}

/// Prints a check's output (text lines, or JSON already escaped); exit 0 when valid, 1 when
/// not.
pub fn verdict(output: &str, valid: bool) -> Result<(), Failure> {
    stdout(output)?;
    if valid {
        Ok(())
    } else {
        Err(Failure::Printed(Exit::Refused))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use digicert_mark_certs::findings::Location;

    const HOSTILE: &str = "a\u{202E}b\u{9B}c\u{E0041}d\u{1b}[2Je\u{200B}";

    #[test]
    fn every_line_and_note_is_escaped_whatever_its_parts_did() {
        for written in [safe_line(HOSTILE), note_line(HOSTILE)] {
            assert!(
                !written.chars().any(digicert_mark_certs::redact::is_unsafe),
                "{written:?}"
            );
            assert!(written.contains("\\u{202e}"), "{written:?}");
        }
        assert_eq!(note_line("a\nb"), "markcert: a\\nb");
    }

    #[test]
    fn a_file_shown_on_a_terminal_keeps_its_lines_and_loses_its_escapes() {
        let svg = format!("<svg>\n<title>{HOSTILE}</title>\r\n</svg>");
        let shown = terminal_copy(svg.as_bytes());
        assert_eq!(shown.lines().count(), 3, "{shown:?}");
        assert!(shown.starts_with("<svg>\n<title>a"), "{shown:?}");
        assert!(shown.ends_with("</svg>"), "{shown:?}");
        assert!(
            !shown
                .chars()
                .filter(|c| *c != '\n')
                .any(digicert_mark_certs::redact::is_unsafe),
            "{shown:?}"
        );
    }

    #[test]
    fn the_severity_colour_is_kept_and_the_message_escaped() {
        let mut report = Report::default();
        report.warning("x", Location::none(), HOSTILE);
        let text = findings_text(&report);
        let first = text.lines().next().unwrap();
        let written = safe_line(first);
        let prefix = format!("{WARNING}warning{WARNING:#}");
        let rest = written.strip_prefix(&prefix).expect("the colour is kept");
        assert!(
            !rest.chars().any(digicert_mark_certs::redact::is_unsafe),
            "{rest:?}"
        );
    }
}
