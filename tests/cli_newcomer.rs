//! The command as a newcomer meets it: quiet unless asked, one name per thing, hints that
//! point where the problem is, a way to start (`init`), the key from a file, settings from
//! the environment, help and manual pages that name the environment.
#![cfg(feature = "cli")]

#[path = "common/cli.rs"]
mod cli;
mod common;

use std::io::Write;
use std::process::{Command, Output, Stdio};

use common::standin::{Reply, StandIn, lookup_answer};
use serde_json::{Value, json};

const KEY: &str = "NEWCOMERKEY31";

fn example(name: &str) -> Value {
    common::component_example(&common::document(), name)
}

fn order(id: i64, status: &str) -> Value {
    let mut order = example("OrderInfoPending");
    order["id"] = Value::from(id);
    order["status"] = Value::from(status);
    order
}

/// Runs markcert with `env` (the key unset unless given there) and `stdin`.
fn markcert_env(args: &[&str], env: &[(&str, &str)], stdin: &[u8]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_markcert"));
    command
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("DIGICERT_API_KEY")
        .env_remove("DIGICERT_API_KEY_FILE")
        .env_remove("DIGICERT_REGION")
        .env_remove("DIGICERT_BASE_URL");
    for (k, v) in env {
        command.env(k, v);
    }
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin);
    child.wait_with_output().unwrap()
}

async fn run(args: Vec<String>, env: Vec<(String, String)>) -> Output {
    tokio::task::spawn_blocking(move || {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        markcert_env(&args, &env, b"")
    })
    .await
    .unwrap()
}

fn with_base(server: &StandIn, args: &[&str]) -> Vec<String> {
    let mut all: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
    all.push("--base-url".to_owned());
    all.push(server.base_url.clone());
    all
}

fn keyed() -> Vec<(String, String)> {
    vec![("DIGICERT_API_KEY".to_owned(), KEY.to_owned())]
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("markcert-newcomer-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread")]
async fn no_log_lines_without_verbose_and_no_progress_with_quiet() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[]))
        } else {
            Reply::Json(201, example("OrderApproved"))
        }
    })
    .await;
    let args = with_base(
        &server,
        &["order", "cmc", "examples/cmc-order.json", "--yes"],
    );
    let out = run(args.clone(), keyed()).await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(!stderr(&out).contains(" INFO "), "{}", stderr(&out));
    let mut verbose = vec!["-v".to_owned()];
    verbose.extend(args);
    let out = run(verbose, keyed()).await;
    assert!(
        stderr(&out).contains("sending the order"),
        "{}",
        stderr(&out)
    );

    let pending = StandIn::start(|_, _| Reply::Json(200, order(7, "pending"))).await;
    let quiet = with_base(
        &pending,
        &[
            "-q",
            "watch",
            "7",
            "--interval",
            "1s",
            "--give-up-after",
            "2s",
        ],
    );
    let out = run(quiet, keyed()).await;
    assert_eq!(out.status.code(), Some(3));
    assert!(!stderr(&out).contains("(poll 1"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_alternative_order_id_has_one_name_and_keeps_the_old_one() {
    let server = StandIn::start(|request, _| {
        if request.is_lookup() {
            Reply::Json(200, lookup_answer(&[(7, Some("brand9"))]))
        } else {
            Reply::Json(200, order(7, "issued"))
        }
    })
    .await;
    for flag in ["--alternative-order-id", "--alternative-id"] {
        let out = run(with_base(&server, &["status", flag, "brand9"]), keyed()).await;
        assert_eq!(out.status.code(), Some(0), "{flag}: {}", stderr(&out));
    }
}

#[test]
fn an_order_id_that_is_not_a_number_says_what_an_order_id_is() {
    let out = markcert_env(&["status", "abc"], &[], b"");
    assert_eq!(out.status.code(), Some(2));
    let said = stderr(&out);
    assert!(said.contains("an order id is a number"), "{said}");
    assert!(said.contains("--alternative-order-id abc"), "{said}");
    assert!(!said.contains("invalid digit"), "{said}");
}

#[test]
fn validate_with_the_wrong_kind_says_which_kind_the_body_is() {
    let out = markcert_env(&["validate", "cmc", "examples/vmc-order.json"], &[], b"");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("did you mean `markcert validate vmc"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn validate_and_a_dry_run_point_to_bimi_ready_for_the_order_s_domains() {
    for args in [
        &["validate", "vmc", "examples/vmc-order.json"][..],
        &[
            "order",
            "vmc",
            "examples/vmc-order.json",
            "--logo",
            "examples/logo.svg",
            "--dry-run",
        ][..],
    ] {
        let out = markcert_env(args, &[], b"");
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("markcert bimi ready example.com"),
            "{args:?}: {}",
            stderr(&out)
        );
        // A progress line: -q leaves it out.
        let mut quiet = vec!["-q"];
        quiet.extend_from_slice(args);
        let out = markcert_env(&quiet, &[], b"");
        assert!(!stderr(&out).contains("bimi ready"), "{}", stderr(&out));
    }
}

#[test]
fn a_comment_in_an_order_file_is_named_as_one() {
    let body = "{\n  // the mark\n  \"payment_method\": \"balance\"\n}\n";
    let out = markcert_env(&["validate", "cmc", "-"], &[], body.as_bytes());
    assert_eq!(out.status.code(), Some(1));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("JSON does not allow comments"), "{said}");
    assert!(!said.contains("key must be a string"), "{said}");
}

#[tokio::test(flavor = "multi_thread")]
async fn bimi_record_for_a_domain_the_certificate_does_not_name_is_refused_unless_forced() {
    let server = StandIn::start(|_, _| {
        let mut order = example("OrderInfoIssuedHosted");
        order["certificate"]["dns_names"] = json!(["other.example"]);
        Reply::Json(200, order)
    })
    .await;
    let id = example("OrderInfoIssuedHosted")["id"].to_string();
    let out = run(
        with_base(
            &server,
            &["bimi", "record", "--domain", "example.com", "--order", &id],
        ),
        keyed(),
    )
    .await;
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
    let out = run(
        with_base(
            &server,
            &[
                "bimi",
                "record",
                "--domain",
                "example.com",
                "--order",
                &id,
                "--force",
            ],
        ),
        keyed(),
    )
    .await;
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn downloading_a_pending_order_points_at_watch() {
    let server = StandIn::start(|request, _| {
        if request.path.contains("/download/") {
            Reply::Json(
                404,
                json!({"errors": [{"code": "not_found|certificate", "message": "No certificate."}]}),
            )
        } else {
            Reply::Json(200, order(7, "pending"))
        }
    })
    .await;
    let dir = scratch("pending");
    let target = dir.join("chain.pem");
    let out = run(
        with_base(
            &server,
            &["cert", "download", "7", "-o", target.to_str().unwrap()],
        ),
        keyed(),
    )
    .await;
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("markcert watch 7"),
        "{}",
        stderr(&out)
    );
    assert!(
        !stderr(&out).contains("check the API key"),
        "{}",
        stderr(&out)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_base_url_without_services_v2_is_named_when_nothing_is_found() {
    let server = StandIn::start(|_, _| {
        Reply::Json(
            404,
            json!({"errors": [{"code": "not_found", "message": "Not found."}]}),
        )
    })
    .await;
    let out = run(with_base(&server, &["status", "7"]), keyed()).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("/services/v2"), "{}", stderr(&out));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_key_from_a_file_and_the_base_url_from_the_environment() {
    let server = StandIn::start(|_, _| Reply::Json(200, order(7, "issued"))).await;
    let dir = scratch("keyfile");
    let file = dir.join("key");
    std::fs::write(&file, format!("{KEY}\n")).unwrap();
    let file = file.to_str().unwrap().to_owned();
    for (args, env) in [
        (
            vec![
                "status",
                "7",
                "--api-key-file",
                &file,
                "--base-url",
                &server.base_url,
            ],
            vec![],
        ),
        (
            vec!["status", "7"],
            vec![
                ("DIGICERT_API_KEY_FILE", file.as_str()),
                ("DIGICERT_BASE_URL", server.base_url.as_str()),
            ],
        ),
    ] {
        let args: Vec<String> = args.iter().map(|a| (*a).to_owned()).collect();
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        let out = run(args, env).await;
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert!(
        requests
            .iter()
            .all(|r| r.header("x-dc-devkey") == Some(KEY))
    );
    // An empty key file is refused with the file's name, before anything is sent.
    let empty = dir.join("empty");
    std::fs::write(&empty, "\n").unwrap();
    let out = markcert_env(
        &[
            "status",
            "7",
            "--api-key-file",
            empty.to_str().unwrap(),
            "--base-url",
            &server.base_url,
        ],
        &[],
        b"",
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is empty"), "{}", stderr(&out));
    assert_eq!(server.requests().len(), 2);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn init_writes_an_order_that_validates_once_its_placeholders_are_filled() {
    for kind in ["vmc", "cmc"] {
        let out = markcert_env(&["init", kind], &[], b"");
        assert_eq!(out.status.code(), Some(0));
        let template = String::from_utf8(out.stdout).unwrap();
        // As written, every placeholder is refused: nothing is sent with one left in.
        let refused = markcert_env(
            &["validate", kind, "-", "--logo", "examples/logo.svg"],
            &[],
            template.as_bytes(),
        );
        assert_eq!(refused.status.code(), Some(1), "{kind}");
        assert!(String::from_utf8_lossy(&refused.stdout).contains("placeholder"));
        let mut filled: Value = serde_json::from_str(&template).unwrap();
        fill(&mut filled);
        let out = markcert_env(
            &["validate", kind, "-", "--logo", "examples/logo.svg"],
            &[],
            filled.to_string().as_bytes(),
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{kind}: {}",
            String::from_utf8_lossy(&out.stdout)
        );
    }
}

/// Fills every placeholder of `markcert init` as a user would.
fn fill(value: &mut Value) {
    match value {
        Value::String(text) if text.starts_with('<') => {
            *text = if text.contains("mail domain") {
                "example.com"
            } else if text.contains("email") {
                "jane@example.com"
            } else if text.contains("telephone") {
                "+1 801-555-0101"
            } else if text.contains("country code") {
                "us"
            } else if text.contains("registration number") {
                "5678901"
            } else {
                "Jane"
            }
            .to_owned();
        }
        Value::Array(items) => items.iter_mut().for_each(fill),
        Value::Object(fields) => {
            for (name, item) in fields.iter_mut() {
                if name == "id" && item == &Value::from(0) {
                    *item = Value::from(123456);
                }
                fill(item);
            }
        }
        _ => {}
    }
}

#[test]
fn help_and_manual_pages_name_the_environment_and_give_examples() {
    let out = markcert_env(&["--help"], &[], b"");
    let help = String::from_utf8_lossy(&out.stdout);
    for needed in [
        "ENVIRONMENT",
        "DIGICERT_API_KEY",
        "DIGICERT_API_KEY_FILE",
        "EXAMPLES",
    ] {
        assert!(help.contains(needed), "{needed}: {help}");
    }
    let dir = scratch("man");
    let out = markcert_env(&["man", "--dir", dir.to_str().unwrap()], &[], b"");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for page in [
        "markcert.1",
        "markcert-order.1",
        "markcert-cert-download.1",
        "markcert-watch.1",
    ] {
        let text =
            std::fs::read_to_string(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains("DIGICERT_API_KEY"), "{page}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_logo_over_the_size_is_refused_with_the_same_exit_wherever_it_is_given() {
    let dir = scratch("big-logo");
    let logo =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/logo.svg")).unwrap();
    let at = logo.find("<svg").unwrap();
    let at = at + logo[at..].find('>').unwrap() + 1;
    let big = dir.join("big.svg");
    std::fs::write(
        &big,
        format!(
            "{}<!--{}-->{}",
            &logo[..at],
            "x".repeat(2_300_000),
            &logo[at..]
        ),
    )
    .unwrap();
    let big = big.to_str().unwrap();
    for args in [
        vec!["logo", "check", big],
        vec!["logo", "encode", big],
        vec!["validate", "vmc", "examples/vmc-order.json", "--logo", big],
        vec![
            "order",
            "vmc",
            "examples/vmc-order.json",
            "--logo",
            big,
            "--dry-run",
        ],
    ] {
        let out = markcert_env(&args, &[], b"");
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        let said = format!("{}{}", String::from_utf8_lossy(&out.stdout), stderr(&out));
        assert!(
            said.contains("larger than 1048576 bytes"),
            "{args:?}: {said}"
        );
    }
}

#[test]
fn every_command_summary_is_one_short_sentence_with_the_details_in_its_own_help() {
    let groups = ["", "logo", "mark", "dcv", "cert", "bimi"];
    let mut seen = 0;
    for group in groups {
        let args: Vec<&str> = [group, "--help"]
            .into_iter()
            .filter(|a| !a.is_empty())
            .collect();
        let out = markcert_env(&args, &[], b"");
        let help = String::from_utf8_lossy(&out.stdout).into_owned();
        let commands = help
            .split("Commands:\n")
            .nth(1)
            .and_then(|rest| rest.split("\n\n").next())
            .unwrap_or_else(|| panic!("no command list in `markcert {group} --help`"));
        for line in commands.lines() {
            seen += 1;
            // A summary wrapped onto a second line starts with spaces only.
            let summary = line.trim_start();
            assert!(
                line.starts_with("  ") && !line.starts_with("         "),
                "wrapped summary in `{group}`: {line}"
            );
            assert!(
                summary.len() <= 90,
                "too long for a summary in `{group}`: {line}"
            );
            assert!(
                !summary.contains("Exit "),
                "exit codes belong in the command's own help: {line}"
            );
        }
    }
    assert!(seen >= 20, "{seen} summaries");
    // The details are still there, one level down.
    let out = markcert_env(&["validate", "--help"], &[], b"");
    assert!(String::from_utf8_lossy(&out.stdout).contains("Exit 0 when it has no errors"));
}
