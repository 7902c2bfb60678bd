//! Lines and columns of byte offsets: the one place they are counted.

use crate::findings::Location;

/// Lines and columns of byte offsets, counted only when asked and onward from the last
/// answer: findings come mostly in document order, so a file with many findings is still
/// read about once. The text need only be UTF-8 up to the offsets asked for: the checker also
/// places the first byte of a file that is not UTF-8.
pub(super) struct Cursor<'t> {
    text: &'t [u8],
    offset: usize,
    line: u32,
    column: u32,
}

impl<'t> Cursor<'t> {
    pub(super) fn new(text: &'t [u8]) -> Self {
        Self {
            text,
            offset: 0,
            line: 1,
            column: 1,
        }
    }

    /// The 1-based line and column (in characters) of `offset`, as the parser counts them.
    pub(super) fn at(&mut self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            *self = Self::new(self.text);
        }
        let span = &self.text[self.offset..offset];
        let chars = |bytes: &[u8]| {
            // Every byte that does not continue a UTF-8 sequence starts a character.
            let count = bytes.iter().filter(|b| (**b & 0xC0) != 0x80).count();
            u32::try_from(count).unwrap_or(u32::MAX)
        };
        match span.iter().rposition(|b| *b == b'\n') {
            Some(last) => {
                let lines = span.iter().filter(|b| **b == b'\n').count();
                self.line = self
                    .line
                    .saturating_add(u32::try_from(lines).unwrap_or(u32::MAX));
                self.column = 1 + chars(&span[last + 1..]);
            }
            None => self.column = self.column.saturating_add(chars(span)),
        }
        self.offset = offset;
        (self.line, self.column)
    }

    /// The [`Location`] of `offset`.
    pub(super) fn location(&mut self, offset: usize) -> Location {
        let (line, column) = self.at(offset);
        Location::line_column(line, column)
    }
}

#[cfg(test)]
mod tests {
    use roxmltree::Document;

    use super::*;

    /// The cursor counts as the parser does, whether asked forward, backward or repeatedly.
    #[test]
    fn cursor_agrees_with_the_parser_on_lines_and_columns() {
        let text = "<svg>\n  <é a='ü'>\r\n\n<b/>€€ x\n</é>\n</svg>";
        let doc = Document::parse(text).unwrap();
        let mut cursor = Cursor::new(text.as_bytes());
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|at| text.is_char_boundary(*at))
            .collect();
        let shuffled = offsets
            .iter()
            .rev()
            .chain(&offsets)
            .chain(offsets.iter().step_by(3));
        for &at in shuffled {
            let pos = doc.text_pos_at(at);
            assert_eq!(cursor.at(at), (pos.row, pos.col), "offset {at}");
        }
    }
}
