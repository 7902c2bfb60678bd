//! Decoding arbitrary text as an encoded logo never panics, and what decodes re-encodes and
//! decodes to the same bytes.
#![no_main]

use digicert_mark_certs::logo::{Logo, decode, encode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Raw bytes are mostly not base64: also feed them as a base64-encoded gzip-like stream,
    // so the inflater sees fuzzed input too.
    let Ok(text) = std::str::from_utf8(data) else {
        let wrapped = base64_of(data);
        let _ = decode(&wrapped);
        return;
    };
    if let Ok(logo) = Logo::from_encoded(text) {
        let again = encode(logo.svg()).expect("a decoded logo is within the size limit");
        assert_eq!(
            decode(&again).expect("our own encoding decodes"),
            logo.svg()
        );
    }
});

fn base64_of(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    gz.extend_from_slice(bytes);
    let mut out = String::new();
    for chunk in gz.chunks(3) {
        let n =
            chunk.iter().fold(0u32, |acc, b| (acc << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        for _ in chunk.len()..3 {
            out.push('=');
        }
    }
    out
}
