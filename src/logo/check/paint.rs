//! The colours a logo paints, for the advice that it should show at least two.

use roxmltree::Node;

/// Whether the logo paints at least two colours (advice from the BIMI profile draft).
///
/// Only the first colour is kept; once a second is seen nothing more is looked at.
#[derive(Default)]
pub(super) struct Colours<'v> {
    first: Option<Colour<'v>>,
    two: bool,
}

impl<'v> Colours<'v> {
    pub(super) fn at_least_two(&self) -> bool {
        self.two
    }

    /// Looks at an element's paint; returns whether it or an enclosing element sets `fill`
    /// (shapes where none does paint black).
    pub(super) fn open(&mut self, node: &Node<'v, '_>, enclosing_filled: bool) -> bool {
        if self.two {
            return false;
        }
        let mut fill = false;
        for attr in node.attributes() {
            if attr.namespace().is_some() {
                continue;
            }
            match attr.name() {
                "fill" => {
                    fill = true;
                    self.see(attr.value());
                }
                "stroke" | "stop-color" | "solid-color" | "color" => self.see(attr.value()),
                _ => {}
            }
        }
        let filled = fill || enclosing_filled;
        let paints_black_by_default = !filled
            && matches!(
                node.tag_name().name(),
                "path" | "rect" | "circle" | "ellipse" | "polygon" | "text" | "textArea"
            );
        if paints_black_by_default {
            self.add(Colour::Named("#000000"));
        }
        filled
    }

    fn see(&mut self, value: &'v str) {
        if let Some(colour) = Colour::parse(value) {
            self.add(colour);
        }
    }

    fn add(&mut self, colour: Colour<'v>) {
        match &self.first {
            None => self.first = Some(colour),
            Some(first) if !first.same(&colour) => self.two = true,
            Some(_) => {}
        }
    }
}

/// A paint value in a comparable form: what `fill="#FFF"`, `fill="white"` and
/// `fill="#ffffff"` have in common. Compared ignoring ASCII case, so nothing is lowercased or
/// copied.
enum Colour<'v> {
    /// `#rgb`, written out as `#rrggbb` in lower case.
    Short([u8; 7]),
    /// A named colour, as its `#rrggbb`.
    Named(&'static str),
    /// Anything else, trimmed.
    Other(&'v str),
}

impl<'v> Colour<'v> {
    /// The colour a paint value gives, or `None` when it paints nothing or refers elsewhere.
    fn parse(value: &'v str) -> Option<Self> {
        let value = value.trim();
        let is = |word: &str| value.eq_ignore_ascii_case(word);
        let refers = value
            .get(..4)
            .is_some_and(|start| start.eq_ignore_ascii_case("url("));
        if value.is_empty()
            || is("none")
            || is("inherit")
            || is("currentcolor")
            || is("transparent")
            || refers
        {
            return None;
        }
        const NAMED: [(&str, &str); 5] = [
            ("black", "#000000"),
            ("white", "#ffffff"),
            ("red", "#ff0000"),
            ("lime", "#00ff00"),
            ("blue", "#0000ff"),
        ];
        if let Some((_, hex)) = NAMED.iter().find(|(name, _)| is(name)) {
            return Some(Self::Named(hex));
        }
        if let [b'#', r, g, b] = *value.as_bytes()
            && [r, g, b].iter().all(u8::is_ascii_hexdigit)
        {
            let [r, g, b] = [r, g, b].map(|c| c.to_ascii_lowercase());
            return Some(Self::Short([b'#', r, r, g, g, b, b]));
        }
        Some(Self::Other(value))
    }

    fn text(&self) -> &[u8] {
        match self {
            Self::Short(hex) => hex,
            Self::Named(hex) => hex.as_bytes(),
            Self::Other(value) => value.as_bytes(),
        }
    }

    fn same(&self, other: &Self) -> bool {
        self.text().eq_ignore_ascii_case(other.text())
    }
}
