//! The workshop server (`wijksim serve`): every endpoint, hostile requests, a bounded
//! concurrent load, cancellation, the answer cache, the one-pipeline guarantee (the
//! server's answers are `compare`'s, byte for byte) and the warm-up file.
//!
//! The server runs in-process on a loopback port with a short request timeout; the
//! client is a few lines of HTTP/1.1 over `std::net`, so that malformed and slow
//! requests can be sent exactly as written.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::{Duration, Instant};
use wijksim::comparison::{self, CompareOptions, Comparison};
use wijksim::export::csv_files;
use wijksim::model::LinkageModel;
use wijksim::scenario::{self, Override};
use wijksim::serve::engine::{Engine, Limits};
use wijksim::serve::{warmfile, AppState};

/// A small municipality: quick, but with every mechanism at work.
const SCENARIO: &str = r#"
[scenario]
name = "serve-test"

[run]
replications = 4
warmup_weeks = 26
horizon_weeks = 52

[population]
households = 2000

[districts]
teams = 2
"#;

struct Server {
    addr: SocketAddr,
    engine: Arc<Engine>,
    _rt: tokio::runtime::Runtime,
}

impl Server {
    fn start(text: &str) -> Server {
        Self::start_with(text, Limits::default(), None)
    }

    fn start_with(text: &str, limits: Limits, warmed: Option<Vec<warmfile::Warmed>>) -> Server {
        Self::start_conf(text, limits, warmed, |_| {})
    }

    /// A server whose connection settings `conf` may change.
    fn start_conf(
        text: &str,
        limits: Limits,
        warmed: Option<Vec<warmfile::Warmed>>,
        conf: impl FnOnce(&mut AppState),
    ) -> Server {
        let engine =
            Arc::new(Engine::new(text.to_string(), "test.toml".into(), limits, warmed).unwrap());
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let listener = rt
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let addr = listener.local_addr().unwrap();
        let mut state = AppState::new(Arc::clone(&engine));
        state.timeout = Duration::from_secs(2);
        state.write_timeout = Duration::from_secs(2);
        conf(&mut state);
        rt.spawn(wijksim::serve::run_with(
            listener,
            state,
            std::future::pending(),
        ));
        Server {
            addr,
            engine,
            _rt: rt,
        }
    }

    /// Send raw bytes, read the whole answer (the server closes: `Connection: close`).
    fn raw(&self, request: &[u8]) -> (u16, String, String) {
        let mut s = TcpStream::connect(self.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        // The server may answer (413) and close before a long body is written whole.
        let _ = s.write_all(request);
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        parse(&buf)
    }

    fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &str,
    ) -> (u16, String, String) {
        let mut req =
            format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        self.raw(req.as_bytes())
    }

    fn get(&self, path: &str) -> (u16, String, String) {
        self.request("GET", path, &[], "")
    }

    fn post(&self, path: &str, body: &str) -> (u16, String, String) {
        self.request("POST", path, &[("Content-Type", "application/json")], body)
    }

    fn json(&self, method: &str, path: &str, body: &str) -> (u16, serde_json::Value) {
        let (status, _, text) = if method == "GET" {
            self.get(path)
        } else {
            self.post(path, body)
        };
        let v = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"));
        (status, v)
    }

    /// Ask a what-if and wait (bounded) for its final answer.
    fn answer(&self, client: &str, set: serde_json::Value) -> serde_json::Value {
        let body = serde_json::json!({"client": client, "set": set}).to_string();
        let (status, v) = self.json("POST", "/api/whatif", &body);
        assert_eq!(status, 202, "{v}");
        self.wait(v["job"].as_str().unwrap())
    }

    fn wait(&self, job: &str) -> serde_json::Value {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let (status, v) = self.json("GET", &format!("/api/jobs/{job}"), "");
            assert_eq!(status, 200, "{v}");
            match v["status"].as_str().unwrap() {
                "done" | "cancelled" | "failed" => return v,
                _ => {}
            }
            assert!(Instant::now() < deadline, "job {job} did not finish: {v}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The comparison behind a job (in-process, for byte-exact checks).
    fn comparison(&self, job: &str) -> Arc<Comparison> {
        self.engine.job(job).unwrap().progress().latest.unwrap()
    }
}

fn parse(buf: &[u8]) -> (u16, String, String) {
    let text = String::from_utf8_lossy(buf).to_string();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        unchunk(body)
    } else {
        body.to_string()
    };
    (status, head.to_string(), body)
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

/// `wijksim compare` of the test scenario with `--set`s, through the library.
fn compare(set: &[(&str, &str)]) -> Comparison {
    let overrides: Vec<Override> = set
        .iter()
        .map(|(k, v)| Override {
            key: k.to_string(),
            value: v.to_string(),
        })
        .collect();
    let s = scenario::load_str(SCENARIO, "test.toml", &overrides).unwrap();
    let opts = CompareOptions {
        models: LinkageModel::ALL.to_vec(),
        ..CompareOptions::default()
    };
    comparison::compare(&s, &opts, &|_| {}).unwrap()
}

/// The bytes that decide whether two comparisons are the same answer.
fn bytes(c: &Comparison) -> Vec<Vec<u8>> {
    let r = &c.results;
    let mut out = vec![
        csv_files::summary(r).unwrap(),
        csv_files::summary_stats(r).unwrap(),
        csv_files::timeseries(r).unwrap(),
    ];
    if let Some(a) = &c.mkba {
        out.push(csv_files::mkba_summary(a).unwrap());
        out.push(csv_files::mkba_sensitivity(&c.sensitivity, &a.models).unwrap());
    }
    if let Some(rec) = &c.recommendation {
        out.push(wijksim::export::json::recommendation(rec).unwrap());
    }
    out
}

/// A refusal's body as JSON (failing the test if it is not).
fn json_body(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text:?}"))
}

fn error_of(v: &serde_json::Value) -> String {
    v["error"].as_str().unwrap_or_default().to_string()
}

#[test]
fn page_assets_and_levers() {
    let s = Server::start(SCENARIO);
    let (status, head, body) = s.get("/");
    assert_eq!(status, 200);
    assert!(head
        .to_ascii_lowercase()
        .contains("content-security-policy"));
    assert!(body.contains("/app.js") && body.contains("/app.css"));
    // Nothing from outside: no absolute URLs in the page, its script or its style.
    for path in ["/", "/app.js", "/app.css"] {
        let (status, _, text) = s.get(path);
        assert_eq!(status, 200, "{path}");
        assert!(
            !text.contains("http://") && !text.contains("https://"),
            "{path} refers outside"
        );
    }
    let (status, v) = s.json("GET", "/api/levers", "");
    assert_eq!(status, 200);
    let keys: Vec<&str> = v["levers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["key"].as_str().unwrap())
        .collect();
    for k in [
        "policy.pilot_teams",
        "team.caseload_cap",
        "staff.quit_factor",
        "staff.hiring_delay_weeks",
        "wi.consult_hours_per_week",
        "linkage.partial.wi_posts_per_team",
        "training.enabled",
        "signalling.coverage",
        "enforcement.discretion",
        "legal.mode",
        "flexible_budget.eur_per_team_year",
        "run.horizon_weeks",
    ] {
        assert!(keys.contains(&k), "lever {k} missing");
    }
    let quit = &v["levers"][2];
    assert_eq!(quit["key"], "staff.quit_factor");
    assert_eq!(quit["base"], 1.0);
    assert!(quit["source"].as_str().unwrap().contains("what-if lever"));
    assert_eq!(v["scenario"]["households"], 2000);
    let (status, v) = s.json("GET", "/api/health", "");
    assert_eq!((status, v["ok"].as_bool()), (200, Some(true)));
}

#[test]
fn answers_are_compare_byte_for_byte_and_cached() {
    let s = Server::start(SCENARIO);
    let v = s.answer(
        "page-a",
        serde_json::json!({"team.caseload_cap": 40, "legal.mode": "embedded", "policy.pilot_teams": [1]}),
    );
    assert_eq!(v["status"], "done", "{v}");
    assert_eq!(v["reps_done"], 4);
    let job = v["job"].as_str().unwrap().to_string();
    let want = compare(&[
        ("team.caseload_cap", "40"),
        ("legal.mode", "embedded"),
        ("policy.pilot_teams", "[1]"),
    ]);
    assert_eq!(bytes(&s.comparison(&job)), bytes(&want));
    // The page's numbers are those means (JSON carries them in shortest form).
    let stats = wijksim::export::outcome_stats(&want.results);
    for row in v["result"]["headline"].as_array().unwrap() {
        for m in row["models"].as_array().unwrap() {
            let st = stats
                .iter()
                .find(|x| x.model.name() == m["model"] && x.outcome == row["key"])
                .unwrap();
            let shown = m["mean"].as_f64().unwrap();
            assert!((shown - st.own.mean).abs() <= 1e-12 * st.own.mean.abs().max(1.0));
        }
    }
    assert!(v["result"]["recommendation"].as_str().unwrap().len() > 20);
    assert!(v["result"]["charts"][0]["svg"]
        .as_str()
        .unwrap()
        .starts_with("<svg"));
    assert!(v["result"]["mkba"]["chart"]
        .as_str()
        .unwrap()
        .starts_with("<svg"));
    // The same question again: from the cache, at once, the same answer.
    let again = s.answer(
        "page-b",
        serde_json::json!({"policy.pilot_teams": [1], "legal.mode": "embedded", "team.caseload_cap": 40}),
    );
    assert_eq!(again["cached"], true);
    assert_eq!(again["result"], v["result"]);
    // Dutch: the same numbers in other words.
    let (status, nl) = s.json("GET", &format!("/api/jobs/{job}?lang=nl"), "");
    assert_eq!(status, 200);
    assert_eq!(
        nl["result"]["headline"][0]["models"][0]["mean"],
        v["result"]["headline"][0]["models"][0]["mean"]
    );
    assert_ne!(
        nl["result"]["headline"][0]["label"],
        v["result"]["headline"][0]["label"]
    );
    assert!(nl["result"]["recommendation"] != v["result"]["recommendation"]);
}

#[test]
fn progressive_answers_add_up_to_compare() {
    // The server's own loop: replications a few at a time, analysed as they come, end
    // in exactly compare's bytes; and warm-ups kept from one what-if serve the next.
    let s = scenario::load_str(SCENARIO, "test.toml", &[]).unwrap();
    let engine = Engine::new(SCENARIO.into(), "test.toml".into(), Limits::default(), None).unwrap();
    engine.warm_base();
    let store = engine.base_warmups();
    assert_eq!(store.kept(4, 1), 4);
    let opts = CompareOptions {
        models: LinkageModel::ALL.to_vec(),
        ..CompareOptions::default()
    };
    let spec = comparison::run_spec(&s, &opts);
    let mut all: Option<wijksim::runner::Results> = None;
    for range in wijksim::serve::engine::chunks(4) {
        let r = comparison::simulate(&s, &spec, range, store.as_ref(), &|| false, &|| {}).unwrap();
        match &mut all {
            Some(a) => a.append(r),
            None => all = Some(r),
        }
    }
    let c = comparison::analyse(&s, &opts, all.unwrap(), &|_| {}).unwrap();
    assert_eq!(bytes(&c), bytes(&compare(&[])));
}

#[test]
fn world_changes_warm_up_again_and_say_so() {
    let s = Server::start(SCENARIO);
    let v = s.answer("page-w", serde_json::json!({"debt.growth_per_year": 0.2}));
    assert_eq!(v["status"], "done", "{v}");
    assert_eq!(v["warmup"], "computing");
    assert_eq!(
        v["warmup_keys"],
        serde_json::json!(["debt.growth_per_year"])
    );
    assert_eq!(
        bytes(&s.comparison(v["job"].as_str().unwrap())),
        bytes(&compare(&[("debt.growth_per_year", "0.2")]))
    );
    // A policy lever on the base keeps its warm-ups (computed by the first question).
    let _ = s.answer("page-w", serde_json::json!({}));
    let v = s.answer("page-w", serde_json::json!({"training.enabled": true}));
    assert_eq!(v["warmup"], "reused");
    assert_eq!(v["warmup_keys"], serde_json::json!([]));
}

#[test]
fn a_newer_question_cancels_the_older() {
    let s = Server::start(SCENARIO);
    // Long enough that the second question arrives while the first still runs.
    let body = serde_json::json!({"client": "page-c", "set": {"run.replications": 50, "run.horizon_weeks": 520}})
        .to_string();
    let (status, first) = s.json("POST", "/api/whatif", &body);
    assert_eq!(status, 202, "{first}");
    let second = s.answer("page-c", serde_json::json!({"team.caseload_cap": 35}));
    assert_eq!(second["status"], "done");
    let first = s.wait(first["job"].as_str().unwrap());
    assert_eq!(first["status"], "cancelled", "{first}");
    assert!(first["reps_done"].as_u64().unwrap() < 50);
    // Another page's question is not touched by this page's.
    let body =
        serde_json::json!({"client": "page-d", "set": {"team.caseload_cap": 36}}).to_string();
    let (_, d) = s.json("POST", "/api/whatif", &body);
    let _ = s.answer("page-e", serde_json::json!({"team.caseload_cap": 37}));
    assert_eq!(s.wait(d["job"].as_str().unwrap())["status"], "done");
}

#[test]
fn questions_are_ordered_by_the_pages_number_not_by_arrival() {
    let s = Server::start(SCENARIO);
    let long = serde_json::json!({"run.replications": 50, "run.horizon_weeks": 520});
    let ask = |question: u64, set: &serde_json::Value| {
        let body =
            serde_json::json!({"client": "page-q", "question": question, "set": set}).to_string();
        let (status, v) = s.json("POST", "/api/whatif", &body);
        assert_eq!(status, 202, "{v}");
        v
    };
    // Question 2 arrives first, question 1 (asked earlier, on a slower connection)
    // after it: the older is cancelled at once and the newer keeps running.
    let newer = ask(2, &long);
    let older = ask(1, &serde_json::json!({"team.caseload_cap": 35}));
    let older = s.wait(older["job"].as_str().unwrap());
    assert_eq!(older["status"], "cancelled", "{older}");
    assert_eq!(older["reps_done"], 0, "{older}");
    let (_, now) = s.json(
        "GET",
        &format!("/api/jobs/{}", newer["job"].as_str().unwrap()),
        "",
    );
    assert!(
        now["status"] == "running" || now["status"] == "queued",
        "{now}"
    );
    // A higher number replaces it as before.
    let newest = ask(3, &serde_json::json!({"team.caseload_cap": 36}));
    assert_eq!(
        s.wait(newer["job"].as_str().unwrap())["status"],
        "cancelled"
    );
    assert_eq!(s.wait(newest["job"].as_str().unwrap())["status"], "done");
}

#[test]
fn a_pages_latest_question_is_never_forgotten_for_room() {
    let s = Server::start(SCENARIO);
    let body = serde_json::json!({"client": "keep", "question": 1,
        "set": {"run.replications": 50, "run.horizon_weeks": 520}})
    .to_string();
    let (status, kept) = s.json("POST", "/api/whatif", &body);
    assert_eq!(status, 202, "{kept}");
    let kept = kept["job"].as_str().unwrap().to_string();
    // More questions than jobs remembered (64), from another page (cached answers,
    // so they are quick): the oldest job is the kept page's, yet it stays.
    let _ = s.answer("busy", serde_json::json!({}));
    for q in 1..=70u64 {
        let body = serde_json::json!({"client": "busy", "question": q, "set": {}}).to_string();
        let (status, v) = s.json("POST", "/api/whatif", &body);
        assert_eq!(status, 202, "{v}");
    }
    let (status, v) = s.json("GET", &format!("/api/jobs/{kept}"), "");
    assert_eq!(status, 200, "{v}");
    assert!(v["status"] == "running" || v["status"] == "queued", "{v}");
    // Done with it: a newer question of that page stops it.
    let _ = s.answer("keep", serde_json::json!({"team.caseload_cap": 30}));
}

#[test]
fn a_step_is_rendered_once_per_language_and_shared() {
    let s = Server::start(SCENARIO);
    let v = s.answer("page-render", serde_json::json!({"team.caseload_cap": 31}));
    let id = v["job"].as_str().unwrap().to_string();
    // The server rendered the final step in English for the answer above: asking again
    // (as every polling or streaming page does) renders nothing new.
    let job = s.engine.job(&id).unwrap();
    let renders = std::sync::atomic::AtomicUsize::new(0);
    let count = |_: &wijksim::serve::engine::Job, _: &wijksim::serve::engine::Progress| {
        renders.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        String::from("{}")
    };
    let (_, en) = job.rendered(wijksim::format::Lang::En, count);
    assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 0);
    assert_eq!(serde_json::from_str::<serde_json::Value>(&en).unwrap(), v);
    // Another language is rendered once, then shared.
    let (_, nl) = job.rendered(wijksim::format::Lang::Nl, count);
    let (_, again) = job.rendered(wijksim::format::Lang::Nl, count);
    assert_eq!(renders.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert!(Arc::ptr_eq(&nl, &again));
    // Over HTTP the bytes are the cached rendering.
    let (status, _, text) = s.get(&format!("/api/jobs/{id}"));
    assert_eq!(status, 200);
    assert_eq!(text, &*en);
}

#[test]
fn reports_at_once_wait_their_turn_and_all_arrive() {
    // More downloads at once than report places (2): they wait, and the places come
    // back, so downloads after them are answered too.
    let s = Arc::new(Server::start(SCENARIO));
    let v = s.answer("page-rep", serde_json::json!({"team.caseload_cap": 41}));
    let id = v["job"].as_str().unwrap().to_string();
    let threads: Vec<_> = (0..6)
        .map(|_| {
            let (s, id) = (Arc::clone(&s), id.clone());
            std::thread::spawn(move || s.get(&format!("/api/jobs/{id}/report.html")).0)
        })
        .collect();
    for t in threads {
        assert_eq!(t.join().unwrap(), 200);
    }
    for _ in 0..3 {
        assert_eq!(s.get(&format!("/api/jobs/{id}/report.html")).0, 200);
    }
}

#[test]
fn job_ids_differ_between_server_runs() {
    let a = Server::start(SCENARIO);
    let b = Server::start(SCENARIO);
    let ja = a.answer("p", serde_json::json!({}))["job"]
        .as_str()
        .unwrap()
        .to_string();
    let jb = b.answer("p", serde_json::json!({}))["job"]
        .as_str()
        .unwrap()
        .to_string();
    // The first job of each run: same number, other prefix, unknown to the other run.
    assert_ne!(ja, jb);
    assert_eq!(b.get(&format!("/api/jobs/{ja}")).0, 404);
    assert_eq!(a.get(&format!("/api/jobs/{ja}")).0, 200);
}

#[test]
fn events_stream_and_resume() {
    let s = Server::start(SCENARIO);
    let body =
        serde_json::json!({"client": "page-s", "set": {"signalling.coverage": 0.5}}).to_string();
    let (_, v) = s.json("POST", "/api/whatif", &body);
    let job = v["job"].as_str().unwrap().to_string();
    let (status, head, text) = s.get(&format!("/api/jobs/{job}/events?lang=nl"));
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("text/event-stream"));
    assert!(text.contains("event: done"), "{text}");
    let last = text
        .lines()
        .filter_map(|l| l.strip_prefix("id: ").or_else(|| l.strip_prefix("id:")))
        .next_back()
        .unwrap()
        .trim()
        .to_string();
    let data = text
        .lines()
        .filter_map(|l| l.strip_prefix("data: ").or_else(|| l.strip_prefix("data:")))
        .next_back()
        .unwrap();
    let done: serde_json::Value = serde_json::from_str(data).unwrap();
    assert_eq!(done["status"], "done");
    assert_eq!(done["lang"], "nl");
    // Resuming after the last event: nothing new, and the stream ends.
    let (status, _, text) = s.request(
        "GET",
        &format!("/api/jobs/{job}/events"),
        &[("Last-Event-ID", &last)],
        "",
    );
    assert_eq!(status, 200);
    assert!(!text.contains("data:"), "{text}");
    // Resuming from an earlier event: the newest state at once.
    let (_, _, text) = s.request(
        "GET",
        &format!("/api/jobs/{job}/events"),
        &[("Last-Event-ID", "1")],
        "",
    );
    assert!(text.contains("event: done"));
}

#[test]
fn saved_scenario_reproduces_the_answer() {
    let s = Server::start(SCENARIO);
    let set = serde_json::json!({"staff.quit_factor": 0.5, "run.horizon_weeks": 104, "policy.pilot_teams": [2]});
    let v = s.answer("page-t", set.clone());
    let (status, head, toml) = s.post(
        "/api/scenario.toml",
        &serde_json::json!({"set": set}).to_string(),
    );
    assert_eq!(status, 200, "{toml}");
    assert!(head
        .to_ascii_lowercase()
        .contains("attachment; filename=\"serve-test-whatif.toml\""));
    assert!(toml.contains("[switch]") && toml.contains("\"staff.quit_factor\" = 0.5"));
    let saved = scenario::load_str(&toml, "saved.toml", &[]).unwrap();
    let opts = CompareOptions {
        models: LinkageModel::ALL.to_vec(),
        ..CompareOptions::default()
    };
    let c = comparison::compare(&saved, &opts, &|_| {}).unwrap();
    assert_eq!(bytes(&c), bytes(&s.comparison(v["job"].as_str().unwrap())));
}

#[test]
fn hostile_requests_get_a_4xx_with_a_reason() {
    let s = Server::start(SCENARIO);
    let cases: &[(&str, u16, &str)] = &[
        ("{", 400, "not valid"),
        ("[]", 400, "not valid"),
        ("{\"client\": 5}", 400, "not valid"),
        ("{\"set\": {}}", 400, "client"),
        ("{\"client\": \"a\", \"set\": {}, \"extra\": 1}", 400, "unknown field"),
        ("{\"client\": \"a b\", \"set\": {}}", 400, "client"),
        ("{\"client\": \"a\", \"set\": {\"team.caseload_cpa\": 40}}", 400, "team.caseload_cap"),
        ("{\"client\": \"a\", \"set\": {\"team.caseload_cap\": \"40\"}}", 400, "whole number"),
        ("{\"client\": \"a\", \"set\": {\"team.caseload_cap\": 40.5}}", 400, "whole number"),
        ("{\"client\": \"a\", \"set\": {\"team.caseload_cap\": 100000}}", 400, "out of range"),
        ("{\"client\": \"a\", \"set\": {\"team.caseload_cap\": 99999999999999999999999}}", 400, "caseload_cap"),
        ("{\"client\": \"a\", \"set\": {\"signalling.coverage\": 1e300}}", 400, "out of range"),
        ("{\"client\": \"a\", \"set\": {\"signalling.coverage\": 1e999}}", 400, "not valid"),
        ("{\"client\": \"a\", \"set\": {\"signalling.coverage\": null}}", 400, "expected"),
        ("{\"client\": \"a\", \"set\": {\"signalling.coverage\": {\"x\": 1}}}", 400, "expected"),
        ("{\"client\": \"a\", \"set\": {\"legal.mode\": \"everywhere\"}}", 400, "embedded"),
        ("{\"client\": \"a\", \"set\": {\"legal.mode\": 1}}", 400, "legal.mode"),
        ("{\"client\": \"a\", \"set\": {\"training.enabled\": \"yes\"}}", 400, "true or false"),
        ("{\"client\": \"a\", \"set\": {\"policy.pilot_teams\": [1, 1]}}", 400, "twice"),
        ("{\"client\": \"a\", \"set\": {\"policy.pilot_teams\": [7]}}", 400, "does not exist"),
        ("{\"client\": \"a\", \"set\": {\"policy.pilot_teams\": [\"1\"]}}", 400, "whole numbers"),
        ("{\"client\": \"a\", \"set\": {\"policy.pilot_teams\": 1}}", 400, "list"),
        ("{\"client\": \"a\", \"set\": {\"scenario.name\": \"../../etc\"}}", 400, "not a what-if"),
        ("{\"client\": \"a\", \"set\": {\"population.households\": 5000000}}", 422, "at most"),
        ("{\"client\": \"a\", \"set\": {\"run.replications\": 5000}}", 422, "at most"),
        ("{\"client\": \"a\", \"set\": {\"run.horizon_weeks\": 1500}}", 422, "at most"),
        ("{\"client\": \"a\", \"set\": {\"run.warmup_weeks\": 1000}}", 422, "at most"),
        ("{\"client\": \"a\", \"set\": {\"population.households\": 100000, \"run.replications\": 20, \"run.horizon_weeks\": 1040}}", 422, "billion"),
        // Quick to simulate (one week), but 12.5 million warmed-up households to keep.
        ("{\"client\": \"a\", \"set\": {\"population.households\": 250000, \"run.replications\": 50, \"run.horizon_weeks\": 1}}", 422, "at most 2.50 million"),
    ];
    for (body, want, says) in cases {
        let (status, _, text) = s.post("/api/whatif", body);
        assert_eq!(status, *want, "{body}: {text}");
        let v: serde_json::Value =
            serde_json::from_str(&text).unwrap_or_else(|_| panic!("{body}: {text}"));
        assert!(error_of(&v).contains(says), "{body}: {text}");
    }
    // A long text value, a long list, many changes.
    let long = "x".repeat(300);
    let (status, _, _) = s.post(
        "/api/whatif",
        &format!("{{\"client\": \"a\", \"set\": {{\"legal.mode\": \"{long}\"}}}}"),
    );
    assert_eq!(status, 400);
    let list: Vec<u32> = (0..400).collect();
    let (status, _, _) = s.post(
        "/api/whatif",
        &serde_json::json!({"client": "a", "set": {"policy.pilot_teams": list}}).to_string(),
    );
    assert_eq!(status, 400);
    // Not JSON at all, or not said to be.
    let (status, _, _) = s.request(
        "POST",
        "/api/whatif",
        &[("Content-Type", "text/plain")],
        "{}",
    );
    assert_eq!(status, 415);
    let (status, _, _) = s.request("POST", "/api/whatif", &[], "{\"client\": \"a\"}");
    assert_eq!(status, 415);
    // A very long body is refused before it is read whole.
    let big = format!(
        "{{\"client\": \"a\", \"set\": {{}}, \"pad\": \"{}\"}}",
        "y".repeat(200_000)
    );
    let (status, _, text) = s.post("/api/whatif", &big);
    assert_eq!(status, 413);
    assert!(!error_of(&json_body(&text)).is_empty(), "{text}");
    // The extractors' and layers' own refusals are JSON too, with their reason.
    for (method, path, want) in [
        ("GET", "/api/jobs/x?lang=en&lang=nl", 400),
        ("GET", "/api/jobs/%FF", 400),
        ("GET", "/api/jobs/%FF/events", 400),
        ("DELETE", "/api/whatif", 405),
        ("PUT", "/api/health", 405),
    ] {
        let (status, head, text) = s.request(method, path, &[], "");
        assert_eq!(status, want, "{method} {path}: {text}");
        assert!(
            head.to_ascii_lowercase()
                .contains("content-type: application/json"),
            "{method} {path}: {head}"
        );
        assert!(
            !error_of(&json_body(&text)).is_empty(),
            "{method} {path}: {text}"
        );
    }
    // Unknown jobs, languages, paths and methods.
    assert_eq!(s.get("/api/jobs/999999").0, 404);
    assert_eq!(s.get("/api/jobs/abc").0, 404);
    assert_eq!(s.get("/api/jobs/99999999999999999999999").0, 404);
    assert_eq!(s.get("/api/jobs/1/events").0, 404);
    assert_eq!(s.get("/api/levers?x=1").0, 200);
    assert_eq!(s.get("/nothing/here").0, 404);
    assert_eq!(s.get("/../../etc/passwd").0, 404);
    assert_eq!(s.request("DELETE", "/api/whatif", &[], "").0, 405);
    let ok = s.answer("a", serde_json::json!({}));
    let job = ok["job"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("/api/jobs/{job}?lang=fr")).0, 400);
    // The download refuses what the what-if refuses.
    let (status, _, text) = s.post(
        "/api/scenario.toml",
        "{\"set\": {\"team.caseload_cap\": -1}}",
    );
    assert_eq!(status, 400, "{text}");
    let (status, _, _) = s.post("/api/scenario.toml", "{\"set\": {}, \"path\": \"/tmp/x\"}");
    assert_eq!(status, 400);
    // Another name for this computer (DNS rebinding) is not this app's.
    let (status, _, text) =
        s.raw(b"GET /api/levers HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
    assert_eq!(status, 421, "{text}");
    for host in ["localhost:1234", "127.0.0.1", "[::1]:80", "LOCALHOST"] {
        let req = format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        assert_eq!(s.raw(req.as_bytes()).0, 200, "{host}");
    }
    // Garbage on the wire: the connection is refused or closed, the server lives on.
    let _ = s.raw(b"\x00\x01\x02 NOT HTTP\r\n\r\n");
    let _ = s.raw(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: -5\r\n\r\n");
    let _ = s.raw(
        format!(
            "GET /{} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
            "a".repeat(100_000)
        )
        .as_bytes(),
    );
    assert_eq!(s.get("/api/health").0, 200);
}

#[test]
fn slow_clients_time_out_and_block_no_one() {
    let s = Server::start(SCENARIO);
    // Headers promise a body that never comes: the request times out (408)...
    let mut slow = TcpStream::connect(s.addr).unwrap();
    slow.write_all(
        b"POST /api/whatif HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"cli",
    )
    .unwrap();
    // ... while everyone else is answered meanwhile.
    for _ in 0..5 {
        assert_eq!(s.get("/api/health").0, 200);
    }
    slow.set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = Vec::new();
    let _ = slow.read_to_end(&mut buf);
    assert_eq!(parse(&buf).0, 408, "{}", String::from_utf8_lossy(&buf));
    assert!(!error_of(&json_body(&parse(&buf).2)).is_empty());
    // Headers that never end: the connection is closed after the timeout (2 s here),
    // not held open forever.
    let started = Instant::now();
    let mut slower = TcpStream::connect(s.addr).unwrap();
    slower
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        .unwrap();
    slower
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let mut buf = Vec::new();
    let _ = slower.read_to_end(&mut buf);
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(s.get("/api/health").0, 200);
}

/// A connection with a small receive buffer (so that the server's writes block
/// soon) that sends `n` pipelined requests for the page script and never reads.
fn stalling_client(addr: SocketAddr, n: usize) -> TcpStream {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let stream = rt.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.set_recv_buffer_size(4096).unwrap();
        socket.connect(addr).await.unwrap()
    });
    let mut stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream
        .set_write_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    let one = "GET /app.js HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    // The requests are small; the server's buffers take them all.
    let _ = stream.write_all(one.repeat(n).as_bytes());
    stream
}

#[test]
fn clients_that_never_read_are_dropped_and_block_no_one() {
    // Fewer connection places than stalling clients: without a write deadline the
    // stalled connections keep every place, and nobody else is ever answered.
    let s = Server::start_conf(SCENARIO, Limits::default(), None, |st| {
        st.max_connections = 4;
    });
    let script_len = s.get("/app.js").2.len();
    let n = 300;
    let stalled: Vec<TcpStream> = (0..6).map(|_| stalling_client(s.addr, n)).collect();
    // Another client is answered (within a generous liveness bound: the stalled
    // connections are dropped after 2 s without progress here).
    let (tx, rx) = std::sync::mpsc::channel();
    let addr = s.addr;
    std::thread::spawn(move || {
        let mut c = TcpStream::connect(addr).unwrap();
        c.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
        let _ = c
            .write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        let mut buf = Vec::new();
        let _ = c.read_to_end(&mut buf);
        let _ = tx.send(parse(&buf).0);
    });
    let status = rx
        .recv_timeout(Duration::from_secs(60))
        .expect("/api/health was not answered while clients never read");
    assert_eq!(status, 200);
    // The server closes every stalled connection by itself (while their clients still
    // read nothing): only the asking connection stays open. Bounded for liveness.
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let (_, v) = s.json("GET", "/api/health", "");
        if v["connections"] == 1 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "stalled connections kept open: {v}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The server gave up on the stalled connections: what they can still read ends
    // (closed or reset) well short of the answers to every request they sent.
    for mut c in stalled {
        c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
        let mut got = 0usize;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match c.read(&mut buf) {
                Ok(0) | Err(_) => break,
                Ok(k) => got += k,
            }
        }
        assert!(
            got < n * script_len,
            "the server wrote all {n} answers ({got} bytes) to a client that did not read"
        );
    }
}

#[test]
fn idle_kept_alive_connections_expire() {
    let s = Server::start(SCENARIO);
    let mut c = TcpStream::connect(s.addr).unwrap();
    c.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    c.write_all(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        .unwrap();
    // The answer, then silence: the server closes the idle connection after its
    // timeout (2 s here) instead of keeping it forever. A read that times out (30 s)
    // is an error, not an end, and fails the test.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let ended = loop {
        match c.read(&mut chunk) {
            Ok(0) => break true,
            Ok(k) => buf.extend_from_slice(&chunk[..k]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break true,
            Err(_) => break false,
        }
    };
    assert!(ended, "the idle connection was kept open");
    assert_eq!(parse(&buf).0, 200, "{}", String::from_utf8_lossy(&buf));
}

#[test]
fn many_pages_at_once() {
    // 8 clients x 50 requests on loopback, bounded: every answer a success or a
    // reasoned 4xx, never a 5xx, and the server still answers afterwards.
    let s = Arc::new(Server::start(SCENARIO));
    let started = Instant::now();
    let threads: Vec<_> = (0..8)
        .map(|c| {
            let s = Arc::clone(&s);
            std::thread::spawn(move || {
                let mut codes = Vec::new();
                for i in 0..50u32 {
                    let (status, _, _) = match i % 5 {
                        0 => s.get("/api/levers"),
                        1 => s.get("/"),
                        2 => s.post(
                            "/api/whatif",
                            &serde_json::json!({"client": format!("load-{c}"),
                                "set": {"team.caseload_cap": 25 + (i * 7 + c) % 6}})
                            .to_string(),
                        ),
                        3 => s.post(
                            "/api/whatif",
                            "{\"client\": \"x\", \"set\": {\"team.caseload_cap\": -1}}",
                        ),
                        _ => s.get(&format!("/api/jobs/{}", 1 + (i + c) % 20)),
                    };
                    codes.push(status);
                }
                codes
            })
        })
        .collect();
    let codes: Vec<u16> = threads
        .into_iter()
        .flat_map(|t| t.join().unwrap())
        .collect();
    assert_eq!(codes.len(), 400);
    assert!(codes.iter().all(|&c| c != 0 && c < 500), "{codes:?}");
    assert!(started.elapsed() < Duration::from_secs(120));
    let v = s.answer("after-load", serde_json::json!({"team.caseload_cap": 33}));
    assert_eq!(v["status"], "done");
}

#[test]
fn warm_up_file_round_trip_and_refusals() {
    let s = scenario::load_str(SCENARIO, "test.toml", &[]).unwrap();
    let engine = Engine::new(SCENARIO.into(), "test.toml".into(), Limits::default(), None).unwrap();
    engine.warm_base();
    let file = warmfile::encode(&s, &engine.base_warmups().all()).unwrap();
    let loaded = warmfile::decode(&s, &file).unwrap();
    assert_eq!(loaded.len(), 4);
    // Saved and loaded states are the same state: same answers as computed ones.
    let from_file = Server::start_with(SCENARIO, Limits::default(), Some(loaded));
    let v = from_file.answer("f", serde_json::json!({"team.caseload_cap": 45}));
    assert_eq!(v["warmup"], "from_file");
    assert_eq!(
        bytes(&from_file.comparison(v["job"].as_str().unwrap())),
        bytes(&compare(&[("team.caseload_cap", "45")]))
    );
    // Any damage is refused, before anything is decoded.
    for at in [0, 9, 15, 40, file.len() / 2, file.len() - 1] {
        let mut bad = file.clone();
        bad[at] ^= 0x55;
        let e = warmfile::decode(&s, &bad).unwrap_err();
        assert!(
            matches!(
                e,
                warmfile::WarmFileError::Checksum
                    | warmfile::WarmFileError::NotAWarmupFile(_)
                    | warmfile::WarmFileError::Format { .. }
            ),
            "byte {at}: {e}"
        );
    }
    let e = warmfile::decode(&s, &file[..file.len() - 7]).unwrap_err();
    assert!(
        e.to_string().contains("length") || e.to_string().contains("damaged"),
        "{e}"
    );
    assert!(warmfile::decode(&s, b"hello").is_err());
    // Another program version, or another scenario (a world parameter or the seed).
    let other = warmfile::encode_as(&s, &engine.base_warmups().all(), "0.0.1").unwrap();
    let e = warmfile::decode(&s, &other).unwrap_err();
    assert!(e.to_string().contains("wijksim 0.0.1"), "{e}");
    for change in [
        "debt.growth_per_year=0.2",
        "run.seed=2",
        "population.households=2100",
    ] {
        let ov: Override = change.parse().unwrap();
        let t = scenario::load_str(SCENARIO, "test.toml", &[ov]).unwrap();
        let e = warmfile::decode(&t, &file).unwrap_err();
        assert!(
            matches!(e, warmfile::WarmFileError::Scenario { .. }),
            "{change}: {e}"
        );
    }
    // What acts only after the warm-up keeps the file valid.
    for change in [
        "run.replications=2",
        "run.horizon_weeks=104",
        "team.caseload_cap=40",
    ] {
        let ov: Override = change.parse().unwrap();
        let t = scenario::load_str(SCENARIO, "test.toml", &[ov]).unwrap();
        assert!(warmfile::decode(&t, &file).is_ok(), "{change}");
    }
}

#[test]
fn scenarios_beyond_the_limits_are_refused_at_start() {
    let tiny = Limits {
        max_households: 1000,
        ..Limits::default()
    };
    let e = Engine::new(SCENARIO.into(), "test.toml".into(), tiny, None).unwrap_err();
    assert!(e.to_string().contains("at most 1000"), "{e}");
}

#[test]
fn report_of_the_final_answer() {
    let s = Server::start(SCENARIO);
    let v = s.answer("page-r", serde_json::json!({"team.caseload_cap": 40}));
    let job = v["job"].as_str().unwrap().to_string();
    let (status, head, en) = s.get(&format!("/api/jobs/{job}/report.html"));
    assert_eq!(status, 200, "{en}");
    let head = head.to_ascii_lowercase();
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(head.contains("serve-test-whatif-report.html"), "{head}");
    assert!(en.contains("<html") && en.contains("</html>"));
    // It says how to repeat the what-if on the command line.
    assert!(
        en.contains("--set team.caseload_cap=40"),
        "no command line in the report"
    );
    let (status, _, nl) = s.get(&format!("/api/jobs/{job}/report.html?lang=nl"));
    assert_eq!(status, 200);
    assert!(nl.contains("lang=\"nl\""));
    // The same what-if gives the same report, byte for byte.
    let again = s.answer("page-r2", serde_json::json!({"team.caseload_cap": 40}));
    let (_, _, en2) = s.get(&format!(
        "/api/jobs/{}/report.html",
        again["job"].as_str().unwrap()
    ));
    assert_eq!(en, en2);
    // Only of a final answer, of a known job, in a known language.
    let body = serde_json::json!({"client": "page-r3", "set": {"run.replications": 50, "run.horizon_weeks": 520}})
        .to_string();
    let (_, running) = s.json("POST", "/api/whatif", &body);
    let running = running["job"].as_str().unwrap().to_string();
    let (status, _, text) = s.get(&format!("/api/jobs/{running}/report.html"));
    assert_eq!(status, 409, "{text}");
    assert_eq!(s.get("/api/jobs/424242/report.html").0, 404);
    assert_eq!(
        s.get(&format!("/api/jobs/{job}/report.html?lang=de")).0,
        400
    );
    let _ = s.answer("page-r3", serde_json::json!({}));
}

#[test]
fn the_room_mirrors_the_presenter_and_queues_proposals() {
    let token = "0123456789abcdef";
    let s = Server::start_conf(SCENARIO, Limits::default(), None, |st| {
        st.room = Arc::new(wijksim::serve::room::Room::new(token.into()));
    });
    let with = |method: &str, path: &str, t: &str, body: &str| {
        let (status, _, text) = s.request(
            method,
            path,
            &[
                ("Content-Type", "application/json"),
                ("X-Presenter-Token", t),
            ],
            body,
        );
        (status, json_body(&text))
    };
    let (status, room) = s.json("GET", "/api/room", "");
    assert_eq!(status, 200);
    assert!(
        room["job"].is_null() && room["set"] == serde_json::json!({}),
        "{room}"
    );
    // The presenter asks; only the token may put it on the screen.
    let answer = s.answer("presenter", serde_json::json!({"team.caseload_cap": 35}));
    let job = answer["job"].as_str().unwrap();
    let body = serde_json::json!({"set": {"team.caseload_cap": 35}, "job": job}).to_string();
    for wrong in ["", "0123456789abcdeX", "0123456789abcdef0"] {
        let (status, v) = with("POST", "/api/room/present", wrong, &body);
        assert_eq!(status, 403, "{v}");
        assert!(error_of(&v).contains("presenter"), "{v}");
    }
    let (status, v) = with("POST", "/api/room/present", token, &body);
    assert_eq!(status, 200, "{v}");
    let (_, room) = s.json("GET", "/api/room", "");
    assert_eq!(room["job"], job, "{room}");
    assert_eq!(room["set"]["team.caseload_cap"], 35, "{room}");
    // The screen follows the same job: the same answer, computed once.
    let (_, shown) = s.json("GET", &format!("/api/jobs/{job}"), "");
    assert_eq!(shown["status"], "done");
    // A job the server does not know, or changes it would refuse, never reach it.
    let (status, _) = with(
        "POST",
        "/api/room/present",
        token,
        r#"{"set": {}, "job": "nope-1"}"#,
    );
    assert_eq!(status, 404);
    let (status, _) = with(
        "POST",
        "/api/room/present",
        token,
        r#"{"set": {"team.caseload_cap": 100000}}"#,
    );
    assert_eq!(status, 400);
    // Participants propose; refused values are refused here already.
    let (status, v) = s.json(
        "POST",
        "/api/room/proposals",
        r#"{"client": "p1", "set": {"team.caseload_cap": 100000}}"#,
    );
    assert_eq!(status, 400, "{v}");
    let (status, first) = s.json(
        "POST",
        "/api/room/proposals",
        r#"{"client": "p1", "set": {"team.caseload_cap": 40}}"#,
    );
    assert_eq!(status, 202, "{first}");
    // A page's newer proposal replaces its older one.
    let (status, second) = s.json(
        "POST",
        "/api/room/proposals",
        r#"{"client": "p1", "set": {"team.caseload_cap": 45}}"#,
    );
    assert_eq!(status, 202, "{second}");
    assert_eq!(s.json("GET", "/api/room", "").1["proposals"], 1);
    // Only the presenter reads and dismisses them.
    assert_eq!(s.get("/api/room/proposals").0, 403);
    let (status, list) = with("GET", "/api/room/proposals", token, "");
    assert_eq!(status, 200);
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    assert_eq!(list[0]["set"]["team.caseload_cap"], 45, "{list}");
    let id = list[0]["id"].as_u64().unwrap();
    let dismiss = format!("/api/room/proposals/{id}/dismiss");
    assert_eq!(with("POST", &dismiss, "", "").0, 403);
    assert_eq!(with("POST", &dismiss, token, "").0, 200);
    assert_eq!(with("POST", &dismiss, token, "").0, 404);
    assert_eq!(
        with("GET", "/api/room/proposals", token, "").1,
        serde_json::json!([])
    );
}

#[test]
fn page_questions_run_in_the_quick_lane_and_larger_ones_in_the_long() {
    let s = Server::start(SCENARIO);
    // The longest horizon the page's slider reaches is still a page question.
    let v = s.answer("p", serde_json::json!({"run.horizon_weeks": 520}));
    assert_eq!(
        (v["status"].as_str(), v["lane"].as_str()),
        (Some("done"), Some("quick")),
        "{v}"
    );
    // Ten times the households is not, whatever the lever.
    let v = s.answer("q", serde_json::json!({"population.households": 20000}));
    assert_eq!(
        (v["status"].as_str(), v["lane"].as_str()),
        (Some("done"), Some("long")),
        "{v}"
    );
    // Its answer is the same wherever it ran: compare's.
    let job = v["job"].as_str().unwrap();
    assert_eq!(
        bytes(&s.comparison(job)),
        bytes(&compare(&[("population.households", "20000")]))
    );
}
