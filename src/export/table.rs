//! The comparison table for the terminal: per outcome, each model's mean with its 95%
//! interval, and the paired difference from the reference model — in plain words for
//! a programme manager.

use super::outcome_stats;
use crate::runner::Results;
use std::fmt::Write as _;

/// Outcomes shown on the terminal, with a plain-language label (all are in the CSVs).
const SHOWN: &[(&str, &str)] = &[
    (
        "unresolved_debt_households",
        "households with unresolved problematic debt (end)",
    ),
    (
        "unresolved_debt_eur",
        "euros of unresolved problematic debt (end)",
    ),
    (
        "arrangement_households",
        "households in a debt arrangement (end)",
    ),
    (
        "escalations_per_1000",
        "escalations to heavier care /1,000 hh/yr",
    ),
    (
        "escalations_ggz",
        "  of which specialist mental-health care",
    ),
    ("escalations_youth", "  of which youth care"),
    ("escalations_eviction", "  of which eviction and shelter"),
    (
        "intake_wait_mean_weeks",
        "wait for team intake, mean (weeks)",
    ),
    (
        "intake_wait_p90_weeks",
        "wait for team intake, 90th pct (weeks)",
    ),
    (
        "referral_wait_mean_weeks",
        "wait for W&I / debt help, mean (weeks)",
    ),
    (
        "finance_detected_share",
        "financial problems detected (share)",
    ),
    ("dropouts", "drop-outs from team care"),
    ("debt_help_dropouts", "drop-outs from debt help"),
    ("staff_turnover", "staff leavers per post per year"),
    ("mean_caseload", "caseload per generalist"),
];

fn fmt(x: f64) -> String {
    let a = x.abs();
    if x.is_nan() {
        "-".into()
    } else if a >= 100.0 {
        format!("{:.0}", x)
    } else if a >= 1.0 {
        format!("{:.2}", x)
    } else {
        format!("{:.3}", x)
    }
}

/// The table as text.
pub fn comparison(results: &Results, scenario_name: &str) -> String {
    let stats = outcome_stats(results);
    let models = &results.spec.models;
    let reference = results.spec.reference;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "wijksim: scenario '{scenario_name}', {} replication(s), seed {}, reference model '{}'",
        results.spec.replications,
        results.spec.seed,
        reference.name()
    );
    if results.spec.replications < 2 {
        let _ = writeln!(out, "Each cell: the value of the single replication (no intervals: run --reps 2 or more for them). Difference: with the reference (common random numbers).\n");
    } else {
        let _ = writeln!(out, "Each cell: mean [95% interval]. Difference: paired with the reference (common random numbers).\n");
    }
    let label_w = SHOWN.iter().map(|s| s.1.len()).max().unwrap_or(10);
    for &(key, label) in SHOWN {
        let _ = write!(out, "{label:<label_w$}");
        for &m in models {
            let Some(s) = stats.iter().find(|s| s.model == m && s.outcome == key) else {
                continue;
            };
            let _ = write!(
                out,
                "  {:>8} {:<22}",
                m.name(),
                format!("{}{}", fmt(s.own.mean), interval(&s.own, fmt))
            );
        }
        let _ = writeln!(out);
        let diffs: Vec<String> = models
            .iter()
            .filter_map(|&m| {
                let s = stats.iter().find(|s| s.model == m && s.outcome == key)?;
                let d = s.diff?;
                let sign = if d.n < 2 || d.lo > 0.0 || d.hi < 0.0 {
                    ""
                } else {
                    " (n.s.)"
                };
                Some(format!(
                    "{} {}{}{}{sign}",
                    m.name(),
                    if d.mean >= 0.0 { "+" } else { "" },
                    fmt(d.mean),
                    interval(&d, fmt)
                ))
            })
            .collect();
        if !diffs.is_empty() {
            let _ = writeln!(
                out,
                "{:<label_w$}    vs {}: {}",
                "",
                reference.name(),
                diffs.join("; ")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n(n.s.: the interval of the difference includes zero.)"
    );
    out
}

fn meur(x: f64) -> String {
    let s = format!("{:.2}", x / 1e6);
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// The MKBA table (millions of euros, against the reference) and the recommendation.
pub fn mkba(r: &crate::mkba::MkbaResult, recommendation: &str, years: u32, rate: f64) -> String {
    use crate::mkba::Stakeholder;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nSocietal cost-benefit analysis (MKBA): against '{}', {years} year(s), discounted at {:.2}% a year, million euro",
        r.reference.name(),
        rate * 100.0
    );
    let _ = writeln!(
        out,
        "{:<26}{}",
        "",
        r.models
            .iter()
            .map(|m| format!("{:>26}", m.name()))
            .collect::<String>()
    );
    let summaries = r.summaries();
    let mut line = |label: &str, cell: &dyn Fn(&crate::mkba::ModelSummary) -> String| {
        let _ = writeln!(
            out,
            "{label:<26}{}",
            summaries
                .iter()
                .map(|s| format!("{:>26}", cell(s)))
                .collect::<String>()
        );
    };
    line("net present value", &|s| {
        format!("{}{}", meur(s.npv.mean), interval(&s.npv, meur))
    });
    line("  benefits (PV)", &|s| meur(s.benefits));
    line("  costs (PV)", &|s| meur(s.costs));
    line("benefit/cost ratio", &|s| {
        s.bcr.map_or("-".into(), |b| format!("{b:.2}"))
    });
    line("break-even year", &|s| {
        s.break_even_year
            .map_or("-".into(), |y| (y + 1).to_string())
    });
    line("probability best", &|s| {
        format!("{:.0}%", s.probability_best * 100.0)
    });
    for st in Stakeholder::ALL {
        let label = format!("  NPV {}", st.name());
        line(&label, &|s| {
            let x = s.by_stakeholder[st as usize];
            format!("{}{}", meur(x.mean), interval(&x, meur))
        });
    }
    let _ = writeln!(
        out,
        "(benefits and costs: categories where a model is cheaper or dearer than the reference; transfers such as \
         benefits paid net to zero for society and show only per stakeholder)"
    );
    let _ = writeln!(out, "\nRecommendation: {recommendation}");
    out
}

/// " [lo, hi]", or nothing with a single replication: one run has no spread to
/// estimate, and an interval of width zero would look like certainty.
fn interval(s: &crate::stats::Summary, f: impl Fn(f64) -> String) -> String {
    if s.n < 2 {
        String::new()
    } else {
        format!(" [{}, {}]", f(s.lo), f(s.hi))
    }
}
