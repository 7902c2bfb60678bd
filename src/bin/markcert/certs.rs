//! `markcert cert download` and `markcert cert verify`.

use std::io::Write;
use std::path::{Path, PathBuf};

use digicert_mark_certs::certificate::{self, VerifyOptions, verify_chain};
use digicert_mark_certs::logo::MAX_SVG_BYTES;
use digicert_mark_certs::redact::server_text;

use crate::args::{CertCommand, CertDownloadArgs, CertVerifyArgs};
use crate::lifecycle::{client, failure};
use crate::{Failure, input, render};

pub fn run(command: CertCommand) -> Result<(), Failure> {
    match command {
        CertCommand::Download(args) => download(args),
        CertCommand::Verify(args) => verify(args),
    }
}

fn download(args: CertDownloadArgs) -> Result<(), Failure> {
    let to_stdout = args.output == Path::new("-");
    // Whatever would stop the write is said before anything is downloaded.
    if !to_stdout && args.output.is_dir() {
        return Err(Failure::Usage(format!(
            "{} is a directory; give the file to write, such as {}",
            args.output.display(),
            args.output.join("chain.pem").display()
        )));
    }
    if !to_stdout
        && let Some(dir) = args.output.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Failure::Usage(format!(
            "the directory {} does not exist; create it or write elsewhere",
            dir.display()
        )));
    }
    if !to_stdout && !args.force && args.output.exists() {
        return Err(Failure::Usage(format!(
            "{} exists; add --force to replace it (it may be the file you publish)",
            args.output.display()
        )));
    }
    let client = client(&args.service)?;
    let chain = crate::runtime()?
        .block_on(client.download_chain(args.order_id))
        .map_err(|e| failure(&e, false))?;
    if to_stdout {
        render::stdout_raw(chain.pem.as_bytes())?;
    } else {
        write_whole(&args.output, chain.pem.as_bytes(), args.force)?;
    }
    let order = if chain.reordered {
        " (put in order: leaf first)"
    } else {
        ""
    };
    let place = if to_stdout {
        "standard output".to_owned()
    } else {
        args.output.display().to_string()
    };
    render::note(&format!(
        "{} certificates of order {} written to {place}{order}; check it with `markcert cert \
         verify {place} --logo LOGO.svg --domain DOMAIN`",
        chain.certificates, args.order_id
    ));
    Ok(())
}

/// Writes `bytes` to `path` whole or not at all: to a temporary file beside it, then moved in
/// place. Without `force`, an existing file (even one that appeared meanwhile) is kept.
fn write_whole(path: &Path, bytes: &[u8], force: bool) -> Result<(), Failure> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .ok_or_else(|| Failure::Usage(format!("{} names no file", path.display())))?;
    let temporary = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let io = |e: std::io::Error, what: &str| Failure::Io(format!("cannot {what}: {e}"));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)
            .map_err(|e| io(e, &format!("create {}", temporary.display())))?;
        file.write_all(bytes)
            .and_then(|()| file.sync_all())
            .map_err(|e| io(e, &format!("write {}", temporary.display())))?;
        if force {
            std::fs::rename(&temporary, path)
                .map_err(|e| io(e, &format!("move the chain to {}", path.display())))
        } else {
            // A link fails when the name is taken, where a rename would replace the file.
            match std::fs::hard_link(&temporary, path) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(Failure::Usage(
                    format!("{} exists; add --force to replace it", path.display()),
                )),
                Err(e) => Err(io(e, &format!("write {}", path.display()))),
            }
        }
    })();
    let _ = std::fs::remove_file(&temporary);
    result
}

fn verify(args: CertVerifyArgs) -> Result<(), Failure> {
    input::stdin_at_most_once(
        [args.file.as_path()]
            .into_iter()
            .chain(args.logo.as_deref()),
    )?;
    let pem = input::read(
        &args.file,
        certificate::MAX_PEM_BYTES,
        "a certificate chain",
    )?;
    let mut options = VerifyOptions::new().domains(args.domains.iter().cloned());
    if let Some(at) = args.at {
        options = options.at(at);
    }
    if let Some(logo) = &args.logo {
        options = options.logo(input::read(logo, MAX_SVG_BYTES, "a logo")?);
    }
    let verification = verify_chain(&pem, &options);
    let output = if args.json {
        format!(
            "{}\n",
            serde_json::to_string(&verification)
                .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?
        )
    } else {
        let mut text = String::new();
        if let Some(cert) = &verification.certificate {
            let shown = |t: &str| server_text(t, 300);
            text.push_str(&format!("subject: {}\n", shown(&cert.subject)));
            text.push_str(&format!("issuer: {}\n", shown(&cert.issuer)));
            text.push_str(&format!(
                "valid: {} to {}\n",
                shown(&cert.not_before),
                shown(&cert.not_after)
            ));
            if let Some(mark) = &cert.mark_type {
                text.push_str(&format!("mark type: {}\n", shown(mark)));
            }
            let domains: Vec<String> = cert.domains.iter().map(|d| shown(d)).collect();
            text.push_str(&format!("domains: {}\n", domains.join(", ")));
        }
        text.push_str(&render::findings_text(&verification.report));
        text
    };
    render::verdict(&output, verification.is_valid())
}
