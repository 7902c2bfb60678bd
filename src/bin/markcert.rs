//! `markcert`: BIMI mark certificate logos from the command line.
//!
//! Exit codes: 0 success, 1 the input was refused or has errors (the reasons are printed),
//! 2 usage or I/O errors.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use digicert_mark_certs::findings::{Report, Severity};
use digicert_mark_certs::logo::{self, Logo, LogoError, MAX_ENCODED_CHARS};
use digicert_mark_certs::order::{self, OrderKind};
use digicert_mark_certs::{
    Error as ClientError, MarkClient, PlacedOrder, Region, RemoteLogoVerdict, RetryPolicy, types,
};
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
    /// Order a certificate with the API key from DIGICERT_API_KEY, or with --dry-run print
    /// the exact body that would be sent. Findings go to standard error. Exit 0: placed (or a
    /// valid dry run); 1: invalid or refused; 3: outcome unknown; 2: usage.
    Order {
        /// Which certificate to order.
        kind: Kind,
        /// The request body, as JSON; `-` for standard input.
        file: PathBuf,
        /// An SVG logo to place in vmc.logo.
        #[arg(long, value_name = "FILE.svg")]
        logo: Option<PathBuf>,
        /// Print the body instead of sending it: no API key, no network.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        target: Target,
        /// Retries after DigiCert's rate limit (HTTP 429).
        #[arg(long, value_name = "N", default_value_t = 3)]
        retries: u32,
    },
}

/// Where requests go.
#[derive(clap::Args)]
struct Target {
    /// CertCentral region.
    #[arg(long, value_enum, default_value_t = RegionArg::Us)]
    region: RegionArg,
    /// Any Services API v2 base URL (overrides --region).
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
}

impl Target {
    fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.trim_end_matches('/').to_owned(),
            None => Region::from(self.region).base_url().to_owned(),
        }
    }
}

/// CertCentral regions.
#[derive(Clone, Copy, ValueEnum)]
enum RegionArg {
    /// United States.
    Us,
    /// Europe.
    Eu,
}

impl From<RegionArg> for Region {
    fn from(region: RegionArg) -> Self {
        match region {
            RegionArg::Us => Self::Us,
            RegionArg::Eu => Self::Eu,
        }
    }
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
        /// Also ask DigiCert whether it accepts the logo (no API key needed).
        #[arg(long)]
        remote: bool,
        #[command(flatten)]
        target: Target,
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
            print_verdict(&output, report.is_valid())
        }
        Command::Order {
            kind,
            file,
            logo,
            dry_run,
            target,
            retries,
        } => {
            let (prepared, report) = match read_body(&file, logo.as_deref())? {
                Ok(body) => PreparedOrder::parse(kind, &body),
                Err(report) => (None, report),
            };
            for finding in &report.findings {
                eprintln!("{finding}");
            }
            let Some(prepared) = prepared else {
                eprintln!("invalid: nothing was sent");
                return Err(Failure::Printed(1));
            };
            if dry_run {
                let body = prepared.body().map_err(|e| Failure::Io(e.to_string()))?;
                return write_stdout(format!("{body}\n").as_bytes());
            }
            let client = MarkClient::builder_from_env()
                .and_then(|b| {
                    b.base_url(target.base_url())
                        .retry_policy(RetryPolicy {
                            rate_limit_retries: retries,
                            ..RetryPolicy::default()
                        })
                        .build()
                })
                .map_err(|e| Failure::Io(e.to_string()))?;
            let outcome = runtime()?.block_on(prepared.send(&client));
            match outcome {
                Ok(placed) => write_stdout(placed_json(&placed).as_bytes()),
                Err(e) => Err(order_failure(&e)),
            }
        }
        Command::Logo(LogoCommand::Check {
            file,
            json,
            remote,
            target,
        }) => {
            let mut outcome = check_svg_or_encoded(&read_bounded(&file)?);
            if remote && let CheckOutcome::Checked(_, Some(logo)) = &outcome {
                let verdict = runtime()?
                    .block_on(digicert_mark_certs::check_logo_remotely(
                        &target.base_url(),
                        logo,
                    ))
                    .map_err(|e| Failure::Io(format!("DigiCert's logo check failed: {e}")))?;
                outcome = outcome.with_remote(verdict);
            }
            let output = if json {
                json_output(&outcome)
            } else {
                human_output(&outcome)
            };
            print_verdict(&output, outcome.valid())
        }
    }
}

/// Reads an order body; a file that is not JSON becomes a finding, not a crash.
fn read_body(file: &Path, logo: Option<&Path>) -> Result<Result<Value, Report>, Failure> {
    let bytes = read_bounded(file)?;
    let mut body: Value = match serde_json::from_slice(&bytes) {
        Ok(body) => body,
        Err(e) => return Ok(Err(order::not_json(&e))),
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

fn validation_json(report: &Report) -> String {
    let findings: Vec<_> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "severity": f.severity,
                "rule": f.rule,
                "path": f.path(),
                "message": f.message,
            })
        })
        .collect();
    format!(
        "{}\n",
        json!({ "valid": report.is_valid(), "findings": findings })
    )
}

fn validation_text(report: &Report) -> String {
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

/// A validated order, in the generated type of its endpoint.
enum PreparedOrder {
    Vmc(types::VmcOrderRequest),
    Cmc(types::CmcOrderRequest),
}

impl PreparedOrder {
    /// The typed order for a valid body, with the report either way.
    fn parse(kind: Kind, body: &Value) -> (Option<Self>, Report) {
        match kind {
            Kind::Vmc => {
                let (typed, report) = order::parse_json(OrderKind::Vmc, body);
                (typed.map(Self::Vmc), report)
            }
            Kind::Cmc => {
                let (typed, report) = order::parse_json(OrderKind::Cmc, body);
                (typed.map(Self::Cmc), report)
            }
        }
    }

    /// The exact JSON the client sends.
    fn body(&self) -> serde_json::Result<String> {
        match self {
            Self::Vmc(order) => serde_json::to_string(order),
            Self::Cmc(order) => serde_json::to_string(order),
        }
    }

    async fn send(self, client: &MarkClient) -> Result<PlacedOrder, ClientError> {
        match self {
            Self::Vmc(order) => client.order_vmc(order).await,
            Self::Cmc(order) => client.order_cmc(order).await,
        }
    }
}

fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::Io(format!("cannot start the async runtime: {e}")))
}

/// The placed order as JSON: the id to keep, how it was confirmed, DigiCert's answer.
fn placed_json(placed: &PlacedOrder) -> String {
    let body = json!({
        "alternative_order_id": placed.alternative_order_id,
        "found_by_lookup": placed.found_by_lookup,
        "order": placed.order,
    });
    format!("{body}\n")
}

/// Prints why an order failed and picks the exit code: 3 when it may have been placed.
fn order_failure(e: &ClientError) -> Failure {
    eprintln!("markcert: {e}");
    if let ClientError::Invalid(report) = e {
        for finding in &report.findings {
            eprintln!("{finding}");
        }
    }
    if let Some(body) = e.raw_body() {
        eprintln!("DigiCert's answer: {body}");
    }
    if e.is_outcome_unknown() {
        if let Some(id) = e.alternative_order_id() {
            eprintln!("look up alternative_order_id {id} before ordering again");
        }
        return Failure::Printed(3);
    }
    match e {
        ClientError::Config(_) => Failure::Printed(2),
        _ => Failure::Printed(1),
    }
}

fn logo_failure(e: LogoError) -> Failure {
    match e {
        LogoError::Io { .. } => Failure::Io(e.to_string()),
        other => Failure::Refused(other.to_string()),
    }
}

/// What `logo check` found: a report (with the logo, when it could be encoded), or an
/// encoded logo that did not decode; and DigiCert's verdict when asked.
enum CheckOutcome {
    Checked(Report, Option<Logo>),
    Undecodable(LogoError),
    Remote(Report, RemoteLogoVerdict),
}

impl CheckOutcome {
    fn valid(&self) -> bool {
        match self {
            Self::Checked(report, _) => report.is_valid(),
            Self::Remote(report, verdict) => {
                report.is_valid() && *verdict == RemoteLogoVerdict::Accepted
            }
            Self::Undecodable(_) => false,
        }
    }

    fn with_remote(self, verdict: RemoteLogoVerdict) -> Self {
        match self {
            Self::Checked(report, _) => Self::Remote(report, verdict),
            other => other,
        }
    }
}

/// SVG files start with markup; anything else is taken for an encoded logo.
fn check_svg_or_encoded(bytes: &[u8]) -> CheckOutcome {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<') {
        return CheckOutcome::Checked(logo::check(bytes), Logo::from_svg(bytes.to_vec()).ok());
    }
    let decoded = std::str::from_utf8(bytes)
        .map_err(|_| LogoError::NotBase64 {
            detail: "the file is neither SVG markup nor text".to_owned(),
        })
        .and_then(Logo::from_encoded);
    match decoded {
        Ok(logo) => CheckOutcome::Checked(logo.check(), Some(logo)),
        Err(e) => CheckOutcome::Undecodable(e),
    }
}

fn remote_finding(verdict: &RemoteLogoVerdict) -> Option<(String, String)> {
    match verdict {
        RemoteLogoVerdict::Accepted => None,
        RemoteLogoVerdict::Refused { status, message } => Some((
            "digicert-refused".to_owned(),
            format!("DigiCert refuses the logo (HTTP {status}): {message}"),
        )),
    }
}

fn json_output(outcome: &CheckOutcome) -> String {
    let mut findings: Vec<_> = match outcome {
        CheckOutcome::Checked(report, _) | CheckOutcome::Remote(report, _) => report
            .findings
            .iter()
            .map(|f| {
                json!({
                    "severity": f.severity,
                    "rule": f.rule,
                    "message": f.message,
                    "line": f.location.line,
                    "column": f.location.column,
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
    if let CheckOutcome::Remote(_, verdict) = outcome
        && let Some((rule, message)) = remote_finding(verdict)
    {
        findings.push(json!({
            "severity": Severity::Error,
            "rule": rule,
            "message": message,
            "line": null,
            "column": null,
        }));
    }
    format!(
        "{}\n",
        json!({ "valid": outcome.valid(), "findings": findings })
    )
}

fn human_output(outcome: &CheckOutcome) -> String {
    match outcome {
        CheckOutcome::Undecodable(e) => format!("error[logo-encoding]: {e}\ninvalid\n"),
        CheckOutcome::Checked(report, _) | CheckOutcome::Remote(report, _) => {
            let mut out: String = report.findings.iter().map(|f| format!("{f}\n")).collect();
            let mut errors = report.errors().count();
            if let CheckOutcome::Remote(_, verdict) = outcome {
                match remote_finding(verdict) {
                    Some((rule, message)) => {
                        errors += 1;
                        out.push_str(&format!("error[{rule}]: {message}\n"));
                    }
                    None => out.push_str("DigiCert accepts the logo\n"),
                }
            }
            let verdict = if outcome.valid() { "valid" } else { "invalid" };
            out.push_str(&format!(
                "{verdict}: {errors} error(s), {} warning(s)\n",
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

/// Prints a check's output; exit 0 when valid, 1 when not.
fn print_verdict(output: &str, valid: bool) -> Result<(), Failure> {
    write_stdout(output.as_bytes())?;
    if valid {
        Ok(())
    } else {
        Err(Failure::Printed(1))
    }
}

fn write_stdout(bytes: &[u8]) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Failure::Io(format!("cannot write to standard output: {e}")))
}
