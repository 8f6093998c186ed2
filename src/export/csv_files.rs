//! The CSV outputs: `summary.csv`, `summary_stats.csv`, `timeseries.csv`.
//! Tidy (one header row, one observation per row) so pandas and R read them as they
//! are. Numbers are written in Rust's shortest round-trip form, which is the same on
//! every machine, so identical runs give identical bytes.

use super::outcome_stats;
use crate::outcomes::{OUTCOMES, SERIES};
use crate::runner::Results;

/// A number in Rust's shortest round-trip form; empty for "not applicable" (NaN);
/// never `-0`.
pub fn num(x: f64) -> String {
    if x.is_nan() {
        String::new()
    } else if x == 0.0 {
        "0".into()
    } else {
        format!("{x}")
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    // Writing to a Vec cannot fail.
    w.into_inner().unwrap_or_default()
}

/// `summary.csv`: one row per model and replication.
pub fn summary(results: &Results) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["model", "replication", "seed"];
    header.extend_from_slice(OUTCOMES);
    w.write_record(&header)?;
    for r in &results.runs {
        let mut row = vec![
            r.model.name().to_string(),
            r.replication.to_string(),
            results.spec.seed.to_string(),
        ];
        row.extend(r.outcomes.0.iter().map(|&x| num(x)));
        w.write_record(&row)?;
    }
    Ok(finish(w))
}

/// `municipalities.csv` (opt-in, `--by-municipality`): one row per municipality, model
/// and replication, with that municipality's own outcomes.
pub fn municipalities(results: &Results) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["municipality", "model", "replication", "seed"];
    header.extend_from_slice(OUTCOMES);
    w.write_record(&header)?;
    for r in &results.by_municipality {
        let mut row = vec![
            r.municipality.clone(),
            r.model.name().to_string(),
            r.replication.to_string(),
            results.spec.seed.to_string(),
        ];
        row.extend(r.outcomes.0.iter().map(|&x| num(x)));
        w.write_record(&row)?;
    }
    Ok(finish(w))
}

/// Column names of `summary_stats.csv`.
pub const STATS_COLUMNS: &[&str] = &[
    "model",
    "outcome",
    "mean",
    "sd",
    "ci95_low",
    "ci95_high",
    "n",
    "reference",
    "diff_mean",
    "diff_ci95_low",
    "diff_ci95_high",
];

/// `summary_stats.csv`: per model and outcome, mean with interval and the paired
/// difference from the reference model (empty for the reference itself).
pub fn summary_stats(results: &Results) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(STATS_COLUMNS)?;
    for s in outcome_stats(results) {
        let (dm, dl, dh) = match s.diff {
            Some(d) => (num(d.mean), num(d.lo), num(d.hi)),
            None => (String::new(), String::new(), String::new()),
        };
        w.write_record([
            s.model.name().to_string(),
            s.outcome.to_string(),
            num(s.own.mean),
            num(s.own.sd),
            num(s.own.lo),
            num(s.own.hi),
            s.own.n.to_string(),
            results.spec.reference.name().to_string(),
            dm,
            dl,
            dh,
        ])?;
    }
    Ok(finish(w))
}

/// `timeseries.csv`: long format `model, replication, week, metric, value`, weeks
/// counted from the switch.
pub fn timeseries(results: &Results) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(["model", "replication", "week", "metric", "value"])?;
    for r in &results.runs {
        let (m, rep) = (r.model.name(), r.replication.to_string());
        for p in &r.series {
            w.write_record([
                m,
                rep.as_str(),
                p.week.to_string().as_str(),
                SERIES[p.metric as usize],
                num(p.value).as_str(),
            ])?;
        }
    }
    Ok(finish(w))
}

/// `mkba.csv`: every priced flow of every run, per year, stakeholder and category.
/// `flow` says whether it is a cost or a benefit (receipt) to that stakeholder; euros
/// are positive; `transfer` flows net to zero over stakeholders. Under `--psa` each
/// replication is priced with its own draw of the prices.
pub fn mkba(results: &Results, m: &crate::scenario::params::Mkba) -> Result<Vec<u8>, csv::Error> {
    use crate::mkba::{discount, run_flows, CATEGORIES};
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "model",
        "replication",
        "year",
        "stakeholder",
        "category",
        "flow",
        "transfer",
        "nominal_eur",
        "discounted_eur",
    ])?;
    for r in &results.runs {
        let prices = results.drawn_prices(r.replication).unwrap_or(m);
        for f in run_flows(r, prices) {
            let kind = if f.cost_eur >= 0.0 { "cost" } else { "benefit" };
            w.write_record([
                r.model.name(),
                r.replication.to_string().as_str(),
                f.year.to_string().as_str(),
                f.stakeholder.name(),
                CATEGORIES[f.category].0,
                kind,
                if f.transfer() { "true" } else { "false" },
                num(f.cost_eur.abs()).as_str(),
                num(f.cost_eur.abs() * discount(f.year, prices.discount_rate)).as_str(),
            ])?;
        }
    }
    Ok(finish(w))
}

/// `mkba_summary.csv`: per model and measure (npv by stakeholder and for society, net
/// benefit per category, benefits, costs, benefit_cost_ratio, break_even_year,
/// probability_best, introduction_cost), mean and 95% interval where one exists. All
/// against the reference model.
pub fn mkba_summary(r: &crate::mkba::MkbaResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(SUMMARY_COLUMNS)?;
    summary_rows(&mut w, r, &[])?;
    Ok(finish(w))
}

/// The columns of `mkba_summary.csv`.
const SUMMARY_COLUMNS: [&str; 7] = [
    "model",
    "reference",
    "measure",
    "stakeholder",
    "mean",
    "ci95_low",
    "ci95_high",
];

/// `mkba_horizons.csv`: the rows of `mkba_summary.csv` at each horizon of
/// `mkba.horizons_years`, all read from the same run, with the horizon and whether
/// part of it is a steady-state extrapolation beyond the simulated years.
pub fn mkba_horizons(horizons: &[crate::mkba::MkbaResult]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["horizon_years", "simulated_years", "extrapolated"];
    header.extend(SUMMARY_COLUMNS);
    w.write_record(&header)?;
    for r in horizons {
        let (years, simulated) = (r.years.to_string(), r.simulated_years.to_string());
        let extrapolated = if r.extrapolated() { "true" } else { "false" };
        summary_rows(&mut w, r, &[&years, &simulated, extrapolated])?;
    }
    Ok(finish(w))
}

/// The summary rows of one appraisal, each after the cells `lead`.
fn summary_rows(
    w: &mut csv::Writer<Vec<u8>>,
    r: &crate::mkba::MkbaResult,
    lead: &[&str],
) -> Result<(), csv::Error> {
    use crate::mkba::{Stakeholder, CATEGORIES};
    let reference = r.reference.name();
    for s in r.summaries() {
        let m = s.model.name();
        let mut row = |measure: &str, who: &str, mean: f64, lo: f64, hi: f64| {
            let (mean, lo, hi) = (num(mean), num(lo), num(hi));
            let cells = [m, reference, measure, who, &mean, &lo, &hi];
            w.write_record(lead.iter().copied().chain(cells))
        };
        row("npv", "society", s.npv.mean, s.npv.lo, s.npv.hi)?;
        for st in Stakeholder::ALL {
            let x = s.by_stakeholder[st as usize];
            row("npv", st.name(), x.mean, x.lo, x.hi)?;
        }
        for (c, x) in s.by_category.iter().enumerate() {
            row(
                &format!("net_benefit_{}", CATEGORIES[c].0),
                "society",
                x.mean,
                x.lo,
                x.hi,
            )?;
        }
        row("benefits_pv", "society", s.benefits, f64::NAN, f64::NAN)?;
        row("costs_pv", "society", s.costs, f64::NAN, f64::NAN)?;
        row(
            "benefit_cost_ratio",
            "society",
            s.bcr.unwrap_or(f64::NAN),
            f64::NAN,
            f64::NAN,
        )?;
        row(
            "break_even_year",
            "society",
            s.break_even_year.map_or(f64::NAN, |y| y as f64 + 1.0),
            f64::NAN,
            f64::NAN,
        )?;
        row(
            "probability_best",
            "society",
            s.probability_best,
            f64::NAN,
            f64::NAN,
        )?;
        row(
            "introduction_cost",
            "municipality",
            s.introduction,
            f64::NAN,
            f64::NAN,
        )?;
    }
    Ok(())
}

/// `packages.csv`: one row per package and horizon: the package (a linkage model with
/// what comes with it), its NPV against the plain reference model with the 95% interval
/// of the mean (paired, under `--psa` too) and the middle 95% of the replications (`npv_p025`, `npv_p975`),
/// benefits, costs, benefit/cost ratio, break-even year (from 1) and probability best
/// among all packages; and what its capacity came to (credit-bank posts in the last
/// simulated year, the wait for the credit bank, unresolved debt at the end).
pub fn packages(c: &crate::mkba::packages::PackageComparison) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "package",
        "model",
        "description",
        "reference",
        "horizon_years",
        "extrapolated",
        "npv_mean",
        "npv_ci95_low",
        "npv_ci95_high",
        "npv_p025",
        "npv_p975",
        "benefits_pv",
        "costs_pv",
        "benefit_cost_ratio",
        "break_even_year",
        "probability_best",
        "counsellor_posts_last_year",
        "arrangement_wait_mean_weeks",
        "unresolved_debt_households",
    ])?;
    for p in &c.packages {
        for h in &p.horizons {
            w.write_record([
                p.name.as_str(),
                p.model.name(),
                p.description.as_str(),
                c.reference.as_str(),
                h.years.to_string().as_str(),
                if h.extrapolated { "true" } else { "false" },
                num(h.npv.mean).as_str(),
                num(h.npv.lo).as_str(),
                num(h.npv.hi).as_str(),
                num(h.npv_spread.lo).as_str(),
                num(h.npv_spread.hi).as_str(),
                num(h.benefits).as_str(),
                num(h.costs).as_str(),
                num(if h.costs > 0.0 {
                    h.benefits / h.costs
                } else {
                    f64::NAN
                })
                .as_str(),
                num(h.break_even_year.map_or(f64::NAN, |y| y as f64 + 1.0)).as_str(),
                num(h.probability_best).as_str(),
                num(p.counsellor_posts).as_str(),
                num(p.arrangement_wait).as_str(),
                num(p.unresolved_debt).as_str(),
            ])?;
        }
    }
    Ok(finish(w))
}

/// `packages_detail.csv`: each package's NPV against the plain reference decomposed, per
/// horizon: by stakeholder (transfers included) and by category (society's net benefit,
/// the reference's cost minus the package's), each a mean with its interval.
pub fn packages_detail(
    c: &crate::mkba::packages::PackageComparison,
) -> Result<Vec<u8>, csv::Error> {
    use crate::mkba::{Stakeholder, CATEGORIES};
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "package",
        "horizon_years",
        "extrapolated",
        "by",
        "name",
        "mean",
        "ci95_low",
        "ci95_high",
    ])?;
    for p in &c.packages {
        for h in &p.horizons {
            let (years, extrapolated) = (h.years.to_string(), h.extrapolated.to_string());
            let mut row = |by: &str, name: &str, x: &crate::stats::Summary| {
                w.write_record([
                    p.name.as_str(),
                    years.as_str(),
                    extrapolated.as_str(),
                    by,
                    name,
                    num(x.mean).as_str(),
                    num(x.lo).as_str(),
                    num(x.hi).as_str(),
                ])
            };
            for st in Stakeholder::ALL {
                row("stakeholder", st.name(), &h.by_stakeholder[st as usize])?;
            }
            for (i, (name, _)) in CATEGORIES.iter().enumerate() {
                row("category", name, &h.by_category[i])?;
            }
        }
    }
    Ok(finish(w))
}

/// `mkba_sensitivity.csv`: every one-at-a-time variation, the model then best, the
/// change of the margin, and each model's mean NPV.
pub fn mkba_sensitivity(
    sensitivity: &[crate::mkba::Sensitivity],
    models: &[crate::model::LinkageModel],
) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "parameter".to_string(),
        "varied".into(),
        "end".into(),
        "value".into(),
        "best_model".into(),
        "gap_change_eur".into(),
    ];
    header.extend(models.iter().map(|m| format!("npv_{}", m.name())));
    w.write_record(&header)?;
    for s in sensitivity {
        let mut row = vec![
            s.key.to_string(),
            s.varied.name().to_string(),
            if s.high { "high" } else { "low" }.to_string(),
            num(s.value),
            s.best.name().to_string(),
            num(s.gap_change),
        ];
        row.extend(s.npv.iter().map(|&x| num(x)));
        w.write_record(&row)?;
    }
    Ok(finish(w))
}

/// `psa.csv`: per replication, the drawn value of every uncertain assumption
/// (`param_<key>`), each model's NPV against the reference, and the best model.
pub fn psa(p: &crate::mkba::psa::PsaResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["replication".to_string()];
    header.extend(p.plan.params.iter().map(|u| format!("param_{}", u.key)));
    header.extend(p.models.iter().map(|m| format!("npv_{}", m.name())));
    header.push("best_model".into());
    w.write_record(&header)?;
    for (rep, draw) in p.draws.iter().enumerate() {
        let mut row = vec![rep.to_string()];
        row.extend(draw.iter().map(|&x| num(x)));
        row.extend(p.npv.iter().map(|d| num(d[rep])));
        let best = (0..p.models.len())
            .max_by(|&a, &b| p.npv[a][rep].total_cmp(&p.npv[b][rep]).then(b.cmp(&a)))
            .map_or("", |i| p.models[i].name());
        row.push(best.to_string());
        w.write_record(&row)?;
    }
    Ok(finish(w))
}

/// `evppi.csv`: the value of knowing each assumption before choosing, largest first,
/// with its share of the value of perfect information, where the choice switches, and
/// the noise floor it must exceed to count (`Evppi::noise`).
pub fn evppi(p: &crate::mkba::psa::PsaResult) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "rank",
        "parameter",
        "evppi_eur",
        "share_of_evpi",
        "switch_value",
        "best_below",
        "best_above",
        "noise_eur",
        "exceeds_noise",
    ])?;
    for (i, e) in p.evppi.iter().enumerate() {
        let (at, below, above) = match e.switch {
            Some((x, b, a)) => (num(x), p.models[b].name(), p.models[a].name()),
            None => (String::new(), "", ""),
        };
        w.write_record([
            (i + 1).to_string(),
            e.key.to_string(),
            num(e.value),
            num(if p.evpi > 0.0 {
                e.value / p.evpi
            } else {
                f64::NAN
            }),
            at,
            below.to_string(),
            above.to_string(),
            num(e.noise),
            e.exceeds_noise().to_string(),
        ])?;
    }
    Ok(finish(w))
}
