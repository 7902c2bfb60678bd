//! `markcert init vmc|cmc`: a starting order file, with placeholders to fill in.

use std::io::Write;
use std::path::Path;

use serde_json::{Value, json};

use crate::args::{InitArgs, Kind};
use crate::exit::Failure;
use crate::render;

/// The starting order of a kind. Every placeholder is written `<...>` (or is the organization
/// id 0), which validation refuses, so an order is never sent with one left in.
pub fn template(kind: Kind) -> Value {
    let contact = json!({
        "contact_type": "verified_contact",
        "first_name": "<first name of the verified contact>",
        "last_name": "<last name>",
        "job_title": "<job title>",
        "telephone": "<telephone, such as +1 801-555-0101>",
        "email": "<email address of the verified contact>"
    });
    let vmc = match kind {
        Kind::Vmc => json!({
            "mark_type": "registered_mark",
            "mark_type_data": {
                "country_code": "<two-letter country code of the trademark office, such as us>",
                "registration_number": "<trademark registration number>"
            },
            "enable_hosting": true
        }),
        Kind::Cmc => json!({
            "enable_hosting": true
        }),
    };
    json!({
        "certificate": {"dns_names": ["<your mail domain, such as example.com>"]},
        "vmc": vmc,
        "organization": {"id": 0, "contacts": [contact]},
        "order_validity": {"years": 1},
        "payment_method": "balance"
    })
}

pub fn run(args: InitArgs) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(&template(args.kind))
        .map_err(|e| Failure::Io(format!("cannot write JSON: {e}")))?
        + "\n";
    let kind = match args.kind {
        Kind::Vmc => "vmc",
        Kind::Cmc => "cmc",
    };
    match &args.output {
        Some(path) if path != Path::new("-") => {
            let mut file = std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
                .map_err(|e| {
                    Failure::Usage(format!(
                        "cannot create {} ({e}); give a new file name",
                        path.display()
                    ))
                })?;
            file.write_all(text.as_bytes())
                .map_err(|e| Failure::Io(format!("cannot write {}: {e}", path.display())))?;
            render::note(&format!(
                "{} written: replace each <...> and the organization id (`markcert \
                 organizations` lists them, or see CertCentral), then `markcert validate {kind} \
                 {} --logo LOGO.svg`",
                path.display(),
                path.display()
            ));
            Ok(())
        }
        _ => render::stdout_raw(text.as_bytes()),
    }
}
