//! `wijksim bench`: how fast does this machine simulate a scenario?
//!
//! Runs the scenario's models (all three by default) once per thread count asked for,
//! and prints household-weeks per second (in total and per thread), the parallel
//! efficiency against one thread, and the process's peak memory. Household-weeks count
//! what the engine simulates: replications x households x (warm-up + models x horizon),
//! the warm-up being shared by the models. Nothing is written to disk.

use super::output::emit;
use super::RunArgs;
use anyhow::Context;
use std::fmt::Write as _;
use std::time::Instant;
use wijksim::model::LinkageModel;
use wijksim::runner::{self, RunSpec};

/// Run the benchmark and print its table.
pub fn bench(args: &RunArgs, models: Vec<LinkageModel>, threads: &[usize]) -> anyhow::Result<()> {
    let s = args.load()?;
    let spec = RunSpec::from_scenario(&s, models);
    let hh_weeks = runner::household_weeks(&s, &spec);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "wijksim bench: scenario '{}', {} households in {} municipalit{}, {} replication(s), \
         models {}, {} + {} weeks\n{:.1} M household-weeks per run",
        s.name(),
        s.households(),
        s.parts.len(),
        if s.parts.len() == 1 { "y" } else { "ies" },
        spec.replications,
        spec.models
            .iter()
            .map(|m| m.name())
            .collect::<Vec<_>>()
            .join("+"),
        s.warmup.run.warmup_weeks,
        s.policy.run.horizon_weeks,
        hh_weeks as f64 / 1e6
    );
    let _ = writeln!(
        text,
        "{:>7} {:>10} {:>18} {:>18} {:>11}",
        "threads", "wall (s)", "M hh-weeks/s", "per thread", "efficiency"
    );
    let mut single: Option<f64> = None;
    for &n in threads {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .with_context(|| format!("starting {n} threads"))?;
        let start = Instant::now();
        let results = pool.install(|| runner::run(&s, &spec, &|| {}));
        let wall = start.elapsed().as_secs_f64();
        std::hint::black_box(&results);
        let rate = hh_weeks as f64 / wall / 1e6;
        if n == 1 {
            single = Some(rate);
        }
        let efficiency = single
            .map(|r1| format!("{:.0}%", 100.0 * rate / (r1 * n as f64)))
            .unwrap_or_else(|| "-".into());
        let _ = writeln!(
            text,
            "{n:>7} {wall:>10.2} {rate:>18.1} {:>18.1} {efficiency:>11}",
            rate / n as f64
        );
    }
    let _ = writeln!(
        text,
        "peak memory (resident): {}",
        peak_memory().unwrap_or_else(|| "not available on this system".into())
    );
    emit(&text)
}

/// The process's peak resident memory, from `/proc/self/status` (Linux).
fn peak_memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kb: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(format!("{:.0} MB", kb / 1024.0))
}
