//! The rules of the root `<svg>` alone: version and profile, the title, and the size and
//! aspect receivers advise.

use std::borrow::Cow;

use roxmltree::Node;

use crate::logo::profile::{self, SVG_NS, Value};

use super::RECOMMENDED_MAX_TITLE_CHARS;
use super::advice::describe;
use super::walk::Tree;

impl Tree<'_, '_> {
    pub(super) fn check_root(&mut self, root: &Node) {
        const FIXED: [(&str, &str, &[&str]); 2] = [
            ("svg-version", "version", &["1.2"]),
            ("svg-base-profile", "baseProfile", &["tiny-ps"]),
        ];
        for (rule, name, allowed) in FIXED {
            let required = allowed[0];
            match root.attribute(name) {
                None => {
                    let at = self.place(root);
                    self.error(
                        rule,
                        at,
                        format!("the root <svg> has no {name}; add {name}=\"{required}\""),
                    );
                }
                Some(v) if !profile::accepts(Value::OneOf(allowed), v) => {
                    let at = self.place(root);
                    self.error(
                        rule,
                        at,
                        format!(
                            "{name}=\"{v}\" on the root <svg>; SVG Tiny PS needs \
                             {name}=\"{required}\""
                        ),
                    );
                }
                Some(_) => {}
            }
        }

        // One pass over the root's children: the first element, whether a title is anywhere,
        // and titles after the first (rare, so only those are kept).
        let is_title = |n: &Node| n.has_tag_name((SVG_NS, "title"));
        let mut first = None;
        let mut titles = 0usize;
        let mut extra_titles = Vec::new();
        for child in root.children().filter(Node::is_element) {
            first.get_or_insert(child);
            if is_title(&child) {
                titles += 1;
                if titles > 1 {
                    extra_titles.push(child);
                }
            }
        }
        match first {
            Some(first) if is_title(&first) => self.check_title(&first),
            Some(first) => {
                let at = self.place(&first);
                let message = if titles > 0 {
                    format!(
                        "<title> must be the first element inside <svg>, before {}; move it up",
                        describe(&first)
                    )
                } else {
                    "the logo has no <title>; add <title>Brand name</title> as the first element \
                     inside <svg>"
                        .to_owned()
                };
                self.error("title-first", at, message);
            }
            None => {
                let at = self.place(root);
                self.error(
                    "title-first",
                    at,
                    "the logo has no <title>; add <title>Brand name</title> as the first element \
                     inside <svg>",
                );
            }
        }
        for extra in extra_titles {
            let at = self.place(&extra);
            self.error(
                "title-once",
                at,
                "<svg> may hold only one <title>; remove the extra one",
            );
        }
        self.check_shape(root);
    }

    fn check_title(&mut self, title: &Node) {
        // Usually one run of text, read where it stands; pieces are joined only when several.
        let mut pieces = title.children().filter_map(|c| c.text());
        let text: Cow<str> = match (pieces.next(), pieces.next()) {
            (None, _) => Cow::Borrowed(""),
            (Some(only), None) => Cow::Borrowed(only),
            (Some(first), Some(second)) => {
                let mut joined = format!("{first}{second}");
                joined.extend(pieces);
                Cow::Owned(joined)
            }
        };
        let trimmed = text.trim();
        if trimmed.is_empty() {
            let at = self.place(title);
            self.warn(
                "title-empty",
                at,
                "the <title> is empty; write the brand name in it",
            );
        } else if trimmed.chars().count() > RECOMMENDED_MAX_TITLE_CHARS {
            let at = self.place(title);
            self.warn(
                "title-long",
                at,
                format!(
                    "the <title> has {} characters; keep it to {RECOMMENDED_MAX_TITLE_CHARS} \
                     or fewer, as receivers may cut it",
                    trimmed.chars().count()
                ),
            );
        }
    }

    /// Square aspect and absolute dimensions: advice, from `viewBox` or `width`/`height`.
    fn check_shape(&mut self, root: &Node) {
        for name in ["width", "height"] {
            if root
                .attribute(name)
                .is_some_and(|v| v.trim().ends_with('%'))
            {
                let at = self.place(root);
                self.warn(
                    "relative-size",
                    at,
                    format!(
                        "{name} on the root <svg> is a percentage; give an absolute size or \
                         leave it out and rely on viewBox"
                    ),
                );
            }
        }
        let size = root
            .attribute("viewBox")
            .and_then(view_box_size)
            .or_else(|| {
                let width = root.attribute("width").and_then(length)?;
                let height = root.attribute("height").and_then(length)?;
                Some((width, height))
            });
        if let Some((width, height)) = size
            && differ(width, height)
        {
            let at = self.place(root);
            self.warn(
                "not-square",
                at,
                format!(
                    "the logo is {width}x{height}, not square; receivers show logos in a square \
                     or circle, so make the viewBox square and centre the artwork"
                ),
            );
        }
    }
}

/// Width and height of a `viewBox="min-x min-y width height"`.
fn view_box_size(value: &str) -> Option<(f64, f64)> {
    let mut numbers = [0.0; 4];
    let mut count = 0;
    for token in value
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
    {
        let number = token.parse().ok()?;
        // Still read the rest: a bad token after a fifth number also makes it unreadable.
        if let Some(slot) = numbers.get_mut(count) {
            *slot = number;
        }
        count += 1;
    }
    (count == 4).then_some((numbers[2], numbers[3]))
}

/// Largest relative difference between width and height still taken as square: 0.1 %.
///
/// Editors write sizes rounded or converted from other units (25.399999 for 25.4 mm, 1200.3
/// for 1200 pixels). A thousandth is half a pixel at the 512-pixel size receivers show at
/// most, so no one can see it, while real non-square artwork (105x93 is 12 %) still warns.
const SQUARE_TOLERANCE: f64 = 0.001;

/// Whether two sizes differ by more than [`SQUARE_TOLERANCE`] of the larger (never for sizes
/// that are not numbers, such as `inf`: nothing sensible can be said about them).
fn differ(width: f64, height: f64) -> bool {
    (width - height).abs() > SQUARE_TOLERANCE * width.abs().max(height.abs())
}

/// An absolute length in user units or pixels.
fn length(value: &str) -> Option<f64> {
    let value = value.trim();
    value
        .strip_suffix("px")
        .unwrap_or(value)
        .trim()
        .parse()
        .ok()
}
