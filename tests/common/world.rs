//! A mail domain stood up on loopback, as receivers would reach it: a DNS server with a zone
//! the test edits, an HTTPS server (test web CA) for `l=` and `a=`, an HTTP server for CRLs,
//! and a mark certificate PKI (test root, mark CA, leaves made for the test's domain).
//! Every answer can be delayed, to measure what runs at once.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use digicert_mark_certs::bimi::DomainOptions;
use digicert_mark_certs::certificate::TrustAnchors;
use hickory_proto::op::{Message, MessageType, OpCode, ResponseCode};
use hickory_proto::rr::rdata::{A, CAA, TXT};
use hickory_proto::rr::{RData, Record, RecordType};
use rcgen::{
    BasicConstraints, CertificateParams, CertificateRevocationListParams, CrlDistributionPoint,
    CustomExtension, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair, KeyUsagePurpose,
    RevokedCertParams, SerialNumber,
};
use time::OffsetDateTime;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, UdpSocket};

/// The test's mail domain, its file host and its CRL host.
pub const DOMAIN: &str = "brand.test";
pub const FILES: &str = "files.brand.test";
pub const CRLS: &str = "crl.brand.test";

/// The logo every good leaf embeds.
pub fn logo() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap()
}

// ---- DNS -------------------------------------------------------------------------------

#[derive(Default)]
pub struct Zone {
    records: HashMap<(String, RecordType), Vec<RData>>,
    /// Names whose queries are never answered.
    silent: Vec<String>,
    /// Names answered SERVFAIL.
    failing: Vec<String>,
    /// Added before every answer.
    pub delay: Duration,
}

fn key(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

impl Zone {
    pub fn set(&mut self, name: &str, record_type: RecordType, data: Vec<RData>) {
        if data.is_empty() {
            self.records.remove(&(key(name), record_type));
        } else {
            self.records.insert((key(name), record_type), data);
        }
    }

    pub fn txt(&mut self, name: &str, texts: &[&str]) {
        let data = texts
            .iter()
            .map(|t| RData::TXT(TXT::new(vec![(*t).to_owned()])))
            .collect();
        self.set(name, RecordType::TXT, data);
    }

    /// One TXT record made of several strings (receivers join them).
    pub fn txt_strings(&mut self, name: &str, strings: &[&str]) {
        let data = vec![RData::TXT(TXT::new(
            strings.iter().map(|s| (*s).to_owned()).collect(),
        ))];
        self.set(name, RecordType::TXT, data);
    }

    pub fn caa(&mut self, name: &str, records: Vec<CAA>) {
        self.set(
            name,
            RecordType::CAA,
            records.into_iter().map(RData::CAA).collect(),
        );
    }

    pub fn a(&mut self, name: &str, ip: [u8; 4]) {
        self.set(
            name,
            RecordType::A,
            vec![RData::A(A::new(ip[0], ip[1], ip[2], ip[3]))],
        );
    }

    pub fn silence(&mut self, name: &str) {
        self.silent.push(key(name));
    }

    pub fn fail(&mut self, name: &str) {
        self.failing.push(key(name));
    }

    fn answer(&self, query: &Message) -> Option<Message> {
        let q = query.queries.first()?;
        let name = key(&q.name().to_ascii());
        if self.silent.contains(&name) {
            return None;
        }
        let mut reply = Message::response(query.metadata.id, OpCode::Query);
        reply.metadata.message_type = MessageType::Response;
        reply.metadata.authoritative = true;
        reply.metadata.recursion_desired = query.metadata.recursion_desired;
        reply.metadata.recursion_available = true;
        reply.add_query(q.clone());
        if self.failing.contains(&name) {
            reply.metadata.response_code = ResponseCode::ServFail;
            return Some(reply);
        }
        match self.records.get(&(name.clone(), q.query_type())) {
            Some(data) => {
                for d in data {
                    reply.add_answer(Record::from_rdata(q.name().clone(), 60, d.clone()));
                }
            }
            None => {
                let exists = self.records.keys().any(|(n, _)| *n == name);
                reply.metadata.response_code = if exists {
                    ResponseCode::NoError
                } else {
                    ResponseCode::NXDomain
                };
            }
        }
        Some(reply)
    }
}

async fn serve_dns(socket: UdpSocket, zone: Arc<Mutex<Zone>>) {
    let socket = Arc::new(socket);
    let mut buffer = vec![0u8; 4096];
    loop {
        let Ok((n, peer)) = socket.recv_from(&mut buffer).await else {
            return;
        };
        let Ok(query) = Message::from_vec(&buffer[..n]) else {
            continue;
        };
        let (reply, delay) = {
            let zone = zone.lock().unwrap();
            (zone.answer(&query), zone.delay)
        };
        let socket = socket.clone();
        // Each answer waits on its own, so concurrent queries are delayed concurrently.
        tokio::spawn(async move {
            let Some(reply) = reply else { return };
            tokio::time::sleep(delay).await;
            if let Ok(bytes) = reply.to_vec() {
                let _ = socket.send_to(&bytes, peer).await;
            }
        });
    }
}

// ---- HTTP(S) ---------------------------------------------------------------------------

/// How a path is served.
#[derive(Clone)]
pub enum Serve {
    Body(Vec<u8>),
    Status(u16),
    Redirect(String),
    /// A 200 head without length, then bytes until the client goes away.
    Endless,
    /// Never answers.
    Hang,
}

#[derive(Default)]
pub struct Routes {
    pub paths: HashMap<String, Serve>,
    pub delay: Duration,
    /// Every request line seen, with its headers.
    pub seen: Vec<String>,
}

async fn serve_http<S: AsyncRead + AsyncWrite + Unpin>(mut stream: S, routes: Arc<Mutex<Routes>>) {
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut byte).await {
            Ok(1) => head.push(byte[0]),
            _ => return,
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let path = text.split(' ').nth(1).unwrap_or("/").to_owned();
    let (serve, delay) = {
        let mut routes = routes.lock().unwrap();
        routes.seen.push(text.clone());
        (routes.paths.get(&path).cloned(), routes.delay)
    };
    tokio::time::sleep(delay).await;
    let reply = |status: &str, headers: &str, body: &[u8]| {
        let mut out = format!(
            "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n",
            body.len()
        )
        .into_bytes();
        out.extend_from_slice(body);
        out
    };
    let bytes = match serve {
        None => reply("404 Not Found", "", b"not here"),
        Some(Serve::Body(body)) => reply("200 OK", "", &body),
        Some(Serve::Status(code)) => reply(&format!("{code} Status"), "", b""),
        Some(Serve::Redirect(to)) => reply("302 Found", &format!("Location: {to}\r\n"), b""),
        Some(Serve::Hang) => {
            tokio::time::sleep(Duration::from_secs(600)).await;
            return;
        }
        Some(Serve::Endless) => {
            if stream
                .write_all(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
                .await
                .is_err()
            {
                return;
            }
            let chunk = vec![b'<'; 8192];
            while stream.write_all(&chunk).await.is_ok() {}
            return;
        }
    };
    let _ = stream.write_all(&bytes).await;
    let _ = stream.shutdown().await;
}

// ---- PKI -------------------------------------------------------------------------------

fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let n = content.len();
    if n < 0x80 {
        out.push(n as u8);
    } else {
        let raw: Vec<u8> = n
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | raw.len() as u8);
        out.extend(raw);
    }
    out.extend_from_slice(content);
    out
}

fn seq(items: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &items.concat())
}

fn oid(dotted: &str) -> Vec<u8> {
    let parts: Vec<u64> = dotted.split('.').map(|p| p.parse().unwrap()).collect();
    let mut body = vec![(40 * parts[0] + parts[1]) as u8];
    for &part in &parts[2..] {
        let mut chunk = vec![(part & 0x7f) as u8];
        let mut rest = part >> 7;
        while rest > 0 {
            chunk.insert(0, 0x80 | (rest & 0x7f) as u8);
            rest >>= 7;
        }
        body.extend(chunk);
    }
    tlv(0x06, &body)
}

fn oid_parts(dotted: &str) -> Vec<u64> {
    dotted.split('.').map(|p| p.parse().unwrap()).collect()
}

/// The logotype extension value embedding `svg` (gzip, base64 data URI), with its SHA-256.
fn logotype(svg: &[u8]) -> Vec<u8> {
    use base64::Engine;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(svg).unwrap();
    let compressed = gz.finish().unwrap();
    let uri = format!(
        "data:image/svg+xml;base64,{}",
        base64::engine::general_purpose::STANDARD.encode(compressed)
    );
    let digest = ring::digest::digest(&ring::digest::SHA256, svg);
    let hash = seq(&[
        seq(&[oid("2.16.840.1.101.3.4.2.1")]),
        tlv(0x04, digest.as_ref()),
    ]);
    let details = seq(&[
        tlv(0x16, b"image/svg+xml"),
        seq(&[hash]),
        seq(&[tlv(0x16, uri.as_bytes())]),
    ]);
    let info = tlv(0xA0, &seq(&[seq(&[details])]));
    seq(&[tlv(0xA2, &info)])
}

/// An SCT list with one SCT from a log no list knows, dated a day ago.
fn sct_list() -> Vec<u8> {
    let log_id = ring::digest::digest(&ring::digest::SHA256, b"world test log");
    let at = (std::time::SystemTime::now() - Duration::from_secs(86_400))
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as u64;
    let signature = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01];
    let mut sct = vec![0u8];
    sct.extend_from_slice(log_id.as_ref());
    sct.extend_from_slice(&at.to_be_bytes());
    sct.extend_from_slice(&[0, 0, 4, 3]);
    sct.extend_from_slice(&(signature.len() as u16).to_be_bytes());
    sct.extend_from_slice(&signature);
    let mut body = (sct.len() as u16).to_be_bytes().to_vec();
    body.extend(sct);
    let mut list = (body.len() as u16).to_be_bytes().to_vec();
    list.extend(body);
    tlv(0x04, &list)
}

/// The test mark PKI: a root (the trust anchor) and a mark CA that signs leaves and CRLs.
pub struct Pki {
    pub root_pem: String,
    ca_params: CertificateParams,
    ca_key: KeyPair,
    pub ca_pem: String,
    crl_url: String,
}

/// What a leaf should be.
#[derive(Clone)]
pub struct Leaf {
    pub names: Vec<String>,
    pub svg: Vec<u8>,
    pub expired: bool,
    pub serial: u64,
}

impl Default for Leaf {
    fn default() -> Self {
        Self {
            names: vec![DOMAIN.to_owned()],
            svg: logo(),
            expired: false,
            serial: 1001,
        }
    }
}

fn days(n: i64) -> OffsetDateTime {
    OffsetDateTime::now_utc() + time::Duration::days(n)
}

impl Pki {
    pub fn new(crl_port: u16) -> Self {
        let root_key = KeyPair::generate().unwrap();
        let mut root = CertificateParams::new(Vec::<String>::new()).unwrap();
        root.distinguished_name = rcgen::DistinguishedName::new();
        root.distinguished_name.push(DnType::CountryName, "US");
        root.distinguished_name
            .push(DnType::OrganizationName, "World Test Marks");
        root.distinguished_name
            .push(DnType::CommonName, "World Test Marks Root");
        root.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        root.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        root.not_before = days(-30);
        root.not_after = days(3650);
        let root_cert = root.self_signed(&root_key).unwrap();
        let root_issuer = Issuer::new(root, root_key);

        let ca_key = KeyPair::generate().unwrap();
        let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        ca.distinguished_name = rcgen::DistinguishedName::new();
        ca.distinguished_name.push(DnType::CountryName, "US");
        ca.distinguished_name
            .push(DnType::OrganizationName, "World Test Marks");
        ca.distinguished_name
            .push(DnType::CommonName, "World Test Marks Mark CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(oid_parts(
            "1.3.6.1.5.5.7.3.31",
        ))];
        ca.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![format!("http://{CRLS}:{crl_port}/root.crl")],
        }];
        ca.use_authority_key_identifier_extension = true;
        ca.not_before = days(-30);
        ca.not_after = days(1825);
        let ca_cert = ca.signed_by(&ca_key, &root_issuer).unwrap();
        Self {
            root_pem: root_cert.pem(),
            ca_params: ca,
            ca_key,
            ca_pem: ca_cert.pem(),
            crl_url: format!("http://{CRLS}:{crl_port}/mark-ca.crl"),
        }
    }

    /// A leaf, PEM.
    pub fn leaf(&self, leaf: &Leaf) -> String {
        let key = KeyPair::generate().unwrap();
        let mut params = CertificateParams::new(leaf.names.clone()).unwrap();
        params.serial_number = Some(SerialNumber::from(leaf.serial));
        let dn = &mut params.distinguished_name;
        *dn = rcgen::DistinguishedName::new();
        for (kind, value) in [
            (DnType::CountryName, "US"),
            (DnType::StateOrProvinceName, "California"),
            (DnType::LocalityName, "San Francisco"),
            (DnType::CustomDnType(oid_parts("2.5.4.9")), "1 Example Way"),
            (DnType::OrganizationName, "Example Brands"),
            (DnType::CommonName, "Example Brands"),
            (
                DnType::CustomDnType(oid_parts("2.5.4.15")),
                "Private Organization",
            ),
            (DnType::CustomDnType(oid_parts("2.5.4.5")), "1234567"),
            (
                DnType::CustomDnType(oid_parts("1.3.6.1.4.1.311.60.2.1.3")),
                "US",
            ),
            (
                DnType::CustomDnType(oid_parts("1.3.6.1.4.1.53087.1.3")),
                "US",
            ),
            (
                DnType::CustomDnType(oid_parts("1.3.6.1.4.1.53087.1.4")),
                "7654321",
            ),
            (
                DnType::CustomDnType(oid_parts("1.3.6.1.4.1.53087.1.13")),
                "Registered Mark",
            ),
        ] {
            dn.push(kind, value);
        }
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::Other(oid_parts(
            "1.3.6.1.5.5.7.3.31",
        ))];
        params.crl_distribution_points = vec![CrlDistributionPoint {
            uris: vec![self.crl_url.clone()],
        }];
        params.use_authority_key_identifier_extension = true;
        params.custom_extensions = vec![
            CustomExtension::from_oid_content(
                &oid_parts("2.5.29.32"),
                seq(&[seq(&[oid("1.3.6.1.4.1.53087.1.1")])]),
            ),
            CustomExtension::from_oid_content(
                &oid_parts("1.3.6.1.5.5.7.1.12"),
                logotype(&leaf.svg),
            ),
            CustomExtension::from_oid_content(&oid_parts("1.3.6.1.4.1.11129.2.4.2"), sct_list()),
        ];
        if leaf.expired {
            params.not_before = days(-400);
            params.not_after = days(-40);
        } else {
            params.not_before = days(-2);
            params.not_after = days(300);
        }
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        params.signed_by(&key, &issuer).unwrap().pem()
    }

    /// The mark CA's CRL (DER), listing `revoked` serials.
    pub fn crl(&self, revoked: &[u64]) -> Vec<u8> {
        let params = CertificateRevocationListParams {
            this_update: days(-1),
            next_update: days(6),
            crl_number: SerialNumber::from(7u64),
            issuing_distribution_point: None,
            revoked_certs: revoked
                .iter()
                .map(|s| RevokedCertParams {
                    serial_number: SerialNumber::from(*s),
                    revocation_time: days(-1),
                    reason_code: None,
                    invalidity_date: None,
                })
                .collect(),
            key_identifier_method: rcgen::KeyIdMethod::Sha256,
        };
        let issuer = Issuer::from_params(&self.ca_params, &self.ca_key);
        params.signed_by(&issuer).unwrap().der().to_vec()
    }
}

// ---- the world -------------------------------------------------------------------------

pub struct World {
    pub dns: SocketAddr,
    pub https_port: u16,
    pub http_port: u16,
    pub zone: Arc<Mutex<Zone>>,
    pub routes: Arc<Mutex<Routes>>,
    pub pki: Pki,
    pub web_root_pem: String,
    pub dir: PathBuf,
}

impl World {
    /// Starts the servers on the current runtime, with a domain a receiver would accept.
    pub async fn start() -> World {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let dns = socket.local_addr().unwrap();
        let zone = Arc::new(Mutex::new(Zone::default()));
        tokio::spawn(serve_dns(socket, zone.clone()));

        let routes = Arc::new(Mutex::new(Routes::default()));
        let web_key = KeyPair::generate().unwrap();
        let mut web_ca = CertificateParams::new(Vec::<String>::new()).unwrap();
        web_ca
            .distinguished_name
            .push(DnType::CommonName, "World Test Web Root");
        web_ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        web_ca.key_usages = vec![KeyUsagePurpose::KeyCertSign];
        let web_root = web_ca.self_signed(&web_key).unwrap();
        let web_issuer = Issuer::new(web_ca, web_key);
        let server_key = KeyPair::generate().unwrap();
        let server = CertificateParams::new(vec![FILES.to_owned(), "other.brand.test".to_owned()])
            .unwrap()
            .signed_by(&server_key, &web_issuer)
            .unwrap();
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![server.der().clone()],
            rustls::pki_types::PrivateKeyDer::try_from(server_key.serialize_der()).unwrap(),
        )
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let https = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let https_port = https.local_addr().unwrap().port();
        let https_routes = routes.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = https.accept().await {
                let acceptor = acceptor.clone();
                let routes = https_routes.clone();
                tokio::spawn(async move {
                    if let Ok(tls) = acceptor.accept(tcp).await {
                        serve_http(tls, routes).await;
                    }
                });
            }
        });
        let http = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let http_port = http.local_addr().unwrap().port();
        let http_routes = routes.clone();
        tokio::spawn(async move {
            while let Ok((tcp, _)) = http.accept().await {
                tokio::spawn(serve_http(tcp, http_routes.clone()));
            }
        });

        let pki = Pki::new(http_port);
        let dir = std::env::temp_dir().join(format!(
            "markcert-world-{}-{}",
            std::process::id(),
            https_port
        ));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("web-root.pem"), web_root.pem()).unwrap();
        std::fs::write(dir.join("anchors.pem"), &pki.root_pem).unwrap();
        let world = World {
            dns,
            https_port,
            http_port,
            zone,
            routes,
            pki,
            web_root_pem: web_root.pem(),
            dir,
        };
        world.publish_good();
        world
    }

    pub fn url(&self, path: &str) -> String {
        format!("https://{FILES}:{}{path}", self.https_port)
    }

    /// A domain a receiver accepts: DMARC at reject, the record, the logo, the whole chain
    /// and a current CRL.
    pub fn publish_good(&self) {
        let mut zone = self.zone.lock().unwrap();
        zone.txt(
            &format!("_dmarc.{DOMAIN}"),
            &["v=DMARC1; p=reject; rua=mailto:d@brand.test"],
        );
        zone.txt(
            &format!("default._bimi.{DOMAIN}"),
            &[&format!(
                "v=BIMI1; l={}; a={}",
                self.url("/logo.svg"),
                self.url("/chain.pem")
            )],
        );
        zone.a(FILES, [127, 0, 0, 1]);
        zone.a("other.brand.test", [127, 0, 0, 1]);
        zone.a(CRLS, [127, 0, 0, 1]);
        drop(zone);
        self.serve("/logo.svg", Serve::Body(logo()));
        self.serve_chain(&Leaf::default());
        self.serve("/mark-ca.crl", Serve::Body(self.pki.crl(&[])));
    }

    /// Serves a chain for `leaf` (leaf, mark CA, root) at /chain.pem.
    pub fn serve_chain(&self, leaf: &Leaf) {
        let pem = format!(
            "{}{}{}",
            self.pki.leaf(leaf),
            self.pki.ca_pem,
            self.pki.root_pem
        );
        self.serve("/chain.pem", Serve::Body(pem.into_bytes()));
    }

    pub fn serve(&self, path: &str, serve: Serve) {
        self.routes
            .lock()
            .unwrap()
            .paths
            .insert(path.to_owned(), serve);
    }

    pub fn zone(&self) -> std::sync::MutexGuard<'_, Zone> {
        self.zone.lock().unwrap()
    }

    /// Delays every DNS and HTTP answer.
    pub fn delay(&self, delay: Duration) {
        self.zone.lock().unwrap().delay = delay;
        self.routes.lock().unwrap().delay = delay;
    }

    /// Options that reach this world: its DNS server, web root and mark root, private
    /// addresses allowed, short steps.
    pub fn options(&self) -> DomainOptions {
        DomainOptions::new()
            .dns_server(self.dns)
            .tls_roots(self.web_root_pem.as_bytes())
            .unwrap()
            .trust_anchors(TrustAnchors::from_pem(self.pki.root_pem.as_bytes()).unwrap())
            .allow_private_addresses(true)
            .timeout(Duration::from_secs(2))
    }

    /// The command-line flags that reach this world.
    pub fn flags(&self) -> Vec<String> {
        vec![
            "--dns-server".into(),
            self.dns.to_string(),
            "--tls-roots".into(),
            self.dir.join("web-root.pem").display().to_string(),
            "--trust-anchors".into(),
            self.dir.join("anchors.pem").display().to_string(),
            "--allow-private-addresses".into(),
            "--timeout".into(),
            "2s".into(),
        ]
    }
}

impl World {
    /// Serves the same zone on another UDP address too (port 53, for tools that cannot be
    /// given a port).
    pub async fn also_serve_dns_on(&self, addr: &str) -> std::io::Result<()> {
        let socket = UdpSocket::bind(addr).await?;
        tokio::spawn(serve_dns(socket, self.zone.clone()));
        Ok(())
    }
}
