//! `wijksim warmup` and `wijksim serve` end to end: the warm-up file is written through
//! the output writer (manifest and all), the server starts from it and answers on
//! loopback, and a damaged or foreign warm-up file is refused with exit code 2 before
//! anything is served.

use assert_cmd::Command;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Stdio;
use std::time::Duration;
use tempfile::TempDir;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn warmup(dir: &Path) {
    Command::cargo_bin("wijksim")
        .unwrap()
        .current_dir(root())
        .args(["warmup", "scenarios/workshop.toml", "--out"])
        .arg(dir)
        .assert()
        .success();
}

#[test]
fn warmup_then_serve_from_it() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("warm");
    warmup(&dir);
    wijksim::output::verify(&dir).expect("a committed output set with a manifest");
    let file = dir.join("warmup.bin");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wijksim"))
        .current_dir(root())
        .args([
            "serve",
            "scenarios/workshop.toml",
            "--port",
            "0",
            "--warmup",
        ])
        .arg(&file)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    assert!(addr.starts_with("127.0.0.1:"), "{line}");
    let mut s = TcpStream::connect(&addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    let _ = s.read_to_string(&mut answer);
    let _ = child.kill();
    let _ = child.wait();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("\"ok\":true"), "{answer}");
    let mut err = String::new();
    let _ = child.stderr.take().unwrap().read_to_string(&mut err);
    assert!(err.contains("loaded 5 warmed-up municipalities"), "{err}");
}

#[test]
fn damaged_or_foreign_warmup_files_are_refused() {
    let tmp = TempDir::new().unwrap();
    let dir = tmp.path().join("warm");
    warmup(&dir);
    let file = dir.join("warmup.bin");
    let mut bytes = std::fs::read(&file).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 1;
    let damaged = tmp.path().join("damaged.bin");
    std::fs::write(&damaged, &bytes).unwrap();
    let out = Command::cargo_bin("wijksim")
        .unwrap()
        .current_dir(root())
        .args([
            "serve",
            "scenarios/workshop.toml",
            "--port",
            "0",
            "--warmup",
        ])
        .arg(&damaged)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
    // Made for the workshop scenario, offered to the default one.
    let out = Command::cargo_bin("wijksim")
        .unwrap()
        .current_dir(root())
        .args(["serve", "--port", "0", "--warmup"])
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("another scenario"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Not a file.
    let out = Command::cargo_bin("wijksim")
        .unwrap()
        .current_dir(root())
        .args([
            "serve",
            "scenarios/workshop.toml",
            "--port",
            "0",
            "--warmup",
        ])
        .arg(tmp.path())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `wijksim serve ARGS` until its "ready" block is printed: (stdout lines, child).
fn serve_ready(args: &[&str]) -> (Vec<String>, std::process::Child) {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wijksim"))
        .current_dir(root())
        .arg("serve")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).unwrap() == 0 {
            break;
        }
        let last = line.contains("?screen");
        lines.push(line);
        if last {
            break;
        }
    }
    (lines, child)
}

#[test]
fn serve_says_ready_with_links_people_can_open() {
    let (lines, mut child) = serve_ready(&["scenarios/workshop.toml", "--port", "0"]);
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.concat();
    assert!(lines[0].starts_with("ready: "), "{text}");
    assert!(lines[0].contains("http://127.0.0.1:"), "{text}");
    // The facilitator's two links: the presenter's (with its token) and the screen's.
    let token = text
        .split("?presenter=")
        .nth(1)
        .and_then(|t| t.split_whitespace().next())
        .map(str::to_string)
        .unwrap_or_else(|| panic!("no presenter link in {text}"));
    assert!(
        token.len() >= 16 && token.chars().all(|c| c.is_ascii_hexdigit()),
        "{text}"
    );
    assert!(text.contains("?screen"), "{text}");

    // Listening on every address: the links name this computer's addresses, never
    // 0.0.0.0, which no participant can open.
    let (lines, mut child) = serve_ready(&[
        "scenarios/workshop.toml",
        "--port",
        "0",
        "--bind",
        "0.0.0.0",
    ]);
    let _ = child.kill();
    let _ = child.wait();
    let text = lines.concat();
    assert!(lines[0].starts_with("ready: "), "{text}");
    assert!(!text.contains("0.0.0.0"), "{text}");
    for url in text.split("http://").skip(1) {
        let host = url.split(':').next().unwrap_or("");
        let ip: std::net::IpAddr = host
            .trim_matches(|c| c == '[' || c == ']')
            .parse()
            .unwrap_or_else(|_| panic!("{host} in {text}"));
        assert!(!ip.is_unspecified(), "{text}");
    }
}

#[test]
fn a_port_in_use_suggests_another() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let out = Command::cargo_bin("wijksim")
        .unwrap()
        .current_dir(root())
        .args(["serve", "scenarios/workshop.toml", "--port", &port])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("in use") && err.contains("--port"), "{err}");
    // Said before any warm-up is simulated.
    assert!(!err.contains("warming up"), "{err}");
    drop(taken);
}
