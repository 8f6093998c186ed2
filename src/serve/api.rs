//! The HTTP side: routes, request parsing and limits, server-sent events.
//!
//! | route | what |
//! | --- | --- |
//! | `GET /`, `/app.js`, `/app.css` | the page, embedded in the binary |
//! | `GET /api/levers` | the levers (key, control, words, unit, source, base value), the scenario and the limits |
//! | `POST /api/whatif` | `{"client": "<page id>", "question": n, "set": {"key": value, ...}}`: starts (or finds in the cache) the answer; 202 with the job (its id an opaque text) |
//! | `GET /api/jobs/{id}?lang=en` | what the job has now (JSON) |
//! | `GET /api/jobs/{id}/events?lang=en` | the same as server-sent events, one per step, resumable with `Last-Event-ID` |
//! | `GET /api/jobs/{id}/report.html?lang=nl` | the HTML report of the job's final answer (download) |
//! | `POST /api/scenario.toml` | `{"set": {...}}`: the what-if as a scenario file (download) |
//! | `GET /api/health` | `{"ok": true, ...}` |
//! | `GET /api/room`, `/api/room/events` | the room ([`super::room`]): the presenter's lever changes and job (JSON; server-sent events at every change) |
//! | `POST /api/room/present` | presenter only (`X-Presenter-Token`): `{"set": {...}, "job": "<id>"}`, what the screen shows |
//! | `POST /api/room/proposals` | `{"client": "<page id>", "set": {...}}`: a participant's what-if for the screen (validated as a question) |
//! | `GET /api/room/proposals`, `POST /api/room/proposals/{id}/dismiss` | presenter only: the waiting proposals; drop one |
//!
//! Every refusal is a 4xx with `{"error": "..."}` saying why. Request bodies are read
//! here as bytes and parsed strictly (unknown fields refused), so no extractor's
//! default message reaches the page.

use super::engine::{Engine, Job, Progress, RequestError, MAX_CLIENT_ID, MAX_LIST, MAX_TEXT};
use super::room::Room;
use super::{levers, render};
use crate::format::Lang;
use crate::scenario::Override;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::Deserialize;
use serde_json::{json, Value};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

/// Largest request body (a what-if with every lever is a few hundred bytes).
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Longest a request may take to arrive and be answered (server-sent event streams
/// excepted: they answer at once and then stream).
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Longest a response may wait for the client to take more of it: a connection whose
/// writes make no progress for this long (a client that never reads) is closed, so it
/// cannot hold one of the connection places for good. Event streams are unaffected:
/// their client reads each event as it comes.
pub const WRITE_TIMEOUT: Duration = Duration::from_secs(20);

/// Reports built at once. A report draws every chart of every section on a blocking
/// thread; without a bound, many downloads at once would each take a thread and its
/// memory. More wait (within the request timeout).
pub const REPORTS_AT_ONCE: usize = 2;

/// How long `POST /api/whatif` waits for the first replication before answering
/// without it.
pub const FIRST_ANSWER_WAIT: Duration = Duration::from_millis(60);

/// Requests handled at once; more wait (up to the timeout).
pub const MAX_CONCURRENT_REQUESTS: usize = 64;

const INDEX_HTML: &str = include_str!("assets/index.html");
const APP_JS: &str = include_str!("assets/app.js");
const APP_CSS: &str = include_str!("assets/app.css");

/// What every handler shares.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The what-if engine.
    pub engine: Arc<Engine>,
    /// Longest a request may take ([`REQUEST_TIMEOUT`]; tests use less).
    pub timeout: Duration,
    /// Answer only requests addressed to this computer by name (`localhost`, a
    /// loopback address): set when listening on loopback, so that a web page elsewhere
    /// cannot reach the app by pointing a name of its own at 127.0.0.1 (DNS rebinding).
    pub loopback_only: bool,
    /// Longest a response write may make no progress ([`WRITE_TIMEOUT`]; tests use
    /// less).
    pub write_timeout: Duration,
    /// Connections open at once ([`super::MAX_CONNECTIONS`]; tests use fewer).
    pub max_connections: usize,
    /// Connections open at once from one address ([`super::MAX_PER_ADDRESS`]).
    pub max_per_address: usize,
    /// Connections open now (counted by the accept loop, reported by `/api/health`).
    pub(super) open: Arc<std::sync::atomic::AtomicUsize>,
    /// Places for building reports ([`REPORTS_AT_ONCE`]).
    reports: Arc<tokio::sync::Semaphore>,
    /// The shared room state and its presenter token.
    pub room: Arc<Room>,
}

impl AppState {
    /// State for `engine` with the default timeout, answering loopback names only.
    pub fn new(engine: Arc<Engine>) -> Self {
        AppState {
            engine,
            timeout: REQUEST_TIMEOUT,
            loopback_only: true,
            write_timeout: WRITE_TIMEOUT,
            max_connections: super::MAX_CONNECTIONS,
            max_per_address: super::MAX_PER_ADDRESS,
            open: Arc::default(),
            reports: Arc::new(tokio::sync::Semaphore::new(REPORTS_AT_ONCE)),
            room: Arc::new(Room::with_random_token()),
        }
    }
}

/// Whether a `Host` header names this computer: `localhost`, or a loopback address,
/// with or without a port.
pub fn is_loopback_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("")
    } else {
        host.rsplit_once(':').map_or(host, |(h, port)| {
            if port.chars().all(|c| c.is_ascii_digit()) {
                h
            } else {
                host
            }
        })
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

async fn check_host(
    State(app): State<AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if app.loopback_only {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        if !is_loopback_host(host) {
            return ApiError(
                StatusCode::MISDIRECTED_REQUEST,
                "this app answers only on this computer (http://127.0.0.1 or http://localhost)"
                    .into(),
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// The router with every route and limit.
pub fn router(state: AppState) -> Router {
    use tower::limit::ConcurrencyLimitLayer;
    use tower_http::limit::RequestBodyLimitLayer;
    use tower_http::timeout::TimeoutLayer;
    let timeout = state.timeout;
    Router::new()
        .route("/", get(index))
        .route("/app.js", get(app_js))
        .route("/app.css", get(app_css))
        .route("/api/health", get(health))
        .route("/api/levers", get(levers_route))
        .route("/api/whatif", post(whatif))
        .route("/api/jobs/{id}", get(job_route))
        .route("/api/jobs/{id}/events", get(events))
        .route("/api/jobs/{id}/report.html", get(report_route))
        .route("/api/scenario.toml", post(scenario_toml))
        .route("/api/room", get(room_route))
        .route("/api/room/events", get(room_events))
        .route("/api/room/present", post(room_present))
        .route(
            "/api/room/proposals",
            get(room_proposals).post(room_propose),
        )
        .route("/api/room/proposals/{id}/dismiss", post(room_dismiss))
        .fallback(not_found)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            check_host,
        ))
        .with_state(state)
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(ConcurrencyLimitLayer::new(MAX_CONCURRENT_REQUESTS))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        // Outermost, so that it sees the refusals of every layer and extractor.
        .layer(axum::middleware::map_response(json_refusals))
}

/// Every refusal as `{"error": "..."}`: the extractors' and layers' own refusals (a
/// malformed query or path, a method a route does not take, a body over the limit, a
/// timeout) come as plain text or empty; their words are kept, in JSON.
async fn json_refusals(r: Response) -> Response {
    let status = r.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return r;
    }
    let json = r
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        return r;
    }
    let (parts, body) = r.into_parts();
    // These texts are a line; more is not read (and not expected).
    let text = axum::body::to_bytes(body, 4096)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_string())
        .unwrap_or_default();
    let message = if !text.is_empty() {
        let mut t: String = text.chars().filter(|c| !c.is_control()).take(300).collect();
        if text.chars().count() > 300 {
            t.push('…');
        }
        t
    } else {
        match status {
            StatusCode::METHOD_NOT_ALLOWED => {
                "this endpoint does not take that method (see the API in docs/GUIDE.md, Workshop app)".into()
            }
            StatusCode::REQUEST_TIMEOUT => {
                "the request took too long to arrive or to answer".into()
            }
            s => s.canonical_reason().unwrap_or("refused").to_string(),
        }
    };
    let mut out = ApiError(status, message).into_response();
    if let Some(allow) = parts.headers.get(header::ALLOW) {
        out.headers_mut().insert(header::ALLOW, allow.clone());
    }
    out
}

/// A refusal: status and a message for a person.
#[derive(Debug)]
pub struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.0, axum::Json(json!({ "error": self.1 }))).into_response();
        r.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        r
    }
}

impl From<RequestError> for ApiError {
    fn from(e: RequestError) -> Self {
        let status = match e {
            RequestError::Invalid(_) => StatusCode::BAD_REQUEST,
            RequestError::TooLarge(_) => StatusCode::UNPROCESSABLE_ENTITY,
            RequestError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        ApiError(status, e.to_string())
    }
}

fn bad(msg: impl Into<String>) -> ApiError {
    ApiError(StatusCode::BAD_REQUEST, msg.into())
}

fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-cache")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            // Everything the page needs is on this server: nothing else may load.
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(
                    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
                ),
            ),
        ],
        body,
    )
        .into_response()
}

async fn index() -> Response {
    asset("text/html; charset=utf-8", INDEX_HTML)
}

async fn app_js() -> Response {
    asset("text/javascript; charset=utf-8", APP_JS)
}

async fn app_css() -> Response {
    asset("text/css; charset=utf-8", APP_CSS)
}

async fn not_found() -> ApiError {
    ApiError(StatusCode::NOT_FOUND, "no such page or endpoint".into())
}

/// The job's latest step as the page's JSON: rendered off the async threads, once per
/// step and language (see [`super::engine::Job::rendered`]).
async fn rendered(job: &Arc<Job>, lang: Lang) -> Result<(Progress, Arc<str>), ApiError> {
    let job = Arc::clone(job);
    tokio::task::spawn_blocking(move || {
        job.rendered(lang, |j, p| render::progress_json(j, p, lang).to_string())
    })
    .await
    .map_err(|e| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {e}"),
        )
    })
}

/// A rendered text shared with the job's cache, as a body without copying it.
struct SharedText(Arc<str>);

impl AsRef<[u8]> for SharedText {
    fn as_ref(&self) -> &[u8] {
        self.0.as_bytes()
    }
}

/// A JSON answer of already-rendered text.
fn json_text(status: StatusCode, text: Arc<str>) -> Response {
    (
        status,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        Bytes::from_owner(SharedText(text)),
    )
        .into_response()
}

fn json_ok(status: StatusCode, v: Value) -> Response {
    let mut r = (status, axum::Json(v)).into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

async fn health(State(app): State<AppState>) -> Response {
    json_ok(
        StatusCode::OK,
        json!({
            "ok": true,
            "scenario": app.engine.base.name(),
            "active_jobs": app.engine.active(),
            "connections": app.open.load(std::sync::atomic::Ordering::SeqCst),
            "version": env!("CARGO_PKG_VERSION"),
        }),
    )
}

async fn levers_route(State(app): State<AppState>) -> Response {
    let e = &app.engine;
    let s = &e.base;
    let l = &e.limits;
    json_ok(
        StatusCode::OK,
        json!({
            "scenario": {
                "name": s.name(),
                "description": s.policy.scenario.description,
                "households": s.households(),
                "teams": s.parts.first().map_or(0, |p| p.warmup.districts.teams),
                "municipalities": s.parts.len(),
                "replications": s.policy.run.replications,
                "seed": s.policy.run.seed,
                "warmup_weeks": s.warmup.run.warmup_weeks,
                "horizon_weeks": s.policy.run.horizon_weeks,
                "reference": s.policy.run.reference_model.name(),
            },
            "limits": {
                "max_households": l.max_households,
                "max_replications": l.max_replications,
                "max_horizon_weeks": l.max_horizon_weeks,
                "max_warmup_weeks": l.max_warmup_weeks,
                "max_household_weeks": l.max_household_weeks,
                "max_household_replications": l.max_household_replications,
                "max_changes": l.max_changes,
                "max_body_bytes": MAX_BODY_BYTES,
            },
            "levers": levers::levers_json(s),
            "report": true,
        }),
    )
}

/// The body of `POST /api/whatif`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct WhatIfBody {
    /// The asking page's id (its older questions are cancelled).
    client: String,
    /// The page's number for this question, counting up per page: its questions with
    /// lower numbers are cancelled (see [`Engine::submit`]). Absent is 0.
    #[serde(default)]
    question: u64,
    /// Parameter changes: registry key to value.
    #[serde(default)]
    set: serde_json::Map<String, Value>,
}

/// The body of `POST /api/scenario.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SaveBody {
    #[serde(default)]
    set: serde_json::Map<String, Value>,
    /// Accepted so that the page can send the same body as to `/api/whatif`.
    #[serde(default)]
    #[allow(dead_code)]
    client: Option<String>,
    #[serde(default)]
    #[allow(dead_code)]
    question: Option<u64>,
}

#[derive(Debug, Deserialize)]
struct LangQuery {
    #[serde(default)]
    lang: Option<String>,
}

fn lang_of(q: &LangQuery) -> Result<Lang, ApiError> {
    match q.lang.as_deref() {
        None => Ok(Lang::En),
        Some(code) => Lang::from_code(code)
            .ok_or_else(|| bad(format!("unknown language `{}`; use en or nl", clip(code)))),
    }
}

/// At most 60 characters of a request's text, for messages.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().filter(|c| !c.is_control()).take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// Parse a JSON body strictly: the right content type, valid JSON, known fields.
fn parse_body<T: serde::de::DeserializeOwned>(
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<T, ApiError> {
    let json_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/json"))
        });
    if !json_type {
        // A form from another site cannot send this type without the browser asking
        // first, so requiring it also keeps other pages from driving the server.
        return Err(ApiError(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as JSON (Content-Type: application/json)".into(),
        ));
    }
    serde_json::from_slice(body).map_err(|e| bad(format!("the request is not valid: {e}")))
}

/// The changes of a request as `--set` overrides, typed strictly: a number for a
/// number, `true`/`false` for a switch, text for a choice, a list of whole numbers for
/// teams. The registry then checks keys, ranges and rules, exactly as for `--set`.
pub fn overrides(set: &serde_json::Map<String, Value>) -> Result<Vec<Override>, ApiError> {
    set.iter()
        .map(|(key, v)| {
            if key.len() > 100 || key.chars().any(|c| c.is_control()) {
                return Err(bad(format!("`{}` is not a parameter key", clip(key))));
            }
            let value = match v {
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::String(s) => {
                    if s.chars().count() > MAX_TEXT {
                        return Err(bad(format!(
                            "`{key}`: text longer than {MAX_TEXT} characters"
                        )));
                    }
                    toml_text(s)
                }
                Value::Array(items) => {
                    if items.len() > MAX_LIST {
                        return Err(bad(format!(
                            "`{key}`: a list of more than {MAX_LIST} entries"
                        )));
                    }
                    let mut parts = Vec::with_capacity(items.len());
                    for x in items {
                        match x.as_i64() {
                            Some(i) => parts.push(i.to_string()),
                            None => {
                                return Err(bad(format!(
                                    "`{key}`: expected a list of whole numbers, found {}",
                                    clip(&x.to_string())
                                )))
                            }
                        }
                    }
                    format!("[{}]", parts.join(", "))
                }
                Value::Null | Value::Object(_) => {
                    return Err(bad(format!(
                        "`{key}`: expected a number, true/false, text or a list of team numbers"
                    )))
                }
            };
            Ok(Override {
                key: key.clone(),
                value,
            })
        })
        .collect()
}

/// `s` as a quoted TOML string, so that text is never read as a number or a list.
fn toml_text(s: &str) -> String {
    toml_edit::Value::from(s).to_string().trim().to_string()
}

fn check_client(client: &str) -> Result<(), ApiError> {
    if client.is_empty()
        || client.len() > MAX_CLIENT_ID
        || !client
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(bad(format!(
            "`client` must be 1 to {MAX_CLIENT_ID} letters, digits, - or _"
        )));
    }
    Ok(())
}

/// The asking address, for fair turns (tests that call the router directly have none).
fn address_of(
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
) -> String {
    peer.map_or_else(|| "local".to_string(), |p| p.0 .0.ip().to_string())
}

async fn whatif(
    State(app): State<AppState>,
    peer: Option<axum::Extension<axum::extract::ConnectInfo<std::net::SocketAddr>>>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let lang = lang_of(&q)?;
    let req: WhatIfBody = parse_body(&headers, &body)?;
    check_client(&req.client)?;
    let overrides = overrides(&req.set)?;
    let job = app
        .engine
        .submit_from(&address_of(peer), &req.client, req.question, overrides)?;
    // The first replication of a small scenario takes a few milliseconds: wait that
    // long for it, so the page can draw from this answer instead of a second round
    // trip (the event stream carries the rest).
    let mut rx = job.watch();
    let _ = tokio::time::timeout(FIRST_ANSWER_WAIT, async {
        while job.progress().latest.is_none() && !job.progress().status.finished() {
            if rx.changed().await.is_err() {
                break;
            }
        }
    })
    .await;
    let (_, text) = rendered(&job, lang).await?;
    Ok(json_text(StatusCode::ACCEPTED, text))
}

/// The job `id` names, or a 404 saying it is not known (any more).
fn find_job(app: &AppState, id: &str) -> Result<Arc<super::engine::Job>, ApiError> {
    app.engine.job(id).ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            format!(
                "job `{}` is not known (any more): ask the question again",
                clip(id)
            ),
        )
    })
}

async fn job_route(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, ApiError> {
    let lang = lang_of(&q)?;
    let job = find_job(&app, &id)?;
    let (_, text) = rendered(&job, lang).await?;
    Ok(json_text(StatusCode::OK, text))
}

/// Server-sent events: the job's state now (if newer than `Last-Event-ID`), then at
/// every change, ending after the final state. A page that lost its connection
/// reconnects with the id of the last event it saw and gets only what is newer.
async fn events(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let lang = lang_of(&q)?;
    let job = find_job(&app, &id)?;
    let last: u64 = headers
        .get("last-event-id")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    let rx = job.watch();
    let stream = futures_util::stream::unfold(
        (job, rx, last, false),
        move |(job, mut rx, last, ended)| async move {
            if ended {
                return None;
            }
            loop {
                let p = job.progress();
                if p.seq > last {
                    // A failed rendering ends the stream; the page reconnects or asks.
                    let (p, data) = rendered(&job, lang).await.ok()?;
                    let finished = p.status.finished();
                    let event = Event::default()
                        .id(p.seq.to_string())
                        .event(if finished { "done" } else { "progress" })
                        .data(&*data);
                    return Some((Ok::<_, Infallible>(event), (job, rx, p.seq, finished)));
                }
                if p.status.finished() || rx.changed().await.is_err() {
                    return None;
                }
            }
        },
    );
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(r)
}

/// The HTML report of a finished job, built off the async threads (it draws every
/// chart of every section).
async fn report_route(
    State(app): State<AppState>,
    Path(id): Path<String>,
    Query(q): Query<LangQuery>,
) -> Result<Response, ApiError> {
    let lang = lang_of(&q)?;
    let job = find_job(&app, &id)?;
    let p = job.progress();
    let c = match (&p.status, p.latest) {
        (super::engine::Status::Done, Some(c)) => c,
        _ => {
            return Err(ApiError(
                StatusCode::CONFLICT,
                "the report is of the final answer: wait until every replication is in".into(),
            ))
        }
    };
    let name = format!(
        "{}-whatif-{}",
        crate::output::folder_name(job.scenario.name()),
        crate::report::file_name(lang)
    );
    // The place is held by the building itself, so a request that times out while the
    // report is being built does not free it early.
    let place = Arc::clone(&app.reports)
        .acquire_owned()
        .await
        .map_err(|_| {
            ApiError(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is stopping".into(),
            )
        })?;
    let built = tokio::task::spawn_blocking(move || {
        let _place = place;
        render::report(&job, &c, lang)
    })
    .await
    .map_err(|e| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {e}"),
        )
    })?
    .map_err(|e| {
        ApiError(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("internal error: {e}"),
        )
    })?;
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"report.html\""));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        built,
    )
        .into_response())
}

async fn scenario_toml(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: SaveBody = parse_body(&headers, &body)?;
    let overrides = overrides(&req.set)?;
    let s = app.engine.scenario_with(&overrides)?;
    let text = crate::scenario::resolved_toml(
        &s,
        env!("CARGO_PKG_VERSION"),
        s.policy.run.seed,
        s.policy.run.replications,
    );
    let name = format!("{}-whatif.toml", crate::output::folder_name(s.name()));
    let disposition = HeaderValue::from_str(&format!("attachment; filename=\"{name}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment; filename=\"whatif.toml\""));
    Ok((
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/toml; charset=utf-8"),
            ),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        text,
    )
        .into_response())
}

/// Refuse anyone without the presenter token.
fn presenter(app: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers
        .get("x-presenter-token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if app.room.is_presenter(given) {
        Ok(())
    } else {
        Err(ApiError(
            StatusCode::FORBIDDEN,
            "only the presenter may do this: open the presenter link `wijksim serve` printed"
                .into(),
        ))
    }
}

async fn room_route(State(app): State<AppState>) -> Response {
    json_ok(StatusCode::OK, app.room.public_json())
}

/// The room as server-sent events: now, then at every change.
async fn room_events(State(app): State<AppState>) -> Response {
    let rx = app.room.watch();
    let room = Arc::clone(&app.room);
    let stream =
        futures_util::stream::unfold((room, rx, None::<u64>), |(room, mut rx, last)| async move {
            loop {
                let seq = room.seq();
                if last != Some(seq) {
                    let event = Event::default()
                        .id(seq.to_string())
                        .event("room")
                        .data(room.public_json().to_string());
                    return Some((Ok::<_, Infallible>(event), (room, rx, Some(seq))));
                }
                if rx.changed().await.is_err() {
                    return None;
                }
            }
        });
    let mut r = Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response();
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The body of `POST /api/room/present`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct PresentBody {
    #[serde(default)]
    set: serde_json::Map<String, Value>,
    #[serde(default)]
    job: Option<String>,
}

async fn room_present(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    presenter(&app, &headers)?;
    let req: PresentBody = parse_body(&headers, &body)?;
    app.engine.scenario_with(&overrides(&req.set)?)?;
    if let Some(j) = &req.job {
        find_job(&app, j)?;
    }
    app.room.present(req.set, req.job);
    Ok(json_ok(StatusCode::OK, app.room.public_json()))
}

/// The body of `POST /api/room/proposals`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProposeBody {
    client: String,
    #[serde(default)]
    set: serde_json::Map<String, Value>,
}

async fn room_propose(
    State(app): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let req: ProposeBody = parse_body(&headers, &body)?;
    check_client(&req.client)?;
    // Only a question the server would answer reaches the presenter.
    app.engine.scenario_with(&overrides(&req.set)?)?;
    let id = app.room.propose(&req.client, req.set);
    Ok(json_ok(StatusCode::ACCEPTED, json!({ "id": id })))
}

async fn room_proposals(
    State(app): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    presenter(&app, &headers)?;
    Ok(json_ok(StatusCode::OK, app.room.proposals_json()))
}

async fn room_dismiss(
    State(app): State<AppState>,
    Path(id): Path<u64>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    presenter(&app, &headers)?;
    if app.room.dismiss(id) {
        Ok(json_ok(StatusCode::OK, json!({ "ok": true })))
    } else {
        Err(ApiError(
            StatusCode::NOT_FOUND,
            format!("proposal {id} is not waiting (any more)"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_hosts() {
        for h in [
            "localhost",
            "LocalHost:8080",
            "127.0.0.1",
            "127.0.0.1:8080",
            "127.1.2.3:1",
            "[::1]",
            "[::1]:8080",
        ] {
            assert!(is_loopback_host(h), "{h}");
        }
        for h in [
            "",
            "evil.example",
            "evil.example:8080",
            "localhost.evil.example",
            "10.0.0.1:8080",
            "[::2]:80",
            "127.0.0.1.nip.io",
        ] {
            assert!(!is_loopback_host(h), "{h}");
        }
    }

    #[test]
    fn request_values_become_typed_overrides() {
        let set: serde_json::Map<String, Value> = serde_json::from_str(
            r#"{"a.int": 40, "a.float": 0.5, "a.bool": true, "a.text": "40", "a.list": [1, 2]}"#,
        )
        .unwrap();
        let o = overrides(&set).unwrap();
        let text: Vec<(&str, &str)> = o
            .iter()
            .map(|o| (o.key.as_str(), o.value.as_str()))
            .collect();
        // Text stays text (quoted), so "40" can never pass as the number 40.
        assert_eq!(
            text,
            [
                ("a.bool", "true"),
                ("a.float", "0.5"),
                ("a.int", "40"),
                ("a.list", "[1, 2]"),
                ("a.text", "\"40\""),
            ]
        );
        for bad in [
            r#"{"k": null}"#,
            r#"{"k": {"x": 1}}"#,
            r#"{"k": [1.5]}"#,
            r#"{"k": ["1"]}"#,
        ] {
            let set: serde_json::Map<String, Value> = serde_json::from_str(bad).unwrap();
            assert!(overrides(&set).is_err(), "{bad}");
        }
    }
}
