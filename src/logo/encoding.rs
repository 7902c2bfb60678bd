//! Deterministic gzip + base64 encoding, and bounded decoding of untrusted encoded logos.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use base64::Engine;
use flate2::{Compression, GzBuilder};

use crate::codec::{BASE64, GZIP_MAGIC};

/// Largest SVG accepted, in bytes, whether given directly or reached by inflating a logo.
///
/// BIMI asks for logos of at most 32 KB; this limit is far above that and only stops
/// decompression bombs and runaway files. Decoding never holds more than this much SVG.
pub const MAX_SVG_BYTES: usize = 1024 * 1024;

/// Longest encoded logo accepted, in characters (line breaks included).
pub const MAX_ENCODED_CHARS: usize = 4 * 1024 * 1024;

/// gzip's "unknown" operating system byte, so output does not depend on the machine.
const OS_UNKNOWN: u8 = 255;

/// Why a logo could not be read, encoded or decoded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LogoError {
    /// The logo file could not be read.
    #[error("cannot read the logo file {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The SVG is larger than [`MAX_SVG_BYTES`].
    #[error(
        "the SVG is larger than {limit} bytes; BIMI logos should stay under 32 KB, so simplify \
         the paths or remove unused elements"
    )]
    SvgTooLarge {
        /// The limit, [`MAX_SVG_BYTES`].
        limit: usize,
    },
    /// The file is another format (PNG, PDF, ...) by its signature, not SVG; see
    /// [`crate::logo::sniff`].
    #[error("{format}")]
    NotSvg {
        /// The format found.
        format: super::OtherFormat,
    },
    /// The encoded text is longer than [`MAX_ENCODED_CHARS`].
    #[error("the encoded logo is longer than {limit} characters; is this the right file?")]
    EncodedTooLong {
        /// The limit, [`MAX_ENCODED_CHARS`].
        limit: usize,
    },
    /// The encoded text is not base64.
    #[error(
        "the encoded logo is not valid base64 ({detail}); encode it with \
         `gzip -c logo.svg | base64` or `markcert logo encode logo.svg`"
    )]
    NotBase64 {
        /// What the base64 decoder found.
        detail: String,
    },
    /// The base64 data does not start with the gzip signature.
    #[error(
        "the encoded logo is base64 but not gzip data; compress the SVG with gzip before \
         base64-encoding it"
    )]
    NotGzip,
    /// The gzip data is damaged or cut short.
    #[error("the logo's gzip data is damaged or incomplete ({detail}); encode the SVG again")]
    CorruptGzip {
        /// What the gzip decoder found.
        detail: String,
    },
    /// More than one gzip member was found.
    #[error("the encoded logo holds several gzip streams; compress the SVG once, as a single file")]
    MultipleMembers,
    /// Bytes follow the end of the gzip data.
    #[error("{count} unexpected bytes follow the gzip data; encode the SVG file alone")]
    TrailingBytes {
        /// How many bytes follow.
        count: usize,
    },
    /// Inflating would produce more than [`MAX_SVG_BYTES`].
    #[error(
        "the logo inflates to more than {limit} bytes and was refused; BIMI logos should stay \
         under 32 KB"
    )]
    InflatesPastLimit {
        /// The limit, [`MAX_SVG_BYTES`].
        limit: usize,
    },
}

/// Encodes SVG bytes as gzip (best compression, no name, mtime 0) then standard base64 on one
/// line. The same bytes always give the same string.
///
/// ```
/// let once = digicert_mark_certs::logo::encode(b"<svg/>")?;
/// assert_eq!(once, digicert_mark_certs::logo::encode(b"<svg/>")?);
/// assert!(once.starts_with("H4sI"));
/// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
/// ```
pub fn encode(svg: &[u8]) -> Result<String, LogoError> {
    tracing::debug!(bytes = svg.len(), "logo encoded");
    if svg.len() > MAX_SVG_BYTES {
        return Err(LogoError::SvgTooLarge {
            limit: MAX_SVG_BYTES,
        });
    }
    let mut gzip = GzBuilder::new()
        .mtime(0)
        .operating_system(OS_UNKNOWN)
        .write(Vec::with_capacity(svg.len() / 2 + 64), Compression::best());
    // Writing into a Vec cannot fail.
    gzip.write_all(svg).expect("writing to memory");
    let compressed = gzip.finish().expect("writing to memory");
    Ok(BASE64.encode(compressed))
}

/// Decodes an encoded logo to its SVG bytes. See [`crate::logo::Logo::from_encoded`] for what
/// is accepted; anything else is refused with the reason.
///
/// ```
/// use digicert_mark_certs::logo::{decode, encode};
///
/// let encoded = encode(b"<svg/>")?;
/// assert_eq!(decode(&encoded)?, b"<svg/>");
/// assert!(decode("not base64!").is_err());
/// # Ok::<(), digicert_mark_certs::logo::LogoError>(())
/// ```
pub fn decode(text: &str) -> Result<Vec<u8>, LogoError> {
    decode_keeping_text(text).map(|(svg, _)| svg)
}

/// Decodes, and returns the base64 text in its canonical one-line form beside the SVG.
pub(crate) fn decode_keeping_text(text: &str) -> Result<(Vec<u8>, String), LogoError> {
    tracing::debug!(chars = text.len(), "logo decoded");
    if text.len() > MAX_ENCODED_CHARS {
        return Err(LogoError::EncodedTooLong {
            limit: MAX_ENCODED_CHARS,
        });
    }
    let cleaned = without_wrapping(text);
    let compressed = BASE64
        .decode(cleaned.as_bytes())
        .map_err(|e| LogoError::NotBase64 {
            detail: e.to_string(),
        })?;
    let svg = inflate_one_member(&compressed)?;
    Ok((svg, cleaned))
}

/// The base64 text without white space, and with the JSON escape `\/` read as `/`.
fn without_wrapping(text: &str) -> String {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'/') => {}
            c if c.is_ascii_whitespace() => {}
            c => cleaned.push(c),
        }
    }
    cleaned
}

/// Inflates exactly one gzip member, never holding more than [`MAX_SVG_BYTES`] of output.
fn inflate_one_member(compressed: &[u8]) -> Result<Vec<u8>, LogoError> {
    if !compressed.starts_with(&GZIP_MAGIC) {
        return Err(LogoError::NotGzip);
    }
    let mut decoder = flate2::bufread::GzDecoder::new(compressed);
    // The gzip trailer states the inflated size (mod 2^32). It is only a hint from untrusted
    // data, but capped at the limit it lets honest logos and bombs alike inflate into a single
    // allocation, with no reallocation that would briefly hold two buffers.
    let mut svg = Vec::with_capacity(stated_size(compressed).min(MAX_SVG_BYTES));
    let mut chunk = [0u8; 8 * 1024];
    loop {
        let n = decoder
            .read(&mut chunk)
            .map_err(|e| LogoError::CorruptGzip {
                detail: e.to_string(),
            })?;
        if n == 0 {
            break;
        }
        let needed = svg.len() + n;
        if needed > MAX_SVG_BYTES {
            return Err(LogoError::InflatesPastLimit {
                limit: MAX_SVG_BYTES,
            });
        }
        // Grow by doubling, but never past the limit, so memory stays within it.
        if needed > svg.capacity() {
            let target = needed.max(svg.capacity() * 2).min(MAX_SVG_BYTES);
            svg.reserve_exact(target - svg.len());
        }
        svg.extend_from_slice(&chunk[..n]);
    }
    let rest = decoder.into_inner();
    if rest.starts_with(&GZIP_MAGIC) {
        return Err(LogoError::MultipleMembers);
    }
    if !rest.is_empty() {
        return Err(LogoError::TrailingBytes { count: rest.len() });
    }
    Ok(svg)
}

/// The inflated size a gzip member's trailer states (its last four bytes, little-endian).
fn stated_size(compressed: &[u8]) -> usize {
    match compressed.len().checked_sub(4).map(|at| &compressed[at..]) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]) as usize,
        _ => 0,
    }
}

/// Reads a file of at most [`MAX_SVG_BYTES`], refusing larger ones without reading them whole.
pub(crate) fn read_bounded(path: &Path) -> Result<Vec<u8>, LogoError> {
    let io = |source| LogoError::Io {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let mut bytes = Vec::new();
    file.take(MAX_SVG_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(io)?;
    if bytes.len() > MAX_SVG_BYTES {
        return Err(LogoError::SvgTooLarge {
            limit: MAX_SVG_BYTES,
        });
    }
    Ok(bytes)
}
