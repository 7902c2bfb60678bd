//! Inputs shared by the benchmarks.
#![allow(dead_code)]

/// A square, two-colour SVG Tiny PS logo of about `target` bytes: a background, then rings
/// of small shapes until the size is reached.
pub fn svg_of_size(target: usize) -> Vec<u8> {
    let mut svg = String::from(
        r##"<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 512 512"><title>Benchmark Brand</title><rect width="512" height="512" fill="#1a4d8f"/>"##,
    );
    let mut i = 0u32;
    while svg.len() + 60 < target {
        let x = 16 + (i * 37) % 480;
        let y = 16 + (i * 53) % 480;
        let r = 3 + i % 9;
        svg.push_str(&format!(
            r##"<circle cx="{x}" cy="{y}" r="{r}" fill="#ffffff"/>"##
        ));
        i += 1;
    }
    svg.push_str("</svg>");
    svg.into_bytes()
}
