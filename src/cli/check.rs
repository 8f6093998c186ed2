//! `wijksim check`: validate a scenario (or a sweep file) and say so.

use std::path::Path;
use wijksim::scenario::{self, Override, ScenarioError};

/// Whether the file is a sweep file: a TOML table with `[sweep]` or `[[axis]]`.
fn is_sweep(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= 1 << 20)
        && std::fs::read_to_string(path)
            .ok()
            .and_then(|t| t.parse::<toml::Table>().ok())
            .is_some_and(|t| t.contains_key("sweep") || t.contains_key("axis"))
}

/// Load the scenario; print a one-line confirmation on success.
pub fn check(path: &Path, overrides: &[Override]) -> anyhow::Result<()> {
    if is_sweep(path) {
        if !overrides.is_empty() {
            return Err(ScenarioError::Arguments(
                "--set applies to scenarios; a sweep file sets values through its axes".into(),
            )
            .into());
        }
        let s = wijksim::sweep::load_file(path)?;
        return super::output::emit(&format!(
            "{}: OK (sweep over '{}': {} design, {} axes, {} points x {} replication(s) = {} units, {} model(s))\n",
            path.display(),
            s.scenario.name(),
            s.kind.name(),
            s.axes.len(),
            s.points(),
            s.replications,
            s.units(),
            s.models.len()
        ));
    }
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
