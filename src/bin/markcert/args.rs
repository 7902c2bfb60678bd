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
/// The help's closing sections: the environment the command reads, and examples.
pub const AFTER_HELP: &str = "\
ENVIRONMENT:
  DIGICERT_API_KEY       the CertCentral API key, for every command that talks to DigiCert
  DIGICERT_API_KEY_FILE  a file holding the key instead (also --api-key-file)
  DIGICERT_REGION        us or eu (also --region)
  DIGICERT_BASE_URL      another Services API v2 base URL (also --base-url)
  HTTPS_PROXY, ALL_PROXY a proxy for https base URLs, reached by CONNECT
  NO_COLOR               no colour, even on a terminal

EXAMPLES:
  markcert validate vmc order.json --logo logo.svg
  markcert order vmc order.json --logo logo.svg --dry-run
  markcert order vmc order.json --logo logo.svg
  markcert status --alternative-order-id ID
  markcert watch 144457095 --give-up-after 7d
  markcert cert download 144457095 -o chain.pem
  markcert bimi record --domain example.com --order 144457095
  markcert orders --expiring 30d
  markcert reissue 144457095 --logo new-logo.svg --dry-run
  markcert renew 144457095 --years 2 --dry-run";

#[derive(Parser)]
#[command(name = "markcert", version, max_term_width = 100, after_help = AFTER_HELP)]
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
    /// Write a starting order file to fill in.
    ///
    /// The file has placeholders (<...>) to replace; it validates once they are filled in.
    Init(InitArgs),
    /// Check an order file against every rule, without sending it.
    ///
    /// The file is DigiCert's JSON request body. Exit 0 when it has no errors (warnings
    /// allowed), 1 when it has errors.
    Validate(ValidateArgs),
    /// Place a paid order, or print the exact body with --dry-run.
    ///
    /// Sends with the API key from DIGICERT_API_KEY (or --api-key-file). A paid order is
    /// confirmed first (on a terminal, or with --yes). Findings go to standard error. Exit 0:
    /// placed, found placed before, or a valid dry run; 1: invalid, refused or not placed; 2:
    /// usage; 3: the outcome is unknown (the id to look up is printed).
    Order(OrderArgs),
    /// Check, encode, decode and upload SVG logos.
    ///
    /// The encoded form is what an order carries in vmc.logo: gzip, then base64.
    #[command(subcommand)]
    Logo(LogoCommand),
    /// Show where an order stands, what it waits for and on whom.
    ///
    /// Exit 0 when issued, 1 when it ended without a certificate, 3 while still pending.
    Status(StatusArgs),
    /// Wait for one order or several to be issued, reporting each change.
    ///
    /// Several orders (or --all-pending) cost one status-changes request per poll, then one
    /// read per order that changed. Exit 0 when every order is issued; 1 when any was
    /// rejected, canceled, revoked or expired; 3 when any is still pending at the deadline.
    Watch(WatchArgs),
    /// Reissue an issued order's certificate, or turn automatic reissue on or off.
    ///
    /// A multi-year order stays covered by reissuing before each certificate ends; a new logo
    /// needs a reissue too. The body is checked like an order, printed exactly by --dry-run,
    /// and confirmed first (on a terminal, or with --yes). After an unclear answer it is
    /// never sent again: the order and its reissue list are read and what they show is
    /// said. Exit 0: requested (or found made); 1: refused; 2: usage; 3: the outcome cannot
    /// be told.
    Reissue(ReissueArgs),
    /// Renew an order: a new paid order with the same domains and mark.
    ///
    /// The original order is read (this needs the API key even with --dry-run) and a body is
    /// built with renewal_of_order_id; it goes the way of `markcert order`: validated, given
    /// an alternative order id, looked up before any resend, confirmed, or printed by
    /// --dry-run. Exit codes as for `markcert order`.
    Renew(RenewArgs),
    /// List the account's mark certificate orders, with their expiry.
    ///
    /// Every page is read, up to a bound. With --expiring, only the issued orders whose
    /// certificate ends within the window, each with what is due (a reissue while the plan
    /// runs, else a renewal); exit 1 when any is due, for cron. Piped output is JSON.
    Orders(OrdersArgs),
    /// List the account's organizations and their ids.
    ///
    /// The id goes in organization.id of an order file. Piped output is JSON.
    Organizations(OrganizationsArgs),
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
    /// Print the manual page, or write one per command with --dir.
    ///
    /// The pages are roff, as `man` reads them: markcert.1, markcert-order.1, ...
    Man {
        /// Write markcert.1 and a page for each command into this directory.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
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
pub struct InitArgs {
    /// Which certificate the order is for.
    pub kind: Kind,
    /// The file to create (never replaced); standard output by default.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    #[command(flatten)]
    pub send: SendArgs,
}

/// How a paid order is sent: the options `markcert order` and `markcert renew` share.
#[derive(Args)]
pub struct SendArgs {
    /// Print the exact body that would be sent instead of sending it: nothing is ordered.
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
    /// Order without asking: needed when standard input is not a terminal. On a terminal,
    /// what will be bought is shown first and you type yes.
    #[arg(long)]
    pub yes: bool,
    /// Print the placed order as JSON even on a terminal (piped output is always JSON).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

/// Where requests go and how long they may take.
#[derive(Args)]
pub struct ServiceArgs {
    /// CertCentral region.
    #[arg(long, value_enum, default_value_t = RegionArg::Us, env = "DIGICERT_REGION")]
    pub region: RegionArg,
    /// Any Services API v2 base URL, such as https://www.digicert.com/services/v2 (overrides
    /// --region): https, or http to a loopback address.
    #[arg(long, value_name = "URL", env = "DIGICERT_BASE_URL")]
    pub base_url: Option<String>,
    /// A file holding the API key (its first line), instead of DIGICERT_API_KEY. The key
    /// itself is never taken as an option.
    #[arg(long, value_name = "FILE", env = "DIGICERT_API_KEY_FILE")]
    pub api_key_file: Option<PathBuf>,
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

/// An order id: a positive number, as CertCentral shows it.
pub fn parse_order_id(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(id) if id > 0 => Ok(id),
        _ => Err(format!(
            "an order id is a number, such as 144457095; to name an order by the alternative \
             order id it was placed with, use --alternative-order-id {}",
            digicert_mark_certs::redact::server_text(text, 64)
        )),
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
#[derive(Clone, Copy, Debug, ValueEnum)]
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
    /// Check an SVG logo and print its encoded form.
    ///
    /// The encoded form is what `vmc.logo` carries. A logo with errors is not encoded (the
    /// findings are printed); warnings go to standard error.
    Encode {
        /// The SVG file, or `-` for standard input.
        file: PathBuf,
        /// Encode even when the check finds errors (to try DigiCert's own check on it, say).
        #[arg(long)]
        force: bool,
    },
    /// Write the exact SVG bytes carried by an encoded logo to standard output.
    ///
    /// On a terminal, control characters are shown escaped; redirect or pipe the output for
    /// the bytes themselves.
    Decode {
        /// A file holding the encoded logo, or `-` for standard input.
        file: PathBuf,
    },
    /// Check an SVG logo and upload it to a pending order.
    ///
    /// The logo is sent in its encoded form; a logo with errors is not sent.
    Upload(LogoUploadArgs),
    /// Check a logo against SVG Tiny PS.
    ///
    /// Exit 0 when it has no errors (warnings allowed), 1 when it has errors.
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
    #[arg(
        value_name = "ORDER_ID",
        required_unless_present = "alternative_id",
        value_parser = parse_order_id
    )]
    pub order_id: Option<i64>,
    /// The alternative order id given when ordering (looked up first), in place of ORDER_ID.
    #[arg(
        long = "alternative-order-id",
        visible_alias = "alternative-id",
        value_name = "ID",
        conflicts_with = "order_id"
    )]
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
    /// The order ids: one, or several to watch at once (one status request per poll for
    /// all of them).
    #[arg(
        value_name = "ORDER_ID",
        value_parser = parse_order_id,
        required_unless_present_any = ["alternative_id", "all_pending"],
        conflicts_with_all = ["alternative_id", "all_pending"]
    )]
    pub order_ids: Vec<i64>,
    /// The alternative order id given when ordering (looked up first), in place of ORDER_ID.
    #[arg(
        long = "alternative-order-id",
        visible_alias = "alternative-id",
        value_name = "ID",
        conflicts_with = "all_pending"
    )]
    pub alternative_id: Option<String>,
    /// Watch every pending mark certificate order of the account.
    #[arg(long)]
    pub all_pending: bool,
    /// Stop waiting after this long (exit 3), such as 2h or 7d; by default wait until every
    /// order ends.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub give_up_after: Option<Duration>,
    /// Time between polls, at least 1s. Issuance takes days: the default suits it.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration, default_value = "5m")]
    pub interval: Duration,
    /// CertCentral region.
    #[arg(long, value_enum, default_value_t = RegionArg::Us, env = "DIGICERT_REGION")]
    pub region: RegionArg,
    /// Any Services API v2 base URL, such as https://www.digicert.com/services/v2 (overrides
    /// --region): https, or http to a loopback address.
    #[arg(long, value_name = "URL", env = "DIGICERT_BASE_URL")]
    pub base_url: Option<String>,
    /// A file holding the API key (its first line), instead of DIGICERT_API_KEY.
    #[arg(long, value_name = "FILE", env = "DIGICERT_API_KEY_FILE")]
    pub api_key_file: Option<PathBuf>,
    /// Time allowed for each request, such as 90s or 2m (as in every command; the whole wait
    /// is --give-up-after).
    #[arg(long, alias = "request-timeout", value_name = "DURATION", value_parser = parse_duration, default_value = "120s")]
    pub timeout: Duration,
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
            api_key_file: self.api_key_file.clone(),
            timeout: self.timeout,
            retries: self.retries,
        }
    }
}

#[derive(Args)]
pub struct ReissueArgs {
    /// The order id.
    #[arg(value_parser = parse_order_id)]
    pub order_id: i64,
    /// A new SVG logo for the reissued certificate (checked first).
    #[arg(long, value_name = "FILE.svg")]
    pub logo: Option<PathBuf>,
    /// A domain of the reissued certificate (repeat for each); by default the certificate
    /// keeps its domains. Domains left out are revoked with the earlier certificates.
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// Comments for the approver.
    #[arg(long, value_name = "TEXT")]
    pub comments: Option<String>,
    /// Skip the approval step (the account must allow it).
    #[arg(long)]
    pub skip_approval: bool,
    /// Only turn DigiCert's automatic reissue on or off; no certificate is reissued.
    #[arg(long, value_enum, value_name = "on|off", conflicts_with_all = ["logo", "domains", "comments", "skip_approval", "dry_run"])]
    pub auto_reissue: Option<Switch>,
    /// Refuse the reissue when its checks find warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Print the exact body that would be sent instead of sending it: no API key, no network.
    #[arg(long)]
    pub dry_run: bool,
    /// Reissue without asking: needed when standard input is not a terminal.
    #[arg(long)]
    pub yes: bool,
    /// Print the result as JSON even on a terminal (piped output is always JSON).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Args)]
pub struct RenewArgs {
    /// The order to renew.
    #[arg(value_parser = parse_order_id)]
    pub order_id: i64,
    /// Years of the new plan, 1 to 3.
    #[arg(long, value_name = "N", default_value_t = 1, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub years: u8,
    /// An SVG logo for the new order; by default the original order's logo.
    #[arg(long, value_name = "FILE.svg")]
    pub logo: Option<PathBuf>,
    /// Refuse the order when validation finds warnings, not only errors.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub send: SendArgs,
}

#[derive(Args)]
pub struct OrdersArgs {
    /// Only orders with this status (repeat for several), such as pending or issued.
    #[arg(long = "status", value_name = "STATUS")]
    pub statuses: Vec<String>,
    /// Also orders of this product name id, beyond vmc_basic and mark_certificate.
    #[arg(long = "product", value_name = "NAME_ID")]
    pub products: Vec<String>,
    /// Only issued orders whose certificate ends within this window, such as 30d; exit 1
    /// when any is listed.
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub expiring: Option<Duration>,
    /// Print JSON even on a terminal (piped output is always JSON).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Args)]
pub struct OrganizationsArgs {
    /// Print JSON even on a terminal (piped output is always JSON).
    #[arg(long)]
    pub json: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Args)]
pub struct LogoUploadArgs {
    /// The order id.
    #[arg(value_parser = parse_order_id)]
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
    /// Set mark details, or turn hosting of the files on or off.
    ///
    /// Mark details apply to every pending order with the same logo; hosting is DigiCert's
    /// serving of the logo and certificate files.
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
    #[arg(value_parser = parse_order_id)]
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
    #[arg(value_parser = parse_order_id)]
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
    /// Ask DigiCert to check domain control now.
    ///
    /// Run it after publishing the DNS record or file (with email validation, the domain's
    /// contacts approve DigiCert's mail instead). Exit 0 when every domain is validated, 3
    /// when some still wait.
    Check(DcvCheckArgs),
}

#[derive(Args)]
pub struct DcvCheckArgs {
    /// The order id.
    #[arg(value_parser = parse_order_id)]
    pub order_id: i64,
    #[command(flatten)]
    pub service: ServiceArgs,
}

#[derive(Subcommand)]
pub enum CertCommand {
    /// Download the certificate chain of an issued order.
    ///
    /// The chain is DigiCert's pem_all, leaf first, written to a file whole or not at all.
    Download(CertDownloadArgs),
    /// Verify a mark certificate chain as mail receivers do, before publishing it.
    ///
    /// Exit 0 when it has no errors, 1 when it has errors.
    Verify(CertVerifyArgs),
}

#[derive(Args)]
pub struct CertDownloadArgs {
    /// The order id.
    #[arg(value_parser = parse_order_id)]
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
    /// A mail domain the certificate must name (repeat for several); Unicode names are
    /// converted to their xn-- form.
    #[arg(long = "domain", value_name = "DOMAIN")]
    pub domains: Vec<String>,
    /// The BIMI selector: a name `SELECTOR._bimi.DOMAIN` in the certificate covers DOMAIN.
    #[arg(long, value_name = "S", default_value = "default")]
    pub selector: String,
    /// The roots the chain must end in (PEM), in place of the bundled Mark Verifying
    /// Authority roots: for a private PKI or tests.
    #[arg(long, value_name = "FILE")]
    pub trust_anchors: Option<PathBuf>,
    /// A CT log list in the published v3 JSON format: SCTs from its logs get their
    /// signatures checked.
    #[arg(long, value_name = "FILE")]
    pub ct_logs: Option<PathBuf>,
    /// A CRL (DER or PEM) of a CA of the chain, to check revocation against (repeat for
    /// several). Nothing is fetched.
    #[arg(long = "crl", value_name = "FILE")]
    pub crls: Vec<PathBuf>,
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
    /// Check a domain as mail receivers do.
    ///
    /// DMARC, the BIMI record, the served logo and certificate. Exit 0 when a receiver would
    /// show the logo, 1 when it would not, 3 when a lookup got no answer.
    Check(crate::verbs::domain::BimiCheckArgs),
    /// Check a domain is ready for a mark certificate order.
    ///
    /// DMARC, CAA for DigiCert, an existing record and certificate, and the dns_names to
    /// order. Exit 0 when ready, 1 when not, 3 when a lookup got no answer.
    Ready(crate::verbs::domain::BimiReadyArgs),
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
    /// Print the record even when the order's certificate does not name the domain
    /// (receivers would refuse it).
    #[arg(long)]
    pub force: bool,
    #[command(flatten)]
    pub service: ServiceArgs,
}
