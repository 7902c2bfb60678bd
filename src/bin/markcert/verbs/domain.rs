//! `markcert bimi check` and `markcert bimi ready`: a domain as mail receivers see it, and
//! before ordering.
//!
//! Exit codes: 0 a receiver would show the logo (check) or the order can go ahead (ready);
//! 1 it would not; 2 usage; 3 a lookup or fetch got no answer, so the verdict is unknown.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;
use digicert_mark_certs::bimi::{self, DomainError, DomainOptions, ReadyVerdict, Verdict};
use digicert_mark_certs::certificate::{self, TrustAnchors};
use digicert_mark_certs::redact::server_text;

use crate::context::Context;
use crate::exit::{Exit, Failure};
use crate::{input, render};

/// How the domain is reached (shared by both commands).
#[derive(Args)]
pub struct NetworkArgs {
    /// Send DNS queries to this server instead of the system's resolvers.
    #[arg(long, value_name = "IP:PORT")]
    pub dns_server: Option<SocketAddr>,
    /// Trust these PEM roots for the HTTPS fetches instead of the system's.
    #[arg(long, value_name = "FILE")]
    pub tls_roots: Option<PathBuf>,
    /// Fetch from loopback, private and link-local addresses too (receivers never do).
    #[arg(long)]
    pub allow_private_addresses: bool,
    /// PEM roots the mark certificate must chain to, instead of the bundled Mark Verifying
    /// Authority roots.
    #[arg(long, value_name = "FILE")]
    pub trust_anchors: Option<PathBuf>,
    /// Longest wait for one lookup or one fetch with its redirects (e.g. 5s, 500ms).
    #[arg(long, value_name = "DURATION", value_parser = humantime::parse_duration, default_value = "5s")]
    pub timeout: Duration,
    /// Print the outcome as one JSON document.
    #[arg(long)]
    pub json: bool,
}

/// `markcert bimi check`.
#[derive(Args)]
pub struct BimiCheckArgs {
    /// The mail domain (the From domain of the mail that should show the logo).
    pub domain: String,
    /// The BIMI selector.
    #[arg(long, default_value = "default")]
    pub selector: String,
    #[command(flatten)]
    pub network: NetworkArgs,
}

/// `markcert bimi ready`.
#[derive(Args)]
pub struct BimiReadyArgs {
    /// The mail domain the mark certificate is for.
    pub domain: String,
    /// A From address whose domain sends mail with the logo (repeatable).
    #[arg(long = "from", value_name = "ADDRESS")]
    pub from: Vec<String>,
    #[command(flatten)]
    pub network: NetworkArgs,
}

fn usage(error: DomainError) -> Failure {
    match error {
        DomainError::Setup(message) => Failure::Io(message),
        other => Failure::Usage(other.to_string()),
    }
}

fn options(network: &NetworkArgs, selector: &str) -> Result<DomainOptions, Failure> {
    input::stdin_at_most_once(
        network
            .tls_roots
            .as_deref()
            .into_iter()
            .chain(network.trust_anchors.as_deref()),
    )?;
    let mut options = DomainOptions::new()
        .allow_private_addresses(network.allow_private_addresses)
        .timeout(network.timeout)
        .selector(selector)
        .map_err(usage)?;
    if let Some(server) = network.dns_server {
        options = options.dns_server(server);
    }
    if let Some(path) = &network.tls_roots {
        let pem = input::read(path, bimi::MAX_TLS_ROOTS_BYTES, "TLS roots")?;
        options = options
            .tls_roots(&pem)
            .map_err(|e| Failure::Usage(format!("--tls-roots {}: {e}", path.display())))?;
    }
    if let Some(path) = &network.trust_anchors {
        let pem = input::read(path, certificate::MAX_TRUST_ANCHOR_BYTES, "trust anchors")?;
        let anchors = TrustAnchors::from_pem(&pem)
            .map_err(|e| Failure::Usage(format!("--trust-anchors {}: {e}", path.display())))?;
        options = options.trust_anchors(anchors);
    }
    Ok(options)
}

fn exit(verdict: Verdict) -> Result<(), Failure> {
    match verdict {
        Verdict::Shown => Ok(()),
        Verdict::NoAnswer => Err(Failure::Printed(Exit::Unknown)),
        _ => Err(Failure::Printed(Exit::Refused)),
    }
}

fn exit_ready(verdict: ReadyVerdict) -> Result<(), Failure> {
    match verdict {
        ReadyVerdict::Ready => Ok(()),
        ReadyVerdict::NoAnswer => Err(Failure::Printed(Exit::Unknown)),
        _ => Err(Failure::Printed(Exit::Refused)),
    }
}

/// `markcert bimi check DOMAIN`.
pub fn check(ctx: &Context, args: BimiCheckArgs) -> Result<(), Failure> {
    let options = options(&args.network, &args.selector)?;
    let check = ctx
        .block_on(bimi::check_domain(&args.domain, &options))?
        .map_err(usage)?;
    if args.network.json {
        render::json(&check)?;
        return exit(check.verdict);
    }
    let mut out = format!(
        "domain:       {} (organizational domain {})\n",
        check.domain, check.organizational_domain
    );
    for lookup in &check.dmarc {
        out.push_str(&format!(
            "DMARC:        {}: {}\n",
            lookup.name,
            lookup.record.as_deref().unwrap_or("(none)")
        ));
    }
    match &check.record {
        Some(record) => out.push_str(&format!(
            "record:       {}{}: {}\n",
            record.name,
            if record.fallback {
                " (organizational domain)"
            } else {
                ""
            },
            record.text
        )),
        None => out.push_str(&format!(
            "record:       none at {}._bimi.{}\n",
            check.selector, check.domain
        )),
    }
    if let Some(certificate) = &check.certificate {
        out.push_str(&format!(
            "certificate:  {} {}, valid {} to {}, names {}\n",
            certificate.kind,
            server_text(&certificate.subject, 200),
            certificate.not_before,
            certificate.not_after,
            server_text(&certificate.domains.join(", "), 300)
        ));
    }
    render::findings_to_stderr(check.report());
    out.push_str(match check.verdict {
        Verdict::Shown => "verdict:      a receiver would show the logo\n",
        Verdict::NoAnswer => "verdict:      unknown: a lookup or fetch got no answer (see above)\n",
        _ => "verdict:      a receiver would not show the logo: fix the errors above\n",
    });
    render::stdout(&out)?;
    exit(check.verdict)
}

/// `markcert bimi ready DOMAIN [--from ADDRESS]...`.
pub fn ready(ctx: &Context, args: BimiReadyArgs) -> Result<(), Failure> {
    let options = options(&args.network, bimi::SELECTOR)?;
    let readiness = ctx
        .block_on(bimi::ready(&args.domain, &args.from, &options))?
        .map_err(usage)?;
    if args.network.json {
        render::json(&readiness)?;
        return exit_ready(readiness.verdict);
    }
    let mut out = String::new();
    for domain in &readiness.domains {
        for lookup in &domain.dmarc {
            out.push_str(&format!(
                "DMARC:        {}: {}\n",
                lookup.name,
                lookup.record.as_deref().unwrap_or("(none)")
            ));
        }
        if let Some(caa) = &domain.caa {
            match &caa.found_at {
                Some(at) => out.push_str(&format!(
                    "CAA:          {} (at {at}): {}; DigiCert {}\n",
                    caa.domain,
                    caa.records.join(" | "),
                    if caa.allows_digicert {
                        "may issue"
                    } else {
                        "may not issue"
                    }
                )),
                None => out.push_str(&format!(
                    "CAA:          {}: no records, any CA may issue\n",
                    caa.domain
                )),
            }
        }
    }
    match &readiness.existing {
        Some(existing) => {
            out.push_str(&format!(
                "existing:     {}: {}\n",
                existing.record.name, existing.record.text
            ));
            if let Some(certificate) = &existing.certificate {
                out.push_str(&format!(
                    "certificate:  {} valid to {}, names {}\n",
                    certificate.kind,
                    certificate.not_after,
                    server_text(&certificate.domains.join(", "), 300)
                ));
            }
        }
        None => out.push_str("existing:     no BIMI record published\n"),
    }
    out.push_str(&format!(
        "dns_names:    {}\n",
        readiness.dns_names.join(", ")
    ));
    render::findings_to_stderr(readiness.report());
    out.push_str(match readiness.verdict {
        ReadyVerdict::Ready => "verdict:      ready to order\n",
        ReadyVerdict::NoAnswer => "verdict:      unknown: a lookup got no answer (see above)\n",
        _ => "verdict:      not ready: fix the errors above before ordering\n",
    });
    render::stdout(&out)?;
    exit_ready(readiness.verdict)
}
