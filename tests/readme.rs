//! The README's commands work as written. Its Rust blocks are doc tests (the README is the
//! crate's documentation); here its shell blocks are run:
//! - a ```` ```sh ```` block runs offline: each `markcert` command (or `cargo run --features
//!   cli -- ...`) must exit 0 (`cargo test` and `cargo install` lines are the reader's to run);
//! - a ```` ```sh needs-key ```` block needs an API key and CertCentral: each command is run
//!   without a key, and must get past the command line (no usage error) and send nothing.
#![cfg(feature = "cli")]

use std::process::Command;

/// The shell blocks of the README: (whether they need a key, their command lines).
fn shell_blocks() -> Vec<(bool, Vec<String>)> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<(bool, Vec<String>)> = None;
    let mut pending = String::new();
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```sh") => current = Some((false, Vec::new())),
            (None, "```sh needs-key") => current = Some((true, Vec::new())),
            (Some(_), "```") => blocks.push(current.take().unwrap()),
            (Some((_, lines)), text) => {
                let code = strip_comment(text);
                if let Some(continued) = code.strip_suffix('\\') {
                    pending.push_str(continued);
                    pending.push(' ');
                    continue;
                }
                pending.push_str(&code);
                let command = std::mem::take(&mut pending).trim().to_owned();
                if !command.is_empty() {
                    lines.push(command);
                }
            }
            _ => {}
        }
    }
    blocks
}

/// A line without its `# comment` (a `#` outside quotes, after white space or at the start).
fn strip_comment(line: &str) -> String {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return line[..i].to_owned(),
            _ => {}
        }
        previous = c;
    }
    line.to_owned()
}

/// Words of a command line, with quotes removed.
fn words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if started {
                    words.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (_, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        words.push(word);
    }
    words
}

/// The arguments to give markcert for a README command line, or None for lines that are not
/// markcert (cargo test, cargo install).
fn markcert_args(line: &str) -> Option<Vec<String>> {
    let words = words(line);
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["markcert", ..] => Some(words[1..].to_vec()),
        ["cargo", "run", "--features", "cli", "--", ..] => Some(words[5..].to_vec()),
        ["cargo", "test" | "install", ..] => None,
        other => panic!("the README runs something this test does not know: {other:?}"),
    }
}

fn run(args: &[String]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_markcert"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DIGICERT_API_KEY")
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_readme_commands_work_as_written() {
    let blocks = shell_blocks();
    let offline: usize = blocks
        .iter()
        .filter(|(key, _)| !key)
        .map(|(_, l)| l.len())
        .sum();
    let online: usize = blocks
        .iter()
        .filter(|(key, _)| *key)
        .map(|(_, l)| l.len())
        .sum();
    assert!(
        offline >= 4 && online >= 10,
        "{offline} offline, {online} needing a key"
    );
    for (needs_key, lines) in blocks {
        for line in lines {
            let Some(args) = markcert_args(&line) else {
                continue;
            };
            let out = run(&args);
            let stderr = String::from_utf8_lossy(&out.stderr);
            if needs_key {
                assert!(
                    !stderr.contains("Usage:") && !stderr.contains("error: "),
                    "the command line of `{line}` is wrong: {stderr}"
                );
            } else {
                assert!(out.status.success(), "`{line}` failed: {stderr}");
            }
        }
    }
}

#[test]
fn a_wrong_command_in_the_readme_would_be_caught() {
    let out = run(&words("status --alternative-idd ID"));
    assert!(String::from_utf8_lossy(&out.stderr).contains("Usage:"));
    assert_eq!(
        words(r#"mark update 1 --note "two words" 'x y'"#),
        ["mark", "update", "1", "--note", "two words", "x y"]
    );
    assert_eq!(strip_comment("markcert x  # exit 0"), "markcert x  ");
}

/// The README's `toml` blocks, as written.
fn toml_blocks() -> Vec<String> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in readme.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```toml") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), text) => {
                block.push_str(text);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

/// Cargo's verdict on a manifest as `cargo new` writes it (ending in `[dependencies]`) with
/// `lines` pasted at its end, beside a clone of this crate named as the README names it.
fn pasted_into_a_new_manifest(name: &str, lines: &str) -> std::process::Output {
    let dir = std::env::temp_dir().join(format!("markcert-readme-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("app/src")).unwrap();
    std::os::unix::fs::symlink(env!("CARGO_MANIFEST_DIR"), dir.join("digicert-mark-certs"))
        .unwrap();
    std::fs::write(dir.join("app/src/main.rs"), "fn main() {}\n").unwrap();
    std::fs::write(
        dir.join("app/Cargo.toml"),
        format!(
            "[package]\nname = \"app\"\nversion = \"0.1.0\"\nedition = \"2024\"\n\n[dependencies]\n{lines}"
        ),
    )
    .unwrap();
    let out = Command::new(env!("CARGO"))
        .args([
            "metadata",
            "--format-version",
            "1",
            "--no-deps",
            "--offline",
            "--manifest-path",
        ])
        .arg(dir.join("app/Cargo.toml"))
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    out
}

#[test]
fn the_readme_dependency_lines_paste_into_a_new_manifest() {
    let blocks = toml_blocks();
    assert!(!blocks.is_empty(), "the README has no toml block");
    for block in &blocks {
        let out = pasted_into_a_new_manifest("ok", block);
        assert!(
            out.status.success(),
            "pasted under [dependencies], the README's block is refused by cargo:\n{block}\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The check itself tells a block with its own header from one without.
    let doubled = pasted_into_a_new_manifest("doubled", &format!("[dependencies]\n{}", blocks[0]));
    assert!(!doubled.status.success());
    assert!(String::from_utf8_lossy(&doubled.stderr).contains("duplicate key"));
}
