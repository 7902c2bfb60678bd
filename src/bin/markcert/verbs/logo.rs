//! `markcert logo encode|decode|check|upload`.

use std::path::Path;

use digicert_mark_certs::findings::{Location, Report};
use digicert_mark_certs::logo::{self, Logo, LogoError, MAX_ENCODED_CHARS, MAX_SVG_BYTES};
use digicert_mark_certs::output::CheckOutput;
use digicert_mark_certs::{RemoteLogoVerdict, RetryPolicy, check_logo_remotely_with};

use crate::args::{LogoCommand, LogoUploadArgs};
use crate::context::{ClientSettings, Context};
use crate::exit::Failure;
use crate::failures::{self, Meant};
use crate::{input, render};

pub fn run(ctx: &Context, command: LogoCommand) -> Result<(), Failure> {
    match command {
        LogoCommand::Upload(args) => upload(ctx, args),
        LogoCommand::Encode { file, force } => {
            let logo = read_svg(&file)?;
            let report = logo.check();
            if !report.is_valid() && !force {
                render::findings_to_stderr(&report);
                return Err(Failure::Refused(format!(
                    "{} has errors and was not encoded; fix them first (or add --force)",
                    input::shown(&file)
                )));
            }
            render::findings_to_stderr(&report);
            render::stdout_raw(format!("{}\n", logo.encoded()).as_bytes())
        }
        LogoCommand::Decode { file } => {
            let text = read_encoded(&file)?;
            let logo = Logo::from_encoded(&text).map_err(logo_failure)?;
            render::file_to_stdout(logo.svg())
        }
        LogoCommand::Check {
            file,
            json,
            remote,
            service,
        } => {
            let bytes = input::read_logo(&file, MAX_ENCODED_CHARS, "a logo")?;
            let (mut report, given) = check_svg_or_encoded(bytes);
            let mut accepted_remotely = false;
            if remote && let Some(logo) = given.into_logo() {
                let verdict = ctx
                    .block_on(check_logo_remotely_with(
                        &service.base_url(),
                        &logo,
                        service.timeout,
                        &RetryPolicy::default().rate_limit_retries(service.retries),
                    ))?
                    .map_err(|e| Failure::Io(format!("DigiCert's logo check failed: {e}")))?;
                match verdict {
                    RemoteLogoVerdict::Accepted => accepted_remotely = true,
                    RemoteLogoVerdict::Refused { status, message } => report.error(
                        "digicert-refused",
                        Location::none(),
                        format!("DigiCert refuses the logo (HTTP {status}): {message}"),
                    ),
                    _ => {}
                }
            }
            let output = if json {
                render::json_line(&CheckOutput::from(&report))?
            } else {
                let mut text = render::findings_text(&report);
                if accepted_remotely {
                    text.push_str("DigiCert accepts the logo\n");
                }
                text
            };
            render::verdict(&output, report.is_valid())
        }
    }
}

fn upload(ctx: &Context, args: LogoUploadArgs) -> Result<(), Failure> {
    let logo = read_svg(&args.file)?;
    let settings = ClientSettings {
        deny_warnings: args.deny_warnings,
        ..ClientSettings::default()
    };
    let client = ctx.client_with(&args.service, settings)?;
    let uploaded = ctx
        .block_on(client.upload_logo(args.order_id, &logo))?
        .map_err(|e| {
            if e.is_invalid() {
                render::note("the logo was not sent");
            }
            failures::request(&e, Meant::Change)
        })?;
    render::findings_to_stderr(&uploaded.findings);
    render::note(&format!(
        "logo {} uploaded to order {}",
        uploaded.answer.id, args.order_id
    ));
    render::json(&uploaded.answer)
}

/// Reads an SVG logo file (or standard input) and encodes it.
pub fn read_svg(path: &Path) -> Result<Logo, Failure> {
    let bytes = input::read_logo(path, MAX_SVG_BYTES, "a logo")?;
    Logo::from_svg(bytes).map_err(logo_failure)
}

/// Reads a file (or standard input) holding an encoded logo.
fn read_encoded(path: &Path) -> Result<String, Failure> {
    let bytes = input::read_logo(path, MAX_ENCODED_CHARS, "an encoded logo")?;
    String::from_utf8(bytes).map_err(|_| {
        Failure::Refused(format!(
            "{} is not text; expected an encoded logo",
            input::shown(path)
        ))
    })
}

fn logo_failure(e: LogoError) -> Failure {
    match e {
        LogoError::Io { .. } => Failure::Io(e.to_string()),
        other => Failure::Refused(other.to_string()),
    }
}

/// A checked logo as it was given: SVG bytes (encoded only if DigiCert is asked), an encoded
/// logo, or nothing usable.
enum Given {
    Svg(Vec<u8>),
    Encoded(Logo),
    Unusable,
}

impl Given {
    /// The logo to send to DigiCert; SVG bytes are compressed here, and only here.
    fn into_logo(self) -> Option<Logo> {
        match self {
            Self::Svg(bytes) => Logo::from_svg(bytes).ok(),
            Self::Encoded(logo) => Some(logo),
            Self::Unusable => None,
        }
    }
}

/// Checks an SVG or an encoded logo (SVG files start with markup; anything that is not text
/// is checked as SVG too, so the checker can say what it is).
fn check_svg_or_encoded(bytes: Vec<u8>) -> (Report, Given) {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(&bytes);
    let looks_like_markup = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<');
    // A GIF or a PDF starts with ASCII: its signature, not its bytes, says it is no encoding.
    if looks_like_markup || logo::sniff(&bytes).is_some() || std::str::from_utf8(&bytes).is_err() {
        return (logo::check(&bytes), Given::Svg(bytes));
    }
    let text = String::from_utf8(bytes).unwrap_or_default();
    match Logo::from_encoded(&text) {
        Ok(logo) => (logo.check(), Given::Encoded(logo)),
        Err(e) => {
            let mut report = Report::default();
            report.error("logo-encoding", Location::none(), e.to_string());
            (report, Given::Unusable)
        }
    }
}
