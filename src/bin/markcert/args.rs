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
    /// Work with SVG logos and their encoded (gzip + base64) form.
    #[command(subcommand)]
    Logo(LogoCommand),
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
    /// looking the order up before it counts as not placed; shorter means less certainty.
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

/// A duration written as humans do: `90s`, `2m`, `1h 30m`.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    humantime::parse_duration(text).map_err(|e| format!("{e} (write it like 90s, 2m or 1h)"))
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
