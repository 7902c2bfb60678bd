//! Each piece of work is done once, and only when asked: the logo work of each path is
//! counted from the events the crate emits ("logo decoded", "logo checked", "logo encoded").

#[path = "common/logs.rs"]
mod logs;

use digicert_mark_certs::logo::{self, Logo};
use digicert_mark_certs::order::{PrepareOptions, PreparedOrder};
use digicert_mark_certs::types::VmcOrderRequest;
use serde_json::json;

/// How many times each piece of logo work ran inside `work`: (decoded, checked, encoded).
fn count(work: impl FnOnce()) -> (usize, usize, usize) {
    let (subscriber, captured) = logs::subscriber(tracing::Level::DEBUG);
    tracing::subscriber::with_default(subscriber, work);
    let text = captured.text();
    (
        text.matches("logo decoded").count(),
        text.matches("logo checked").count(),
        text.matches("logo encoded").count(),
    )
}

/// A square two-colour logo of about 32 KB.
fn logo_32kb() -> Vec<u8> {
    let mut svg = String::from(
        r##"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 512 512"><title>Brand</title><rect width="512" height="512" fill="#1a4d8f"/>"##,
    );
    let mut i = 0;
    while svg.len() < 32 * 1024 - 60 {
        svg.push_str(&format!(
            r##"<circle cx="{}" cy="{}" r="4" fill="#fff"/>"##,
            16 + i % 480,
            16 + (i * 7) % 480
        ));
        i += 1;
    }
    svg.push_str("</svg>");
    svg.into_bytes()
}

fn body_with(encoded: &str) -> serde_json::Value {
    json!({
        "certificate": {"dns_names": ["example.com"]},
        "organization": {"id": 123456},
        "order_validity": {"years": 1},
        "vmc": {"logo": encoded, "mark_type_data": {"country_code": "us", "registration_number": "1"}}
    })
}

#[test]
fn an_order_carrying_its_logo_decodes_and_checks_it_once() {
    let encoded = Logo::from_svg(logo_32kb()).unwrap().encoded().to_owned();
    let body = body_with(&encoded);
    let counts = count(|| {
        PreparedOrder::<VmcOrderRequest>::from_json(&body).unwrap();
    });
    assert_eq!(counts, (1, 1, 0), "(decoded, checked, encoded)");
}

#[test]
fn an_order_given_a_checked_logo_neither_decodes_nor_checks_it_again() {
    // As `markcert order --logo FILE.svg` does: encode once, check once, place in the body.
    let counts = count(|| {
        let logo = Logo::from_svg(logo_32kb()).unwrap();
        let report = logo.check();
        let body = body_with(logo.encoded());
        let options = PrepareOptions::new().checked_logo(&logo, &report);
        PreparedOrder::<VmcOrderRequest>::from_json_with(&body, options).unwrap();
    });
    assert_eq!(counts, (0, 1, 1), "(decoded, checked, encoded)");
}

#[test]
fn a_logo_check_encodes_nothing() {
    let svg = logo_32kb();
    assert_eq!(count(|| drop(logo::check(&svg))), (0, 1, 0));
}

#[cfg(feature = "cli")]
#[path = "common/cli.rs"]
mod cli;

/// The same counts for the command, read from its -v output.
#[cfg(feature = "cli")]
#[test]
fn the_command_does_each_piece_of_logo_work_once() {
    let counts = |args: &[&str]| {
        let out = cli::markcert(args, b"");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let log = String::from_utf8_lossy(&out.stderr).into_owned();
        (
            log.matches("logo decoded").count(),
            log.matches("logo checked").count(),
            log.matches("logo encoded").count(),
        )
    };
    // The file carries the logo; --logo gives the same one: encoded and checked once, and
    // the body's copy is recognised, not decoded again.
    let order = [
        "-v",
        "order",
        "vmc",
        "examples/vmc-order.json",
        "--logo",
        "examples/logo.svg",
        "--dry-run",
    ];
    assert_eq!(counts(&order), (0, 1, 1));
    // Without --logo, the body's logo is decoded and checked once.
    assert_eq!(
        counts(&["-v", "validate", "vmc", "examples/vmc-order.json"]),
        (1, 1, 0)
    );
    // A plain check does not compress the logo.
    assert_eq!(
        counts(&["-v", "logo", "check", "examples/logo.svg"]),
        (0, 1, 0)
    );
}
