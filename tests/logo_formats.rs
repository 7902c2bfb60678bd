//! Files that are not SVG (bitmaps, PDF, gzip) are named for what they are, by the checker and
//! when building a [`Logo`], instead of being parsed as broken XML.

use digicert_mark_certs::logo::{Logo, LogoError, OtherFormat, check, encode, sniff};

/// The first bytes of a real file of each format, then some payload.
fn sample(format: OtherFormat) -> Vec<u8> {
    let head: &[u8] = match format {
        OtherFormat::Png => b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10",
        OtherFormat::Jpeg => b"\xff\xd8\xff\xe0\0\x10JFIF\0",
        OtherFormat::Gif => b"GIF89a\x10\0\x10\0",
        OtherFormat::WebP => b"RIFF\x24\0\0\0WEBPVP8 ",
        OtherFormat::Bmp => b"BM\x36\x04\0\0\0\0\0\0\x36\0\0\0",
        OtherFormat::Tiff => b"II*\0\x08\0\0\0",
        OtherFormat::Pdf => b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        OtherFormat::PostScript => b"%!PS-Adobe-3.0 EPSF-3.0\n",
        OtherFormat::Gzip => b"\x1f\x8b\x08\0\0\0\0\0\0\xff",
        other => panic!("no sample for {other:?}"),
    };
    let mut bytes = head.to_vec();
    bytes.extend((0..200u8).map(|b| b.wrapping_mul(37)));
    bytes
}

const FORMATS: [OtherFormat; 9] = [
    OtherFormat::Png,
    OtherFormat::Jpeg,
    OtherFormat::Gif,
    OtherFormat::WebP,
    OtherFormat::Bmp,
    OtherFormat::Tiff,
    OtherFormat::Pdf,
    OtherFormat::PostScript,
    OtherFormat::Gzip,
];

#[test]
fn sniff_recognises_each_format_by_its_signature() {
    for format in FORMATS {
        assert_eq!(sniff(&sample(format)), Some(format));
    }
}

#[test]
fn sniff_never_claims_an_svg_or_text() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/logos/corpus");
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(sniff(&std::fs::read(&path).unwrap()), None, "{path:?}");
    }
    for text in [
        "",
        "B",
        "BM",
        "GIF",
        "%PDF",
        "II",
        "H4sIAAAAAAAA/w==",
        "  <svg/>",
    ] {
        assert_eq!(sniff(text.as_bytes()), None, "{text:?}");
    }
}

#[test]
fn not_svg_is_the_one_finding_for_another_format() {
    for format in FORMATS {
        let report = check(&sample(format));
        assert_eq!(report.rules(), ["not-svg"], "{format:?}");
        let finding = &report.findings[0];
        assert!(!report.is_valid());
        assert!(
            finding.message.contains(format.name()),
            "{}",
            finding.message
        );
        assert!(
            finding.message.contains("SVG Tiny PS"),
            "{}",
            finding.message
        );
    }
}

#[test]
fn not_svg_says_what_to_do() {
    let report = check(&sample(OtherFormat::Png));
    let message = &report.findings[0].message;
    assert!(message.starts_with("this is a PNG image"), "{message}");
    assert!(message.contains("export the artwork"), "{message}");
    let gzip = &check(&sample(OtherFormat::Gzip)).findings[0].message;
    assert!(gzip.contains("gunzip"), "{gzip}");
}

#[test]
fn not_svg_comes_before_the_size_limit() {
    let mut huge = sample(OtherFormat::Jpeg);
    huge.resize(3 * 1024 * 1024, 0x55);
    assert_eq!(check(&huge).rules(), ["not-svg"]);
}

#[test]
fn from_svg_refuses_another_format_before_encoding() {
    let err = Logo::from_svg(sample(OtherFormat::Png)).unwrap_err();
    assert!(
        matches!(
            err,
            LogoError::NotSvg {
                format: OtherFormat::Png
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("PNG"), "{err}");
}

#[test]
fn from_file_refuses_another_format() {
    let path = std::env::temp_dir().join(format!("logo-formats-{}.svg", std::process::id()));
    std::fs::write(&path, sample(OtherFormat::Pdf)).unwrap();
    let result = Logo::from_file(&path);
    std::fs::remove_file(&path).unwrap();
    assert!(
        matches!(
            result,
            Err(LogoError::NotSvg {
                format: OtherFormat::Pdf
            })
        ),
        "{result:?}"
    );
}

#[test]
fn a_decoded_logo_holding_a_png_is_reported_by_check() {
    let encoded = encode(&sample(OtherFormat::Png)).unwrap();
    let logo = Logo::from_encoded(&encoded).unwrap();
    assert_eq!(logo.check().rules(), ["not-svg"]);
    assert!(logo.check().findings[0].message.contains("PNG"));
}
