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
/// hold the stop up: they are dropped with the server.
pub async fn run(
    listener: tokio::net::TcpListener,
    engine: Arc<Engine>,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    run_with(listener, AppState::new(engine), stop).await
}

/// [`run`] with the state given (tests shorten the timeout).
pub async fn run_with(
    listener: tokio::net::TcpListener,
    state: AppState,
    stop: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServeError> {
    let app = router(state);
    tokio::select! {
        r = axum::serve(listener, app) => r.map_err(ServeError::Io),
        () = stop => Ok(()),
    }
}
