//! `wijksim check`: validate a scenario (or a sweep file) and say so.

use super::CliError;
use std::path::Path;
use wijksim::scenario::{self, Override, ScenarioError};

/// Whether `text` is a sweep file: a TOML table with `[sweep]` or `[[axis]]` (also
/// written inline). Decided on the text, whatever its size, so a sweep file over its
/// limit is told it is too large as a sweep file, not read as a scenario.
fn is_sweep(text: &str) -> bool {
    match toml_edit::ImDocument::parse(text) {
        Ok(doc) => doc.as_table().contains_key("sweep") || doc.as_table().contains_key("axis"),
        // Unparseable: the lines that open a sweep's tables decide.
        Err(_) => text.lines().any(|l| {
            let l = l.trim_start();
            l.starts_with("[sweep]") || l.starts_with("[[axis]]")
        }),
    }
}

/// Load the scenario; print a one-line confirmation on success.
pub fn check(path: &Path, overrides: &[Override]) -> anyhow::Result<()> {
    // Read once with the larger limit (a scenario's); what the file is decides which
    // limit and loader apply. A FIFO or a device is neither, and is told both limits.
    let sweep_limit = wijksim::sweep::spec::MAX_SWEEP_BYTES;
    let text = match wijksim::output::read_input(path, scenario::MAX_SCENARIO_BYTES) {
        Ok(t) => t,
        Err(wijksim::output::InputError::NotRegularFile { path, kind, .. }) => {
            return Err(CliError::NotRegularFile {
                path,
                kind,
                scenario_mib: scenario::MAX_SCENARIO_BYTES >> 20,
                sweep_mib: sweep_limit >> 20,
            }
            .into())
        }
        Err(e) => return Err(ScenarioError::from(e).into()),
    };
    if is_sweep(&text) {
        if text.len() as u64 > sweep_limit {
            return Err(CliError::SweepTooLarge {
                path: path.to_path_buf(),
                bytes: text.len(),
                limit_mib: sweep_limit >> 20,
            }
            .into());
        }
        if !overrides.is_empty() {
            return Err(CliError::SetOnSweep.into());
        }
        let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let s = wijksim::sweep::spec::load_str(&text, &path.display().to_string(), &base)?;
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
    let s = scenario::load_str(&text, &path.display().to_string(), overrides)?;
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
