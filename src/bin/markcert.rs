//! `markcert`: BIMI mark certificate logos from the command line.
//!
//! Exit codes: 0 success, 1 the input was refused or has errors (the reasons are printed),
//! 2 usage or I/O errors.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use digicert_mark_certs::logo::{self, Logo, LogoError, MAX_ENCODED_CHARS, Report, Severity};
use digicert_mark_certs::order::{self, OrderKind};
use digicert_mark_certs::types;
use serde_json::{Value, json};

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
    /// Check an order body (DigiCert's JSON format) against every rule, without sending it.
    /// Exit 0 without errors (warnings allowed), 1 with.
    Validate {
        /// Which certificate the body orders.
        kind: Kind,
        /// The request body, as JSON; `-` for standard input.
        file: PathBuf,
        /// An SVG logo to place in vmc.logo before checking.
        #[arg(long, value_name = "FILE.svg")]
        logo: Option<PathBuf>,
        /// Print the findings as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Prepare an order: validate it (logo included) and print the exact body that would be
    /// sent. Findings go to standard error; an invalid order exits 1.
    Order {
        /// Which certificate to order.
        kind: Kind,
        /// The request body, as JSON; `-` for standard input.
        file: PathBuf,
        /// An SVG logo to place in vmc.logo.
        #[arg(long, value_name = "FILE.svg")]
        logo: Option<PathBuf>,
        /// Print the body instead of sending it: no API key, no network.
        #[arg(long, required = true)]
        dry_run: bool,
    },
}

/// The two order endpoints.
#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    /// Verified Mark Certificate.
    Vmc,
    /// Common Mark Certificate.
    Cmc,
}

impl From<Kind> for OrderKind {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Vmc => Self::Vmc,
            Kind::Cmc => Self::Cmc,
        }
    }
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
        Command::Validate {
            kind,
            file,
            logo,
            json,
        } => {
            let report = match read_body(&file, logo.as_deref())? {
                Ok(body) => order::validate_json(kind.into(), &body),
                Err(report) => report,
            };
            let output = if json {
                validation_json(&report)
            } else {
                validation_text(&report)
            };
            write_stdout(output.as_bytes())?;
            if report.is_valid() {
                Ok(())
            } else {
                Err(Failure::Printed(1))
            }
        }
        Command::Order {
            kind,
            file,
            logo,
            dry_run: _,
        } => {
            let (body, report) = match read_body(&file, logo.as_deref())? {
                Ok(body) => prepared_body(kind.into(), &body),
                Err(report) => (None, report),
            };
            for finding in &report.findings {
                eprintln!("{finding}");
            }
            match body {
                Some(body) => write_stdout(format!("{body}\n").as_bytes()),
                None => {
                    eprintln!("invalid: nothing would be sent");
                    Err(Failure::Printed(1))
                }
            }
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

/// Reads an order body; a file that is not JSON becomes a finding, not a crash.
fn read_body(file: &Path, logo: Option<&Path>) -> Result<Result<Value, order::Report>, Failure> {
    let bytes = read_bounded(file)?;
    let mut body: Value = match serde_json::from_slice(&bytes) {
        Ok(body) => body,
        Err(e) => return Ok(Err(order::Report::not_json(&e))),
    };
    if let Some(path) = logo {
        let encoded = Logo::from_file(path).map_err(logo_failure)?;
        set_logo(&mut body, encoded.encoded(), file)?;
    }
    Ok(Ok(body))
}

/// Places the encoded logo at vmc.logo, refusing to overwrite a different one.
fn set_logo(body: &mut Value, encoded: &str, file: &Path) -> Result<(), Failure> {
    let Some(object) = body.as_object_mut() else {
        return Ok(()); // not an object: the validator reports it
    };
    let vmc = object.entry("vmc").or_insert_with(|| json!({}));
    let Some(vmc) = vmc.as_object_mut() else {
        return Ok(());
    };
    match vmc.get("logo").and_then(Value::as_str) {
        Some(existing) if existing != encoded => Err(Failure::Io(format!(
            "{} already has a different vmc.logo; remove it from the file or leave out --logo",
            file.display()
        ))),
        _ => {
            vmc.insert("logo".to_owned(), Value::String(encoded.to_owned()));
            Ok(())
        }
    }
}

fn validation_json(report: &order::Report) -> String {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "severity": f.severity,
                "rule": f.rule,
                "path": f.path,
                "message": f.message,
            })
        })
        .collect();
    format!(
        "{}\n",
        json!({ "valid": report.is_valid(), "findings": findings })
    )
}

fn validation_text(report: &order::Report) -> String {
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

/// The exact bytes the client sends for a valid body, or the report that stops it.
fn prepared_body(kind: OrderKind, body: &Value) -> (Option<String>, order::Report) {
    fn render<T: serde::Serialize>(typed: Option<T>) -> Option<String> {
        typed.and_then(|t| serde_json::to_string(&t).ok())
    }
    match kind {
        OrderKind::Vmc => {
            let (typed, report) = order::parse_json::<types::VmcOrderRequest>(kind, body);
            (render(typed), report)
        }
        OrderKind::Cmc => {
            let (typed, report) = order::parse_json::<types::CmcOrderRequest>(kind, body);
            (render(typed), report)
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
