//! The comparison table for the terminal: per outcome, each model's mean with its 95%
//! interval, and the paired difference from the reference model — in plain words for
//! a programme manager. Numbers go through [`crate::format`].

use super::outcome_stats;
use crate::comparison::Comparison;
use crate::format::{self, Lang};
use crate::mkba::{MkbaResult, Stakeholder};
use crate::runner::Results;
use crate::stats::Summary;
use std::fmt::Write as _;

/// How an outcome's numbers are shown.
#[derive(Clone, Copy)]
enum Unit {
    /// Euros.
    Eur,
    /// A plain number, as many decimals as its size warrants.
    Number,
    /// A share 0..1.
    Share,
}

/// Outcomes shown on the terminal, with a plain-language label (all are in the CSVs).
/// Sanction drop-outs stand right after the intake wait: a shorter wait that comes
/// from pushing households out of care must read as such.
const SHOWN: &[(&str, &str, Unit)] = &[
    (
        "unresolved_debt_households",
        "households with unresolved problematic debt (end)",
        Unit::Number,
    ),
    (
        "unresolved_debt_eur",
        "euros of unresolved problematic debt (end)",
        Unit::Eur,
    ),
    (
        "arrangement_households",
        "households in a running debt arrangement (end)",
        Unit::Number,
    ),
    (
        "escalations_per_1000",
        "crises: escalations to heavier care /1,000 hh/yr",
        Unit::Number,
    ),
    (
        "planned_care_per_1000",
        "planned referrals to 2nd-line care /1,000 hh/yr",
        Unit::Number,
    ),
    (
        "intake_wait_mean_weeks",
        "wait for team intake, mean (weeks)",
        Unit::Number,
    ),
    (
        "sanction_dropouts",
        "  households pushed out of care by the team's sanction",
        Unit::Number,
    ),
    ("dropouts", "  all drop-outs from team care", Unit::Number),
    (
        "referral_wait_mean_weeks",
        "wait for W&I / debt help, mean (weeks)",
        Unit::Number,
    ),
    (
        "arrangement_wait_mean_weeks",
        "wait for the credit bank, mean (weeks)",
        Unit::Number,
    ),
    (
        "finance_detected_share",
        "financial problems detected (share)",
        Unit::Share,
    ),
    (
        "debt_help_dropouts",
        "drop-outs from debt help",
        Unit::Number,
    ),
    (
        "staff_turnover",
        "staff leavers per post per year",
        Unit::Number,
    ),
    ("mean_caseload", "caseload per generalist", Unit::Number),
];

fn fmt(x: f64, unit: Unit) -> String {
    match unit {
        Unit::Eur => format::fmt_eur(x, Lang::En),
        Unit::Number => format::fmt_auto(x, Lang::En),
        Unit::Share => format::fmt_number(x, 3, Lang::En),
    }
}

/// What the intervals of a comparison include, in words.
pub fn interval_kind(results: &Results) -> String {
    let reps = results.spec.replications;
    if reps < 2 {
        "Each cell: the value of the single replication (no intervals: run --reps 2 or more for them).".into()
    } else if results.spec.psa.is_some() {
        format!("Each cell: mean [95% interval over {reps} replications, each with its own draw of the uncertain assumptions: simulation noise and what we do not know].")
    } else {
        format!("Each cell: mean [95% interval over {reps} replications: simulation noise only, not the uncertainty of the assumptions (see --psa)].")
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
    let _ = writeln!(
        out,
        "{} Difference: paired with the reference (common random numbers).\n",
        interval_kind(results)
    );
    let label_w = SHOWN.iter().map(|s| s.1.len()).max().unwrap_or(10);
    for &(key, label, unit) in SHOWN {
        let _ = write!(out, "{label:<label_w$}");
        for &m in models {
            let Some(s) = stats.iter().find(|s| s.model == m && s.outcome == key) else {
                continue;
            };
            let _ = write!(
                out,
                "  {:>8} {:<30}",
                m.name(),
                format!(
                    "{}{}",
                    fmt(s.own.mean, unit),
                    interval(&s.own, |x| fmt(x, unit))
                )
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
                    if d.mean > 0.0 { "+" } else { "" },
                    fmt(d.mean, unit),
                    interval(&d, |x| fmt(x, unit))
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

/// The MKBA table (millions of euros, against the reference), the probabilistic
/// analysis when there is one, and the recommendation.
pub fn mkba(c: &Comparison) -> String {
    let Some(r) = &c.mkba else {
        return String::new();
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nSocietal cost-benefit analysis (MKBA): against '{}', {} year(s), discounted at {}% a year, million euro",
        r.reference.name(),
        r.years,
        format::fmt_number(r.discount_rate * 100.0, 2, Lang::En)
    );
    let _ = writeln!(out, "{}", interval_kind(&c.results));
    write_mkba_rows(&mut out, r);
    write_horizons(&mut out, &c.horizons);
    if let Some(p) = &c.packages {
        write_packages(&mut out, p);
    }
    if let Some(p) = &c.psa {
        let _ = writeln!(
            out,
            "\nProbabilistic sensitivity analysis: {} replications, each drawing {} uncertain assumptions from their plausible ranges.",
            p.draws.len(),
            p.plan.params.len()
        );
        let best: Vec<String> = r
            .summaries()
            .iter()
            .map(|s| {
                format!(
                    "{} {}",
                    s.model.name(),
                    format::fmt_share(s.probability_best, Lang::En)
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "Probability of the highest net present value: {}.",
            best.join(", ")
        );
        let _ = writeln!(
            out,
            "Value of perfect information on everything: {}. Per assumption: what knowing it before choosing is worth (EVPPI), and how much of the margin between the two leading models it explains alone:",
            format::fmt_eur(p.evpi, Lang::En)
        );
        for (i, e) in p.evppi.iter().take(8).enumerate() {
            let switch = e.switch.map_or(String::new(), |(x, below, above)| {
                format!(
                    "  (best below {}: {}; above: {})",
                    format::fmt_auto(x, Lang::En),
                    p.models[below].name(),
                    p.models[above].name()
                )
            });
            let _ = writeln!(
                out,
                "  {:>2}. {:<44} {:>14}  {:>4} of the margin{switch}",
                i + 1,
                e.key,
                format::fmt_eur(e.value, Lang::En),
                format::fmt_share(e.explained, Lang::En)
            );
        }
        if !p.plan.held.is_empty() {
            let _ = writeln!(
                out,
                "Held at the scenario's own value (give a range under [uncertainty] to vary it): {}.",
                p.plan.held.join(", ")
            );
        }
    }
    if let Some(rec) = &c.recommendation {
        let _ = writeln!(out, "\nRecommendation: {}", rec.render(Lang::En));
        // The terminal's own hints: the recommendation itself is text for people.
        use crate::mkba::recommendation::{Checked, Uncertainty};
        if matches!(rec.uncertainty, Uncertainty::SimulationOnly { .. }) {
            let _ = writeln!(
                out,
                "(Run with --psa to include the uncertainty of the assumptions.)"
            );
        }
        if rec.checked == Checked::Prices {
            let _ = writeln!(
                out,
                "(Run with --sensitivity to vary the behavioural assumptions one at a time.)"
            );
        }
    }
    out
}

fn write_mkba_rows(out: &mut String, r: &MkbaResult) {
    let _ = writeln!(
        out,
        "{:<30}{}",
        "",
        r.models
            .iter()
            .map(|m| format!("{:>24}", m.name()))
            .collect::<String>()
    );
    let summaries = r.summaries();
    let meur = |x: f64| format::fmt_millions(x, Lang::En);
    let mut line = |label: &str, cell: &dyn Fn(&crate::mkba::ModelSummary) -> String| {
        let _ = writeln!(
            out,
            "{label:<30}{}",
            summaries
                .iter()
                .map(|s| format!("{:>24}", cell(s)))
                .collect::<String>()
        );
    };
    line("net present value", &|s| {
        format!("{}{}", meur(s.npv.mean), interval(&s.npv, meur))
    });
    line("  benefits (PV)", &|s| meur(s.benefits));
    line("  costs (PV)", &|s| meur(s.costs));
    line("benefit/cost ratio", &|s| {
        s.bcr
            .map_or("-".into(), |b| format::fmt_number(b, 2, Lang::En))
    });
    line("break-even year", &|s| {
        s.break_even_year
            .map_or("-".into(), |y| (y + 1).to_string())
    });
    line("probability best", &|s| {
        format::fmt_share(s.probability_best, Lang::En)
    });
    line("cost to introduce (one-off)", &|s| meur(s.introduction));
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
         benefits paid net to zero for society and show only per stakeholder; mkba_summary.csv has every category)"
    );
}

/// The packages (a model with what comes with it) against the plain reference: NPV at
/// each horizon, probability best, and what the credit bank came to; then the best.
fn write_packages(out: &mut String, c: &crate::mkba::packages::PackageComparison) {
    let meur = |x: f64| format::fmt_millions(x, Lang::En);
    let Some(first) = c.packages.first() else {
        return;
    };
    let _ = writeln!(
        out,
        "\nPackages: a linkage model with what comes with it, against the plain '{}' (million euro; the same dice for every package)",
        c.reference
    );
    let mut head = format!("{:<26}", "package");
    for h in &first.horizons {
        let label = format!("NPV {} y{}", h.years, if h.extrapolated { "*" } else { "" });
        head.push_str(&format!("{label:>22}"));
    }
    head.push_str(&format!(
        "{:>10}{:>12}{:>12}",
        "p(best)", "bank posts", "bank wait"
    ));
    let _ = writeln!(out, "{head}");
    for p in &c.packages {
        let mut line = format!("{:<26}", p.name);
        for h in &p.horizons {
            let cell = if p.plain && p.name == c.reference {
                meur(0.0)
            } else {
                format!("{}{}", meur(h.npv.mean), interval(&h.npv, meur))
            };
            line.push_str(&format!("{cell:>22}"));
        }
        line.push_str(&format!(
            "{:>10}{:>12}{:>12}",
            format::fmt_share(p.horizons[c.main].probability_best, Lang::En),
            format::fmt_number(p.counsellor_posts, 1, Lang::En),
            format!("{} wk", format::fmt_number(p.arrangement_wait, 1, Lang::En))
        ));
        let _ = writeln!(out, "{line}");
    }
    if first.horizons.iter().any(|h| h.extrapolated) {
        let _ = writeln!(
            out,
            "(* extrapolated beyond the simulated years; packages.csv has every measure)"
        );
    } else {
        let _ = writeln!(out, "(packages.csv has every measure)");
    }
}

/// Net present value at each horizon of `mkba.horizons_years`, all from the same run;
/// a horizon beyond the simulated years is marked as extrapolated.
fn write_horizons(out: &mut String, horizons: &[MkbaResult]) {
    if horizons.len() < 2 {
        return;
    }
    let meur = |x: f64| format::fmt_millions(x, Lang::En);
    let _ = writeln!(
        out,
        "\n{:<30}{}",
        "Net present value by horizon",
        horizons[0]
            .models
            .iter()
            .map(|m| format!("{:>24}", m.name()))
            .collect::<String>()
    );
    for h in horizons {
        let label = if h.extrapolated() {
            format!("{} years (extrapolated)", h.years)
        } else {
            format!("{} years", h.years)
        };
        let cells: String = h
            .summaries()
            .iter()
            .map(|s| {
                format!(
                    "{:>24}",
                    format!("{}{}", meur(s.npv.mean), interval(&s.npv, meur))
                )
            })
            .collect();
        let _ = writeln!(out, "  {label:<28}{cells}");
    }
    let _ = writeln!(
        out,
        "(all from the same run, million euro; extrapolated: the years beyond the {} simulated are the mean of the last {} simulated years, each replication its own, a steady state; mkba_horizons.csv has each horizon by category and stakeholder)",
        horizons[0].simulated_years,
        crate::mkba::flows::STEADY_STATE_YEARS.min(horizons[0].simulated_years as usize)
    );
}

/// " [lo, hi]", or nothing with a single replication: one run has no spread to
/// estimate, and an interval of width zero would look like certainty.
fn interval(s: &Summary, f: impl Fn(f64) -> String) -> String {
    if s.n < 2 {
        String::new()
    } else {
        format!(" [{}, {}]", f(s.lo), f(s.hi))
    }
}
