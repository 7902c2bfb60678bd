//! Files that are not SVG at all, told apart by their first bytes.
//!
//! People often hand over the PNG or PDF they have instead of an SVG. Checking such a file as
//! XML only says "not UTF-8" or "not well-formed"; naming the format says what to do.

use std::fmt;

use crate::codec::GZIP_MAGIC;

/// A file format that is not SVG, recognised by its signature (its first bytes).
///
/// ```
/// use digicert_mark_certs::logo::{OtherFormat, sniff};
///
/// assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(OtherFormat::Png));
/// assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
/// assert!(OtherFormat::Png.to_string().contains("PNG"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OtherFormat {
    /// A PNG image.
    Png,
    /// A JPEG image.
    Jpeg,
    /// A GIF image.
    Gif,
    /// A WebP image.
    WebP,
    /// A BMP image.
    Bmp,
    /// A TIFF image.
    Tiff,
    /// A PDF document (Adobe Illustrator `.ai` files are PDF too).
    Pdf,
    /// PostScript or EPS.
    PostScript,
    /// gzip-compressed data, such as an SVGZ file or an already encoded logo's gzip bytes.
    Gzip,
}

impl OtherFormat {
    /// What the file is, as said to a person: "a PNG image".
    ///
    /// ```
    /// use digicert_mark_certs::logo::OtherFormat;
    ///
    /// assert_eq!(OtherFormat::Png.name(), "a PNG image");
    /// assert_eq!(OtherFormat::Pdf.name(), "a PDF document");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "a PNG image",
            Self::Jpeg => "a JPEG image",
            Self::Gif => "a GIF image",
            Self::WebP => "a WebP image",
            Self::Bmp => "a BMP image",
            Self::Tiff => "a TIFF image",
            Self::Pdf => "a PDF document",
            Self::PostScript => "a PostScript (EPS) file",
            Self::Gzip => "gzip-compressed data (an SVGZ file?)",
        }
    }

    /// How to get an SVG Tiny PS logo from it.
    ///
    /// ```
    /// use digicert_mark_certs::logo::OtherFormat;
    ///
    /// assert!(OtherFormat::Gzip.advice().contains("gunzip"));
    /// assert!(OtherFormat::Jpeg.advice().contains("as SVG"));
    /// ```
    pub fn advice(self) -> &'static str {
        match self {
            Self::Png | Self::Jpeg | Self::Gif | Self::WebP | Self::Bmp | Self::Tiff => {
                "export the artwork from its source (Illustrator, Inkscape, Figma) as SVG, so it \
                 is vector paths, then convert it to SVG Tiny PS; tracing or embedding this \
                 bitmap does not give an acceptable logo"
            }
            Self::Pdf | Self::PostScript => {
                "open it in a vector editor (Illustrator, Inkscape) and save it as SVG, then \
                 convert it to SVG Tiny PS"
            }
            Self::Gzip => {
                "decompress it first (gunzip -c logo.svgz > logo.svg) and give the plain SVG"
            }
        }
    }
}

impl fmt::Display for OtherFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "this is {}, not SVG; BIMI needs an SVG Tiny PS logo: {}",
            self.name(),
            self.advice()
        )
    }
}

/// The format of `bytes` when its signature shows it is not SVG; `None` for anything else
/// (SVG or not, text is never claimed). Only the first few bytes are read.
///
/// ```
/// use digicert_mark_certs::logo::{OtherFormat, sniff};
///
/// assert_eq!(sniff(b"%PDF-1.7\n"), Some(OtherFormat::Pdf));
/// assert_eq!(sniff(b"\x1f\x8b\x08\0"), Some(OtherFormat::Gzip));
/// // Text is never claimed, SVG or not.
/// assert_eq!(sniff(b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), None);
/// assert_eq!(sniff(b"hello"), None);
/// ```
pub fn sniff(bytes: &[u8]) -> Option<OtherFormat> {
    // Each signature is long or specific enough that no text file starts with it.
    let format = match bytes {
        [0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, ..] => OtherFormat::Png,
        [0xff, 0xd8, 0xff, ..] => OtherFormat::Jpeg,
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => OtherFormat::Gif,
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => OtherFormat::WebP,
        // "BM", the file size, then four reserved bytes that are zero.
        [b'B', b'M', _, _, _, _, 0, 0, 0, 0, ..] => OtherFormat::Bmp,
        [b'I', b'I', 0x2a, 0x00, ..] | [b'M', b'M', 0x00, 0x2a, ..] => OtherFormat::Tiff,
        [b'%', b'P', b'D', b'F', b'-', ..] => OtherFormat::Pdf,
        [b'%', b'!', b'P', b'S', ..] | [0xc5, 0xd0, 0xd3, 0xc6, ..] => OtherFormat::PostScript,
        _ if bytes.starts_with(&GZIP_MAGIC) => OtherFormat::Gzip,
        _ => return None,
    };
    Some(format)
}
