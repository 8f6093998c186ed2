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
    out.push_str(&debt_help_return(&s)?);
    emit(&out)
}

/// The societal return of 50% more debt-help capacity under the status quo: a figure
/// the field publishes, reported beside the targets and never tuned to.
fn debt_help_return(s: &wijksim::scenario::Scenario) -> anyhow::Result<String> {
    use wijksim::format::{fmt_eur, Lang};
    use wijksim::mkba::extra_debt_help::{self, FACTOR};
    let r = extra_debt_help::debt_help_return(s, &|| {})?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nSocietal return of {:.0}% more debt-help capacity (W&I support posts and credit-bank counsellors, from the switch), status quo, {} year(s), paired over {} replication(s):",
        (FACTOR - 1.0) * 100.0,
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
