//! `bimi::ready` against a loopback domain: DMARC of each sending domain, CAA for DigiCert,
//! the record and certificate already published, and the names to order.

#[path = "common/world.rs"]
mod world;

use digicert_mark_certs::bimi::{DomainError, Readiness, ReadyVerdict, ready};
use hickory_proto::rr::Name;
use hickory_proto::rr::rdata::CAA;
use world::{DOMAIN, World};

async fn readiness(world: &World, from: &[&str]) -> Readiness {
    ready(DOMAIN, from, &world.options())
        .await
        .expect("the check runs")
}

fn issue(tag: &str, issuer: Option<&str>, critical: bool) -> CAA {
    let mut caa = CAA::new_issue(
        critical,
        issuer.map(|i| Name::from_ascii(i).unwrap()),
        vec![],
    );
    caa.tag = tag.to_owned();
    caa
}

#[tokio::test(flavor = "multi_thread")]
async fn a_domain_at_enforcement_without_caa_is_ready_and_its_certificate_expiry_shown() {
    let world = World::start().await;
    let readiness = readiness(&world, &[]).await;
    assert_eq!(
        readiness.verdict,
        ReadyVerdict::Ready,
        "{}",
        readiness.report().to_text()
    );
    assert_eq!(readiness.dns_names, ["brand.test"]);
    let caa = readiness.domains[0].caa.as_ref().unwrap();
    assert!(caa.allows_digicert && caa.found_at.is_none());
    let existing = readiness
        .existing
        .as_ref()
        .expect("the published record is found");
    assert_eq!(existing.record.name, "default._bimi.brand.test");
    let certificate = existing
        .certificate
        .as_ref()
        .expect("its certificate is read");
    assert!(
        certificate.not_after.to_string().starts_with('2'),
        "{}",
        certificate.not_after
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn caa_for_another_ca_refuses_digicert() {
    let world = World::start().await;
    world
        .zone()
        .caa(DOMAIN, vec![issue("issue", Some("letsencrypt.org"), false)]);
    let readiness = readiness(&world, &[]).await;
    assert_eq!(readiness.verdict, ReadyVerdict::NotReady);
    assert!(
        readiness.report().has("caa-forbids-digicert"),
        "{}",
        readiness.report().to_text()
    );
    let finding = readiness
        .findings
        .iter()
        .find(|f| f.rule == "caa-forbids-digicert")
        .unwrap();
    assert!(
        finding.message.contains("issuevmc \"digicert.com\""),
        "{}",
        finding.message
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn issuevmc_is_read_before_issue() {
    let world = World::start().await;
    world.zone().caa(
        DOMAIN,
        vec![
            issue("issue", Some("letsencrypt.org"), false),
            issue("issuevmc", Some("digicert.com"), false),
        ],
    );
    let readiness = readiness(&world, &[]).await;
    assert_eq!(
        readiness.verdict,
        ReadyVerdict::Ready,
        "{}",
        readiness.report().to_text()
    );
    // An issuevmc set without DigiCert refuses even when issue names it.
    world.zone().caa(
        DOMAIN,
        vec![
            issue("issue", Some("digicert.com"), false),
            issue("issuevmc", Some("entrust.net"), false),
        ],
    );
    let readiness = ready(DOMAIN, &[] as &[&str], &world.options())
        .await
        .unwrap();
    assert!(
        readiness.report().has("caa-forbids-digicert"),
        "{}",
        readiness.report().to_text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_issuer_forbids_every_ca() {
    let world = World::start().await;
    world.zone().caa(DOMAIN, vec![issue("issue", None, false)]);
    let readiness = readiness(&world, &[]).await;
    assert!(
        readiness.report().has("caa-forbids-digicert"),
        "{}",
        readiness.report().to_text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_critical_unknown_caa_property_forbids_issuance() {
    let world = World::start().await;
    world.zone().caa(
        DOMAIN,
        vec![
            issue("issue", Some("digicert.com"), false),
            issue("tbs", Some("digicert.com"), true),
        ],
    );
    let readiness = readiness(&world, &[]).await;
    assert!(
        readiness.report().has("caa-critical-unknown"),
        "{}",
        readiness.report().to_text()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn caa_is_inherited_from_the_closest_parent_with_records() {
    let world = World::start().await;
    world
        .zone()
        .caa(DOMAIN, vec![issue("issue", Some("letsencrypt.org"), false)]);
    world
        .zone()
        .txt("_dmarc.mail.brand.test", &["v=DMARC1; p=reject"]);
    let readiness = readiness(&world, &["news@mail.brand.test"]).await;
    assert_eq!(readiness.dns_names, ["brand.test", "mail.brand.test"]);
    let sub = &readiness.domains[1];
    assert_eq!(
        sub.caa.as_ref().unwrap().found_at.as_deref(),
        Some("brand.test")
    );
    assert!(!sub.caa.as_ref().unwrap().allows_digicert);
}

#[tokio::test(flavor = "multi_thread")]
async fn every_sending_domain_needs_dmarc_at_enforcement() {
    let world = World::start().await;
    world
        .zone()
        .txt("_dmarc.brand.example", &["v=DMARC1; p=none"]);
    let readiness = readiness(&world, &["news@brand.example", "Info@Brand.Test"]).await;
    assert_eq!(readiness.dns_names, ["brand.test", "brand.example"]);
    assert_eq!(readiness.verdict, ReadyVerdict::NotReady);
    let finding = readiness
        .findings
        .iter()
        .find(|f| f.rule == "dmarc-not-enforced")
        .expect("brand.example is at p=none");
    assert_eq!(finding.path(), "_dmarc.brand.example");
}

#[tokio::test(flavor = "multi_thread")]
async fn problems_of_the_existing_certificate_are_warnings() {
    let world = World::start().await;
    world.serve_chain(&world::Leaf {
        expired: true,
        ..world::Leaf::default()
    });
    let readiness = readiness(&world, &[]).await;
    assert_eq!(
        readiness.verdict,
        ReadyVerdict::Ready,
        "{}",
        readiness.report().to_text()
    );
    let expired = readiness
        .findings
        .iter()
        .find(|f| f.rule == "expired")
        .unwrap();
    assert!(
        expired.message.starts_with("existing record: "),
        "{}",
        expired.message
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_from_that_is_not_an_address_names_the_argument() {
    let world = World::start().await;
    let Err(DomainError::Input { field, message }) =
        ready(DOMAIN, &["not-an-address"], &world.options()).await
    else {
        panic!("refused");
    };
    assert_eq!(field, "--from");
    assert!(message.contains("not a mail address"), "{message}");
}
