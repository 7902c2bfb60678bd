//! Encodings and signatures shared across the crate, each defined once.

use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

/// Standard base64 (RFC 4648 section 4): output always carries padding; input may leave it
/// out. Used for logos (`vmc.logo`), the logo a certificate embeds, PEM bodies and the PEM
/// the crate writes. (Certificate Transparency log lists are read with base64's own
/// `STANDARD`, which requires the padding the published lists carry.)
pub(crate) const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The first two bytes of every gzip member (RFC 1952 section 2.3.1).
pub(crate) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Spelled once, for the two constants below (`concat!` takes only literals).
macro_rules! svg_media_type {
    () => {
        "image/svg+xml"
    };
}

/// The media type of SVG, which BIMI logos are.
pub(crate) const SVG_MEDIA_TYPE: &str = svg_media_type!();

/// The only form of logo BIMI accepts in a mark certificate (case is not significant): a
/// data URI of base64 text.
pub(crate) const SVG_DATA_URI_PREFIX: &str = concat!("data:", svg_media_type!(), ";base64,");

#[cfg(test)]
mod tests {
    use base64::Engine;

    use super::*;

    #[test]
    fn base64_pads_its_output_and_takes_input_with_or_without_padding() {
        assert_eq!(BASE64.encode(b"ab"), "YWI=");
        assert_eq!(BASE64.decode("YWI=").unwrap(), b"ab");
        assert_eq!(BASE64.decode("YWI").unwrap(), b"ab");
    }
}
