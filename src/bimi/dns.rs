//! DNS lookups as a receiver makes them, with three outcomes kept apart: records, a clear
//! "none" (NXDOMAIN or no data), and no answer (timeout, server failure, unreachable).

use std::net::IpAddr;
use std::time::Duration;

use hickory_resolver::TokioResolver;
use hickory_resolver::config::{LookupIpStrategy, NameServerConfig, ResolveHosts, ResolverConfig};
use hickory_resolver::net::runtime::TokioRuntimeProvider;
use hickory_resolver::proto::op::ResponseCode;
use hickory_resolver::proto::rr::rdata::CAA;
use hickory_resolver::proto::rr::{Name, RData, RecordType};

use super::options::{DomainError, DomainOptions};

/// What a lookup gave.
#[derive(Clone, Debug)]
pub(crate) enum Answer<T> {
    /// At least one record of the type asked.
    Found(Vec<T>),
    /// The name does not exist, or holds no record of that type.
    None,
    /// No usable answer came: the reason.
    Unanswered(String),
}

/// The resolver of one check.
pub(crate) struct Dns {
    resolver: TokioResolver,
    timeout: Duration,
}

impl Dns {
    pub(crate) fn new(options: &DomainOptions) -> Result<Self, DomainError> {
        let provider = TokioRuntimeProvider::default();
        let mut builder = match options.dns_server {
            Some(server) => {
                let mut name_server = NameServerConfig::udp_and_tcp(server.ip());
                for connection in &mut name_server.connections {
                    connection.port = server.port();
                }
                TokioResolver::builder_with_config(
                    ResolverConfig::from_name_servers(vec![name_server]),
                    provider,
                )
            }
            None => TokioResolver::builder(provider).map_err(|e| {
                DomainError::Setup(format!(
                    "cannot read the system's DNS configuration ({e}); give --dns-server IP:PORT"
                ))
            })?,
        };
        let opts = builder.options_mut();
        // Each try waits at most half the step; the step's own timeout bounds the whole.
        opts.timeout = (options.timeout / 2).max(Duration::from_millis(100));
        opts.attempts = 2;
        opts.ndots = 0;
        opts.ip_strategy = LookupIpStrategy::Ipv4AndIpv6;
        opts.use_hosts_file = ResolveHosts::Never;
        let resolver = builder
            .build()
            .map_err(|e| DomainError::Setup(format!("cannot set up the DNS resolver: {e}")))?;
        Ok(Self {
            resolver,
            timeout: options.timeout,
        })
    }

    async fn lookup(&self, name: &str, record_type: RecordType) -> Answer<RData> {
        let Ok(fqdn) = Name::from_ascii(format!("{}.", name.trim_end_matches('.'))) else {
            return Answer::None;
        };
        let lookup = tokio::time::timeout(self.timeout, self.resolver.lookup(fqdn, record_type));
        match lookup.await {
            Err(_) => {
                Answer::Unanswered(format!("no answer within {} s", self.timeout.as_secs_f32()))
            }
            Ok(Ok(lookup)) => {
                let found: Vec<RData> = lookup
                    .answers()
                    .iter()
                    .filter(|r| r.record_type() == record_type)
                    .map(|r| r.data.clone())
                    .collect();
                if found.is_empty() {
                    Answer::None
                } else {
                    Answer::Found(found)
                }
            }
            Ok(Err(e)) => no_records(&e).unwrap_or_else(|| Answer::Unanswered(e.to_string())),
        }
    }

    /// The TXT records at `name`, each record's strings joined (as receivers read them).
    pub(crate) async fn txt(&self, name: &str) -> Answer<Vec<u8>> {
        map(
            self.lookup(name, RecordType::TXT).await,
            |data| match data {
                RData::TXT(txt) => Some(txt.txt_data.concat()),
                _ => None,
            },
        )
    }

    /// The CAA records at `name`.
    pub(crate) async fn caa(&self, name: &str) -> Answer<CAA> {
        map(
            self.lookup(name, RecordType::CAA).await,
            |data| match data {
                RData::CAA(caa) => Some(caa),
                _ => None,
            },
        )
    }

    /// The IPv4 and IPv6 addresses of `host`, looked up together.
    pub(crate) async fn addresses(&self, host: &str) -> Answer<IpAddr> {
        let (v4, v6) = tokio::join!(
            self.lookup(host, RecordType::A),
            self.lookup(host, RecordType::AAAA)
        );
        let mut found = Vec::new();
        let mut failure = None;
        for answer in [v4, v6] {
            match answer {
                Answer::Found(records) => {
                    found.extend(records.into_iter().filter_map(|d| match d {
                        RData::A(a) => Some(IpAddr::V4(a.0)),
                        RData::AAAA(aaaa) => Some(IpAddr::V6(aaaa.0)),
                        _ => None,
                    }))
                }
                Answer::None => {}
                Answer::Unanswered(why) => failure = Some(why),
            }
        }
        match (found.is_empty(), failure) {
            (false, _) => Answer::Found(found),
            (true, Some(why)) => Answer::Unanswered(why),
            (true, None) => Answer::None,
        }
    }
}

/// A "no records" error that is a clear answer (NXDOMAIN, or NOERROR without data); a
/// server failure or refusal is not.
fn no_records(error: &hickory_resolver::net::NetError) -> Option<Answer<RData>> {
    use hickory_resolver::net::{DnsError, NetError};
    match error {
        NetError::Dns(DnsError::NoRecordsFound(no)) => match no.response_code {
            ResponseCode::NoError | ResponseCode::NXDomain => Some(Answer::None),
            code => Some(Answer::Unanswered(format!(
                "the DNS server answered {code}"
            ))),
        },
        _ => None,
    }
}

fn map<T>(answer: Answer<RData>, f: impl Fn(RData) -> Option<T>) -> Answer<T> {
    match answer {
        Answer::Found(records) => {
            let found: Vec<T> = records.into_iter().filter_map(f).collect();
            if found.is_empty() {
                Answer::None
            } else {
                Answer::Found(found)
            }
        }
        Answer::None => Answer::None,
        Answer::Unanswered(why) => Answer::Unanswered(why),
    }
}
