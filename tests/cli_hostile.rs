//! Every command after ordering, against hostile and flaky stand-ins for CertCentral on
//! loopback: resumes that must not buy twice, proxies that must not see the key, output paths
//! that are not files, text that must not reach a terminal raw, deadlines that must hold,
//! fan-out the server drives, answers about other orders, and ends that must say the truth.
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use common::standin::{Recorded, Reply, StandIn, lookup_answer};
use serde_json::{Value, json};

const KEY: &str = "HOSTILEKEY77";

fn example(name: &str) -> Value {
    common::component_example(&common::document(), name)
}

fn order(id: i64, status: &str) -> Value {
    let mut order = example("OrderInfoPending");
    order["id"] = Value::from(id);
    order["status"] = Value::from(status);
    order
}

/// Runs markcert with the key, `args`, `--base-url` of `server` (when given) and extra
/// environment variables, from the project root, with `stdin`.
async fn run_env(
    server: Option<&StandIn>,
    args: &[&str],
    env: &[(&str, &str)],
    stdin: &[u8],
) -> (Output, Duration) {
    let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    if let Some(server) = server {
        all.push("--base-url".to_owned());
        all.push(server.base_url.clone());
    }
    let env: Vec<(String, String)> = env
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    let stdin = stdin.to_vec();
    tokio::task::spawn_blocking(move || {
        let mut command = Command::new(env!("CARGO_BIN_EXE_markcert"));
        command
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(&all)
            .env("DIGICERT_API_KEY", KEY)
            .env_remove("HTTP_PROXY")
            .env_remove("http_proxy")
            .env_remove("HTTPS_PROXY")
            .env_remove("https_proxy")
            .env_remove("ALL_PROXY")
            .env_remove("all_proxy")
            .env_remove("NO_PROXY")
            .env_remove("no_proxy");
        for (k, v) in &env {
            command.env(k, v);
        }
        let started = Instant::now();
        let mut child = command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("markcert runs");
        let _ = child.stdin.take().unwrap().write_all(&stdin);
        let out = child.wait_with_output().unwrap();
        (out, started.elapsed())
    })
    .await
    .unwrap()
}

async fn run(server: &StandIn, args: &[&str]) -> Output {
    run_env(Some(server), args, &[], b"").await.0
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

// Resume is a lookup.

fn order_file() -> String {
    format!("{}/examples/cmc-order.json", env!("CARGO_MANIFEST_DIR"))
}

/// A stand-in that knows one order placed with `resume42`, and places any POST.
fn placed_before(request: &Recorded, _: &[Recorded]) -> Reply {
    if request.is_lookup() {
        Reply::Json(200, lookup_answer(&[(144457096, Some("resume42"))]))
    } else {
        Reply::Json(201, example("OrderApproved"))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn ordering_again_with_the_id_printed_finds_the_order_and_sends_no_post() {
    let server = StandIn::start(placed_before).await;
    let out = run(
        &server,
        &[
            "order",
            "cmc",
            &order_file(),
            "--alternative-order-id",
            "resume42",
            "--yes",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(server.order_posts(), 0, "a second certificate was bought");
    assert_eq!(server.lookups(), 1);
    assert!(text(&out).contains("placed before"), "{}", text(&out));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["order_id"], 144457096, "{json}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_resume_whose_lookup_fails_sends_nothing_and_exits_3() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Raw(503, vec![], b"maintenance".to_vec())
        } else {
            Reply::Json(201, example("OrderApproved"))
        }
    })
    .await;
    let out = run(
        &server,
        &[
            "order",
            "cmc",
            &order_file(),
            "--alternative-order-id",
            "resume43",
            "--yes",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert_eq!(server.order_posts(), 0);
}

// A paid order is confirmed.

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_or_yes_an_order_is_refused_and_nothing_is_sent() {
    let server = StandIn::start(placed_before).await;
    let out = run(&server, &["order", "cmc", &order_file()]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--yes"), "{}", text(&out));
    assert!(server.requests().is_empty());
    // A `yes` arriving on a pipe is not a person answering: still refused, nothing sent.
    let (out, _) = run_env(
        Some(&server),
        &["order", "cmc", &order_file()],
        &[],
        b"yes\n",
    )
    .await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(server.requests().is_empty());
}

/// Runs markcert on a pseudo-terminal (util-linux `script`), typing `typed`.
fn on_a_terminal(args: &str, typed: &str) -> Option<Output> {
    let line = format!(
        "DIGICERT_API_KEY={KEY} {} {args}",
        env!("CARGO_BIN_EXE_markcert")
    );
    let mut child = Command::new("script")
        .args(["-qec", &line, "/dev/null"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .ok()?;
    // The question is written before the answer is read; a pause lets it appear first.
    std::thread::sleep(Duration::from_millis(300));
    let _ = child.stdin.take().unwrap().write_all(typed.as_bytes());
    child.wait_with_output().ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_decoded_logo_shown_on_a_terminal_carries_no_escape_sequence() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("no `script` to make a terminal with: skipped");
        return;
    }
    let dir = scratch("decode");
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t\u{1b}]0;owned\u{7}\u{1b}[2J</title></svg>\n";
    let logo = digicert_mark_certs::logo::Logo::from_svg(svg.as_bytes().to_vec()).unwrap();
    let encoded = dir.join("logo.b64");
    std::fs::write(&encoded, logo.encoded()).unwrap();
    let args = format!("logo decode {}", encoded.display());
    let out = tokio::task::spawn_blocking(move || on_a_terminal(&args, ""))
        .await
        .unwrap()
        .unwrap();
    let shown = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(shown.contains("<title>t"), "{shown:?}");
    assert!(!shown.contains('\u{1b}'), "{shown:?}");
    assert!(!shown.contains('\u{7}'), "{shown:?}");
    // Piped, the bytes are the file's own.
    let piped = Command::new(env!("CARGO_BIN_EXE_markcert"))
        .args(["logo", "decode", encoded.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(piped.stdout, svg.as_bytes());
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_terminal_the_order_is_shown_and_asked_for() {
    if Command::new("script").arg("--version").output().is_err() {
        eprintln!("no `script` to make a terminal with: skipped");
        return;
    }
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[]))
        } else {
            Reply::Json(201, example("OrderApproved"))
        }
    })
    .await;
    let args = format!("order cmc {} --base-url {}", order_file(), server.base_url);
    let refused = tokio::task::spawn_blocking({
        let args = args.clone();
        move || on_a_terminal(&args, "no\n")
    })
    .await
    .unwrap()
    .unwrap();
    let shown = String::from_utf8_lossy(&refused.stdout).into_owned();
    assert!(shown.contains("About to buy"), "{shown}");
    assert!(shown.contains("Common Mark Certificate"), "{shown}");
    assert!(shown.contains("alternative_order_id"), "{shown}");
    // What is bought, line by line: the domains, the organization, the plan, how it is paid.
    assert!(shown.contains("example.com"), "{shown}");
    assert!(shown.contains("organization: id 123456"), "{shown}");
    assert!(shown.contains("validity: 2 year(s)"), "{shown}");
    assert!(shown.contains("payment: profile"), "{shown}");
    assert!(shown.contains("Type yes"), "{shown}");
    assert_eq!(server.order_posts(), 0, "{shown}");

    let accepted = tokio::task::spawn_blocking(move || on_a_terminal(&args, "yes\n"))
        .await
        .unwrap()
        .unwrap();
    let shown = String::from_utf8_lossy(&accepted.stdout).into_owned();
    assert_eq!(server.order_posts(), 1, "{shown}");
    // A person reads the order id and the next commands.
    assert!(shown.contains("next: markcert status"), "{shown}");
    assert!(shown.contains("markcert watch"), "{shown}");
}

// The key never travels in clear through a proxy.

#[tokio::test(flavor = "multi_thread")]
async fn no_request_to_an_http_base_url_goes_through_a_proxy() {
    let proxy = StandIn::start(|_, _| Reply::Json(200, order(7, "issued"))).await;
    let server = StandIn::start(|_, _| Reply::Json(200, order(7, "issued"))).await;
    for variable in [
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
        "HTTPS_PROXY",
    ] {
        let (out, _) = run_env(
            Some(&server),
            &["status", "7", "--json"],
            &[(variable, &proxy.base_url)],
            b"",
        )
        .await;
        assert_eq!(out.status.code(), Some(0), "{variable}: {}", text(&out));
    }
    assert!(
        proxy.requests().is_empty(),
        "the proxy saw {} request(s), the key among them",
        proxy.requests().len()
    );
    assert!(!server.requests().is_empty());
}

// Files written safely.

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("markcert-hostile-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn chain_server_reply(request: &Recorded, _: &[Recorded]) -> Reply {
    if request.path.contains("/download/") {
        let pem = std::fs::read(format!(
            "{}/tests/fixtures/marks/cnn-2021/chain.pem",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap();
        Reply::Raw(
            200,
            vec![("content-type", "application/x-pem-file".to_owned())],
            pem,
        )
    } else {
        Reply::Json(200, order(7, "issued"))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn download_refuses_devices_links_fifos_and_directories_even_with_force() {
    let server = StandIn::start(chain_server_reply).await;
    let dir = scratch("download");
    let target = dir.join("published.pem");
    std::fs::write(&target, b"the file that is published\n").unwrap();
    let link = dir.join("link.pem");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let fifo = dir.join("fifo.pem");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A device of the test's own (the null device's numbers), so that a broken guard
    // replaces this node and not the system's /dev/null; where nodes cannot be made (not
    // root), the other cases still run.
    let device = dir.join("null");
    let have_device = Command::new("mknod")
        .arg(&device)
        .args(["c", "1", "3"])
        .status()
        .is_ok_and(|s| s.success());
    let mut cases: Vec<(PathBuf, &str)> = vec![
        (link.clone(), "symbolic link"),
        (fifo.clone(), "not a regular file"),
        (dir.clone(), "directory"),
    ];
    if have_device {
        cases.push((device.clone(), "not a regular file"));
    }
    for (path, said) in &cases {
        let out = run(
            &server,
            &[
                "cert",
                "download",
                "7",
                "-o",
                path.to_str().unwrap(),
                "--force",
            ],
        )
        .await;
        assert_eq!(out.status.code(), Some(2), "{path:?}: {}", text(&out));
        assert!(text(&out).contains(said), "{path:?}: {}", text(&out));
    }
    assert!(server.requests().is_empty(), "downloaded before refusing");
    // Nothing was replaced: the device is a device, the link a link to the same file.
    use std::os::unix::fs::FileTypeExt;
    if have_device {
        assert!(
            std::fs::symlink_metadata(&device)
                .unwrap()
                .file_type()
                .is_char_device()
        );
    }
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), target);
    assert_eq!(
        std::fs::read(&target).unwrap(),
        b"the file that is published\n"
    );
    // A regular file is replaced with --force, and standard output is `-`.
    let out = run(
        &server,
        &[
            "cert",
            "download",
            "7",
            "-o",
            target.to_str().unwrap(),
            "--force",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(std::fs::read(&target).unwrap().starts_with(b"-----BEGIN"));
    let out = run(&server, &["cert", "download", "7", "-o", "-"]).await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(out.stdout.starts_with(b"-----BEGIN"));
    let _ = std::fs::remove_dir_all(&dir);
}

// One way to print untrusted text.

/// What a hostile server puts in every string: a forged verdict line, a right-to-left
/// override, a C1 control sequence introducer, tag characters and a terminal escape.
const HOSTILE: &str = "x\nvalid: 0 error(s)\u{202E}\u{9B}31m\u{E0041}\u{E007F}\u{1b}[2J";

const RAW: [char; 6] = [
    '\u{202E}',
    '\u{9B}',
    '\u{E0041}',
    '\u{E007F}',
    '\u{1b}',
    '\u{200B}',
];

#[track_caller]
fn assert_escaped(out: &Output, what: &str) {
    let all = text(out);
    for c in RAW {
        assert!(
            !all.contains(c),
            "{what}: U+{:04X} reached the output raw: {all:?}",
            u32::from(c)
        );
    }
    // The genuine verdict goes on with the count of warnings; the forged one does not.
    assert!(
        !all.lines().any(|l| l
            .strip_prefix("valid: 0 error(s)")
            .is_some_and(|rest| !rest.starts_with(", "))),
        "{what}: a forged line: {all}"
    );
    assert!(!all.contains(KEY), "{what}: the key leaked");
}

fn hostile_order(id: i64, text: &str) -> Value {
    let mut order = order(id, text);
    order["certificate"]["dns_names"] = json!([text, "example.com"]);
    order["certificate"]["common_name"] = Value::from(text);
    order["hosted_logo_location"] = Value::from("https://example.com/logo.svg");
    order["hosted_cert_location"] = Value::from("https://example.com/chain.pem");
    order["alternative_order_id"] = Value::from(text);
    order
}

fn hostile(request: &Recorded, _: &[Recorded]) -> Reply {
    answer_with(request, HOSTILE)
}

/// A server that writes the API key it was sent into every string of its answers.
fn echoing(request: &Recorded, _: &[Recorded]) -> Reply {
    let key = request
        .header("x-dc-devkey")
        .unwrap_or("no key sent")
        .to_owned();
    answer_with(request, &key)
}

/// Answers for every command, with `text` in each string a server chooses.
fn answer_with(request: &Recorded, text: &str) -> Reply {
    let path = request.path.as_str();
    if path.contains("/download/") {
        let pem = format!("-----BEGIN {text}-----\nAAAA\n-----END {text}-----\n");
        Reply::Raw(200, vec![], pem.into_bytes())
    } else if path.ends_with("/check-dcv") {
        Reply::Json(
            200,
            json!({"dcv_status": text, "dns_name_validations": [{"dns_name": text, "status": text}]}),
        )
    } else if path.ends_with("/validation") {
        Reply::Json(
            200,
            json!({"order_status": text, "organization_validations": [{"type": text, "status": text}]}),
        )
    } else if path.starts_with("/order/certificate/status-changes") {
        Reply::Json(
            200,
            json!({"orders": [{"order_id": 7, "status": text}, {"order_id": 8, "status": text}]}),
        )
    } else if path == "/order/certificate" || path.starts_with("/order/certificate?") {
        let mut listed = hostile_order(7, text);
        listed["product"] = json!({"name_id": "vmc_basic", "name": text});
        listed["certificate"]["valid_till"] = Value::from(text);
        Reply::Json(
            200,
            json!({"orders": [listed], "page": {"total": 1, "limit": 1000, "offset": 0}}),
        )
    } else if path.starts_with("/organization") {
        Reply::Json(
            200,
            json!({"organizations": [{"id": 5, "name": text, "status": text, "display_name": text}],
                   "page": {"total": 1, "limit": 1000, "offset": 0}}),
        )
    } else if path.ends_with("/status") || path.ends_with("/vmc") || path.contains("logo") {
        Reply::Json(400, json!({"errors": [{"code": text, "message": text}]}))
    } else {
        Reply::Json(200, hostile_order(7, text))
    }
}

/// Every command that reads a server's answers, as the hostile tests run them.
fn every_command(chain: &str) -> Vec<Vec<String>> {
    vec![
        vec!["status".into(), "7".into()],
        vec!["status".into(), "7".into(), "--json".into()],
        vec![
            "watch".into(),
            "7".into(),
            "--give-up-after".into(),
            "2s".into(),
        ],
        vec!["dcv".into(), "check".into(), "7".into()],
        vec![
            "bimi".into(),
            "record".into(),
            "--domain".into(),
            "example.com".into(),
            "--order".into(),
            "7".into(),
        ],
        vec![
            "bimi".into(),
            "record".into(),
            "--domain".into(),
            "example.com".into(),
            "--order".into(),
            "7".into(),
            "--json".into(),
        ],
        vec![
            "cert".into(),
            "download".into(),
            "7".into(),
            "-o".into(),
            chain.into(),
        ],
        vec![
            "cancel".into(),
            "7".into(),
            "--note".into(),
            "n".into(),
            "--yes".into(),
        ],
        vec![
            "mark".into(),
            "update".into(),
            "7".into(),
            "--hosting".into(),
            "on".into(),
        ],
        vec![
            "logo".into(),
            "upload".into(),
            "7".into(),
            "examples/logo.svg".into(),
        ],
        vec![
            "order".into(),
            "cmc".into(),
            "examples/cmc-order.json".into(),
            "--yes".into(),
        ],
        vec![
            "order".into(),
            "cmc".into(),
            "examples/cmc-order.json".into(),
            "--yes".into(),
            "--alternative-order-id".into(),
            "hostile1".into(),
        ],
        // The account and the rest of a certificate's life.
        vec!["orders".into()],
        vec!["orders".into(), "--json".into()],
        vec!["orders".into(), "--expiring".into(), "30d".into()],
        vec!["organizations".into()],
        vec!["organizations".into(), "--json".into()],
        vec![
            "reissue".into(),
            "7".into(),
            "--domain".into(),
            "example.com".into(),
            "--yes".into(),
        ],
        vec!["renew".into(), "7".into(), "--yes".into()],
        vec![
            "watch".into(),
            "7".into(),
            "8".into(),
            "--give-up-after".into(),
            "2s".into(),
        ],
    ]
}

#[tokio::test(flavor = "multi_thread")]
async fn text_from_a_hostile_server_reaches_no_output_raw() {
    let server = StandIn::start(hostile).await;
    let dir = scratch("escape");
    let chain = dir.join("chain.pem");
    for args in &every_command(chain.to_str().unwrap()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&server, &args).await;
        assert_escaped(&out, &args.join(" "));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_echoes_the_key_gets_it_printed_by_no_command() {
    let server = StandIn::start(echoing).await;
    let dir = scratch("echo");
    let chain = dir.join("chain.pem");
    for args in &every_command(chain.to_str().unwrap()) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run(&server, &args).await;
        assert!(
            !text(&out).contains(KEY),
            "{}: the key was printed: {}",
            args.join(" "),
            text(&out)
        );
        if std::path::Path::new(&chain).exists() {
            let written = std::fs::read_to_string(&chain).unwrap_or_default();
            assert!(
                !written.contains(KEY),
                "the key was written to the chain file"
            );
            let _ = std::fs::remove_file(&chain);
        }
    }
    assert!(
        server
            .requests()
            .iter()
            .all(|r| r.header("x-dc-devkey") == Some(KEY)),
        "every request carried the key, so every answer echoed it"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn json_output_escapes_the_same_characters_and_keeps_the_values() {
    let server = StandIn::start(hostile).await;
    let out = run(&server, &["status", "7", "--json"]).await;
    assert_escaped(&out, "status --json");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    // The value read back is the server's, unchanged.
    assert_eq!(json["status"], HOSTILE);
}

#[tokio::test(flavor = "multi_thread")]
async fn text_in_a_logo_or_a_chain_reaches_no_output_raw() {
    let dir = scratch("files");
    let svg = dir.join("logo.svg");
    std::fs::write(
        &svg,
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\" \
             xml:lang=\"{}\"><title>t</title></svg>",
            "en\u{202E}\u{9B}\u{E0041}&#10;valid: 0 error(s)"
        ),
    )
    .unwrap();
    let pem = dir.join("chain.pem");
    std::fs::write(
        &pem,
        format!("-----BEGIN {HOSTILE}-----\nAAAA\n-----END {HOSTILE}-----\n"),
    )
    .unwrap();
    for args in [
        vec!["logo", "check", svg.to_str().unwrap()],
        vec!["logo", "check", svg.to_str().unwrap(), "--json"],
        vec!["cert", "verify", pem.to_str().unwrap()],
        vec!["cert", "verify", pem.to_str().unwrap(), "--json"],
    ] {
        let (out, _) = run_env(None, &args, &[], b"").await;
        assert_escaped(&out, &args.join(" "));
    }
    let _ = std::fs::remove_dir_all(&dir);
}

// Deadlines bound the whole wait.

#[tokio::test(flavor = "multi_thread")]
async fn watch_ends_at_its_deadline_whatever_the_server_does() {
    type Case = (&'static str, fn() -> Reply);
    let cases: Vec<Case> = vec![
        ("a poll that never answers", || Reply::Hang),
        ("503 asking for 10 s", || {
            Reply::Raw(
                503,
                vec![("retry-after", "10".to_owned())],
                b"busy".to_vec(),
            )
        }),
        ("429 asking for 5 s", || {
            Reply::Raw(
                429,
                vec![("retry-after", "5".to_owned())],
                b"slow down".to_vec(),
            )
        }),
    ];
    for (what, reply) in cases {
        let server = StandIn::start(move |_, _| reply()).await;
        let (out, took) = run_env(
            Some(&server),
            &["watch", "7", "--give-up-after", "3s", "--interval", "1s"],
            &[],
            b"",
        )
        .await;
        assert_eq!(out.status.code(), Some(3), "{what}: {}", text(&out));
        assert!(
            took < Duration::from_millis(4500),
            "{what}: the 3 s deadline took {took:?}"
        );
    }
}

// Fan-out the server drives is bounded.

#[tokio::test(flavor = "multi_thread")]
async fn status_reads_a_few_approval_requests_however_many_are_listed() {
    let details = Arc::new(AtomicUsize::new(0));
    let counted = details.clone();
    let server = StandIn::start(move |request, _| {
        if let Some(id) = request.path.strip_prefix("/request/") {
            counted.fetch_add(1, Ordering::SeqCst);
            return Reply::Json(
                200,
                json!({"id": id.parse::<i64>().unwrap(), "status": "pending"}),
            );
        }
        if request.path.ends_with("/validation") {
            return Reply::Json(200, json!({}));
        }
        let mut order = order(7, "pending");
        let requests: Vec<Value> = (1..=300)
            .map(|id| json!({"id": id, "status": "pending"}))
            .collect();
        order["requests"] = Value::from(requests);
        Reply::Json(200, order)
    })
    .await;
    let out = run(&server, &["status", "7", "--json"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let read = details.load(Ordering::SeqCst);
    assert!(read <= 3, "{read} approval requests read for one status");
    assert!(text(&out).contains("297 more"), "{}", text(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn approval_requests_that_fail_stop_the_fan_out() {
    let server = StandIn::start(|request, _| {
        if request.path.starts_with("/request/") {
            return Reply::Raw(503, vec![], b"down".to_vec());
        }
        if request.path.ends_with("/validation") {
            return Reply::Json(200, json!({}));
        }
        let mut order = order(7, "pending");
        let requests: Vec<Value> = (1..=40)
            .map(|id| json!({"id": id, "status": "pending"}))
            .collect();
        order["requests"] = Value::from(requests);
        Reply::Json(200, order)
    })
    .await;
    let out = run(&server, &["status", "7"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let gets = server
        .requests()
        .iter()
        .filter(|r| r.path.starts_with("/request/"))
        .count();
    // One request read with its retries, then no more.
    assert!(gets <= 3, "{gets} GETs of approval requests");
}

// Reads are retried alike; answers are checked to be about the order asked.

#[tokio::test(flavor = "multi_thread")]
async fn the_alternative_id_lookup_is_read_again_after_a_5xx() {
    let server = StandIn::start(|request, earlier| {
        if request.is_lookup() {
            if earlier.iter().any(Recorded::is_lookup) {
                Reply::Json(200, lookup_answer(&[(7, Some("brand1"))]))
            } else {
                Reply::Raw(503, vec![], b"busy".to_vec())
            }
        } else {
            Reply::Json(200, order(7, "issued"))
        }
    })
    .await;
    let out = run(
        &server,
        &[
            "watch",
            "--alternative-order-id",
            "brand1",
            "--give-up-after",
            "30s",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert_eq!(server.lookups(), 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn watch_rides_out_a_maintenance_page_served_as_200() {
    let server = StandIn::start(|_, earlier| {
        if earlier.len() < 3 {
            Reply::Raw(200, vec![], b"<html>We'll be back soon</html>".to_vec())
        } else {
            Reply::Json(200, order(7, "issued"))
        }
    })
    .await;
    let out = run(
        &server,
        &["watch", "7", "--interval", "1s", "--give-up-after", "20s"],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_answer_about_another_order_is_not_taken() {
    let server =
        StandIn::start(|_, _| Reply::Json(200, json!({"id": 999, "status": "issued"}))).await;
    // Status cannot be told from this server (exit 2); watch rides it out to its deadline.
    for (args, exit) in [
        (vec!["status", "5"], 2),
        (
            vec!["watch", "5", "--give-up-after", "3s", "--interval", "1s"],
            3,
        ),
    ] {
        let out = run(&server, &args).await;
        assert_eq!(out.status.code(), Some(exit), "{args:?}: {}", text(&out));
        assert!(
            !text(&out).contains("order 999 is issued") && !text(&out).contains("999: issued"),
            "{}",
            text(&out)
        );
        assert!(text(&out).contains("not order 5"), "{}", text(&out));
    }
}

// Truthful ends.

#[tokio::test(flavor = "multi_thread")]
async fn dcv_check_with_nothing_reported_is_unknown() {
    let server = StandIn::start(|_, _| Reply::Json(200, json!({}))).await;
    let out = run(&server, &["dcv", "check", "7"]).await;
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    assert!(!text(&out).contains("every domain is validated"));
}

#[tokio::test(flavor = "multi_thread")]
async fn bimi_record_refuses_an_order_that_ended_without_a_certificate() {
    for status in ["revoked", "canceled", "rejected"] {
        let server = StandIn::start(move |_, _| {
            let mut order = order(7, status);
            order["hosted_logo_location"] = Value::from("https://example.com/logo.svg");
            order["hosted_cert_location"] = Value::from("https://example.com/chain.pem");
            Reply::Json(200, order)
        })
        .await;
        let out = run(
            &server,
            &["bimi", "record", "--domain", "example.com", "--order", "7"],
        )
        .await;
        assert_eq!(out.status.code(), Some(1), "{status}: {}", text(&out));
        assert!(out.stdout.is_empty(), "{status}: a record was printed");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn bimi_record_writes_urls_as_checked_and_refuses_them_without_a_host() {
    let server = StandIn::start(|_, _| Reply::Json(200, json!({}))).await;
    for logo in [
        "https:evil.example/logo.svg",
        "https:///evil.example/logo.svg",
    ] {
        let out = run(
            &server,
            &[
                "bimi",
                "record",
                "--domain",
                "example.com",
                "--logo-url",
                logo,
                "--cert-url",
                "https://example.com/c.pem",
            ],
        )
        .await;
        assert_eq!(out.status.code(), Some(1), "{logo}: {}", text(&out));
    }
    let out = run(
        &server,
        &[
            "bimi",
            "record",
            "--domain",
            "example.com",
            "--logo-url",
            "https://EXAMPLE.com/logo.svg",
            "--cert-url",
            "https://example.com/c.pem",
        ],
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("l=https://example.com/logo.svg;"),
        "{}",
        text(&out)
    );
    assert!(server.requests().is_empty());
}
