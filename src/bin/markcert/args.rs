//! The command line: every command, argument and option, with its help text.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};
use digicert_mark_certs::Region;
use digicert_mark_certs::order::OrderKind;

/// BIMI mark certificates (VMC and CMC) from DigiCert CertCentral.
///
/// Exit codes: 0 success; 1 the input was refused or has errors (the reasons are printed);
/// 2 usage, configuration or I/O errors; 3 the outcome is unknown or still pending.
#[derive(Parser)]
#[command(name = "markcert", version, max_term_width = 100)]
pub struct Cli {
    /// More detail on standard error: -v shows each request and answer, -vv everything.
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,
    /// Only warnings and errors on standard error.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Check an order body (DigiCert's JSON format) against every rule, without sending it.
    /// Exit 0 without errors (warnings allowed), 1 with.
    Validate(ValidateArgs),
    /// Order a certificate with the API key from DIGICERT_API_KEY, or with --dry-run print the
    /// exact body that would be sent. Findings go to standard error. Exit 0: placed (or a valid
    /// dry run); 1: invalid, refused or not placed; 3: outcome unknown; 2: usage.
    Order(OrderArgs),
    /// Work with SVG logos and their encoded (gzip + base64) form, and upload one to an order.
    #[command(subcommand)]
    Logo(LogoCommand),
    /// Where an order stands, and what it waits for and on whom. Exit 0 issued, 1 ended
    /// without a certificate, 3 still pending.
    Status(StatusArgs),
    /// Wait for an order to be issued, reporting each change of status. Exit 0 issued, 1
    /// rejected, canceled, revoked or expired, 3 still pending at the deadline.
    Watch(WatchArgs),
    /// Change the mark details or the hosting of an order.
    #[command(subcommand)]
    Mark(MarkCommand),
    /// Cancel a pending order (asks first on a terminal).
    Cancel(CancelArgs),
    /// Domain control validation (DCV) of an order's domains.
    #[command(subcommand)]
    Dcv(DcvCommand),
    /// Download and verify the certificate chain.
    #[command(subcommand)]
    Cert(CertCommand),
    /// The BIMI DNS record that publishes the certificate.
    #[command(subcommand)]
    Bimi(BimiCommand),
    /// Print shell completions for markcert.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print markcert's manual page (roff), as `man` reads it.
    Man,
}

/// The order body and what goes into it.
#[derive(Args)]
pub struct BodyArgs {
    /// Which certificate the body orders.
    pub kind: Kind,
    /// The request body, as JSON; `-` for standard input.
    pub file: PathBuf,
    /// An SVG logo to place in vmc.logo (`-` for standard input). A different logo already in
    /// the file is not replaced.
    #[arg(long, value_name = "FILE.svg")]
    pub logo: Option<PathBuf>,
    /// Refuse the order when validation finds warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

#[derive(Args)]
pub struct ValidateArgs {
    #[command(flatten)]
    pub body: BodyArgs,
    /// Print the findings as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Args)]
pub struct OrderArgs {
    #[command(flatten)]
    pub body: BodyArgs,
    /// Print the exact body that would be sent instead of sending it: no API key, no network.
    #[arg(long)]
    pub dry_run: bool,
    /// The alternative order id to send (when the body has none), such as the one a dry run
    /// printed; by default one is made and printed before anything is sent.
    #[arg(long, value_name = "ID")]
    pub alternative_order_id: Option<String>,
    /// After an unclear outcome (a timeout, a lost answer, a server error), how long to keep
    /// looking the order up before it counts as not placed; under 30s, an order that looks
    /// absent is never sent again.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "60s")]
    pub lookup_window: Duration,
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// Where requests go and how long they may take.
#[derive(Args)]
pub struct ServiceArgs {
    /// CertCentral region.
    #[arg(long, value_enum, default_value_t = RegionArg::Us)]
    pub region: RegionArg,
    /// Any Services API v2 base URL (overrides --region): https, or http to a loopback address.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Time allowed for each request, such as 90s or 2m.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "120s")]
    pub timeout: Duration,
    /// Retries after DigiCert's rate limit (HTTP 429).
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
}

impl ServiceArgs {
    pub fn base_url(&self) -> String {
        match &self.base_url {
            Some(url) => url.clone(),
            None => Region::from(self.region).base_url().to_owned(),
        }
    }
}

/// A duration written as humans do: `90s`, `2m`, `1h 30m`; never zero.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let duration = humantime::parse_duration(text)
        .map_err(|e| format!("{e} (write it like 90s, 2m or 1h)"))?;
    if duration.is_zero() {
        return Err(
            "a duration of zero leaves no time to do anything; give one such as 90s".into(),
        );
    }
    Ok(duration)
}

/// CertCentral regions.
#[derive(Clone, Copy, ValueEnum)]
pub enum RegionArg {
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
pub enum Kind {
    /// Verified Mark Certificate: a registered trademark or a government mark.
    Vmc,
    /// Common Mark Certificate: a prior-use mark or a modified registered trademark.
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
pub enum LogoCommand {
    /// Check an SVG logo and print its encoded form, as sent in `vmc.logo`. A logo with errors
    /// is not encoded (the findings are printed); warnings go to standard error.
    Encode {
        /// The SVG file, or `-` for standard input.
        file: PathBuf,
        /// Encode even when the check finds errors (to try DigiCert's own check on it, say).
        #[arg(long)]
        force: bool,
    },
    /// Write the exact SVG bytes carried by an encoded logo to standard output.
    Decode {
        /// A file holding the encoded logo, or `-` for standard input.
        file: PathBuf,
    },
    /// Check an SVG logo and upload it to a pending order (its encoded form). A logo with
    /// errors is not sent.
    Upload(LogoUploadArgs),
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
        service: ServiceArgs,
    },
}

/// An order, by id or by the alternative order id it was placed with.
#[derive(Args)]
pub struct OrderSelector {
    /// The order id.
    #[arg(value_name = "ORDER_ID", required_unless_present = "alternative_id")]
    pub order_id: Option<i64>,
    /// The alternative order id given when ordering (looked up first), in place of ORDER_ID.
    #[arg(long, value_name = "ID", conflicts_with = "order_id")]
    pub alternative_id: Option<String>,
}

#[derive(Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub order: OrderSelector,
    /// Print the status as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub order: OrderSelector,
    /// Give up after this long (exit 3), such as 2h or 7d; by default wait until the order
    /// ends.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Time between polls, at least 1s. Issuance takes days: the default suits it.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    pub interval: Duration,
    /// CertCentral region.
    #[arg(long, value_enum, default_value_t = RegionArg::Us)]
    pub region: RegionArg,
    /// Any Services API v2 base URL (overrides --region): https, or http to a loopback address.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Time allowed for each request (--timeout is the whole wait here), such as 90s.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "120s")]
    pub request_timeout: Duration,
    /// Retries after DigiCert's rate limit (HTTP 429), per poll.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub retries: u32,
}

impl WatchArgs {
    /// The service settings, as the other commands take them.
    pub fn service(&self) -> ServiceArgs {
        ServiceArgs {
            region: self.region,
            base_url: self.base_url.clone(),
            timeout: self.request_timeout,
            retries: self.retries,
        }
    }
}

#[derive(Args)]
pub struct LogoUploadArgs {
    /// The order id.
    pub order_id: i64,
    /// The SVG logo, or `-` for standard input.
    pub file: PathBuf,
    /// Refuse to send a logo whose check finds warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Subcommand)]
pub enum MarkCommand {
    /// Set mark details (they apply to every pending order with the same logo) or turn
    /// hosting of the logo and certificate files on or off.
    Update(MarkUpdateArgs),
}

/// Hosting of the logo and certificate files by DigiCert.
#[derive(Clone, Copy, ValueEnum)]
pub enum Switch {
    /// DigiCert hosts the files; Order info gives their URLs.
    On,
    /// You host the files.
    Off,
}

#[derive(Args)]
pub struct MarkUpdateArgs {
    /// The order id.
    pub order_id: i64,
    /// Let DigiCert host the logo and certificate (on) or not (off).
    #[arg(long, value_enum)]
    pub hosting: Option<Switch>,
    /// Two-letter code of the country of the trademark registration, or of the government
    /// granting the mark.
    #[arg(long, value_name = "CC")]
    pub country_code: Option<String>,
    /// Registered trademark: its registration number.
    #[arg(long, value_name = "NUMBER")]
    pub registration_number: Option<String>,
    /// Government mark: the state or province granting it.
    #[arg(long, value_name = "NAME")]
    pub state_province: Option<String>,
    /// Government mark: the locality granting it.
    #[arg(long, value_name = "NAME")]
    pub locality: Option<String>,
    /// Government mark: the law, statute or citation granting it (needs --country-code).
    #[arg(long, value_name = "TEXT")]
    pub citation: Option<String>,
    /// Print the exact body that would be sent instead of sending it.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Args)]
pub struct CancelArgs {
    /// The order id.
    pub order_id: i64,
    /// Why the order is canceled (DigiCert requires a note).
    #[arg(long, value_name = "TEXT")]
    pub note: String,
    /// Cancel without asking; needed when standard input is not a terminal.
    #[arg(long)]
    pub yes: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Subcommand)]
pub enum DcvCommand {
    /// Ask DigiCert to check domain control now, after publishing the DNS record or file
    /// (with email validation, the domain's contacts approve DigiCert's mail instead). Exit 0
    /// when every domain is validated, 3 when some still wait.
    Check(DcvCheckArgs),
}

#[derive(Args)]
pub struct DcvCheckArgs {
    /// The order id.
    pub order_id: i64,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Subcommand)]
pub enum CertCommand {
    /// Download the certificate chain of an issued order (pem_all), leaf first, to a file
    /// written whole or not at all.
    Download(CertDownloadArgs),
    /// Verify a mark certificate chain before publishing it. Exit 0 without errors, 1 with.
    Verify(CertVerifyArgs),
}

#[derive(Args)]
pub struct CertDownloadArgs {
    /// The order id.
    pub order_id: i64,
    /// Where to write the chain; `-` for standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Replace the file if it exists.
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Args)]
pub struct CertVerifyArgs {
    /// The PEM chain (leaf first), or `-` for standard input.
    pub file: PathBuf,
    /// The SVG that will be served at l=: it must be the one embedded in the certificate.
    #[arg(long, value_name = "FILE.svg")]
    pub logo: Option<PathBuf>,
    /// A mail domain the certificate must name (repeat for several).
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Check validity at this time instead of now: RFC 3339, such as 2026-01-31T00:00:00Z.
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<std::time::SystemTime>,
    /// Print the verdict as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A time in RFC 3339 (`2026-01-31T00:00:00Z`; the `T` may be a space, the zone left out for
/// UTC).
pub fn parse_time(text: &str) -> Result<std::time::SystemTime, String> {
    humantime::parse_rfc3339_weak(text)
        .map_err(|e| format!("{e} (write it like 2026-01-31T00:00:00Z)"))
}

#[derive(Subcommand)]
pub enum BimiCommand {
    /// Print the TXT record that publishes the certificate for a domain.
    Record(BimiRecordArgs),
}

#[derive(Args)]
pub struct BimiRecordArgs {
    /// The mail domain.
    #[arg(long)]
    pub domain: String,
    /// Take the URLs from the order's hosting locations (needs the API key).
    #[arg(long, value_name = "ORDER_ID", conflicts_with_all = ["logo_url", "cert_url"], required_unless_present_all = ["logo_url", "cert_url"])]
    pub order: Option<i64>,
    /// The https URL of the SVG logo (l=).
    #[arg(long, value_name = "URL", requires = "cert_url")]
    pub logo_url: Option<String>,
    /// The https URL of the PEM chain (a=).
    #[arg(long, value_name = "URL", requires = "logo_url")]
    pub cert_url: Option<String>,
    /// Print the record as JSON.
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}
