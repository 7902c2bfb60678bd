//! Bounded reading of a PEM file into the DER of its certificates.
//!
//! Only `CERTIFICATE` blocks belong in the file served at `a=`: any other block is reported.
//! Text between blocks is ignored, as OpenSSL and the receivers' libraries do.

use base64::Engine;

use crate::codec::BASE64;
use crate::findings::{Location, Report};

use super::{MAX_CERTIFICATES, MAX_PEM_BYTES};

/// One certificate block: the DER it carries and the 1-based line of its `BEGIN`.
pub(crate) struct Block {
    pub der: Vec<u8>,
    pub line: u32,
}

fn at_line(line: u32, certificate: Option<usize>) -> Location {
    let mut location = Location::line_column(line, 1);
    location.certificate = certificate;
    location
}

/// The certificate blocks of `input`, in order. A block that cannot be read is reported and
/// left out, so a later block keeps its place number (`index`) in the findings.
///
/// Returns `None` when the input is refused whole (too large, too many certificates).
pub(crate) fn certificates(input: &[u8], report: &mut Report) -> Option<Vec<Option<Block>>> {
    if input.len() > MAX_PEM_BYTES {
        report.error(
            "pem-too-large",
            Location::none(),
            format!(
                "the input is {} bytes, more than the {MAX_PEM_BYTES} accepted; a mark \
                 certificate chain is a few kilobytes to a few dozen: give the PEM file \
                 served at a= (leaf, then intermediates)",
                input.len()
            ),
        );
        return None;
    }

    let mut blocks: Vec<Option<Block>> = Vec::new();
    // The open block: its label, line, and base64 text so far.
    let mut open: Option<(String, u32, String)> = None;
    let mut line_number: u32 = 0;
    for raw in input.split(|&b| b == b'\n') {
        line_number = line_number.saturating_add(1);
        let text = String::from_utf8_lossy(raw);
        let line = text.trim();
        if let Some(label) = boundary(line, "-----BEGIN ") {
            if let Some((old, old_line, _)) = open.take() {
                report.error(
                    "pem-malformed",
                    at_line(old_line, None),
                    format!(
                        "the block `{old}` that begins on line {old_line} has no END line \
                         before the next BEGIN; the file is cut or pasted badly: download it \
                         again"
                    ),
                );
            }
            open = Some((label.to_owned(), line_number, String::new()));
        } else if let Some(label) = boundary(line, "-----END ") {
            match open.take() {
                Some((begun, begin_line, body)) if begun == label => {
                    if begun != "CERTIFICATE" {
                        unexpected_block(&begun, begin_line, report);
                        continue;
                    }
                    if blocks.len() == MAX_CERTIFICATES {
                        report.error(
                            "pem-too-many-certificates",
                            at_line(begin_line, None),
                            format!(
                                "the file holds more than {MAX_CERTIFICATES} certificates; a \
                                 mark certificate chain is the leaf and one or two CA \
                                 certificates: serve only those"
                            ),
                        );
                        return None;
                    }
                    let index = blocks.len();
                    blocks.push(match BASE64.decode(body.as_bytes()) {
                        Ok(der) => Some(Block {
                            der,
                            line: begin_line,
                        }),
                        Err(e) => {
                            report.error(
                                "pem-malformed",
                                at_line(begin_line, Some(index)),
                                format!(
                                    "the base64 text of this certificate is damaged ({e}); \
                                     download the chain again rather than editing it"
                                ),
                            );
                            None
                        }
                    });
                }
                Some((begun, begin_line, _)) => {
                    report.error(
                        "pem-malformed",
                        at_line(line_number, None),
                        format!(
                            "the block that begins on line {begin_line} as `{begun}` ends as \
                             `{label}`; the file is damaged: download it again"
                        ),
                    );
                }
                None => {
                    report.error(
                        "pem-malformed",
                        at_line(line_number, None),
                        format!(
                            "an END `{label}` line without its BEGIN line; the file is cut: \
                             download it again"
                        ),
                    );
                }
            }
        } else if let Some((_, _, body)) = open.as_mut() {
            // Encapsulated headers (`Proc-Type: ...`) only occur in key blocks, which are
            // refused anyway; base64 text never holds a colon.
            if !line.contains(':') {
                body.push_str(line);
            }
        }
    }
    if let Some((label, line, _)) = open {
        report.error(
            "pem-malformed",
            at_line(line, None),
            format!(
                "the block `{label}` that begins on line {line} never ends; the file is cut \
                 short: download it again"
            ),
        );
    }
    if blocks.is_empty() && report.is_clean() {
        let hint = if input.starts_with(&[0x30]) {
            "the input looks like binary DER; receivers read PEM: convert it with \
             `openssl x509 -inform der -in cert.der -out cert.pem`"
        } else {
            "no `-----BEGIN CERTIFICATE-----` block was found; give the PEM file of the chain \
             (CertCentral's `pem_all` download)"
        };
        report.error("pem-no-certificate", Location::none(), hint);
    } else if blocks.is_empty() {
        report.error(
            "pem-no-certificate",
            Location::none(),
            "the file holds no readable certificate; give the PEM file of the chain \
             (CertCentral's `pem_all` download)",
        );
    }
    Some(blocks)
}

/// The label of a `-----BEGIN label-----` or `-----END label-----` line.
fn boundary<'a>(line: &'a str, prefix: &str) -> Option<&'a str> {
    line.strip_prefix(prefix)?.strip_suffix("-----")
}

fn unexpected_block(label: &str, line: u32, report: &mut Report) {
    let message = if label.contains("PRIVATE KEY") {
        format!(
            "the file holds a `{label}` block: a private key must never be published; remove \
             it, and if this file was ever served, revoke the certificate and order a new one \
             with a new key"
        )
    } else {
        format!(
            "the file holds a `{label}` block; the file served at a= must hold only \
             CERTIFICATE blocks: remove it"
        )
    };
    report.error("pem-unexpected-block", at_line(line, None), message);
}

/// Why [`labelled_blocks`] refused its input.
pub(crate) enum BlockError {
    /// More blocks than allowed.
    TooMany,
    /// A block is cut, mislabelled at its end, or not base64.
    Malformed { index: usize, reason: String },
}

/// The DER of every block whose label is one of `labels`, in order; other blocks and the text
/// between blocks are skipped. For files that are not the served chain (trust anchors, CRLs).
pub(crate) fn labelled_blocks(
    input: &[u8],
    labels: &[&str],
    max: usize,
) -> Result<Vec<Vec<u8>>, BlockError> {
    let mut out = Vec::new();
    let mut open: Option<(String, String)> = None;
    for raw in input.split(|&b| b == b'\n') {
        let text = String::from_utf8_lossy(raw);
        let line = text.trim();
        if let Some(label) = boundary(line, "-----BEGIN ") {
            if open.is_some() {
                return Err(BlockError::Malformed {
                    index: out.len(),
                    reason: "a block has no END line before the next BEGIN".to_owned(),
                });
            }
            open = Some((label.to_owned(), String::new()));
        } else if let Some(label) = boundary(line, "-----END ") {
            let Some((begun, body)) = open.take() else {
                return Err(BlockError::Malformed {
                    index: out.len(),
                    reason: format!("an END `{label}` line without its BEGIN line"),
                });
            };
            if begun != label {
                return Err(BlockError::Malformed {
                    index: out.len(),
                    reason: format!("a block begins as `{begun}` and ends as `{label}`"),
                });
            }
            if !labels.contains(&begun.as_str()) {
                continue;
            }
            if out.len() == max {
                return Err(BlockError::TooMany);
            }
            match BASE64.decode(body.as_bytes()) {
                Ok(der) => out.push(der),
                Err(e) => {
                    return Err(BlockError::Malformed {
                        index: out.len(),
                        reason: format!("its base64 text is damaged ({e})"),
                    });
                }
            }
        } else if let Some((_, body)) = open.as_mut()
            && !line.contains(':')
        {
            body.push_str(line);
        }
    }
    if open.is_some() {
        return Err(BlockError::Malformed {
            index: out.len(),
            reason: "the last block never ends".to_owned(),
        });
    }
    Ok(out)
}
