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
         average stays within {:.0}% of its final level (its mean over the last quarter), or within \
         the small-queue floor or twice its own fluctuation over the last quarter:\n",
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
    out.push_str(&debt_help_return(&s, &cal.results)?);
    emit(&out)?;
    if !cal.ok() {
        anyhow::bail!("calibration failed: {n_out} target(s) missed, {n_drift} series drifting");
    }
    Ok(())
}

/// The societal return of 50% more debt-help capacity under the status quo: a figure
/// the field publishes, reported beside the targets and never tuned to.
fn debt_help_return(
    s: &wijksim::scenario::Scenario,
    status_quo: &wijksim::runner::Results,
) -> anyhow::Result<String> {
    use wijksim::format::{fmt_eur, Lang};
    use wijksim::mkba::extra_debt_help::{self, FACTOR};
    let r = extra_debt_help::debt_help_return(s, status_quo, &|| {})?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nSocietal return of {:.0}% more debt-help capacity (from the switch: {}), status quo, {} year(s), paired over {} replication(s):",
        (FACTOR - 1.0) * 100.0,
        r.changed
            .iter()
            .map(|(k, a, b)| format!("{k} {a} -> {b:.3}"))
            .collect::<Vec<_>>()
            .join(", "),
        r.years,
        r.npv.n
    );
    let _ = writeln!(
        out,
        "  net present value {} [{}, {}]; benefits {} against costs {}: {} per euro",
        fmt_eur(r.npv.mean, Lang::En),
        fmt_eur(r.npv.lo, Lang::En),
        fmt_eur(r.npv.hi, Lang::En),
        fmt_eur(r.benefits, Lang::En),
        fmt_eur(r.costs, Lang::En),
        r.per_euro().map_or("-".to_string(), |x| format!("{x:.2}"))
    );
    let _ = writeln!(
        out,
        "  household-years with unresolved problematic debt {:+.0} [{:+.0}, {:+.0}]; on benefit {:+.0} [{:+.0}, {:+.0}]",
        r.debt_years.mean,
        r.debt_years.lo,
        r.debt_years.hi,
        r.benefit_years.mean,
        r.benefit_years.lo,
        r.benefit_years.hi
    );
    let mut parts: Vec<(usize, f64)> = r
        .by_category
        .iter()
        .copied()
        .enumerate()
        .filter(|&(c, x)| x != 0.0 && !wijksim::mkba::CATEGORIES[c].1)
        .collect();
    parts.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()).then(a.0.cmp(&b.0)));
    let items: Vec<String> = parts
        .iter()
        .take(6)
        .map(|&(c, x)| {
            format!(
                "{} {}",
                wijksim::mkba::CATEGORIES[c].0,
                fmt_eur(x, Lang::En)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "  made of (net benefit by category): {}",
        items.join("; ")
    );
    Ok(out)
}
