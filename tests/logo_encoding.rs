//! Logo encoding is deterministic and reversible; decoding refuses every malformed input
//! with the reason, and never panics.

mod common;

use std::io::Write;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use digicert_mark_certs::logo::{
    Logo, LogoError, MAX_ENCODED_CHARS, MAX_SVG_BYTES, decode, encode,
};
use flate2::{Compression, GzBuilder};
use proptest::prelude::*;

/// The logo of DigiCert's CMC example, as the page writes it (with JSON's `\/`).
fn seed_logo() -> String {
    let doc = common::document();
    let logo = common::component_example(&doc, "CmcSeedRequest")["vmc"]["logo"]
        .as_str()
        .unwrap()
        .to_owned();
    logo.replace('/', "\\/")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzBuilder::new().write(Vec::new(), Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

const SVG: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\">\r\n<title>\xc3\x89x</title></svg>\n";

#[test]
fn the_seed_logo_decodes_to_an_svg_and_survives_re_encoding() {
    let svg = decode(&seed_logo()).unwrap();
    let text = std::str::from_utf8(&svg).unwrap();
    assert!(text.contains("baseProfile=\"tiny-ps\""), "{text}");
    let again = Logo::from_encoded(&encode(&svg).unwrap()).unwrap();
    assert_eq!(again.svg(), svg.as_slice());
}

#[test]
fn encoding_is_deterministic_with_a_fixed_gzip_header() {
    let first = encode(SVG).unwrap();
    assert_eq!(first, encode(SVG).unwrap());
    let gz = STANDARD.decode(&first).unwrap();
    assert_eq!(
        &gz[..4],
        &[0x1f, 0x8b, 8, 0],
        "deflate, no flags, no file name"
    );
    assert_eq!(&gz[4..8], &[0, 0, 0, 0], "mtime 0");
    assert_eq!(gz[9], 255, "operating system: unknown");
    assert!(!first.contains('\n'), "one line");
}

#[test]
fn encode_then_decode_gives_the_exact_bytes_back() {
    let logo = Logo::from_svg(SVG.to_vec()).unwrap();
    assert_eq!(decode(logo.encoded()).unwrap(), SVG);
    assert_eq!(Logo::from_encoded(logo.encoded()).unwrap(), logo);
}

#[test]
fn wrapped_base64_is_accepted_and_kept_as_one_line() {
    let one_line = encode(SVG).unwrap();
    let wrapped: String = one_line
        .as_bytes()
        .chunks(76)
        .map(|line| format!("{}\n", std::str::from_utf8(line).unwrap()))
        .collect();
    assert!(wrapped.lines().count() > 1);
    let logo = Logo::from_encoded(&wrapped).unwrap();
    assert_eq!(logo.svg(), SVG);
    assert_eq!(
        logo.encoded(),
        one_line,
        "same base64 text, wrapping removed"
    );
}

#[test]
fn the_json_escape_for_slash_is_accepted() {
    let logo = Logo::from_encoded(&seed_logo()).unwrap();
    assert!(!logo.encoded().contains('\\'));
    assert_eq!(logo.encoded(), seed_logo().replace("\\/", "/"));
}

#[test]
fn a_file_made_by_gzip_with_a_name_and_mtime_decodes() {
    let mut gz = GzBuilder::new()
        .filename("logo.svg")
        .mtime(1_700_000_000)
        .write(Vec::new(), Compression::fast());
    gz.write_all(SVG).unwrap();
    let text = STANDARD.encode(gz.finish().unwrap());
    assert_eq!(decode(&text).unwrap(), SVG);
}

#[test]
fn text_that_is_not_base64_is_refused() {
    let err = decode("H4sI*not-base64*").unwrap_err();
    assert!(matches!(err, LogoError::NotBase64 { .. }), "{err:?}");
    assert!(err.to_string().contains("base64"));
}

#[test]
fn base64_that_is_not_gzip_is_refused() {
    let err = decode(&STANDARD.encode(SVG)).unwrap_err();
    assert!(matches!(err, LogoError::NotGzip), "{err:?}");
}

#[test]
fn two_gzip_members_are_refused() {
    let mut both = gzip(SVG);
    both.extend(gzip(SVG));
    let err = decode(&STANDARD.encode(both)).unwrap_err();
    assert!(matches!(err, LogoError::MultipleMembers), "{err:?}");
}

#[test]
fn bytes_after_the_gzip_data_are_refused() {
    let mut data = gzip(SVG);
    data.extend(b"junk");
    let err = decode(&STANDARD.encode(data)).unwrap_err();
    assert!(
        matches!(err, LogoError::TrailingBytes { count: 4 }),
        "{err:?}"
    );
}

#[test]
fn truncated_gzip_is_refused() {
    let data = gzip(SVG);
    let err = decode(&STANDARD.encode(&data[..data.len() - 6])).unwrap_err();
    assert!(matches!(err, LogoError::CorruptGzip { .. }), "{err:?}");
}

#[test]
fn a_wrong_checksum_is_refused() {
    let mut data = gzip(SVG);
    let crc_at = data.len() - 8;
    data[crc_at] ^= 0xff;
    let err = decode(&STANDARD.encode(data)).unwrap_err();
    assert!(matches!(err, LogoError::CorruptGzip { .. }), "{err:?}");
}

#[test]
fn an_svg_over_the_limit_is_refused_and_one_at_the_limit_is_not() {
    let at_limit = vec![b' '; MAX_SVG_BYTES];
    let encoded = encode(&at_limit).unwrap();
    assert_eq!(decode(&encoded).unwrap().len(), MAX_SVG_BYTES);

    let over = vec![b' '; MAX_SVG_BYTES + 1];
    assert!(matches!(encode(&over), Err(LogoError::SvgTooLarge { .. })));
    let err = decode(&STANDARD.encode(gzip(&over))).unwrap_err();
    assert!(
        matches!(err, LogoError::InflatesPastLimit { .. }),
        "{err:?}"
    );
}

#[test]
fn encoded_text_over_the_limit_is_refused_before_decoding() {
    let long = "A".repeat(MAX_ENCODED_CHARS + 1);
    assert!(matches!(
        decode(&long),
        Err(LogoError::EncodedTooLong { .. })
    ));
}

#[test]
fn a_missing_file_is_an_error_naming_the_file() {
    let err = Logo::from_file("no/such/logo.svg").unwrap_err();
    assert!(err.to_string().contains("no/such/logo.svg"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn decoding_arbitrary_text_never_panics(text in ".{0,300}") {
        let _ = decode(&text);
    }

    #[test]
    fn decoding_arbitrary_gzip_like_bytes_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..300)) {
        let mut data = vec![0x1f, 0x8b, 8, 0];
        data.extend(tail);
        let _ = decode(&STANDARD.encode(data));
    }

    #[test]
    fn any_bytes_round_trip(svg in proptest::collection::vec(any::<u8>(), 0..2000)) {
        prop_assert_eq!(decode(&encode(&svg).unwrap()).unwrap(), svg);
    }
}
