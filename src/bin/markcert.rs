//! `markcert`: BIMI mark certificate logos from the command line.
//!
//! Exit codes: 0 success, 1 the input was refused or has errors (the reasons are printed),
//! 2 usage or I/O errors.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use digicert_mark_certs::logo::{self, Logo, LogoError, MAX_ENCODED_CHARS, Report, Severity};
use serde_json::json;

#[derive(Parser)]
#[command(
    name = "markcert",
    version,
    about = "BIMI mark certificates from DigiCert CertCentral"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Work with SVG logos and their encoded (gzip + base64) form.
    #[command(subcommand)]
    Logo(LogoCommand),
}

#[derive(Subcommand)]
enum LogoCommand {
    /// Print the encoded form of an SVG file, as sent in `vmc.logo`.
    Encode {
        /// The SVG file.
        file: PathBuf,
    },
    /// Write the exact SVG bytes carried by an encoded logo to standard output.
    Decode {
        /// A file holding the encoded logo, or `-` for standard input.
        file: PathBuf,
    },
    /// Check a logo against SVG Tiny PS. Exit 0 without errors (warnings allowed), 1 with.
    Check {
        /// An SVG file or a file holding an encoded logo (told apart by content); `-` for
        /// standard input.
        file: PathBuf,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
}

/// A failure and the exit code it maps to.
enum Failure {
    /// The input was read but refused.
    Refused(String),
    /// Reading or writing failed.
    Io(String),
    /// The outcome was already printed; exit with this code.
    Printed(u8),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Refused(message)) => {
            eprintln!("markcert: {message}");
            ExitCode::from(1)
        }
        Err(Failure::Io(message)) => {
            eprintln!("markcert: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Printed(code)) => ExitCode::from(code),
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Logo(LogoCommand::Encode { file }) => {
            let logo = Logo::from_file(&file).map_err(logo_failure)?;
            write_stdout(format!("{}\n", logo.encoded()).as_bytes())
        }
        Command::Logo(LogoCommand::Decode { file }) => {
            let text = read_text(&file)?;
            let logo = Logo::from_encoded(&text).map_err(logo_failure)?;
            write_stdout(logo.svg())
        }
        Command::Logo(LogoCommand::Check { file, json }) => {
            let outcome = check_svg_or_encoded(&read_bounded(&file)?);
            let output = if json {
                json_output(&outcome)
            } else {
                human_output(&outcome)
            };
            write_stdout(output.as_bytes())?;
            if outcome.valid() {
                Ok(())
            } else {
                Err(Failure::Printed(1))
            }
        }
    }
}

fn logo_failure(e: LogoError) -> Failure {
    match e {
        LogoError::Io { .. } => Failure::Io(e.to_string()),
        other => Failure::Refused(other.to_string()),
    }
}

/// What `logo check` found: a report, or an encoded logo that did not decode.
enum CheckOutcome {
    Checked(Report),
    Undecodable(LogoError),
}

impl CheckOutcome {
    fn valid(&self) -> bool {
        matches!(self, Self::Checked(report) if report.is_valid())
    }
}

/// SVG files start with markup; anything else is taken for an encoded logo.
fn check_svg_or_encoded(bytes: &[u8]) -> CheckOutcome {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return CheckOutcome::Checked(logo::check(bytes));
    }
    let decoded = std::str::from_utf8(bytes)
        .map_err(|_| LogoError::NotBase64 {
            detail: "the file is neither SVG markup nor text".to_owned(),
        })
        .and_then(Logo::from_encoded);
    match decoded {
        Ok(logo) => CheckOutcome::Checked(logo.check()),
        Err(e) => CheckOutcome::Undecodable(e),
    }
}

fn json_output(outcome: &CheckOutcome) -> String {
    let findings: Vec<_> = match outcome {
        CheckOutcome::Checked(report) => report
            .findings
            .iter()
            .map(|f| {
                json!({
                    "severity": f.severity,
                    "rule": f.rule,
                    "message": f.message,
                    "line": f.line,
                    "column": f.column,
                })
            })
            .collect(),
        CheckOutcome::Undecodable(e) => vec![json!({
            "severity": Severity::Error,
            "rule": "logo-encoding",
            "message": e.to_string(),
            "line": null,
            "column": null,
        })],
    };
    format!(
        "{}\n",
        json!({ "valid": outcome.valid(), "findings": findings })
    )
}

fn human_output(outcome: &CheckOutcome) -> String {
    match outcome {
        CheckOutcome::Undecodable(e) => format!("error[logo-encoding]: {e}\ninvalid\n"),
        CheckOutcome::Checked(report) => {
            let mut out: String = report.findings.iter().map(|f| format!("{f}\n")).collect();
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
    }
}

/// Reads a text file (or standard input for `-`) holding an encoded logo.
fn read_text(file: &Path) -> Result<String, Failure> {
    let name = file.display();
    let bytes = read_bounded(file)?;
    if bytes.len() > MAX_ENCODED_CHARS {
        return Err(Failure::Refused(format!(
            "{name} is longer than an encoded logo can be ({MAX_ENCODED_CHARS} characters)"
        )));
    }
    String::from_utf8(bytes)
        .map_err(|_| Failure::Refused(format!("{name} is not text; expected an encoded logo")))
}

/// Reads a file (or standard input for `-`), stopping one byte past [`MAX_ENCODED_CHARS`] so
/// a huge input is noticed without being held whole.
fn read_bounded(file: &Path) -> Result<Vec<u8>, Failure> {
    let name = file.display();
    let source: Box<dyn Read> = if file == Path::new("-") {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(file)
                .map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?,
        )
    };
    let mut bytes = Vec::new();
    source
        .take(MAX_ENCODED_CHARS as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Io(format!("cannot read {name}: {e}")))?;
    Ok(bytes)
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}
