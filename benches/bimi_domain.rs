//! `bimi::check_domain` on a loopback domain whose DNS and HTTP answers each take 300 ms: the
//! check's time over its longest chain of dependent steps (record lookup, file host lookup,
//! file fetch, CRL host lookup, CRL fetch: 5 answers). Everything else (DMARC of the domain
//! and its organizational domain, the fallback record, A and AAAA, the logo beside the
//! chain) runs beside that chain, so the ratio stays near 1.
//!
//! With `CHECKDMARC=/path/to/checkdmarc`, the same zone is also served on 127.0.0.1:53 and
//! checkdmarc's check of the domain is timed beside ours (its HTTPS fetches use the system
//! resolver, which does not know the loopback file host, so only its lookups are comparable).
//!
//! `cargo bench --all-features --bench bimi_domain`

#[path = "../tests/common/world.rs"]
mod world;

use std::time::{Duration, Instant};

use digicert_mark_certs::bimi::{Verdict, check_domain};

const LATENCY: Duration = Duration::from_millis(300);
const CHAIN: u32 = 5;
const RUNS: usize = 3;
const LIMIT: f64 = 1.3;

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let world = world::World::start().await;
        world.delay(LATENCY);
        let options = world.options().timeout(Duration::from_secs(5));
        let mut times = Vec::new();
        for _ in 0..RUNS {
            let started = Instant::now();
            let check = check_domain(world::DOMAIN, &options).await.unwrap();
            times.push(started.elapsed());
            assert_eq!(
                check.verdict,
                Verdict::Shown,
                "{}",
                check.report().to_text()
            );
        }
        times.sort();
        let median = times[RUNS / 2];
        let chain = LATENCY * CHAIN;
        let ratio = median.as_secs_f64() / chain.as_secs_f64();
        println!(
            "longest dependent chain: {CHAIN} answers x {} ms = {:.3} s",
            LATENCY.as_millis(),
            chain.as_secs_f64()
        );
        println!(
            "markcert bimi check (median of {RUNS}): {:.3} s, ratio {ratio:.2} (limit {LIMIT})",
            median.as_secs_f64()
        );
        if let Some(checkdmarc) = std::env::var_os("CHECKDMARC") {
            match world.also_serve_dns_on("127.0.0.1:53").await {
                Err(e) => println!("checkdmarc: not timed (cannot serve DNS on port 53: {e})"),
                Ok(()) => {
                    let started = Instant::now();
                    let out = tokio::task::spawn_blocking(move || {
                        std::process::Command::new(&checkdmarc)
                            .args([world::DOMAIN, "-n", "127.0.0.1", "-t", "3", "--skip-tls"])
                            .output()
                    })
                    .await
                    .unwrap();
                    let took = started.elapsed().as_secs_f64();
                    match out {
                        Ok(out) if out.status.success() => println!(
                            "checkdmarc {} (same zone, same latency): {took:.3} s, {:.1}x ours",
                            world::DOMAIN,
                            took / median.as_secs_f64()
                        ),
                        Ok(out) => println!(
                            "checkdmarc exited {:?} after {took:.3} s: {}",
                            out.status.code(),
                            String::from_utf8_lossy(&out.stderr)
                                .lines()
                                .last()
                                .unwrap_or("")
                        ),
                        Err(e) => println!("checkdmarc: not run ({e})"),
                    }
                }
            }
        }
        if ratio > LIMIT {
            eprintln!("the check takes more than {LIMIT} times its longest chain");
            std::process::exit(1);
        }
    });
}
