//! A decompression bomb is refused while holding no more than the documented limit.
//!
//! This test binary counts live heap bytes with its own allocator, so it stays alone in its
//! file: other tests running beside it would disturb the count.

#[path = "common/peak_heap.rs"]
mod peak_heap;

use std::io::Write;

use digicert_mark_certs::logo::{LogoError, MAX_SVG_BYTES, decode};
use flate2::{Compression, GzBuilder};

#[global_allocator]
static ALLOCATOR: peak_heap::Counting = peak_heap::Counting;

/// gzip + base64 of `size` zero bytes, built in chunks so the zeros never sit in memory.
fn encoded_zeros(size: usize) -> String {
    let mut gzip = GzBuilder::new()
        .mtime(0)
        .write(Vec::new(), Compression::best());
    let chunk = vec![0u8; 1 << 20];
    let mut left = size;
    while left > 0 {
        let n = left.min(chunk.len());
        gzip.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    let compressed = gzip.finish().unwrap();
    base64::Engine::encode(&base64::engine::general_purpose::STANDARD, compressed)
}

#[test]
fn a_one_gigabyte_bomb_is_refused_within_the_memory_limit() {
    const GIB: usize = 1 << 30;
    let bomb = encoded_zeros(GIB);
    let gzip_bytes = bomb.len() / 4 * 3;
    assert!(
        gzip_bytes < 1_200_000,
        "bomb is about 1 MB of gzip: {gzip_bytes}"
    );

    let before = peak_heap::start();
    let outcome = decode(&bomb);
    let extra = peak_heap::peak_since(before);

    assert!(
        matches!(outcome, Err(LogoError::InflatesPastLimit { limit }) if limit == MAX_SVG_BYTES),
        "{outcome:?}"
    );
    // The cleaned base64 text and the decoded gzip bytes are copies of the input (about 2.4 MB
    // here); beyond them decoding holds at most the limit plus small buffers. A decoder that
    // inflated the whole stream would need a gigabyte.
    let input_copies = bomb.len() + gzip_bytes;
    let budget = input_copies + MAX_SVG_BYTES + 256 * 1024;
    assert!(
        extra <= budget,
        "peak extra heap {extra} bytes, budget {budget}"
    );
}
