//! A stand-in for CertCentral on loopback that records every request and answers as a test
//! script says: JSON, redirects, dropped connections, answers that never come, endless
//! bodies, late answers. Several can run at once, to count what reaches a second origin.
#![allow(dead_code)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One request as received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub at: Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    pub fn is_order_post(&self) -> bool {
        self.method == "POST" && self.path.starts_with("/order/certificate/")
    }

    pub fn is_lookup(&self) -> bool {
        self.method == "GET" && self.path.starts_with("/order/alternate/")
    }
}

/// How to answer one request.
pub enum Reply {
    /// A status and a JSON body.
    Json(u16, Value),
    /// A status, extra headers and a body as given.
    Raw(u16, Vec<(&'static str, String)>, Vec<u8>),
    /// A redirect to `location`.
    Redirect(u16, String),
    /// Close the connection without answering (the request was read whole).
    Drop,
    /// Keep the connection open and never answer.
    Hang,
    /// A 2xx head, then an endless chunked body of `byte`s (or until `total` bytes).
    Endless { status: u16, total: Option<u64> },
    /// The reply, after a delay.
    After(Duration, Box<Reply>),
}

type Script = dyn Fn(&Recorded, &[Recorded]) -> Reply + Send + Sync;

/// A running stand-in server.
pub struct StandIn {
    pub base_url: String,
    log: Arc<Mutex<Vec<Recorded>>>,
    pub started: Instant,
}

impl StandIn {
    /// Starts a server whose answers `script` chooses from the request and every request
    /// received before it.
    pub async fn start(
        script: impl Fn(&Recorded, &[Recorded]) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let log = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let shared = log.clone();
        tokio::spawn(async move {
            loop {
                let Ok((socket, _)) = listener.accept().await else {
                    return;
                };
                let log = shared.clone();
                let script = script.clone();
                tokio::spawn(async move { serve(socket, log, script).await });
            }
        });
        Self {
            base_url,
            log,
            started: Instant::now(),
        }
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<Recorded> {
        self.log.lock().unwrap().clone()
    }

    pub fn order_posts(&self) -> usize {
        self.requests().iter().filter(|r| r.is_order_post()).count()
    }

    pub fn lookups(&self) -> usize {
        self.requests().iter().filter(|r| r.is_lookup()).count()
    }
}

async fn serve(mut socket: TcpStream, log: Arc<Mutex<Vec<Recorded>>>, script: Arc<Script>) {
    // One request per connection keeps the script's view simple.
    let Some(request) = read_request(&mut socket).await else {
        return;
    };
    let reply = {
        let mut log = log.lock().unwrap();
        let reply = script(&request, &log);
        log.push(request);
        reply
    };
    answer(&mut socket, reply).await;
}

fn answer(
    socket: &mut TcpStream,
    reply: Reply,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send + '_>> {
    Box::pin(async move {
        match reply {
            Reply::Json(status, body) => {
                let body = body.to_string().into_bytes();
                write(
                    socket,
                    status,
                    &[("content-type", "application/json".into())],
                    &body,
                )
                .await;
            }
            Reply::Raw(status, headers, body) => write(socket, status, &headers, &body).await,
            Reply::Redirect(status, location) => {
                write(socket, status, &[("location", location)], b"").await;
            }
            Reply::Drop => {}
            Reply::Hang => tokio::time::sleep(Duration::from_secs(3600)).await,
            Reply::Endless { status, total } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n"
                );
                if socket.write_all(head.as_bytes()).await.is_err() {
                    return;
                }
                // One reused chunk: the server's own memory stays small.
                let chunk = vec![b' '; 64 * 1024];
                let framed = [
                    format!("{:x}\r\n", chunk.len()).into_bytes(),
                    chunk,
                    b"\r\n".to_vec(),
                ]
                .concat();
                let mut sent = 0u64;
                while total.is_none_or(|t| sent < t) {
                    if socket.write_all(&framed).await.is_err() {
                        return; // the client stopped reading
                    }
                    sent += 64 * 1024;
                }
                let _ = socket.write_all(b"0\r\n\r\n").await;
            }
            Reply::After(delay, reply) => {
                tokio::time::sleep(delay).await;
                answer(socket, *reply).await;
            }
        }
        let _ = socket.shutdown().await;
    })
}

async fn write(socket: &mut TcpStream, status: u16, headers: &[(&str, String)], body: &[u8]) {
    let mut head = format!(
        "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let _ = socket.write_all(head.as_bytes()).await;
    let _ = socket.write_all(body).await;
}

async fn read_request(socket: &mut TcpStream) -> Option<Recorded> {
    let mut data = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    loop {
        let n = socket.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        data.extend_from_slice(&buf[..n]);
        let Some(end) = data.windows(4).position(|w| w == b"\r\n\r\n") else {
            continue;
        };
        let head = String::from_utf8_lossy(&data[..end]).to_string();
        let mut lines = head.lines();
        let mut first = lines.next()?.split(' ');
        let method = first.next()?.to_owned();
        let path = first.next()?.to_owned();
        let headers: Vec<(String, String)> = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(n, v)| (n.trim().to_owned(), v.trim().to_owned()))
            .collect();
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        while data.len() < end + 4 + length {
            let n = socket.read(&mut buf).await.ok()?;
            if n == 0 {
                return None;
            }
            data.extend_from_slice(&buf[..n]);
        }
        return Some(Recorded {
            method,
            path,
            headers,
            body: data[end + 4..end + 4 + length].to_vec(),
            at: Instant::now(),
        });
    }
}

/// The answer of a lookup that found `orders` (each `(order_id, alternative id or None)`).
pub fn lookup_answer(orders: &[(i64, Option<&str>)]) -> Value {
    let list: Vec<Value> = orders
        .iter()
        .map(|(id, alt)| {
            let mut order = serde_json::json!({"order_id": id, "certificate_id": id + 1000, "status": "pending"});
            if let Some(alt) = alt {
                order["alternative_order_id"] = Value::from(*alt);
            }
            order
        })
        .collect();
    serde_json::json!({"orders": list, "page": {"total": orders.len(), "limit": 0, "offset": 0}})
}

/// The alternative order id a lookup asks for.
pub fn looked_up_id(request: &Recorded) -> String {
    request
        .path
        .rsplit('/')
        .next()
        .unwrap_or_default()
        .to_owned()
}
