//! Every public function and method of the library carries an example in its doc comment.
//!
//! The sources under `src/` are read as text (the command's sources under `src/bin/` and the
//! files of [`LEFT_OUT`] excepted). A function counts as public when it is written `pub fn`
//! (`pub async fn`, `pub const fn`, `pub unsafe fn`) and sits
//! - at the top level of a public module, or of any module when its name is re-exported by a
//!   `pub use`;
//! - in an inherent `impl` of a public type (declared `pub` in a public module, or re-exported),
//!   including the `impl $name` blocks of the crate's `macro_rules!` definitions;
//!
//! and every method of a public trait counts too. `#[doc(hidden)]` items and `#[cfg(test)]`
//! modules are left out. Its doc comment must hold a fenced code block (a line starting with
//! three backquotes). Run with `-- --nocapture` to see how many have one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Files not read, each with the reason.
const LEFT_OUT: &[(&str, &str)] = &[(
    "src/generated.rs",
    "only includes the code generated from the OpenAPI document at build time",
)];

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    /// A `///` line, without the slashes.
    Doc(String),
    Word(String),
    Punct(char),
    /// A literal: a string's source text (quotes included), or nothing for a character or
    /// a number.
    Lit(String),
}

/// The tokens of a Rust source, each with its line: comments dropped, `///` lines kept.
fn lex(src: &str) -> Vec<(Tok, usize)> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    let count_lines = |from: usize, to: usize| {
        b[from..to.min(b.len())]
            .iter()
            .filter(|&&c| c == b'\n')
            .count()
    };
    while i < b.len() {
        let c = b[i];
        let rest = &src[i..];
        if c == b'\n' {
            line += 1;
            i += 1;
        } else if c.is_ascii_whitespace() {
            i += 1;
        } else if rest.starts_with("//") {
            let end = rest.find('\n').map_or(b.len(), |e| i + e);
            if rest.starts_with("///") && !rest.starts_with("////") {
                out.push((Tok::Doc(src[i + 3..end].to_owned()), line));
            }
            i = end;
        } else if rest.starts_with("/*") {
            let (mut depth, start) = (0, i);
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
            line += count_lines(start, i);
        } else if let Some(hashes) = raw_string_start(rest) {
            let open = rest.find('"').unwrap() + 1;
            let close = format!("\"{}", "#".repeat(hashes));
            let end = rest[open..]
                .find(&close)
                .map_or(b.len(), |e| i + open + e + close.len());
            line += count_lines(i, end);
            out.push((Tok::Lit(src[i..end].to_owned()), line));
            i = end;
        } else if c == b'"' || rest.starts_with("b\"") {
            let start = i;
            i += if c == b'"' { 1 } else { 2 };
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            line += count_lines(start, i);
            out.push((Tok::Lit(src[start..i.min(b.len())].to_owned()), line));
        } else if c == b'\'' || rest.starts_with("b'") {
            let quote = if c == b'\'' { 1 } else { 2 };
            match char_literal_len(&rest[quote..]) {
                Some(len) => {
                    out.push((Tok::Lit(String::new()), line));
                    i += quote + len;
                }
                None => {
                    // A lifetime or a label.
                    let len = ident_len(&rest[1..]);
                    out.push((Tok::Word(rest[..1 + len].to_owned()), line));
                    i += 1 + len;
                }
            }
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let len = ident_len(rest);
            out.push((Tok::Word(rest[..len].to_owned()), line));
            i += len;
        } else if c.is_ascii_digit() {
            let len = rest
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_' || ch == '.'))
                .unwrap_or(rest.len());
            out.push((Tok::Lit(String::new()), line));
            i += len;
        } else {
            let ch = rest.chars().next().unwrap();
            out.push((Tok::Punct(ch), line));
            i += ch.len_utf8();
        }
    }
    out
}

/// The number of `#` of a raw string literal starting here (`r"`, `r#"`, `br#"`).
fn raw_string_start(rest: &str) -> Option<usize> {
    let after = rest.strip_prefix("br").or_else(|| rest.strip_prefix('r'))?;
    let hashes = after.len() - after.trim_start_matches('#').len();
    after[hashes..].starts_with('"').then_some(hashes)
}

/// The length of a character literal's body and closing quote, if one starts here.
fn char_literal_len(after_quote: &str) -> Option<usize> {
    let mut chars = after_quote.char_indices();
    let (_, first) = chars.next()?;
    if first == '\\' {
        // An escape: `\n`, `\'`, `\x7f`, `\u{1F600}`.
        let close = after_quote.get(2..)?.find('\'')?;
        return (close <= 8).then_some(close + 3);
    }
    let (at, next) = chars.next()?;
    (next == '\'').then_some(at + 1)
}

fn ident_len(s: &str) -> usize {
    s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(s.len())
}

/// What a `{ ... }` is.
#[derive(Debug)]
enum Frame {
    Module { public: bool, test: bool },
    Impl { target: Option<String> },
    TraitImpl,
    Trait { name: String, public: bool },
    Macro,
    Other,
}

/// Where a function sits.
#[derive(Debug, Clone, PartialEq)]
enum Place {
    /// The top level of a module; `public` when every module on the way is.
    Module { public: bool },
    /// An inherent impl of the named type (`$…` for a macro's type parameter).
    Impl(String),
    /// A public trait's definition.
    Trait(String),
}

#[derive(Debug, Clone)]
struct Function {
    file: String,
    line: usize,
    name: String,
    place: Place,
    has_example: bool,
}

#[derive(Default)]
struct FileItems {
    functions: Vec<Function>,
    /// Types and traits declared at the top level: (name, written plain `pub`).
    types: Vec<(String, bool)>,
    /// Names made public by a `pub use`.
    reexports: BTreeSet<String>,
    /// Modules declared `pub mod name;`.
    pub_modules: Vec<String>,
}

/// An item's header: its outer attributes, doc lines and the words after them.
struct Header<'a> {
    docs: Vec<&'a str>,
    attributes: Vec<&'a Tok>,
    words: Vec<&'a Tok>,
    line: usize,
}

fn split_header(tokens: &[(Tok, usize)]) -> Header<'_> {
    let mut header = Header {
        docs: Vec::new(),
        attributes: Vec::new(),
        words: Vec::new(),
        line: 0,
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i].0 {
            Tok::Doc(text) => {
                header.docs.push(text);
                i += 1;
            }
            Tok::Punct('#') if header.words.is_empty() => {
                i += 1;
                if tokens.get(i).is_some_and(|t| t.0 == Tok::Punct('!')) {
                    i += 1;
                }
                let mut depth = 0;
                while i < tokens.len() {
                    header.attributes.push(&tokens[i].0);
                    match tokens[i].0 {
                        Tok::Punct('[') => depth += 1,
                        Tok::Punct(']') => depth -= 1,
                        _ => {}
                    }
                    i += 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
            other => {
                if header.words.is_empty() {
                    header.line = tokens[i].1;
                }
                header.words.push(other);
                i += 1;
            }
        }
    }
    header
}

fn word<'a>(tok: Option<&&'a Tok>) -> Option<&'a str> {
    match tok {
        Some(Tok::Word(w)) => Some(w),
        _ => None,
    }
}

fn has_sequence(tokens: &[&Tok], words: &[&str]) -> bool {
    let flat: Vec<String> = tokens
        .iter()
        .filter_map(|t| match t {
            Tok::Word(w) => Some(w.clone()),
            Tok::Punct(c) => Some(c.to_string()),
            _ => None,
        })
        .collect();
    flat.windows(words.len()).any(|w| w == words)
}

impl Header<'_> {
    /// `Some(true)` for plain `pub`, `Some(false)` for `pub(crate)` and the like, `None` for
    /// private; with the words after the visibility.
    fn visibility(&self) -> (Option<bool>, &[&Tok]) {
        match word(self.words.first()) {
            Some("pub") if self.words.get(1) == Some(&&Tok::Punct('(')) => {
                let close = self
                    .words
                    .iter()
                    .position(|t| **t == Tok::Punct(')'))
                    .unwrap_or(self.words.len() - 1);
                (Some(false), &self.words[close + 1..])
            }
            Some("pub") => (Some(true), &self.words[1..]),
            _ => (None, &self.words[..]),
        }
    }

    fn hidden(&self) -> bool {
        has_sequence(&self.attributes, &["doc", "(", "hidden", ")"])
    }

    fn test_only(&self) -> bool {
        has_sequence(&self.attributes, &["cfg", "(", "test", ")"])
    }

    /// A fenced block in the `///` lines, or in a `#[doc = ...]` attribute (as a macro writes
    /// one, with `concat!`).
    fn has_example(&self) -> bool {
        self.docs.iter().any(|d| d.trim_start().starts_with("```"))
            || (has_sequence(&self.attributes, &["doc", "="])
                && self
                    .attributes
                    .iter()
                    .any(|t| matches!(t, Tok::Lit(text) if text.contains("```"))))
    }

    /// The function's name when the header is a function's.
    fn function(&self) -> Option<(&str, usize)> {
        let (_, rest) = self.visibility();
        let mut i = 0;
        while let Some(w @ ("const" | "async" | "unsafe" | "extern")) = word(rest.get(i)) {
            i += if w == "extern" && matches!(rest.get(i + 1), Some(Tok::Lit(_))) {
                2
            } else {
                1
            };
        }
        (word(rest.get(i)) == Some("fn")).then(|| (word(rest.get(i + 1)).unwrap_or("?"), self.line))
    }
}

/// The type an inherent impl is for (`None` for a trait impl).
fn impl_target(rest: &[&Tok]) -> Frame {
    let mut i = 1;
    if rest.get(i) == Some(&&Tok::Punct('<')) {
        let mut depth = 0;
        while i < rest.len() {
            match rest[i] {
                Tok::Punct('<') => depth += 1,
                Tok::Punct('>') => depth -= 1,
                _ => {}
            }
            i += 1;
            if depth == 0 {
                break;
            }
        }
    }
    let mut depth = 0;
    let mut name = None;
    let mut macro_parameter = false;
    for tok in &rest[i..] {
        match tok {
            Tok::Punct('<') => depth += 1,
            Tok::Punct('>') => depth -= 1,
            Tok::Word(w) if w == "where" => break,
            Tok::Word(w) if w == "for" && depth == 0 => return Frame::TraitImpl,
            Tok::Punct('$') if depth == 0 => macro_parameter = true,
            Tok::Word(w) if depth == 0 => {
                name = Some(if macro_parameter {
                    format!("${w}")
                } else {
                    w.clone()
                });
                macro_parameter = false;
            }
            _ => {}
        }
    }
    Frame::Impl { target: name }
}

fn scan(file: &str, src: &str, file_public: bool) -> FileItems {
    let tokens = lex(src);
    let mut items = FileItems::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut start = 0;
    for (i, (tok, _)) in tokens.iter().enumerate() {
        let Tok::Punct(c @ ('{' | '}' | ';')) = tok else {
            continue;
        };
        let header = split_header(&tokens[start..i]);
        // The braces of `use a::{b, c};` group names: the statement ends at its `;`.
        if *c != ';' && word(header.visibility().1.first()) == Some("use") {
            continue;
        }
        start = i + 1;
        if *c == '}' {
            stack.pop();
            continue;
        }
        let in_test = stack
            .iter()
            .any(|f| matches!(f, Frame::Module { test: true, .. }));
        let in_macro = stack.iter().any(|f| matches!(f, Frame::Macro));
        let at_top = stack.iter().all(|f| matches!(f, Frame::Module { .. }));
        let nested_private = stack
            .iter()
            .any(|f| matches!(f, Frame::Module { public: false, .. }));
        let modules_public = file_public
            && stack
                .iter()
                .all(|f| matches!(f, Frame::Module { public: true, .. }));
        let (visibility, rest) = header.visibility();
        let first = word(rest.first());
        let frame = match first {
            Some("impl") => impl_target(rest),
            Some("unsafe") if word(rest.get(1)) == Some("impl") => impl_target(&rest[1..]),
            Some("mod") => Frame::Module {
                public: visibility == Some(true),
                test: header.test_only(),
            },
            Some("trait") => Frame::Trait {
                name: word(rest.get(1)).unwrap_or("?").to_owned(),
                public: visibility == Some(true) && !nested_private,
            },
            Some("macro_rules") => Frame::Macro,
            _ => Frame::Other,
        };
        if !in_test && at_top {
            match first {
                Some("struct" | "enum" | "trait" | "type" | "union") => {
                    if let Some(name) = word(rest.get(1)) {
                        items
                            .types
                            .push((name.to_owned(), visibility == Some(true)));
                    }
                }
                Some("use") if visibility == Some(true) => items.reexports.extend(used_names(rest)),
                Some("mod") if visibility == Some(true) && *c == ';' => {
                    items
                        .pub_modules
                        .extend(word(rest.get(1)).map(str::to_owned));
                }
                _ => {}
            }
        }
        if let Some((name, line)) = header.function() {
            let place = match stack.last() {
                _ if in_test || header.hidden() => None,
                Some(Frame::Trait {
                    name: t,
                    public: true,
                }) => Some(Place::Trait(t.clone())),
                Some(Frame::Impl { target: Some(t) }) if visibility == Some(true) => {
                    Some(Place::Impl(t.clone()))
                }
                _ if at_top && visibility == Some(true) => Some(Place::Module {
                    public: modules_public,
                }),
                _ => None,
            };
            if let Some(place) = place {
                items.functions.push(Function {
                    file: file.to_owned(),
                    line,
                    name: name.to_owned(),
                    place,
                    has_example: header.has_example(),
                });
            }
        }
        if *c == '{' {
            // Inside a macro definition, items sit in the arms' braces: keep reading them.
            let frame = match frame {
                Frame::Other if in_macro && at_top_of_macro(&stack) => Frame::Macro,
                frame => frame,
            };
            stack.push(frame);
        }
    }
    items
}

/// Whether the innermost frames are a macro definition and its arms (not an item inside).
fn at_top_of_macro(stack: &[Frame]) -> bool {
    stack
        .iter()
        .all(|f| matches!(f, Frame::Module { .. } | Frame::Macro))
}

/// The names a `use` makes visible: the last segment of each path, or its `as` name.
fn used_names(rest: &[&Tok]) -> Vec<String> {
    let mut names = Vec::new();
    let mut last: Option<String> = None;
    for tok in &rest[1..] {
        match tok {
            // `path as name`: the word after `as` replaces the last segment.
            Tok::Word(w) if w == "as" => {}
            Tok::Word(w) => last = Some(w.clone()),
            Tok::Punct(',' | '}') => names.extend(last.take()),
            Tok::Punct('*') => last = None,
            _ => {}
        }
    }
    names.extend(last);
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The public functions of the library under `root`, in file and line order.
fn public_functions(root: &Path) -> Vec<Function> {
    let mut paths = Vec::new();
    rust_files(&root.join("src"), &mut paths);
    let sources: BTreeMap<String, String> = paths
        .iter()
        .map(|p| {
            let relative = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(p).unwrap())
        })
        .filter(|(path, _)| !path.starts_with("src/bin/"))
        .collect();

    // Public module files: from lib.rs down each `pub mod name;`.
    let mut public_files = BTreeSet::new();
    let mut todo = vec!["src/lib.rs".to_owned()];
    while let Some(file) = todo.pop() {
        let Some(src) = sources.get(&file) else {
            continue;
        };
        let dir = match file.as_str() {
            "src/lib.rs" => "src".to_owned(),
            f if f.ends_with("/mod.rs") => f.trim_end_matches("/mod.rs").to_owned(),
            f => f.trim_end_matches(".rs").to_owned(),
        };
        for module in scan(&file, src, true).pub_modules {
            for candidate in [
                format!("{dir}/{module}.rs"),
                format!("{dir}/{module}/mod.rs"),
            ] {
                if sources.contains_key(&candidate) {
                    todo.push(candidate);
                }
            }
        }
        public_files.insert(file);
    }

    let scanned: BTreeMap<&str, FileItems> = sources
        .iter()
        .map(|(path, src)| (path.as_str(), scan(path, src, public_files.contains(path))))
        .collect();
    let reexported: BTreeSet<&str> = scanned
        .values()
        .flat_map(|items| items.reexports.iter().map(String::as_str))
        .collect();
    let is_public_type = |file: &str, name: &str| -> bool {
        if name.starts_with('$') {
            // The macros' types are the public value lists of `values.rs`.
            return true;
        }
        let public_in = |f: &str, items: &FileItems| {
            items.types.iter().any(|(n, plain)| n == name && *plain)
                && (public_files.contains(f) || reexported.contains(name))
        };
        let own = &scanned[file];
        if own.types.iter().any(|(n, _)| n == name) {
            return public_in(file, own);
        }
        let declared = scanned
            .values()
            .any(|items| items.types.iter().any(|(n, _)| n == name));
        if !declared {
            // Declared by a macro invocation (the value lists of `values.rs`): public when
            // re-exported.
            return reexported.contains(name);
        }
        scanned.iter().any(|(f, items)| public_in(f, items))
    };

    let left_out: Vec<&str> = LEFT_OUT.iter().map(|(path, _)| *path).collect();
    let mut functions = Vec::new();
    for (file, items) in &scanned {
        if left_out.contains(file) {
            continue;
        }
        for function in &items.functions {
            let public = match &function.place {
                Place::Module { public } => *public || reexported.contains(function.name.as_str()),
                Place::Impl(target) => is_public_type(file, target),
                Place::Trait(name) => {
                    public_files.contains(*file) || reexported.contains(name.as_str())
                }
            };
            if public {
                functions.push(function.clone());
            }
        }
    }
    functions
}

fn described(f: &Function) -> String {
    let name = match &f.place {
        Place::Module { .. } => f.name.clone(),
        Place::Impl(target) | Place::Trait(target) => format!("{target}::{}", f.name),
    };
    format!("{}:{} {name}", f.file, f.line)
}

#[test]
fn every_public_function_has_an_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let functions = public_functions(root);
    let with = functions.iter().filter(|f| f.has_example).count();
    println!(
        "{with} of {} public functions have an example",
        functions.len()
    );
    // The scan finds the API it is meant to guard.
    for (file, name) in [
        ("src/client/following.rs", "MarkClient::order_info"),
        ("src/order/mod.rs", "validate"),
        ("src/order/builders.rs", "OrderExt::with_payment"),
        ("src/values.rs", "$name::as_str"),
        ("src/certificate/mod.rs", "verify_chain"),
    ] {
        assert!(
            functions
                .iter()
                .any(|f| f.file == file && described(f).ends_with(&format!(" {name}"))),
            "the scan no longer finds {name} in {file}"
        );
    }
    assert!(
        functions.len() > 150,
        "only {} public functions found",
        functions.len()
    );
    let missing: Vec<String> = functions
        .iter()
        .filter(|f| !f.has_example)
        .map(described)
        .collect();
    assert!(
        missing.is_empty(),
        "{} public function(s) without an example (a ``` block in the doc comment):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn the_scan_tells_public_functions_from_the_rest() {
    let src = r#"
        /// Documented.
        ///
        /// ```
        /// assert!(true);
        /// ```
        pub fn shown() {}
        /// No example.
        pub async fn bare() { let s = "}"; let c = '{'; }
        pub(crate) fn internal() {}
        fn private() {}
        pub struct Thing<'a>(&'a str);
        impl<'a> Thing<'a> {
            /// No example.
            #[must_use]
            pub const fn method(&self) -> usize { 0 }
            pub(crate) fn helper(&self) {}
            #[doc = concat!("```\n", "assert!(true);\n", "```")]
            pub fn by_attribute(&self) {}
        }
        impl std::fmt::Display for Thing<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result { Ok(()) }
        }
        pub trait Ext {
            /// No example.
            fn with(self) -> Self;
            #[doc(hidden)]
            fn hidden(&self);
        }
        #[cfg(test)]
        mod tests {
            pub fn in_tests() {}
        }
        mod inner {
            pub fn unreachable() {}
        }
    "#;
    let items = scan("src/lib.rs", src, true);
    let found: Vec<(String, bool)> = items
        .functions
        .iter()
        .map(|f| (described(f), f.has_example))
        .collect();
    let expected = [
        ("src/lib.rs:7 shown", true),
        ("src/lib.rs:9 bare", false),
        ("src/lib.rs:16 Thing::method", false),
        ("src/lib.rs:19 Thing::by_attribute", true),
        ("src/lib.rs:26 Ext::with", false),
    ];
    let expected: Vec<(String, bool)> = expected
        .iter()
        .map(|(d, e)| ((*d).to_owned(), *e))
        .collect();
    // `inner::unreachable` is found but not public: its module is private.
    let public: Vec<(String, bool)> = found
        .into_iter()
        .filter(|(d, _)| !d.ends_with(" unreachable"))
        .collect();
    assert_eq!(public, expected);
    let unreachable = items
        .functions
        .iter()
        .find(|f| f.name == "unreachable")
        .unwrap();
    assert_eq!(unreachable.place, Place::Module { public: false });
    assert_eq!(
        items.types,
        vec![("Thing".to_owned(), true), ("Ext".to_owned(), true)]
    );
}
