//! A fair room (issue 19, item 6), against the real `wijksim serve` on loopback: the
//! loads that once locked a workshop out.
//!
//! * Two pages each ask a question at the documented limit (250,000 households x 10
//!   replications); they run in the long lane, and a page's ordinary question, asked
//!   while both run, runs in the quick lane and gets its first numbers, and its whole
//!   answer, before either large question is done.
//! * 530 connections sit idle; a page's requests are answered at once, while the
//!   connections opened last are still open (before, the page waited in the accept
//!   queue until the idle ones timed out, 9.4 s).
//!
//! The measured times are printed (`--nocapture`), never asserted: the assertions are
//! about order.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

struct Serve {
    child: Child,
    addr: String,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `wijksim serve scenarios/workshop.toml` on a free loopback port, once ready.
fn serve() -> Serve {
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("wijksim"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .args(["serve", "scenarios/workshop.toml", "--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    out.read_line(&mut line).unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_string();
    // Keep reading (and dropping) what the server prints, so it never blocks on a
    // full pipe.
    std::thread::spawn(move || {
        let mut sink = String::new();
        while out.read_line(&mut sink).is_ok_and(|n| n > 0) {
            sink.clear();
        }
    });
    Serve { child, addr }
}

impl Serve {
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let req = format!(
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\
             Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        s.write_all(req.as_bytes()).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        let text = String::from_utf8_lossy(&buf).to_string();
        let status = text
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text.split_once("\r\n\r\n").map_or("", |(_, b)| b);
        let body = if text
            .to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
        {
            unchunk(body)
        } else {
            body.to_string()
        };
        let v = serde_json::from_str(&body).unwrap_or(serde_json::Value::Null);
        (status, v)
    }

    fn ask(&self, client: &str, set: serde_json::Value) -> String {
        let body = serde_json::json!({"client": client, "set": set}).to_string();
        let (status, v) = self.request("POST", "/api/whatif", &body);
        assert_eq!(status, 202, "{v}");
        v["job"].as_str().unwrap().to_string()
    }

    fn job(&self, id: &str) -> serde_json::Value {
        let (status, v) = self.request("GET", &format!("/api/jobs/{id}"), "");
        assert_eq!(status, 200, "{v}");
        v
    }
}

fn unchunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap_or(0);
        if n == 0 || rest.len() < n {
            break;
        }
        out.push_str(&rest[..n]);
        s = rest[n..].trim_start_matches("\r\n");
    }
    out
}

#[test]
fn a_page_question_is_answered_while_two_large_questions_run() {
    let s = serve();
    let large = serde_json::json!({"population.households": 250000, "run.replications": 10});
    let big: Vec<String> = ["big-a", "big-b"]
        .iter()
        .map(|c| s.ask(c, large.clone()))
        .collect();
    // Both large questions are simulating (they hold the cores) before the page asks.
    let deadline = Instant::now() + Duration::from_secs(300);
    while !big.iter().all(|j| s.job(j)["status"] == "running") {
        assert!(Instant::now() < deadline, "the large questions never ran");
        std::thread::sleep(Duration::from_millis(20));
    }
    for j in &big {
        assert_eq!(
            s.job(j)["lane"],
            "long",
            "a large question in the page's lane"
        );
    }
    let asked = Instant::now();
    let page = s.ask("page", serde_json::json!({"team.caseload_cap": 33}));
    let mut first = None;
    let answer = loop {
        let v = s.job(&page);
        if first.is_none() && !v["result"].is_null() {
            first = Some(asked.elapsed());
            // The page has numbers while both large questions are still running.
            for j in &big {
                let b = s.job(j);
                assert_ne!(b["status"], "done", "a large question finished first: {b}");
            }
        }
        if v["status"] != "running" && v["status"] != "queued" {
            break v;
        }
        assert!(
            Instant::now() < deadline,
            "the page's question never finished"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    let all = asked.elapsed();
    assert_eq!(answer["status"], "done", "{answer}");
    assert_eq!(answer["lane"], "quick", "{answer}");
    let bigs: Vec<serde_json::Value> = big.iter().map(|j| s.job(j)).collect();
    for b in &bigs {
        assert_ne!(b["status"], "done", "a large question finished first: {b}");
        assert!(b["reps_done"].as_u64().unwrap() < 10, "{b}");
    }
    eprintln!(
        "page question under two large ones: first numbers after {} ms, all {} replications after {} ms \
         (large questions at {} and {} of 10 replications)",
        first.unwrap().as_millis(),
        answer["reps_done"],
        all.as_millis(),
        bigs[0]["reps_done"],
        bigs[1]["reps_done"]
    );
}

#[test]
fn idle_connections_never_hold_a_page_up() {
    let s = serve();
    // 530 connections that say nothing.
    let idle: Vec<TcpStream> = (0..530)
        .map(|_| TcpStream::connect(&s.addr).unwrap())
        .collect();
    let asked = Instant::now();
    let (status, levers) = s.request("GET", "/api/levers", "");
    let first = asked.elapsed();
    assert_eq!(status, 200, "{levers}");
    let job = s.ask("page", serde_json::json!({"team.caseload_cap": 31}));
    let answered = asked.elapsed();
    // The page was answered while the connections opened last are still open: it did
    // not wait for idle connections to time out and make room.
    for c in idle.iter().rev().take(32) {
        c.set_nonblocking(true).unwrap();
        let mut b = [0u8; 1];
        match (&*c).read(&mut b) {
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {}
            other => panic!(
                "a recent idle connection was closed before the page was answered: {other:?}"
            ),
        }
    }
    assert!(!job.is_empty());
    let (_, health) = s.request("GET", "/api/health", "");
    eprintln!(
        "with 530 idle connections: /api/levers after {} ms, a what-if accepted after {} ms; \
         the server holds {} connections",
        first.as_millis(),
        answered.as_millis(),
        health["connections"]
    );
    assert!(
        health["connections"].as_u64().unwrap() <= 64 + 1,
        "{health}"
    );
}
