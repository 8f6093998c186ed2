//! `wijksim serve`: the workshop what-if app. A local web server (axum on tokio) with
//! one page, embedded in the binary, on which team leaders, W&I managers and aldermen
//! move the levers that matter and see the three linkage models answer side by side.
//!
//! How it stays quick, correct and calm (docs in the README, "Workshop app"):
//!
//! * **Warm up once, branch many times.** The warmed-up municipality of every
//!   replication is computed once per warm-up identity and kept
//!   ([`engine::WarmStore`]); policy levers act from the switch week, so a what-if costs
//!   only the years after the switch. A world parameter changes the warm-up identity:
//!   its warm-ups are computed (and the page says so). `wijksim warmup` saves them to a
//!   file ([`warmfile`]) that `serve --warmup` starts from.
//! * **One pipeline.** Answers come from [`crate::comparison::simulate`] and
//!   [`crate::comparison::analyse`], the halves of `wijksim compare`: the final answer
//!   is `compare`'s to the byte.
//! * **Answers while people talk.** The first replication is answered alone, then two
//!   at a time, each step streamed to the page (server-sent events) with the number of
//!   replications so far. A page's newer question cancels its older one between
//!   replications; answers are cached by everything that decides them.
//! * **A fair room.** Replications run in units, page-sized ones in a quick lane and
//!   larger ones in a long lane that yields the cores ([`fair`]); connections are
//!   accepted at once, closing the longest-idle when an address or the server is full
//!   ([`run_with`]). A page is answered while large questions and idle connections
//!   wait.
//! * **One room.** The presenter's questions are mirrored on the projector page and
//!   participants send their what-ifs to the presenter ([`room`]; `docs/workshop-room.md`).
//! * **Robust.** Bodies are small and parsed strictly, values are validated by the
//!   parameter registry exactly as `--set`, requests beyond [`engine::Limits`] are
//!   refused with a message, requests time out, connections whose client stops
//!   reading or sits idle are closed ([`run_with`]), and nothing a request sends
//!   chooses a path or writes a file.
//!
//! Nothing here prints or exits; `src/cli/serve.rs` binds, prints and waits.

pub mod api;
pub mod engine;
pub mod fair;
pub mod levers;
pub mod net;
pub mod render;
pub mod room;
pub mod warmfile;

pub use api::{router, AppState};
pub use engine::{Engine, Limits};

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The scenario is not valid.
    #[error(transparent)]
    Scenario(#[from] crate::scenario::ScenarioError),
    /// The scenario is beyond what the server answers.
    #[error("the scenario is too large for the workshop server: {0}")]
    Limits(String),
    /// The warm-up file was refused.
    #[error(transparent)]
    Warmup(#[from] warmfile::WarmFileError),
    /// The network side failed.
    #[error("the server failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Serve `engine` (and `room`, whose presenter token the caller prints) on `listener`
/// until `stop` completes. Open event streams do not
/// hold the stop up: they are dropped with the server. On a loopback address only
/// requests addressed to this computer are answered ([`AppState::loopback_only`]).
pub async fn run(
    listener: tokio::net::TcpListener,
    engine: Arc<Engine>,
    room: Arc<room::Room>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let mut state = AppState::new(engine);
    state.room = room;
    state.loopback_only = listener.local_addr()?.ip().is_loopback();
    run_with(listener, state, stop).await
}

/// Connections open at once by default ([`AppState::max_connections`]).
pub const MAX_CONNECTIONS: usize = 512;

/// Connections open at once from one network address by default
/// ([`AppState::max_per_address`]). A browser keeps about six per server.
pub const MAX_PER_ADDRESS: usize = 64;

/// [`run`] with the state given (tests shorten the timeout).
///
/// The accept loop is our own rather than `axum::serve` so that every connection has
/// deadlines and the open connections are bounded without anyone waiting:
///
/// * headers must arrive within the state's timeout, and the same timer runs while a
///   kept-alive connection waits for its next request (hyper arms it whenever it
///   waits for a request head), so idle connections expire;
/// * the answer must be handled within the timeout (the router's layer);
/// * writing the answer must make progress at least every
///   [`AppState::write_timeout`] ([`WriteDeadline`]): a client that never reads is
///   dropped instead of holding a place forever;
/// * a new connection is always accepted at once. When its address already has
///   [`AppState::max_per_address`] open, that address's connection idle the longest
///   is closed; when the server has [`AppState::max_connections`] open, the one idle
///   the longest of the address with the most is closed ([`Connections`]). Idle or
///   slow connections therefore never make a page's request wait (530 idle
///   connections once held a request up for 9.4 s while they timed out).
pub async fn run_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let timeout = state.timeout;
    let write_timeout = state.write_timeout;
    let conns = Arc::new(Connections::new(
        state.max_connections.max(1),
        state.max_per_address.max(1),
    ));
    let count = Arc::clone(&state.open);
    let app = router(state);
    let accept = async move {
        loop {
            let (stream, peer) = match listener.accept().await {
                Ok(c) => c,
                // A connection that failed before it was accepted (reset, out of file
                // descriptors for a moment) is that client's problem, not the server's.
                Err(e) if is_transient(&e) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
                Err(e) => return Err(ServeError::Io(e)),
            };
            let conn = conns.open(peer.ip());
            let app = app.clone();
            let seen = Arc::clone(&conn);
            let service = hyper::service::service_fn(
                move |mut req: axum::extract::Request<hyper::body::Incoming>| {
                    seen.touch();
                    req.extensions_mut()
                        .insert(axum::extract::ConnectInfo(peer));
                    let mut app = app.clone();
                    async move {
                        use tower::Service;
                        app.call(req.map(axum::body::Body::new)).await
                    }
                },
            );
            let counted = OpenConnection::new(Arc::clone(&count));
            let conns = Arc::clone(&conns);
            tokio::spawn(async move {
                let mut http = hyper::server::conn::http1::Builder::new();
                http.timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(timeout);
                let io = hyper_util::rt::TokioIo::new(
                    WriteDeadline::new(stream, write_timeout).watched(Arc::clone(&conn)),
                );
                // Errors of one connection (a client gone, garbage on the wire) end
                // that connection only; a connection closed to make room just ends.
                tokio::select! {
                    _ = http.serve_connection(io, service) => {}
                    () = conn.closing.notified() => {}
                }
                conns.close(&conn);
                drop(counted);
            });
        }
    };
    tokio::select! {
        r = accept => r,
        () = stop => Ok(()),
    }
}

/// One open connection: its address and when it last did something (a request
/// arrived, or part of an answer was written).
#[derive(Debug)]
pub struct Connection {
    id: u64,
    address: std::net::IpAddr,
    /// Milliseconds since the server started.
    last_active: std::sync::atomic::AtomicU64,
    closing: tokio::sync::Notify,
    epoch: std::time::Instant,
}

impl Connection {
    fn touch(&self) {
        self.last_active.store(
            self.epoch.elapsed().as_millis() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
    }
}

/// The open connections, bounded per address and in total by closing the one idle the
/// longest (see [`run_with`]).
#[derive(Debug)]
pub struct Connections {
    max: usize,
    per_address: usize,
    epoch: std::time::Instant,
    next: std::sync::atomic::AtomicU64,
    open: std::sync::Mutex<std::collections::HashMap<u64, Arc<Connection>>>,
}

impl Connections {
    fn new(max: usize, per_address: usize) -> Self {
        Connections {
            max,
            per_address,
            epoch: std::time::Instant::now(),
            next: std::sync::atomic::AtomicU64::new(0),
            open: std::sync::Mutex::default(),
        }
    }

    /// Register a new connection from `address`, closing others to make room.
    fn open(&self, address: std::net::IpAddr) -> Arc<Connection> {
        let c = Arc::new(Connection {
            id: self.next.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            address,
            last_active: std::sync::atomic::AtomicU64::new(0),
            closing: tokio::sync::Notify::new(),
            epoch: self.epoch,
        });
        c.touch();
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        let idlest = |open: &std::collections::HashMap<u64, Arc<Connection>>,
                      address: std::net::IpAddr| {
            open.values()
                .filter(|o| o.address == address)
                .min_by_key(|o| {
                    (
                        o.last_active.load(std::sync::atomic::Ordering::Relaxed),
                        o.id,
                    )
                })
                .map(|o| o.id)
        };
        let from_address = open.values().filter(|o| o.address == address).count();
        let mut victims = Vec::new();
        if from_address >= self.per_address {
            victims.extend(idlest(&open, address));
        } else if open.len() >= self.max {
            let mut counts: std::collections::HashMap<std::net::IpAddr, usize> =
                std::collections::HashMap::new();
            for o in open.values() {
                *counts.entry(o.address).or_default() += 1;
            }
            if let Some((&busiest, _)) = counts.iter().max_by_key(|(a, n)| (**n, **a)) {
                victims.extend(idlest(&open, busiest));
            }
        }
        for id in victims {
            if let Some(v) = open.remove(&id) {
                // `notify_one` keeps the wake-up if the task is not waiting yet.
                v.closing.notify_one();
            }
        }
        open.insert(c.id, Arc::clone(&c));
        c
    }

    fn close(&self, c: &Connection) {
        self.open
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&c.id);
    }
}

/// One open connection in the count of [`AppState`]'s `open` while it lives.
struct OpenConnection(Arc<std::sync::atomic::AtomicUsize>);

impl OpenConnection {
    fn new(count: Arc<std::sync::atomic::AtomicUsize>) -> Self {
        count.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        OpenConnection(count)
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.0.fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }
}

fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock | TimedOut
    ) || e.raw_os_error().is_some_and(|c| c == 23 || c == 24) // ENFILE, EMFILE
}

/// A connection whose writes must make progress: when a write, flush or shutdown has
/// stayed pending (the client takes nothing) for `limit`, it fails with
/// [`std::io::ErrorKind::TimedOut`] and hyper closes the connection. Any progress
/// restarts the clock, so a slow but reading client and an event stream (which
/// writes only when there is an event or a keep-alive) are unaffected.
#[derive(Debug)]
pub struct WriteDeadline<S> {
    inner: S,
    limit: std::time::Duration,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
    /// Told of every write that made progress (for the idle order of [`Connections`]).
    seen: Option<Arc<Connection>>,
}

impl<S> WriteDeadline<S> {
    /// `inner` with writes that must progress at least every `limit`.
    pub fn new(inner: S, limit: std::time::Duration) -> Self {
        WriteDeadline {
            inner,
            limit,
            stalled: None,
            seen: None,
        }
    }

    /// Tell `c` of every write that makes progress.
    fn watched(mut self, c: Arc<Connection>) -> Self {
        self.seen = Some(c);
        self
    }

    /// Pass `r` on, starting the clock when it is pending and failing when the clock
    /// ran out; anything ready stops the clock.
    fn watch<T>(&mut self, cx: &mut Context<'_>, r: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        match r {
            Poll::Pending => {
                let limit = self.limit;
                let sleep = self
                    .stalled
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
                // Polling the timer registers the waker: when it fires, hyper polls
                // the write again and gets the error.
                if sleep.as_mut().poll(cx).is_ready() {
                    self.stalled = None;
                    Poll::Ready(Err(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the client took none of the answer for too long",
                    )))
                } else {
                    Poll::Pending
                }
            }
            ready => {
                self.stalled = None;
                if let Some(c) = &self.seen {
                    c.touch();
                }
                ready
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for WriteDeadline<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for WriteDeadline<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.watch(cx, r)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let r = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.watch(cx, r)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.inner).poll_flush(cx);
        self.watch(cx, r)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let r = Pin::new(&mut self.inner).poll_shutdown(cx);
        self.watch(cx, r)
    }
}
