//! BIMI logos: the SVG bytes and their gzip + base64 form sent as `vmc.logo`.
//!
//! A [`Logo`] keeps the exact SVG bytes it was given and the encoded string that carries them;
//! the SVG is never parsed and written out again, so what is checked is what is sent.

mod check;
mod encoding;
mod profile;
mod prolog;
mod sniff;

use std::path::Path;

pub use check::{
    MAX_ATTRIBUTES, MAX_DEPTH, MAX_NAMESPACE_DECLARATIONS, MAX_NODES, RECOMMENDED_MAX_BYTES,
    RECOMMENDED_MAX_TITLE_CHARS, check,
};
pub use encoding::{LogoError, MAX_ENCODED_CHARS, MAX_SVG_BYTES, decode, encode};
pub use sniff::{OtherFormat, sniff};

/// An SVG logo together with its encoded (gzip, then base64) form.
///
/// ```
/// use digicert_mark_certs::logo::Logo;
///
/// let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>Example</title></svg>"#;
/// let logo = Logo::from_svg(svg.to_vec())?;
/// let again = Logo::from_encoded(logo.encoded())?;
/// assert_eq!(again.svg(), svg);
/// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Logo {
    svg: Vec<u8>,
    encoded: String,
}

impl Logo {
    /// Encodes SVG bytes. Fails when they exceed [`MAX_SVG_BYTES`], or when their signature
    /// shows another format, such as a PNG image ([`LogoError::NotSvg`]): that is refused
    /// before compressing anything.
    ///
    /// ```
    /// use digicert_mark_certs::logo::{Logo, LogoError};
    ///
    /// let logo = Logo::from_svg(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec())?;
    /// assert!(logo.encoded().starts_with("H4sI"));
    /// let png = Logo::from_svg(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec());
    /// assert!(matches!(png, Err(LogoError::NotSvg { .. })));
    /// # Ok::<(), LogoError>(())
    /// ```
    pub fn from_svg(svg: Vec<u8>) -> Result<Self, LogoError> {
        if let Some(format) = sniff(&svg) {
            return Err(LogoError::NotSvg { format });
        }
        let encoded = encode(&svg)?;
        Ok(Self { svg, encoded })
    }

    /// Reads and encodes an SVG file; fails as [`Logo::from_svg`] does, or when the file
    /// cannot be read.
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    ///
    /// let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
    /// let path = std::env::temp_dir().join(format!("logo-{}.svg", std::process::id()));
    /// std::fs::write(&path, svg)?;
    /// let logo = Logo::from_file(&path);
    /// std::fs::remove_file(&path)?;
    /// assert_eq!(logo?.svg(), svg);
    /// assert!(Logo::from_file("no/such/logo.svg").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_file(path: impl AsRef<Path>) -> Result<Self, LogoError> {
        let path = path.as_ref();
        let svg = encoding::read_bounded(path)?;
        Self::from_svg(svg)
    }

    /// Decodes a logo that is already encoded, as found in an order's `vmc.logo`.
    ///
    /// Line breaks and spaces (as `base64` wraps its output) and the JSON escape `\/` are
    /// accepted. The string kept is the same base64 text without them, so it carries exactly
    /// the gzip bytes that were given; nothing is compressed again.
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    ///
    /// let logo = Logo::from_svg(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec())?;
    /// // Wrapped base64, as `base64` writes it, is accepted and kept unwrapped.
    /// let (head, tail) = logo.encoded().split_at(20);
    /// let again = Logo::from_encoded(&format!("{head}\n{tail}"))?;
    /// assert_eq!(again, logo);
    /// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
    /// ```
    pub fn from_encoded(text: &str) -> Result<Self, LogoError> {
        let (svg, encoded) = encoding::decode_keeping_text(text)?;
        Ok(Self { svg, encoded })
    }

    /// The SVG bytes, exactly as given or decoded.
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    ///
    /// let svg = br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#;
    /// let logo = Logo::from_encoded(Logo::from_svg(svg.to_vec())?.encoded())?;
    /// assert_eq!(logo.svg(), svg);
    /// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
    /// ```
    pub fn svg(&self) -> &[u8] {
        &self.svg
    }

    /// The one-line base64 string to send as `vmc.logo`.
    ///
    /// ```
    /// use digicert_mark_certs::logo::{Logo, decode};
    ///
    /// let logo = Logo::from_svg(br#"<svg xmlns="http://www.w3.org/2000/svg"/>"#.to_vec())?;
    /// assert!(!logo.encoded().contains('\n'));
    /// assert_eq!(decode(logo.encoded())?, logo.svg());
    /// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
    /// ```
    pub fn encoded(&self) -> &str {
        &self.encoded
    }

    /// Checks the SVG against the SVG Tiny PS profile; see [`check`].
    ///
    /// ```
    /// use digicert_mark_certs::logo::Logo;
    ///
    /// let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 10 10"><title>Shop</title><rect width="10" height="10" fill="#fff"/><circle cx="5" cy="5" r="3" fill="#c00"/></svg>"##;
    /// assert!(Logo::from_svg(svg.to_vec())?.check().is_valid());
    /// let styled = br#"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps"><title>Shop</title><rect style="fill:red"/></svg>"#;
    /// assert!(Logo::from_svg(styled.to_vec())?.check().has("attribute-not-allowed"));
    /// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
    /// ```
    pub fn check(&self) -> crate::findings::Report {
        check(&self.svg)
    }
}

impl std::fmt::Debug for Logo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logo")
            .field("svg_bytes", &self.svg.len())
            .field("encoded_chars", &self.encoded.len())
            .finish()
    }
}
