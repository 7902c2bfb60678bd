//! `bimi::check_domain` against a domain stood up on loopback: one test per rule a receiver
//! applies (DMARC, record discovery, the fetches and their limits, the served files), each
//! against a zone or file changed from one a receiver accepts.

#[path = "common/world.rs"]
mod world;

use std::time::Duration;

use digicert_mark_certs::bimi::{DomainCheck, DomainOptions, Verdict, check_domain};
use world::{DOMAIN, Leaf, Serve, World};

async fn check(world: &World) -> DomainCheck {
    check_with(world, DOMAIN, world.options()).await
}

async fn check_with(world: &World, domain: &str, options: DomainOptions) -> DomainCheck {
    let _ = world;
    check_domain(domain, &options)
        .await
        .expect("the check runs")
}

/// The check refused the domain for `rule`, and for that reason alone among errors of its
/// kind (so the test proves the rule, not a side effect).
fn refused(check: &DomainCheck, rule: &str) {
    refused_with(check, rule, &[]);
}

/// As [`refused`], with the errors of the same kind that follow from `rule` (a broken DMARC
/// record leaves the domain with none that applies).
fn refused_with(check: &DomainCheck, rule: &str, following: &[&str]) {
    assert_eq!(
        check.verdict,
        Verdict::NotShown,
        "{}",
        check.report().to_text()
    );
    assert!(
        check.report().has(rule),
        "{rule} expected:\n{}",
        check.report().to_text()
    );
    // Errors of the same kind (`dmarc-`, `bimi-`, `fetch-`, ...): this one alone.
    let kind = rule.split('-').next().unwrap();
    let mut same_kind: Vec<&str> = check
        .report()
        .errors()
        .map(|f| f.rule.as_ref())
        .filter(|r: &&str| r.split('-').next() == Some(kind) && !following.contains(r))
        .collect();
    // The same rule for `l=` and for `a=` counts once.
    same_kind.dedup();
    assert_eq!(same_kind, [rule], "{}", check.report().to_text());
}

/// A receiver would show the logo; the report is printed when it would not.
#[track_caller]
fn shown(check: &DomainCheck) {
    assert_eq!(
        check.verdict,
        Verdict::Shown,
        "{}",
        check.report().to_text()
    );
}

fn dmarc(world: &World, record: &str) {
    world.zone().txt(&format!("_dmarc.{DOMAIN}"), &[record]);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_domain_at_enforcement_with_record_logo_chain_and_crl_shows_the_logo() {
    let world = World::start().await;
    let check = check(&world).await;
    shown(&check);
    assert!(check.report().is_valid());
    let record = check.record.as_ref().unwrap();
    assert_eq!(record.name, "default._bimi.brand.test");
    assert!(!record.fallback);
    let certificate = check.certificate.as_ref().unwrap();
    assert_eq!(certificate.domains, ["brand.test"]);
    assert_eq!(check.dmarc[0].name, "_dmarc.brand.test");
    // No key or credential of any kind reaches the file server.
    let seen = world.routes.lock().unwrap().seen.clone();
    assert!(seen.len() >= 3, "{seen:?}");
    for request in &seen {
        let lower = request.to_ascii_lowercase();
        assert!(
            !lower.contains("x-dc-devkey") && !lower.contains("authorization"),
            "{request}"
        );
    }
    assert!(
        seen.iter().any(|r| r.starts_with("GET /mark-ca.crl")),
        "the leaf's CRL was fetched"
    );
}

// ---- DMARC -----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn dmarc_p_none_is_not_enforcement() {
    let world = World::start().await;
    dmarc(&world, "v=DMARC1; p=none");
    refused(&check(&world).await, "dmarc-not-enforced");
}

#[tokio::test(flavor = "multi_thread")]
async fn dmarc_quarantine_needs_pct_100() {
    let world = World::start().await;
    dmarc(&world, "v=DMARC1; p=quarantine; pct=50");
    refused(&check(&world).await, "dmarc-pct-below-100");
    dmarc(&world, "v=DMARC1; p=quarantine; pct=100");
    let check = check(&world).await;
    shown(&check);
}

#[tokio::test(flavor = "multi_thread")]
async fn dmarc_sp_none_exempts_subdomains() {
    let world = World::start().await;
    dmarc(&world, "v=DMARC1; p=reject; sp=none");
    refused(&check(&world).await, "dmarc-sp-none");
}

#[tokio::test(flavor = "multi_thread")]
async fn dmarcbis_testing_mode_lowers_quarantine_to_none() {
    let world = World::start().await;
    dmarc(&world, "v=DMARC1; p=quarantine; t=y");
    refused(&check(&world).await, "dmarc-not-enforced");
}

#[tokio::test(flavor = "multi_thread")]
async fn dmarcbis_np_none_is_a_warning() {
    let world = World::start().await;
    dmarc(&world, "v=DMARC1; p=reject; np=none");
    let check = check(&world).await;
    shown(&check);
    assert!(check.report().has("dmarc-np-none"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_missing_dmarc_record_says_what_to_publish() {
    let world = World::start().await;
    world.zone().txt(&format!("_dmarc.{DOMAIN}"), &[]);
    let check = check(&world).await;
    refused(&check, "dmarc-missing");
    let finding = check
        .findings
        .iter()
        .find(|f| f.rule == "dmarc-missing")
        .unwrap();
    assert!(
        finding.message.contains("v=DMARC1; p=quarantine"),
        "{}",
        finding.message
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dmarc_record_without_p_is_broken() {
    let world = World::start().await;
    dmarc(&world, "v=DMARC1; rua=mailto:d@brand.test");
    refused_with(&check(&world).await, "dmarc-malformed", &["dmarc-missing"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn two_dmarc_records_are_none() {
    let world = World::start().await;
    world.zone().txt(
        &format!("_dmarc.{DOMAIN}"),
        &["v=DMARC1; p=reject", "v=DMARC1; p=quarantine"],
    );
    refused_with(
        &check(&world).await,
        "dmarc-several-records",
        &["dmarc-missing"],
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_subdomain_without_dmarc_takes_the_organizational_sp() {
    let world = World::start().await;
    let sub = "mail.brand.test";
    world.serve_chain(&Leaf {
        names: vec![DOMAIN.to_owned(), sub.to_owned()],
        ..Leaf::default()
    });
    // The organizational record's sp applies to the subdomain: quarantine, at 100%.
    dmarc(&world, "v=DMARC1; p=reject; sp=quarantine");
    let subdomain = check_with(&world, sub, world.options()).await;
    shown(&subdomain);
    assert_eq!(subdomain.organizational_domain, "brand.test");
    // Its own record, when present, applies; the organizational one must still exist.
    world
        .zone()
        .txt("_dmarc.mail.brand.test", &["v=DMARC1; p=reject"]);
    world.zone().txt(&format!("_dmarc.{DOMAIN}"), &[]);
    refused(
        &check_with(&world, sub, world.options()).await,
        "dmarc-org-missing",
    );
}

// ---- the assertion record --------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn the_record_falls_back_to_the_organizational_domain() {
    let world = World::start().await;
    let sub = "mail.brand.test";
    world.serve_chain(&Leaf {
        names: vec![DOMAIN.to_owned(), sub.to_owned()],
        ..Leaf::default()
    });
    let check = check_with(&world, sub, world.options()).await;
    shown(&check);
    let record = check.record.unwrap();
    assert_eq!(record.name, "default._bimi.brand.test");
    assert!(record.fallback);
}

#[tokio::test(flavor = "multi_thread")]
async fn no_record_at_either_name_is_refused() {
    let world = World::start().await;
    world.zone().txt("default._bimi.brand.test", &[]);
    let check = check_with(&world, "mail.brand.test", world.options()).await;
    refused(&check, "bimi-record-missing");
    assert!(check.record.is_none());
}

#[tokio::test(flavor = "multi_thread")]
async fn two_bimi_records_are_none() {
    let world = World::start().await;
    let one = format!(
        "v=BIMI1; l={}; a={}",
        world.url("/logo.svg"),
        world.url("/chain.pem")
    );
    world.zone().txt("default._bimi.brand.test", &[&one, &one]);
    refused(&check(&world).await, "bimi-several-records");
}

#[tokio::test(flavor = "multi_thread")]
async fn txt_strings_are_joined_and_unknown_tags_ignored() {
    let world = World::start().await;
    let logo = world.url("/logo.svg");
    let (head, tail) = logo.split_at(20);
    world.zone().txt_strings(
        "default._bimi.brand.test",
        &[
            &format!("v=BIMI1; x=future; l={head}"),
            &format!("{tail}; a={}", world.url("/chain.pem")),
        ],
    );
    let check = check(&world).await;
    shown(&check);
    assert_eq!(
        check.record.unwrap().logo_url.as_deref(),
        Some(logo.as_str())
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_l_and_a_is_a_declination() {
    let world = World::start().await;
    world
        .zone()
        .txt("default._bimi.brand.test", &["v=BIMI1; l=; a="]);
    refused(&check(&world).await, "bimi-declined");
}

#[tokio::test(flavor = "multi_thread")]
async fn record_urls_must_be_https() {
    let world = World::start().await;
    let http = world.url("/logo.svg").replace("https://", "http://");
    world.zone().txt(
        "default._bimi.brand.test",
        &[&format!("v=BIMI1; l={http}; a={}", world.url("/chain.pem"))],
    );
    refused(&check(&world).await, "bimi-url-not-https");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_record_that_is_not_tag_value_pairs_is_malformed() {
    let world = World::start().await;
    world
        .zone()
        .txt("default._bimi.brand.test", &["v=BIMI1; this is not a tag"]);
    refused(&check(&world).await, "bimi-record-malformed");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_record_without_a_is_missing_the_certificate() {
    let world = World::start().await;
    world.zone().txt(
        "default._bimi.brand.test",
        &[&format!("v=BIMI1; l={}", world.url("/logo.svg"))],
    );
    let check = check(&world).await;
    refused(&check, "bimi-url-missing");
    let finding = check
        .findings
        .iter()
        .find(|f| f.rule == "bimi-url-missing")
        .unwrap();
    assert!(finding.message.contains("`a=`"), "{finding:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_url_with_credentials_is_never_fetched() {
    let world = World::start().await;
    let with_user = world
        .url("/logo.svg")
        .replace("https://", "https://brand:secret@");
    world.zone().txt(
        "default._bimi.brand.test",
        &[&format!(
            "v=BIMI1; l={with_user}; a={}",
            world.url("/chain.pem")
        )],
    );
    let check = check(&world).await;
    refused(&check, "fetch-url-credentials");
    let seen = world.routes.lock().unwrap().seen.clone();
    assert!(
        !seen.iter().any(|r| r.starts_with("GET /logo.svg")),
        "{seen:?}"
    );
    assert!(!check.report().to_text().contains("secret"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_host_without_an_address_is_refused() {
    let world = World::start().await;
    let port = world.url("/").rsplit(':').next().unwrap().to_owned();
    let missing = format!("https://nowhere.brand.test:{port}");
    world.zone().txt(
        "default._bimi.brand.test",
        &[&format!(
            "v=BIMI1; l={missing}logo.svg; a={}",
            world.url("/chain.pem")
        )],
    );
    refused(&check(&world).await, "fetch-host-unknown");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_selector_names_another_record() {
    let world = World::start().await;
    let record = format!(
        "v=BIMI1; l={}; a={}",
        world.url("/logo.svg"),
        world.url("/chain.pem")
    );
    world.zone().txt("brand._bimi.brand.test", &[&record]);
    world.zone().txt("default._bimi.brand.test", &[]);
    let check = check_with(&world, DOMAIN, world.options().selector("brand").unwrap()).await;
    shown(&check);
    assert_eq!(check.record.unwrap().name, "brand._bimi.brand.test");
}

// ---- fetching ----------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn a_404_is_a_refusal() {
    let world = World::start().await;
    world.serve("/logo.svg", Serve::Status(404));
    let check = check(&world).await;
    refused(&check, "fetch-status");
    assert!(
        check
            .findings
            .iter()
            .any(|f| f.rule == "fetch-status" && f.path() == "l=")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untrusted_server_certificate_is_a_refusal() {
    let world = World::start().await;
    // The system's roots do not know the test web CA.
    let options = DomainOptions::new()
        .dns_server(world.dns)
        .allow_private_addresses(true)
        .timeout(Duration::from_secs(2));
    let check = check_with(&world, DOMAIN, options).await;
    refused(&check, "fetch-tls");
    assert!(
        !check.report().has("fetch-no-answer"),
        "{}",
        check.report().to_text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_oversize_svg_is_refused_by_its_length_and_by_its_bytes() {
    let world = World::start().await;
    world.serve("/logo.svg", Serve::Body(vec![b' '; 64 * 1024 + 1]));
    refused(&check(&world).await, "fetch-too-large");
    world.serve("/logo.svg", Serve::Endless);
    refused(&check(&world).await, "fetch-too-large");
}

#[tokio::test(flavor = "multi_thread")]
async fn redirects_are_followed_a_few_times_each_rechecked() {
    let world = World::start().await;
    let other = format!("https://other.brand.test:{}/moved.svg", world.https_port);
    world.serve("/logo.svg", Serve::Redirect(other));
    world.serve("/moved.svg", Serve::Body(world::logo()));
    let check = check(&world).await;
    shown(&check);

    // Four hops are one too many.
    for (from, to) in [
        ("/logo.svg", "/r1"),
        ("/r1", "/r2"),
        ("/r2", "/r3"),
        ("/r3", "/r4"),
    ] {
        world.serve(from, Serve::Redirect(world.url(to)));
    }
    world.serve("/r4", Serve::Body(world::logo()));
    refused(
        &check_with(&world, DOMAIN, world.options()).await,
        "fetch-too-many-redirects",
    );

    // A hop to http is refused.
    let http = world.url("/moved.svg").replace("https://", "http://");
    world.serve("/logo.svg", Serve::Redirect(http));
    refused(
        &check_with(&world, DOMAIN, world.options()).await,
        "fetch-not-https",
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn private_addresses_are_never_fetched_unless_allowed() {
    let world = World::start().await;
    let options = world.options().allow_private_addresses(false);
    let check = check_with(&world, DOMAIN, options).await;
    refused(&check, "fetch-private-address");
    let seen = world.routes.lock().unwrap().seen.len();
    assert_eq!(seen, 0, "nothing reached the loopback server");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_is_no_answer() {
    let world = World::start().await;
    world.serve("/chain.pem", Serve::Hang);
    let check = check_with(
        &world,
        DOMAIN,
        world.options().timeout(Duration::from_millis(800)),
    )
    .await;
    assert_eq!(
        check.verdict,
        Verdict::NoAnswer,
        "{}",
        check.report().to_text()
    );
    assert!(check.report().has("fetch-no-answer"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_silent_or_failing_dns_server_is_no_answer() {
    let world = World::start().await;
    world.zone().silence("_dmarc.brand.test");
    let options = world.options().timeout(Duration::from_millis(800));
    let check = check_with(&world, DOMAIN, options.clone()).await;
    assert_eq!(
        check.verdict,
        Verdict::NoAnswer,
        "{}",
        check.report().to_text()
    );
    assert!(check.report().has("dmarc-no-answer"));

    let world = World::start().await;
    world.zone().fail("default._bimi.brand.test");
    let check = check_with(&world, DOMAIN, world.options()).await;
    assert_eq!(
        check.verdict,
        Verdict::NoAnswer,
        "{}",
        check.report().to_text()
    );
    assert!(check.report().has("bimi-no-answer"));
}

// ---- the served files --------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread")]
async fn the_served_svg_must_equal_the_embedded_one() {
    let world = World::start().await;
    let mut other = world::logo();
    other.extend_from_slice(b"\n");
    world.serve("/logo.svg", Serve::Body(other));
    let check = check(&world).await;
    refused(&check, "published-logo-mismatch");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_served_svg_goes_through_the_logo_checker() {
    let world = World::start().await;
    let svg = String::from_utf8(world::logo())
        .unwrap()
        .replace("</svg>", "<script>alert(1)</script></svg>")
        .into_bytes();
    world.serve_chain(&Leaf {
        svg: svg.clone(),
        ..Leaf::default()
    });
    world.serve("/logo.svg", Serve::Body(svg));
    let check = check(&world).await;
    refused(&check, "element-not-allowed");
    assert!(!check.report().has("published-logo-mismatch"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pem_with_only_the_leaf_is_refused() {
    let world = World::start().await;
    world.serve(
        "/chain.pem",
        Serve::Body(world.pki.leaf(&Leaf::default()).into_bytes()),
    );
    refused(&check(&world).await, "chain-incomplete");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_certificate_is_refused() {
    let world = World::start().await;
    world.serve_chain(&Leaf {
        expired: true,
        ..Leaf::default()
    });
    refused(&check(&world).await, "expired");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_certificate_for_another_domain_is_refused() {
    let world = World::start().await;
    world.serve_chain(&Leaf {
        names: vec!["elsewhere.test".to_owned()],
        ..Leaf::default()
    });
    refused(&check(&world).await, "domain-not-covered");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_certificate_is_refused_by_its_fetched_crl() {
    let world = World::start().await;
    world.serve(
        "/mark-ca.crl",
        Serve::Body(world.pki.crl(&[Leaf::default().serial])),
    );
    refused(&check(&world).await, "revoked");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crl_that_cannot_be_fetched_is_reported() {
    let world = World::start().await;
    world.serve("/mark-ca.crl", Serve::Status(404));
    let check = check(&world).await;
    refused(&check, "fetch-status");
    assert!(
        check
            .findings
            .iter()
            .any(|f| f.rule == "fetch-status" && f.path() == "crl")
    );
}
