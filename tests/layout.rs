//! The layout keeps its promises: shared constants are defined once, and `ARCHITECTURE.md`
//! names every module, so a new module without an entry there fails here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Every `.rs` file under `src/`, as (path relative to the crate root, text).
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(&root.join("src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let relative = path.strip_prefix(root).unwrap().to_string_lossy();
            (relative.replace('\\', "/"), text)
        })
        .collect()
}

/// The places (`file:line`) where a code line (not a comment) contains one of `needles`,
/// compared without spaces and ignoring case.
fn code_lines_with(needles: &[&str]) -> Vec<String> {
    let needles: Vec<String> = needles
        .iter()
        .map(|n| n.replace(' ', "").to_ascii_lowercase())
        .collect();
    let mut found = Vec::new();
    for (file, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            if line.trim_start().starts_with("//") {
                continue;
            }
            let squeezed = line.replace(' ', "").to_ascii_lowercase();
            if needles.iter().any(|needle| squeezed.contains(needle)) {
                found.push(format!("{file}:{}", n + 1));
            }
        }
    }
    found
}

fn only_in_codec(places: &[String], what: &str) {
    assert_eq!(
        places.len(),
        1,
        "{what} is written in {places:?}; use crate::codec"
    );
    assert!(
        places[0].starts_with("src/codec.rs:"),
        "{what} is written in {places:?}; use crate::codec"
    );
}

#[test]
fn the_gzip_signature_is_written_once() {
    let places = code_lines_with(&["0x1f, 0x8b", "\\x1f\\x8b"]);
    only_in_codec(&places, "the gzip signature");
}

#[test]
fn the_base64_engine_is_defined_once() {
    let places = code_lines_with(&["GeneralPurpose::new(", "GeneralPurposeConfig::new("]);
    assert!(!places.is_empty(), "the base64 engine was not found");
    assert!(
        places.iter().all(|p| p.starts_with("src/codec.rs:")),
        "a base64 engine is made in {places:?}; use crate::codec::BASE64"
    );
}

#[test]
fn each_object_identifier_is_defined_once() {
    let mut defined: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (file, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            if let Some(start) = line.find("::new_unwrap(\"") {
                let rest = &line[start + "::new_unwrap(\"".len()..];
                let oid = rest.split('"').next().unwrap_or_default().to_owned();
                defined
                    .entry(oid)
                    .or_default()
                    .push(format!("{file}:{}", n + 1));
            }
        }
    }
    assert!(defined.len() > 40, "the object identifiers were not found");
    let twice: Vec<_> = defined.iter().filter(|(_, at)| at.len() > 1).collect();
    assert!(twice.is_empty(), "defined more than once: {twice:?}");
}

#[test]
fn the_architecture_page_names_every_module() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let mut missing = Vec::new();
    for (file, _) in sources() {
        let (dir, name) = file.rsplit_once('/').unwrap();
        if dir != "src" && !page.contains(&format!("{dir}/")) {
            missing.push(format!("the directory {dir}/"));
        }
        if name != "mod.rs"
            && !page.contains(&format!("`{name}"))
            && !page.contains(&format!("/{name}"))
        {
            missing.push(file.clone());
        }
    }
    missing.dedup();
    assert!(
        missing.is_empty(),
        "ARCHITECTURE.md says nothing of {missing:?}: give each module its line in the code map"
    );
}

#[test]
fn the_readme_links_the_architecture_page() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    assert!(readme.contains("(ARCHITECTURE.md)"));
}
