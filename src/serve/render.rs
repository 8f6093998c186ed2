//! What the page shows, as JSON: headline outcomes with intervals, the MKBA per
//! stakeholder, charts over time and the recommendation, in English or Dutch. Numbers
//! are written through [`crate::format`] (the report's formats) and the charts by the
//! shared SVG module [`crate::report::charts`], rendered here on the server so that
//! the page draws nothing itself. Raw means travel along (full precision) so that a
//! test can hold the page to `wijksim compare`'s CSV.

use super::engine::{Job, Progress, Status};
use crate::comparison::Comparison;
use crate::export::outcome_stats;
use crate::format::{self, Lang, NumberFormat};
use crate::mkba::Stakeholder;
use crate::model::LinkageModel;
use crate::outcomes::series;
use crate::output::Header;
use crate::report::charts::{self, ChartOptions, LineBands, LineSeries, ReferenceLine, TimeAxis};
use crate::stats::{summarise_as, Summary};
use serde_json::{json, Value};

/// How an outcome is written.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Number,
    Share,
    Eur,
}

/// Headline outcomes: key, English and Dutch label, unit, whether lower is better.
const HEADLINE: &[(&str, &str, &str, Unit, bool)] = &[
    (
        "unresolved_debt_households",
        "Households with unresolved problematic debt (end)",
        "Huishoudens met onopgeloste problematische schulden (eind)",
        Unit::Number,
        true,
    ),
    (
        "escalations_per_1000",
        "Crises: escalations to heavier care per 1,000 households a year",
        "Crises: escalaties naar zwaardere zorg per 1.000 huishoudens per jaar",
        Unit::Number,
        true,
    ),
    (
        "intake_wait_mean_weeks",
        "Wait for a first talk with the team (weeks)",
        "Wachttijd voor een eerste gesprek met het team (weken)",
        Unit::Number,
        true,
    ),
    (
        "referral_wait_mean_weeks",
        "Wait for W&I / debt help (weeks)",
        "Wachttijd voor W&I / schuldhulp (weken)",
        Unit::Number,
        true,
    ),
    (
        "finance_detected_share",
        "Money problems the team spots",
        "Geldproblemen die het team ziet",
        Unit::Share,
        false,
    ),
    (
        "dropouts",
        "Drop-outs from team care (total)",
        "Uitval uit de teamzorg (totaal)",
        Unit::Number,
        true,
    ),
    (
        "staff_turnover",
        "Staff leavers per post a year",
        "Vertrekkers per formatieplaats per jaar",
        Unit::Number,
        true,
    ),
    (
        "mean_caseload",
        "Caseload per generalist",
        "Caseload per generalist",
        Unit::Number,
        true,
    ),
];

/// Series drawn over time: metric, English and Dutch title.
const CHARTS: &[(u8, &str, &str, &str)] = &[
    (
        series::WAITING_LIST,
        "waiting-list",
        "Team waiting list (households)",
        "Wachtlijst van het team (huishoudens)",
    ),
    (
        series::WI_QUEUE,
        "wi-queue",
        "Waiting for W&I / debt help (households)",
        "Wachtend op W&I / schuldhulp (huishoudens)",
    ),
    (
        series::VACANT_POSTS,
        "vacant-posts",
        "Vacant posts",
        "Vacatures",
    ),
];

fn pick(lang: Lang, en: &'static str, nl: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

fn fmt(x: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        // Zero is zero ("0", not "0.000"): an interval cut at zero reads cleanly.
        Unit::Number if x == 0.0 => "0".into(),
        Unit::Number => format::fmt_auto(x, lang),
        Unit::Share => format::fmt_percent(x, 1, lang),
        Unit::Eur => format::fmt_eur(x, lang),
    }
}

fn signed(x: f64, unit: Unit, lang: Lang) -> String {
    let s = fmt(x, unit, lang);
    if x > 0.0 && !s.starts_with('+') && s != "0" && s != format::MISSING {
        format!("+{s}")
    } else {
        s
    }
}

/// A JSON number, or null where JSON has none (NaN, infinities).
fn num(x: f64) -> Value {
    if x.is_finite() {
        json!(x)
    } else {
        Value::Null
    }
}

/// "[lo, hi]" when there is an interval (two or more replications).
fn interval(s: &Summary, unit: Unit, lang: Lang) -> String {
    if s.n < 2 || !s.lo.is_finite() || !s.hi.is_finite() {
        return String::new();
    }
    format::fmt_bounds(&fmt(s.lo, unit, lang), &fmt(s.hi, unit, lang), lang)
}

/// The interval of a quantity that cannot be negative (a count, a wait, a share): a
/// t-interval over few replications of a skewed outcome can reach below zero, which
/// reads as nonsense in a workshop ("−1 weeks"), so the shown bound stops at zero. The
/// JSON keeps the interval as computed.
fn interval_nonnegative(s: &Summary, unit: Unit, lang: Lang) -> String {
    let mut c = *s;
    c.lo = c.lo.max(0.0);
    interval(&c, unit, lang)
}

/// A difference of shares in percentage points ("+4.6 pp"), not a percentage, which
/// would read as a relative change.
fn points(x: f64, lang: Lang) -> String {
    let n = format::fmt_number_signed(x * 100.0, 1, lang);
    match lang {
        Lang::En => format!("{n}\u{a0}pp"),
        Lang::Nl => format!("{n}\u{a0}%-punt"),
    }
}

fn diff_text(x: f64, unit: Unit, lang: Lang) -> String {
    match unit {
        Unit::Share => points(x, lang),
        _ => signed(x, unit, lang),
    }
}

fn diff_interval(s: &Summary, unit: Unit, lang: Lang) -> String {
    if s.n < 2 || !s.lo.is_finite() || !s.hi.is_finite() {
        return String::new();
    }
    match unit {
        Unit::Share => format::fmt_bounds(&points(s.lo, lang), &points(s.hi, lang), lang),
        _ => interval(s, unit, lang),
    }
}

/// A model's name on the page.
pub fn model_name(m: LinkageModel) -> &'static str {
    m.name()
}

fn stakeholder(s: Stakeholder, lang: Lang) -> &'static str {
    match (s, lang) {
        (Stakeholder::Municipality, Lang::En) => "Municipality",
        (Stakeholder::HealthInsurer, Lang::En) => "Health insurers",
        (Stakeholder::CentralGovernment, Lang::En) => "Central government",
        (Stakeholder::Creditors, Lang::En) => "Creditors",
        (Stakeholder::Households, Lang::En) => "Households",
        (Stakeholder::Municipality, Lang::Nl) => "Gemeente",
        (Stakeholder::HealthInsurer, Lang::Nl) => "Zorgverzekeraars",
        (Stakeholder::CentralGovernment, Lang::Nl) => "Rijk",
        (Stakeholder::Creditors, Lang::Nl) => "Schuldeisers",
        (Stakeholder::Households, Lang::Nl) => "Huishoudens",
    }
}

/// What a job has so far, for the page (and the API's JSON).
pub fn progress_json(job: &Job, p: &Progress, lang: Lang) -> Value {
    let error = match &p.status {
        Status::Failed(e) => Value::String(e.clone()),
        _ => Value::Null,
    };
    json!({
        "job": job.id,
        "seq": p.seq,
        "status": p.status.name(),
        "error": error,
        "reps_done": p.reps_done,
        "reps_total": p.reps_total,
        "warmup": p.warmup,
        "warmup_keys": p.warmup_keys,
        "cached": p.cached,
        "lane": p.lane,
        "first_ms": p.first_ms,
        "final_ms": p.final_ms,
        "lang": lang.code(),
        "result": p.latest.as_deref().map(|c| comparison_json(c, lang)),
    })
}

/// The page's view of one comparison.
pub fn comparison_json(c: &Comparison, lang: Lang) -> Value {
    let results = &c.results;
    let reps = results.spec.replications;
    let kind = results.interval_kind();
    let reference = results.spec.reference;
    let stats = outcome_stats(results);
    let headline: Vec<Value> = HEADLINE
        .iter()
        .map(|&(key, en, nl, unit, lower_better)| {
            let models: Vec<Value> = results
                .spec
                .models
                .iter()
                .filter_map(|&m| {
                    let s = stats.iter().find(|s| s.model == m && s.outcome == key)?;
                    let diff = s.diff.map(|d| {
                        let reliable = d.n >= 2 && (d.lo > 0.0 || d.hi < 0.0);
                        let better = if lower_better {
                            d.mean < 0.0
                        } else {
                            d.mean > 0.0
                        };
                        json!({
                            "mean": num(d.mean),
                            "lo": num(d.lo),
                            "hi": num(d.hi),
                            "text": diff_text(d.mean, unit, lang),
                            "interval": diff_interval(&d, unit, lang),
                            "reliable": reliable,
                            "better": reliable && better,
                            "worse": reliable && !better,
                        })
                    });
                    Some(json!({
                        "model": m.name(),
                        "mean": num(s.own.mean),
                        "lo": num(s.own.lo),
                        "hi": num(s.own.hi),
                        "text": fmt(s.own.mean, unit, lang),
                        "interval": interval_nonnegative(&s.own, unit, lang),
                        "diff": diff,
                    }))
                })
                .collect();
            json!({
                "key": key,
                "label": pick(lang, en, nl),
                "lower_is_better": lower_better,
                "models": models,
            })
        })
        .collect();
    let interval_note = match (reps, lang) {
        (0..=1, Lang::En) => "One replication so far: no intervals yet.".to_string(),
        (0..=1, Lang::Nl) => "Nog één replicatie: nog geen intervallen.".to_string(),
        (n, Lang::En) => format!(
            "Mean [95% interval of the mean over {n} replications: simulation noise only]. Differences are paired with {} (same households, same life events).",
            crate::text::model(reference, lang)
        ),
        (n, Lang::Nl) => format!(
            "Gemiddelde [95%-interval van het gemiddelde over {n} replicaties: alleen simulatieruis]. Verschillen zijn gepaard met {} (dezelfde huishoudens, dezelfde gebeurtenissen).",
            crate::text::model(reference, lang)
        ),
    };
    let mkba = c.mkba.as_ref().map(|a| {
        let summaries = a.summaries();
        let models: Vec<Value> = summaries
            .iter()
            .map(|s| {
                json!({
                    "model": s.model.name(),
                    "reference": s.model == a.reference,
                    "npv": num(s.npv.mean),
                    "lo": num(s.npv.lo),
                    "hi": num(s.npv.hi),
                    "text": format::fmt_eur(s.npv.mean, lang),
                    "interval": interval(&s.npv, Unit::Eur, lang),
                    "probability_best": num(s.probability_best),
                    "probability_best_text": format::fmt_percent(s.probability_best, 0, lang),
                    "introduction": format::fmt_eur(s.introduction, lang),
                    "stakeholders": Stakeholder::ALL.iter().enumerate().map(|(i, &st)| json!({
                        "name": stakeholder(st, lang),
                        "npv": num(s.by_stakeholder[i].mean),
                        "text": format::fmt_eur(s.by_stakeholder[i].mean, lang),
                        "interval": interval(&s.by_stakeholder[i], Unit::Eur, lang),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let others: Vec<_> = summaries
            .iter()
            .filter(|s| s.model != a.reference)
            .collect();
        let mut categories = vec![pick(lang, "Society (NPV)", "Maatschappij (NCW)").to_string()];
        categories.extend(
            Stakeholder::ALL
                .iter()
                .map(|&s| stakeholder(s, lang).to_string()),
        );
        let values: Vec<Vec<f64>> = (0..categories.len())
            .map(|ci| {
                others
                    .iter()
                    .map(|s| {
                        if ci == 0 {
                            s.npv.mean
                        } else {
                            s.by_stakeholder[ci - 1].mean
                        }
                    })
                    .collect()
            })
            .collect();
        let title = match lang {
            Lang::En => format!(
                "Net present value against {} over {}, by stakeholder",
                crate::text::model(a.reference, lang),
                crate::text::years(a.years, lang)
            ),
            Lang::Nl => format!(
                "Netto contante waarde ten opzichte van {} over {}, per belanghebbende",
                crate::text::model(a.reference, lang),
                crate::text::years(a.years, lang)
            ),
        };
        let mut options = ChartOptions::new("stakeholders", &title, NumberFormat::eur(lang));
        options.show_title = false;
        let svg = charts::diverging_bars(&charts::DivergingBars {
            options,
            categories,
            groups: others
                .iter()
                .map(|s| crate::text::model(s.model, lang).to_string())
                .collect(),
            values,
            x_label: pick(
                lang,
                "euro (positive: better than the reference)",
                "euro (positief: beter dan de referentie)",
            )
            .into(),
            show_values: true,
        });
        json!({
            "reference": a.reference.name(),
            "years": a.years,
            "title": title,
            "models": models,
            "chart": svg,
        })
    });
    let charts: Vec<Value> = CHARTS
        .iter()
        .map(|&(metric, id, en, nl)| {
            let svg = line_chart(c, metric, id, pick(lang, en, nl), lang, kind);
            json!({"id": id, "title": pick(lang, en, nl), "svg": svg})
        })
        .collect();
    json!({
        "replications": reps,
        "reference": reference.name(),
        "models": results.spec.models.iter().map(|m| m.name()).collect::<Vec<_>>(),
        "interval_note": interval_note,
        "headline": headline,
        "mkba": mkba,
        "charts": charts,
        "recommendation": c.recommendation.as_ref().map(|r| r.render(lang)),
    })
}

/// One metric over time per model: the mean over replications in a band of its
/// interval.
fn line_chart(
    c: &Comparison,
    metric: u8,
    id: &str,
    title: &str,
    lang: Lang,
    kind: crate::stats::IntervalKind,
) -> String {
    let results = &c.results;
    let weeks = results
        .runs
        .iter()
        .map(|r| r.horizon_weeks as usize)
        .max()
        .unwrap_or(0);
    let series: Vec<LineSeries> = results
        .spec
        .models
        .iter()
        .map(|&m| {
            let mut by_week: Vec<Vec<f64>> = vec![Vec::new(); weeks];
            for r in results.of(m) {
                for p in r.series.iter().filter(|p| p.metric == metric) {
                    if let Some(v) = by_week.get_mut(p.week as usize) {
                        v.push(p.value);
                    }
                }
            }
            let sums: Vec<Summary> = by_week.iter().map(|xs| summarise_as(xs, kind)).collect();
            let band = results.spec.replications >= 2;
            LineSeries {
                name: m.name().to_string(),
                mean: sums.iter().map(|s| s.mean).collect(),
                // Counts of households and posts: the band stops at zero (see
                // `interval_nonnegative`).
                lower: if band {
                    sums.iter().map(|s| s.lo.max(0.0)).collect()
                } else {
                    Vec::new()
                },
                upper: if band {
                    sums.iter().map(|s| s.hi).collect()
                } else {
                    Vec::new()
                },
            }
        })
        .collect();
    let mut options = ChartOptions::new(id, title, NumberFormat::number(lang, 0));
    options.show_title = false;
    // Narrower than the default 720 units: the chart fills half the page, so its
    // text comes out larger on a projector.
    options.width = 520.0;
    charts::line_bands(&LineBands {
        options,
        series,
        first_week: 0.0,
        time_axis: TimeAxis::Years {
            weeks_per_year: 52.0,
        },
        x_label: pick(lang, "years after the switch", "jaren na de overstap").into(),
        y_label: String::new(),
        band_label: pick(lang, "95% interval", "95%-interval").into(),
        reference: None::<ReferenceLine>,
        y_include_zero: true,
    })
}

/// Why the report of a what-if could not be made (a bug: the files are the server's own).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// A file of the run could not be formatted.
    #[error(transparent)]
    File(#[from] crate::export::FileError),
    /// The report builder refused the files.
    #[error(transparent)]
    Report(#[from] crate::report::ReportError),
}

/// The HTML report of a job's final answer: the files `compare` would write for this
/// what-if, in memory, through the report builder that `compare` uses, so that it is
/// the report of `wijksim compare SCENARIO --set ...` with the same changes. Its
/// header says how to repeat the run on the command line.
pub fn report(job: &Job, c: &Comparison, lang: Lang) -> Result<Vec<u8>, ReportError> {
    let s = &job.scenario;
    let mut command_line = vec!["wijksim".to_string(), "compare".to_string()];
    if s.origin != crate::scenario::EMBEDDED_NAME {
        command_line.push(s.origin.clone());
    }
    for o in &job.overrides {
        // `legal.mode=embedded` reads better than the quoted TOML string the server
        // passes on, and `--set` takes a bare word for a choice all the same.
        let bare = o
            .value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .filter(|v| {
                !v.is_empty()
                    && v.chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
                    && v.parse::<f64>().is_err()
                    && *v != "true"
                    && *v != "false"
            });
        command_line.push("--set".into());
        command_line.push(format!("{}={}", o.key, bare.unwrap_or(&o.value)));
    }
    let mut extras = std::collections::BTreeMap::new();
    extras.insert("scenario".to_string(), s.name().to_string());
    extras.insert("input".to_string(), s.origin.clone());
    extras.insert(
        "made_by".to_string(),
        "wijksim serve (workshop what-if)".to_string(),
    );
    let header = Header {
        program_version: env!("CARGO_PKG_VERSION").to_string(),
        command_line,
        input_sha256: s.source_hash.clone(),
        seed: c.spec.seed,
        extras,
    };
    let files = crate::export::run_files(c, s)?;
    let mut run = crate::report::RunFiles::new(&header);
    for (name, bytes) in &files {
        run.insert(name, bytes);
    }
    Ok(crate::report::build(&run, lang)?)
}
