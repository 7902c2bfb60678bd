//! The generated client is usable on its own, from the crate's public path: building it
//! never panics (no TLS provider needs installing first), and it follows no redirect.
//!
//! Alone in its binary, so nothing else in the process has installed a TLS provider.

use digicert_mark_certs::raw::{Client, ClientInfo, Hooks};

#[test]
fn building_the_generated_client_first_thing_in_a_process_does_not_panic() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let client = Client::new("https://www.digicert.com/services/v2", Hooks::default());
    assert_eq!(client.baseurl(), "https://www.digicert.com/services/v2");
}

#[tokio::test]
async fn the_generated_client_reads_within_its_limit_and_follows_no_redirect() {
    let server = wiremock::MockServer::start().await;
    wiremock::Mock::given(wiremock::matchers::method("GET"))
        .respond_with(
            wiremock::ResponseTemplate::new(302).insert_header("location", "https://example.com/"),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri(), Hooks::default().with_read_limit(16));
    let err = client
        .get_orders_by_alternative_id()
        .alternative_order_id("abc")
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(302), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}
