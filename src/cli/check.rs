//! `wijksim check`: validate a scenario and say so.

use std::path::Path;
use wijksim::scenario::{self, Override};

/// Load the scenario; print a one-line confirmation on success.
pub fn check(path: &Path, overrides: &[Override]) -> anyhow::Result<()> {
    let s = scenario::load_file(path, overrides)?;
    let p = &s.policy;
    let within = if s.parts.len() > 1 {
        format!(" in {} municipalities", s.parts.len())
    } else {
        String::new()
    };
    super::output::emit(&format!(
        "{}: OK (scenario '{}', {} households, {} teams{within}, {} replication(s), {} + {} weeks)\n",
        path.display(),
        s.name(),
        s.households(),
        s.teams(),
        p.run.replications,
        p.run.warmup_weeks,
        p.run.horizon_weeks
    ))
}
