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
//! * **Robust.** Bodies are small and parsed strictly, values are validated by the
//!   parameter registry exactly as `--set`, requests beyond [`engine::Limits`] are
//!   refused with a message, requests time out, and nothing a request sends chooses a
//!   path or writes a file.
//!
//! Nothing here prints or exits; `src/cli/serve.rs` binds, prints and waits.

pub mod api;
pub mod engine;
pub mod levers;
pub mod render;
pub mod warmfile;

pub use api::{router, AppState};
pub use engine::{Engine, Limits};

use std::future::Future;
use std::sync::Arc;

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

/// Serve `engine` on `listener` until `stop` completes. Open event streams do not
/// hold the stop up: they are dropped with the server. On a loopback address only
/// requests addressed to this computer are answered ([`AppState::loopback_only`]).
pub async fn run(
    listener: tokio::net::TcpListener,
    engine: Arc<Engine>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let mut state = AppState::new(engine);
    state.loopback_only = listener.local_addr()?.ip().is_loopback();
    run_with(listener, state, stop).await
}

/// Connections open at once; further clients wait in the system's accept queue.
pub const MAX_CONNECTIONS: usize = 512;

/// [`run`] with the state given (tests shorten the timeout).
///
/// The accept loop is our own rather than `axum::serve` so that each connection gets a
/// header timeout (the state's timeout): a client that opens a connection and never
/// finishes its headers is dropped instead of holding a socket forever, and at most
/// [`MAX_CONNECTIONS`] are open at once.
pub async fn run_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let timeout = state.timeout;
    let app = router(state);
    let open = Arc::new(tokio::sync::Semaphore::new(MAX_CONNECTIONS));
    let accept = async move {
        loop {
            let Ok(permit) = Arc::clone(&open).acquire_owned().await else {
                return Ok(());
            };
            let (stream, _) = match listener.accept().await {
                Ok(c) => c,
                // A connection that failed before it was accepted (reset, out of file
                // descriptors for a moment) is that client's problem, not the server's.
                Err(e) if is_transient(&e) => {
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    continue;
                }
                Err(e) => return Err(ServeError::Io(e)),
            };
            let service = hyper_util::service::TowerToHyperService::new(app.clone());
            tokio::spawn(async move {
                let mut http = hyper::server::conn::http1::Builder::new();
                http.timer(hyper_util::rt::TokioTimer::new())
                    .header_read_timeout(timeout);
                let io = hyper_util::rt::TokioIo::new(stream);
                // Errors of one connection (a client gone, garbage on the wire) end
                // that connection only.
                let _ = http.serve_connection(io, service).await;
                drop(permit);
            });
        }
    };
    tokio::select! {
        r = accept => r,
        () = stop => Ok(()),
    }
}

fn is_transient(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionAborted | ConnectionReset | Interrupted | WouldBlock | TimedOut
    ) || e.raw_os_error().is_some_and(|c| c == 23 || c == 24) // ENFILE, EMFILE
}
