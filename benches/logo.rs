//! Logo encoding and decoding for SVGs of about 1, 8 and 32 KB, and the encoded size of each
//! beside `gzip -9` of the same bytes; the checker beside a bare roxmltree parse of the same
//! realistic logos of about 1 KB, 32 KB and 1 MB.
//!
//! - `cargo bench --bench logo`: divan figures.
//! - `cargo bench --bench logo -- --ratios`: check time over parse time at each size, measured
//!   apart from divan; exits 1 when a ratio is above 2 (run by `.ci/logo_speed.sh`).
//! - `BENCH --write-logo FILE KB`: writes the realistic logo of about KB kilobytes.
//! - `BENCH --check-file FILE`: reads and checks one file and prints the report, as
//!   `markcert logo check` does but without encoding: the library's share of a process.

mod common;

use std::fmt::Write as _;
use std::io::Write;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use digicert_mark_certs::logo::{MAX_NODES, MAX_SVG_BYTES, check, decode, encode};
use divan::{Bencher, black_box};
use roxmltree::{Document, ParsingOptions};

const SIZES_KB: [usize; 3] = [1, 8, 32];
const CHECK_SIZES_KB: [usize; 3] = [1, 32, 1024];
/// Largest accepted check time over parse time.
const MAX_RATIO: f64 = 2.0;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["--ratios", ..] => ratios(),
        ["--write-logo", file, kb] => {
            let kb: usize = kb.parse().expect("KB is a number");
            std::fs::write(file, realistic_logo(kb_to_bytes(kb))).expect("writing the logo");
            ExitCode::SUCCESS
        }
        ["--check-file", file] => {
            let bytes = std::fs::read(file).expect("reading the logo");
            let report = check(&bytes);
            print!("{}", report.to_text());
            if report.is_valid() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        _ => {
            print_sizes();
            divan::main();
            ExitCode::SUCCESS
        }
    }
}

#[divan::bench(args = SIZES_KB)]
fn encode_logo(bencher: Bencher, kb: usize) {
    let svg = common::svg_of_size(kb * 1024);
    bencher.bench(|| encode(black_box(&svg)).unwrap());
}

#[divan::bench(args = SIZES_KB)]
fn decode_logo(bencher: Bencher, kb: usize) {
    let encoded = encode(&common::svg_of_size(kb * 1024)).unwrap();
    bencher.bench(|| decode(black_box(&encoded)).unwrap());
}

/// The whole check of a realistic logo, parse included.
#[divan::bench(args = CHECK_SIZES_KB)]
fn check_logo(bencher: Bencher, kb: usize) {
    let svg = realistic_logo(kb_to_bytes(kb));
    bencher.bench(|| {
        let report = check(black_box(&svg));
        assert!(report.is_valid());
        report
    });
}

/// The baseline: roxmltree parsing the same bytes with the checker's options, nothing else.
#[divan::bench(args = CHECK_SIZES_KB)]
fn parse_logo(bencher: Bencher, kb: usize) {
    let svg = String::from_utf8(realistic_logo(kb_to_bytes(kb))).unwrap();
    bencher.bench(|| parse(black_box(&svg)).unwrap().root().children().count());
}

fn parse(text: &str) -> Result<Document<'_>, roxmltree::Error> {
    let options = ParsingOptions {
        allow_dtd: false,
        nodes_limit: MAX_NODES,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
}

/// 1024 KB is the checker's limit exactly, not one byte over.
fn kb_to_bytes(kb: usize) -> usize {
    (kb * 1024).min(MAX_SVG_BYTES)
}

/// Check time over parse time at each size. Each is the fastest of several batches taken in
/// turn, so other work on a shared machine slows both alike and the ratio holds.
fn ratios() -> ExitCode {
    let mut worst = 0.0f64;
    println!("size      svg bytes     parse       check  check/parse");
    for kb in CHECK_SIZES_KB {
        let svg = realistic_logo(kb_to_bytes(kb));
        let text = std::str::from_utf8(&svg).unwrap();
        assert!(check(&svg).is_valid(), "the benchmark logo is valid");
        let per_batch = (256 * 1024 / svg.len()).max(1);
        let (mut best_parse, mut best_check) = (Duration::MAX, Duration::MAX);
        for _ in 0..15 {
            best_parse = best_parse.min(time(per_batch, || {
                parse(black_box(text)).unwrap().root().children().count()
            }));
            best_check = best_check.min(time(per_batch, || check(black_box(&svg)).findings.len()));
        }
        let ratio = best_check.as_secs_f64() / best_parse.as_secs_f64();
        worst = worst.max(ratio);
        println!(
            "{kb:>4} KB  {:>9}  {:>10.1?}  {:>10.1?}  {ratio:>11.2}",
            svg.len(),
            best_parse,
            best_check
        );
    }
    if worst > MAX_RATIO {
        println!("check is {worst:.2}x the parse at worst; the limit is {MAX_RATIO}x");
        ExitCode::FAILURE
    } else {
        println!("check is at most {worst:.2}x the parse (limit {MAX_RATIO}x)");
        ExitCode::SUCCESS
    }
}

/// Time per call of `f`, over `n` calls.
fn time<T>(n: usize, mut f: impl FnMut() -> T) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        black_box(f());
    }
    start.elapsed() / u32::try_from(n).unwrap()
}

/// A valid SVG Tiny PS logo of at most `target` bytes, shaped like an editor's export: a
/// gradient in `<defs>`, groups with transforms and fills, paths of cubic curves with two
/// decimals, some polygons and `<use>` references, indented on separate lines.
fn realistic_logo(target: usize) -> Vec<u8> {
    const FILLS: [&str; 6] = [
        "#ffffff",
        "#f5c518",
        "#e94e1b",
        "#2e7d32",
        "url(#sky)",
        "#0b2545",
    ];
    const END: &str = "</svg>\n";
    let mut svg = String::with_capacity(target);
    svg.push_str(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.2" baseProfile="tiny-ps" viewBox="0 0 512 512">
  <title>Benchmark Brand</title>
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1a4d8f"/>
      <stop offset="1" stop-color="#4f8fd8"/>
    </linearGradient>
  </defs>
  <rect width="512" height="512" fill="url(#sky)"/>
"##,
    );
    let mut random = Lcg(0x2545_f491_4f6c_dd1d);
    let mut unit = String::new();
    let mut ids = 0u32;
    let mut misses = 0;
    loop {
        unit.clear();
        let mut unit_ids = ids;
        let paths = 1 + random.below(6);
        let fill = FILLS[random.below(FILLS.len())];
        let (x, y) = (random.coordinate(), random.coordinate());
        let _ = writeln!(
            unit,
            r#"  <g transform="translate({x:.2} {y:.2})" fill="{fill}">"#
        );
        for _ in 0..paths {
            let segments = 2 + random.below(20);
            match random.below(10) {
                0 => {
                    let _ = write!(unit, r#"    <polygon points=""#);
                    for i in 0..segments {
                        let sep = if i == 0 { "" } else { " " };
                        let _ = write!(
                            unit,
                            "{sep}{:.2},{:.2}",
                            random.coordinate(),
                            random.coordinate()
                        );
                    }
                    unit.push_str("\"/>\n");
                }
                1 if unit_ids > 0 => {
                    let _ = writeln!(
                        unit,
                        r##"    <use href="#p{}" transform="scale(0.5)" fill="{}"/>"##,
                        random.below(unit_ids as usize),
                        FILLS[random.below(FILLS.len())]
                    );
                }
                _ => {
                    let _ = write!(
                        unit,
                        r#"    <path id="p{unit_ids}" d="M{:.2} {:.2}"#,
                        random.coordinate(),
                        random.coordinate()
                    );
                    unit_ids += 1;
                    for _ in 0..segments {
                        let _ = write!(
                            unit,
                            "C{:.2} {:.2} {:.2} {:.2} {:.2} {:.2}",
                            random.coordinate(),
                            random.coordinate(),
                            random.coordinate(),
                            random.coordinate(),
                            random.coordinate(),
                            random.coordinate()
                        );
                    }
                    let stroke = if random.below(4) == 0 {
                        r##" stroke="#0b2545" stroke-width="1.5""##
                    } else {
                        ""
                    };
                    let _ = writeln!(
                        unit,
                        r#"Z" fill="{}"{stroke}/>"#,
                        FILLS[random.below(FILLS.len())]
                    );
                }
            }
        }
        unit.push_str("  </g>\n");
        // Near the end, smaller groups may still fit: stop after a run of misses.
        if svg.len() + unit.len() + END.len() <= target {
            svg.push_str(&unit);
            ids = unit_ids;
            misses = 0;
        } else if misses == 100 {
            break;
        } else {
            misses += 1;
        }
    }
    svg.push_str(END);
    svg.into_bytes()
}

/// A small deterministic generator, so every run benchmarks the same bytes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn coordinate(&mut self) -> f64 {
        (self.next() % 51_200) as f64 / 100.0
    }
}

/// The gzip stream inside our encoding beside `gzip -9 -n` of the same SVG.
fn print_sizes() {
    println!("size     svg bytes  ours (gzip)  gzip -9  ours (base64)");
    for kb in SIZES_KB {
        let svg = common::svg_of_size(kb * 1024);
        let encoded = encode(&svg).unwrap();
        let ours = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, &encoded)
            .unwrap()
            .len();
        let reference = gzip_9(&svg).map_or("n/a".to_owned(), |n| n.to_string());
        println!(
            "{:>2} KB  {:>10}  {:>11}  {:>7}  {:>13}",
            kb,
            svg.len(),
            ours,
            reference,
            encoded.len()
        );
    }
}

fn gzip_9(bytes: &[u8]) -> Option<usize> {
    let mut child = Command::new("gzip")
        .args(["-9", "-n", "-c"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    child.stdin.take()?.write_all(bytes).ok()?;
    Some(child.wait_with_output().ok()?.stdout.len())
}
