//! `wijksim calibrate`: the field's figures against the simulated status quo, and
//! whether that status quo is at rest (no drift over the horizon; Welch's warm-up).

use super::output::emit;
use super::RunArgs;
use std::fmt::Write as _;
use wijksim::calibration::{
    calibrate_all, Per, DRIFT_FLOOR_PER_1000, DRIFT_TOLERANCE, WELCH_BAND, WELCH_WINDOW_WEEKS,
};

fn fmt(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// Print every target, the simulated value with its interval, and whether it is in
/// range; then the drift of each weekly series over the horizon and the warm-up that
/// Welch's procedure suggests. Exit code 1 when a target is missed or a series drifts.
pub fn calibrate(args: &RunArgs) -> anyhow::Result<()> {
    let s = args.load()?;
    let cal = calibrate_all(&s, &|| {});
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Calibration of '{}' under the status quo ({} for every team unless listed), {} replication(s), warm-up {} weeks, horizon {} weeks:\n",
        s.name(),
        s.warmup.run.status_quo_model.name(),
        s.policy.run.replications,
        s.warmup.run.warmup_weeks,
        s.policy.run.horizon_weeks,
    );
    let _ = writeln!(
        out,
        "{:<46} {:>24} {:>22}  {:<6} source",
        "target", "simulated [95% interval]", "field range", "ok?"
    );
    for c in &cal.checks {
        let cap = match c.target.per {
            Per::One => String::new(),
            Per::CaseloadCap => format!(" (cap {})", s.policy.team.caseload_cap),
        };
        let _ = writeln!(
            out,
            "{:<46} {:>24} {:>22}  {:<6} {}{cap}",
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
    let _ = writeln!(
        out,
        "\nDrift over the horizon: least-squares slope x {} weeks / mean level, per replication \
         (mean [95% interval]); level when |change| <= {:.0}% of the mean level or <= {} \
         households per 1,000 ({:.0} here; 1 case for the caseload), or when the interval \
         holds 0:\n",
        s.policy.run.horizon_weeks,
        DRIFT_TOLERANCE * 100.0,
        DRIFT_FLOOR_PER_1000,
        DRIFT_FLOOR_PER_1000 * s.households() as f64 / 1000.0,
    );
    let _ = writeln!(
        out,
        "{:<36} {:>12} {:>30} {:>12} {:>10}  {:<6}",
        "series", "mean level", "relative change [95% interval]", "change", "allowed", "level?"
    );
    for d in &cal.drifts {
        let _ = writeln!(
            out,
            "{:<36} {:>12} {:>30} {:>12} {:>10}  {:<6}",
            d.level.label,
            fmt(d.mean_level),
            format!(
                "{:+.3} [{:+.3}, {:+.3}]",
                d.relative.mean, d.relative.lo, d.relative.hi
            ),
            format!("{:+.1}", d.change()),
            format!("{:.1}", d.allowed),
            if d.level() { "yes" } else { "NO" },
        );
    }
    let _ = writeln!(
        out,
        "\nWarm-up by Welch's procedure: the status quo from week 0 without warm-up for {} weeks; \
         replication means averaged over +/- {} weeks; settled from the week after which the \
         average stays within {:.0}% of its final level (its mean over the last quarter):\n",
        cal.welch_weeks,
        WELCH_WINDOW_WEEKS,
        WELCH_BAND * 100.0
    );
    let _ = writeln!(
        out,
        "{:<36} {:>12} {:>14}",
        "series", "final level", "settled from"
    );
    for w in &cal.settling {
        let _ = writeln!(
            out,
            "{:<36} {:>12} {:>14}",
            w.level.label,
            fmt(w.final_level),
            w.week
                .map_or("not settled".to_string(), |k| format!("week {k}"))
        );
    }
    let _ = writeln!(
        out,
        "\nSuggested warm-up: {} weeks, the latest week a series settles (run.warmup_weeks is {}).",
        cal.suggested_warmup(),
        s.warmup.run.warmup_weeks
    );
    let unsettled = cal.unsettled();
    if !unsettled.is_empty() {
        let _ = writeln!(
            out,
            "Not settled within {} weeks (no warm-up makes these level; see the drift table): {}.",
            cal.welch_weeks,
            unsettled.join("; ")
        );
    }
    let n_out = cal.checks.iter().filter(|c| !c.in_range()).count();
    let n_drift = cal.drifts.iter().filter(|d| !d.level()).count();
    let _ = writeln!(
        out,
        "\n{}",
        if cal.ok() {
            "Every target is met and the status quo is level.".to_string()
        } else {
            format!(
                "{n_out} target(s) outside the field's range, {n_drift} series drifting: \
                 adapt the parameters marked 'assumption' (wijksim params)."
            )
        }
    );
    emit(&out)?;
    if !cal.ok() {
        anyhow::bail!("calibration failed: {n_out} target(s) missed, {n_drift} series drifting");
    }
    Ok(())
}
