//! `wijksim calibrate`: the field's figures against the simulated status quo.

use super::output::emit;
use super::RunArgs;
use std::fmt::Write as _;
use wijksim::calibration::calibrate as run_calibration;

/// Print every target, the simulated value with its interval, and whether it is in range.
pub fn calibrate(args: &RunArgs) -> anyhow::Result<()> {
    let s = args.load()?;
    let (_, checks) = run_calibration(&s, &|| {});
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Calibration of '{}' under the status quo ({} for every team unless listed), {} replication(s):\n",
        s.name(),
        s.warmup.run.status_quo_model.name(),
        s.policy.run.replications
    );
    let _ = writeln!(
        out,
        "{:<46} {:>24} {:>22}  {:<6} source",
        "target", "simulated [95% interval]", "field range", "ok?"
    );
    let fmt = |x: f64| {
        if x.abs() >= 100.0 {
            format!("{x:.0}")
        } else {
            format!("{x:.3}")
        }
    };
    for c in &checks {
        let _ = writeln!(
            out,
            "{:<46} {:>24} {:>22}  {:<6} {}",
            c.target.label,
            format!(
                "{} [{}, {}]",
                fmt(c.simulated.mean),
                fmt(c.simulated.lo),
                fmt(c.simulated.hi)
            ),
            format!("{} - {}", fmt(c.target.low), fmt(c.target.high)),
            if c.in_range() { "yes" } else { "NO" },
            c.target.source
        );
    }
    let n_out = checks.iter().filter(|c| !c.in_range()).count();
    let _ = writeln!(
        out,
        "\n{}",
        if n_out == 0 {
            "Every target is met.".to_string()
        } else {
            format!("{n_out} target(s) outside the field's range: adapt the parameters marked 'assumption' (wijksim params).")
        }
    );
    emit(&out)
}
