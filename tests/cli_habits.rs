//! The command behaves as command-line tools are expected to: suggestions for typos, colour
//! only on a terminal, completions and a manual page from the same definitions.
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;

use cli::markcert;

#[test]
fn typos_get_a_suggestion() {
    for (args, suggested) in [
        (vec!["ordr"], "order"),
        (
            vec!["validate", "vmc", "examples/vmc-order.json", "--josn"],
            "--json",
        ),
        (vec!["logo", "chek", "examples/logo.svg"], "check"),
    ] {
        let out = markcert(&args, b"");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(&format!("'{suggested}'")),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn no_colour_when_the_output_is_not_a_terminal() {
    let out = markcert(&["logo", "check", "-"], b"<svg/>");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        !out.stdout.contains(&0x1b),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("error[root-not-svg]"));
}

#[test]
fn completions_for_every_shell_name_every_command() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = markcert(&["completions", shell], b"");
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8_lossy(&out.stdout);
        for command in ["order", "validate", "logo"] {
            assert!(script.contains(command), "{shell} lacks {command}");
        }
    }
    assert_eq!(
        markcert(&["completions", "tcsh"], b"").status.code(),
        Some(2)
    );
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let out = markcert(&["man"], b"");
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.contains(".TH markcert"),
        "{}",
        &page[..200.min(page.len())]
    );
    for command in ["order", "validate", "logo", "completions"] {
        assert!(page.contains(command), "{command}");
    }
}

#[test]
fn a_dash_reads_standard_input_wherever_a_file_is_read() {
    let svg = std::fs::read("examples/logo.svg").unwrap();
    let encoded = markcert(&["logo", "encode", "-"], &svg);
    assert_eq!(encoded.status.code(), Some(0));
    let decoded = markcert(&["logo", "decode", "-"], &encoded.stdout);
    assert_eq!(decoded.stdout, svg);
    let body = std::fs::read("examples/cmc-order.json").unwrap();
    let with_logo = markcert(
        &["validate", "cmc", "examples/cmc-order.json", "--logo", "-"],
        &svg,
    );
    assert_eq!(
        with_logo.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&with_logo.stdout)
    );
    let from_stdin = markcert(
        &[
            "order",
            "cmc",
            "-",
            "--dry-run",
            "--alternative-order-id",
            "x1",
        ],
        &body,
    );
    assert_eq!(from_stdin.status.code(), Some(0));
}

#[test]
fn deny_warnings_refuses_an_order_with_only_warnings() {
    let mut body: serde_json::Value =
        serde_json::from_slice(&std::fs::read("examples/cmc-order.json").unwrap()).unwrap();
    body["dcv_method"] = "carrier-pigeon".into();
    let body = body.to_string();
    let allowed = markcert(&["validate", "cmc", "-"], body.as_bytes());
    assert_eq!(allowed.status.code(), Some(0));
    for args in [
        vec!["validate", "cmc", "-", "--deny-warnings"],
        vec!["order", "cmc", "-", "--dry-run", "--deny-warnings"],
    ] {
        let out = markcert(&args, body.as_bytes());
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(out.stdout.is_empty() || args[0] == "validate");
    }
}
