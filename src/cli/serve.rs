//! `wijksim serve` and `wijksim warmup`: the workshop what-if app and its warm-up file.
//! Thin: load, bind, print the address, wait; the library (`wijksim::serve`) does the
//! rest.

use super::output::{header, out_dir, write_set};
use anyhow::Context;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wijksim::scenario::{self, Scenario};
use wijksim::serve::{warmfile, Engine, Limits};

/// The scenario's text and name in messages: the file, or the embedded default.
fn scenario_text(path: Option<&Path>) -> anyhow::Result<(String, String)> {
    Ok(match path {
        Some(p) => (
            wijksim::output::read_input(p, scenario::MAX_SCENARIO_BYTES)
                .map_err(scenario::ScenarioError::from)?,
            p.display().to_string(),
        ),
        None => (
            scenario::DEFAULT_SCENARIO.to_string(),
            scenario::EMBEDDED_NAME.to_string(),
        ),
    })
}

/// `wijksim serve`.
pub fn serve(
    path: Option<&Path>,
    port: u16,
    bind: IpAddr,
    warmup: Option<&Path>,
) -> anyhow::Result<()> {
    let (text, origin) = scenario_text(path)?;
    let s = scenario::load_str(&text, &origin, &[])?;
    let warmed = match warmup {
        Some(file) => {
            let bytes = warmfile::read(file)?;
            let w = warmfile::decode(&s, &bytes)
                .with_context(|| format!("refusing the warm-up file {}", file.display()))?;
            eprintln!(
                "loaded {} warmed-up municipalities from {}",
                w.len(),
                file.display()
            );
            Some(w)
        }
        None => None,
    };
    let engine = Arc::new(Engine::new(text, origin, Limits::default(), warmed)?);
    let reps = s.policy.run.replications;
    if engine.base_warmups().kept(reps, s.parts.len()) < reps as usize * s.parts.len() {
        eprintln!(
            "warming up '{}' ({} households, {reps} replications, {} weeks)...",
            s.name(),
            s.households(),
            s.warmup.run.warmup_weeks
        );
        engine.warm_base();
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(async move {
        let addr = SocketAddr::new(bind, port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let addr = listener.local_addr().unwrap_or(addr);
        if !bind.is_loopback() {
            eprintln!(
                "warning: listening on {bind}, not only on this computer: anyone who can reach \
                 this address can use the app (there is no login). Use --bind 127.0.0.1 unless \
                 the room needs it."
            );
        }
        println!(
            "wijksim serve: scenario '{}' at http://{addr}/ (Ctrl-C to stop)",
            s.name()
        );
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        wijksim::serve::run(listener, engine, stop).await?;
        eprintln!("stopped");
        anyhow::Ok(())
    })
}

/// `wijksim warmup`: warm up every replication of the scenario and save the states.
pub fn warmup(path: &Path, out: Option<&Path>) -> anyhow::Result<()> {
    let (text, origin) = scenario_text(Some(path))?;
    let s: Scenario = scenario::load_str(&text, &origin, &[])?;
    let engine = Engine::new(text, origin, Limits::default(), None)?;
    eprintln!(
        "warming up '{}' ({} households, {} replications, {} weeks)...",
        s.name(),
        s.households(),
        s.policy.run.replications,
        s.warmup.run.warmup_weeks
    );
    engine.warm_base();
    let bytes = warmfile::encode(&s, &engine.base_warmups().all())?;
    let dir: PathBuf = match out {
        Some(d) => d.to_path_buf(),
        None => {
            let mut d = out_dir(None, &s).into_os_string();
            d.push("-warmup");
            PathBuf::from(d)
        }
    };
    let size = bytes.len();
    write_set(
        &dir,
        header(&s, s.policy.run.seed),
        vec![(warmfile::FILE_NAME, bytes)],
    )?;
    eprintln!(
        "wrote {} ({:.1} MB); start the app with: wijksim serve {} --warmup {}",
        dir.join(warmfile::FILE_NAME).display(),
        size as f64 / 1e6,
        path.display(),
        dir.join(warmfile::FILE_NAME).display()
    );
    Ok(())
}
