//! `markcert bimi check` and `markcert bimi ready` against a loopback domain: exit codes,
//! the summary, `--json` against its published schema, and no key on the wire.
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;
#[path = "common/world.rs"]
mod world;

use std::process::Output;

use world::{DOMAIN, Serve, World};

async fn markcert(world: &World, args: &[&str], key: Option<&str>) -> Output {
    let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    all.extend(world.flags());
    let key = key.map(str::to_owned);
    // The servers run on this runtime's workers while the command runs.
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = all.iter().map(String::as_str).collect();
        cli::markcert_with_key(&args, b"", key.as_deref())
    })
    .await
    .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_0_when_a_receiver_would_show_the_logo_and_sends_no_key() {
    let world = World::start().await;
    let out = markcert(
        &world,
        &["bimi", "check", DOMAIN],
        Some("secret-test-key-123"),
    )
    .await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(
        stdout.contains("verdict:      a receiver would show the logo"),
        "{stdout}"
    );
    assert!(
        stdout.contains("record:       default._bimi.brand.test: v=BIMI1;"),
        "{stdout}"
    );
    for request in &world.routes.lock().unwrap().seen {
        assert!(!request.contains("secret-test-key-123"), "{request}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_1_on_a_refusal_and_says_what_to_fix() {
    let world = World::start().await;
    world.serve("/chain.pem", Serve::Status(404));
    let out = markcert(&world, &["bimi", "check", DOMAIN], None).await;
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("error[fetch-status] a=:"), "{stderr}");
    assert!(stderr.contains("404"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn check_exits_3_when_no_answer_came() {
    let world = World::start().await;
    world.zone().silence("default._bimi.brand.test");
    let out = markcert(&world, &["bimi", "check", DOMAIN], None).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn check_json_fits_its_schema() {
    let world = World::start().await;
    let out = markcert(&world, &["bimi", "check", DOMAIN, "--json"], None).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let json = cli::json_out_as(&out, "bimi-check.json");
    assert_eq!(json["verdict"], "shown");
    assert_eq!(json["certificate"]["domains"][0], "brand.test");

    world.zone().txt("_dmarc.brand.test", &["v=DMARC1; p=none"]);
    let out = markcert(&world, &["bimi", "check", DOMAIN, "--json"], None).await;
    assert_eq!(out.status.code(), Some(1));
    let json = cli::json_out_as(&out, "bimi-check.json");
    assert_eq!(json["verdict"], "not-shown");
    assert_eq!(json["findings"][0]["rule"], "dmarc-not-enforced");
}

#[tokio::test(flavor = "multi_thread")]
async fn server_text_is_escaped_before_it_is_printed() {
    let world = World::start().await;
    world
        .zone()
        .txt("_dmarc.brand.test", &["v=DMARC1; p=none; x=\u{1b}[31mred"]);
    let out = markcert(&world, &["bimi", "check", DOMAIN], None).await;
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(!all.contains('\u{1b}'), "{all:?}");
    assert!(all.contains("\\u{1b}[31mred"), "{all}");
}

#[tokio::test(flavor = "multi_thread")]
async fn ready_exits_0_1_and_3_and_its_json_fits_its_schema() {
    let world = World::start().await;
    let out = markcert(
        &world,
        &["bimi", "ready", DOMAIN, "--from", "news@brand.test"],
        None,
    )
    .await;
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains("dns_names:    brand.test\n"), "{stdout}");
    assert!(stdout.contains("verdict:      ready to order"), "{stdout}");

    world
        .zone()
        .txt("_dmarc.brand.test", &["v=DMARC1; p=quarantine; pct=10"]);
    let out = markcert(&world, &["bimi", "ready", DOMAIN, "--json"], None).await;
    assert_eq!(out.status.code(), Some(1));
    let json = cli::json_out_as(&out, "bimi-ready.json");
    assert_eq!(json["verdict"], "not-ready");

    world.zone().silence("_dmarc.brand.test");
    let out = markcert(&world, &["bimi", "ready", DOMAIN], None).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out.stderr));
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_input_is_a_usage_error_naming_the_argument() {
    let world = World::start().await;
    let out = markcert(&world, &["bimi", "check", "not a domain"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("domain: `not a domain` is not a domain name"));
    let out = markcert(
        &world,
        &["bimi", "check", DOMAIN, "--selector", "a;b"],
        None,
    )
    .await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("selector:"),
        "{}",
        text(&out.stderr)
    );
    let out = markcert(&world, &["bimi", "ready", DOMAIN, "--from", "nobody"], None).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--from:"),
        "{}",
        text(&out.stderr)
    );
}
