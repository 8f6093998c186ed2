//! `wijksim serve` and `wijksim warmup`: the workshop what-if app and its warm-up file.
//! Thin: load, bind, print the address, wait; the library (`wijksim::serve`) does the
//! rest.

use super::output::{header, out_dir, write_set};
use anyhow::Context;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use wijksim::scenario::{self, Scenario};
use wijksim::serve::room::Room;
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
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    // Listen first: a port in use is said at once, not after a long warm-up.
    let addr = SocketAddr::new(bind, port);
    let listener = runtime.block_on(tokio::net::TcpListener::bind(addr));
    let listener = match listener {
        Ok(l) => l,
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
            anyhow::bail!(
                "port {port} on {bind} is in use (another wijksim serve, or another program): \
                 choose another with --port, e.g. --port {}",
                port.saturating_add(1).max(1024)
            )
        }
        Err(e) => return Err(e).with_context(|| format!("cannot listen on {addr}")),
    };
    let addr = listener.local_addr().unwrap_or(addr);
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
    let room = Arc::new(Room::with_random_token());
    let token = room.token().to_string();
    runtime.block_on(async move {
        if !bind.is_loopback() {
            eprintln!(
                "warning: listening on {bind}, not only on this computer: anyone who can reach \
                 this address can use the app (there is no login). Use --bind 127.0.0.1 unless \
                 the room needs it."
            );
        }
        // The addresses people can open: this computer's network addresses when
        // listening on all of them (http://0.0.0.0/ opens nowhere).
        let hosts: Vec<IpAddr> = if bind.is_unspecified() {
            wijksim::serve::net::reachable_addresses(bind.is_ipv6())
        } else {
            vec![bind]
        };
        let url = |ip: &IpAddr| match ip {
            IpAddr::V6(v6) => format!("http://[{v6}]:{}/", addr.port()),
            IpAddr::V4(v4) => format!("http://{v4}:{}/", addr.port()),
        };
        let main = hosts
            .first()
            .map(url)
            .unwrap_or_else(|| format!("http://127.0.0.1:{}/", addr.port()));
        say(format!(
            "ready: scenario '{}' at {main} ({}Ctrl-C to stop)",
            s.name(),
            if bind.is_loopback() {
                ""
            } else {
                "participants open this; "
            }
        ));
        for other in hosts.iter().skip(1) {
            say(format!("  also at {}", url(other)));
        }
        if bind.is_unspecified() && hosts.is_empty() {
            say(
                "  (no network address of this computer was found: participants need one; \
                 check the network connection)"
                    .to_string(),
            );
        }
        say(format!("  presenter (the facilitator's page; keep this link to yourself): {main}?presenter={token}"));
        say(format!("  projector (shows the presenter's levers and answer): {main}?screen"));
        let stop = async {
            let _ = tokio::signal::ctrl_c().await;
        };
        wijksim::serve::run(listener, engine, room, stop).await?;
        eprintln!("stopped");
        anyhow::Ok(())
    })
}

/// Print a line of the start block. Errors are ignored: the server keeps serving when
/// whoever started it stopped reading its output (a closed pipe).
fn say(line: String) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
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
