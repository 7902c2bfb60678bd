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
