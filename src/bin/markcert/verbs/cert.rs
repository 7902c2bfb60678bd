//! `markcert cert download` and `markcert cert verify`.

use std::io::Write;
use std::path::{Path, PathBuf};

use digicert_mark_certs::certificate::{self, CtLogs, TrustAnchors, VerifyOptions, verify_chain};
use digicert_mark_certs::logo::MAX_SVG_BYTES;

use crate::args::{CertCommand, CertDownloadArgs, CertVerifyArgs};
use crate::context::Context;
use crate::exit::Failure;
use crate::failures::{self, Meant};
use crate::input;
use crate::render::{self, shown};

pub fn run(ctx: &Context, command: CertCommand) -> Result<(), Failure> {
    match command {
        CertCommand::Download(args) => download(ctx, args),
        CertCommand::Verify(args) => verify(args),
    }
}

fn download(ctx: &Context, args: CertDownloadArgs) -> Result<(), Failure> {
    let to_stdout = args.output == Path::new("-");
    // Whatever would stop the write is said before anything is downloaded.
    if !to_stdout {
        writable_target(&args.output, args.force)?;
    }
    let client = ctx.client(&args.service)?;
    let chain = match ctx.block_on(client.download_chain(args.order_id))? {
        Ok(chain) => chain,
        Err(e) => {
            // A refused download is most often an order not issued yet: say so when it is.
            if let digicert_mark_certs::Error::Api { .. } = e
                && let Ok(Ok(order)) = ctx.block_on(client.order_info(args.order_id))
                && !order.status.is_issued()
            {
                render::note(&e.to_string());
                render::note(&format!(
                    "order {} is {}: it has no certificate to download yet; wait for it with \
                     `markcert watch {}`",
                    args.order_id,
                    shown(order.status.as_str()),
                    args.order_id
                ));
                return Err(Failure::Printed(if order.status.is_final() {
                    crate::exit::Exit::Refused
                } else {
                    crate::exit::Exit::Unknown
                }));
            }
            return Err(failures::request(&e, Meant::Read));
        }
    };
    if to_stdout {
        render::file_to_stdout(chain.pem.as_bytes())?;
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

/// Refuses an output path that is not a regular file to write, before anything is
/// downloaded: a directory, a missing directory, a device, a FIFO, a socket or a symbolic link
/// (replacing a link would leave the file it points to stale; writing through it could reach
/// anywhere), or an existing file without `--force`.
fn writable_target(path: &Path, force: bool) -> Result<(), Failure> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) => {
            let kind = meta.file_type();
            if kind.is_dir() {
                return Err(Failure::Usage(format!(
                    "{} is a directory; give the file to write, such as {}",
                    path.display(),
                    path.join("chain.pem").display()
                )));
            }
            if kind.is_symlink() {
                return Err(Failure::Usage(format!(
                    "{} is a symbolic link; give the path of the file itself (the chain is \
                     never written through a link), or - for standard output",
                    path.display()
                )));
            }
            if !kind.is_file() {
                return Err(Failure::Usage(format!(
                    "{} is not a regular file (a device, a FIFO or a socket); give a file to \
                     write, or - for standard output",
                    path.display()
                )));
            }
            if !force {
                return Err(Failure::Usage(format!(
                    "{} exists; add --force to replace it (it may be the file you publish)",
                    path.display()
                )));
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => {
            return Err(Failure::Io(format!(
                "cannot look at {}: {e}",
                path.display()
            )));
        }
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Failure::Usage(format!(
            "the directory {} does not exist; create it or write elsewhere",
            dir.display()
        )));
    }
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
            // Checked again just before the move: only a regular file is ever replaced.
            writable_target(path, true)?;
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
            .chain(args.logo.as_deref())
            .chain(args.trust_anchors.as_deref())
            .chain(args.ct_logs.as_deref())
            .chain(args.crls.iter().map(PathBuf::as_path)),
    )?;
    let pem = input::read(
        &args.file,
        certificate::MAX_PEM_BYTES,
        "a certificate chain",
    )?;
    let mut options = VerifyOptions::new()
        .domains(args.domains.iter().cloned())
        .selector(args.selector.as_str());
    if let Some(at) = args.at {
        options = options.at(at);
    }
    if let Some(logo) = &args.logo {
        options = options.logo(input::read_logo(logo, MAX_SVG_BYTES, "a logo")?);
    }
    if let Some(path) = &args.trust_anchors {
        let pem = input::read(path, certificate::MAX_TRUST_ANCHOR_BYTES, "trust anchors")?;
        let anchors = TrustAnchors::from_pem(&pem)
            .map_err(|e| Failure::Usage(format!("--trust-anchors {}: {e}", path.display())))?;
        options = options.trust_anchors(anchors);
    }
    if let Some(path) = &args.ct_logs {
        let json = input::read(path, certificate::MAX_LOG_LIST_BYTES, "a CT log list")?;
        let logs = CtLogs::from_json(&json)
            .map_err(|e| Failure::Usage(format!("--ct-logs {}: {e}", path.display())))?;
        options = options.ct_logs(logs);
    }
    if args.crls.len() > certificate::MAX_CRLS {
        return Err(Failure::Usage(format!(
            "{} CRLs given; at most {} are read (one for each CA of the chain)",
            args.crls.len(),
            certificate::MAX_CRLS
        )));
    }
    for path in &args.crls {
        options = options.crl(input::read(path, certificate::MAX_CRL_BYTES, "a CRL")?);
    }
    let verification = verify_chain(&pem, &options);
    let output = if args.json {
        render::json_line(&verification)?
    } else {
        let mut text = String::new();
        if let Some(cert) = &verification.certificate {
            text.push_str(&format!("subject: {}\n", shown(&cert.subject)));
            text.push_str(&format!("issuer: {}\n", shown(&cert.issuer)));
            text.push_str(&format!(
                "valid: {} to {}\n",
                cert.not_before, cert.not_after
            ));
            match &cert.mark_type {
                Some(mark) => text.push_str(&format!("kind: {} ({})\n", cert.kind, shown(mark))),
                None => text.push_str(&format!("kind: {}\n", cert.kind)),
            }
            let domains: Vec<String> = cert.domains.iter().map(|d| shown(d)).collect();
            text.push_str(&format!("domains: {}\n", domains.join(", ")));
        }
        text.push_str(&render::findings_text(&verification.report));
        text
    };
    render::verdict(&output, verification.is_valid())
}
