//! The answer on one screen: the recommendation in plain words, the chance
//! that each model is best, the headline numbers as dots with 50% and 95%
//! ranges against the reference, and what could change the choice.

use maud::{html, Markup};

use super::{decimals_for, figure, model_label, series_of, Ctx, Section, HALF, WIDE};
use crate::format::NumberFormat;
use crate::model::LinkageModel;
use crate::report::charts::{dot_intervals, DotIntervals, IntervalRow, ReferenceLine};
use crate::report::derived::{differences, range, Range};
use crate::report::i18n::{self, T};

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let rec = cx.data.recommendation.as_ref();
    let best = best_words(cx);
    let body = html! {
        div.decision {
            p.headline { (headline(cx)) }
            @if !best.is_empty() { p.best { (best.join(" ")) } }
            @if let Some(m) = measure_summary(cx) { (m) }
        }
        @if !cx.paired {
            p.note { (cx.t(T::LevelsNote)) }
        }
        // How to read the dots comes first, once, instead of a legend in
        // every small chart.
        p.note {
            (cx.f(T::DotsExplained, &[("n", &cx.count(cx.n as u64)), ("reference", cx.reference())]))
            // The decision box says what the futures are when it has the
            // chance of being best; otherwise it is said here.
            @if best.is_empty() { " " (futures_kind(cx)) }
            @if cx.paired { " " (cx.t(T::DirectionNote)) }
        }
        div.grid {
            @for chart in headline_charts(cx) { (chart) "\n" }
        }
        @if let Some(npv) = npv_chart(cx) { (npv) }
        @if let Some(r) = rec {
            h3 { (cx.t(T::ChangesHeading)) }
            (changes(cx, r))
        }
        h3 { (cx.t(T::ModelsHeading)) }
        (models_table(cx))
        @if let Some(r) = rec {
            h3 { (cx.t(T::RecommendationInFull)) }
            p.fulltext {
                (match cx.lang { crate::format::Lang::En => &r.text.en, crate::format::Lang::Nl => &r.text.nl })
            }
        }
    };
    Some(Section {
        id: "answer",
        title: cx.t(T::SecAnswer).to_string(),
        body,
    })
}

/// The decision in one sentence, from the rule in `recommendation.json`.
fn headline(cx: &Ctx<'_>) -> String {
    let reference = cx.reference();
    let Some(r) = &cx.data.recommendation else {
        return cx.f(T::RuleNone, &[("reference", reference)]);
    };
    let d = &r.decision;
    match d.rule.as_str() {
        "pilot" => cx.f(
            T::RulePilot,
            &[("model", d.model.as_deref().unwrap_or("?"))],
        ),
        "tied" => {
            let names: Vec<String> = d.models.clone();
            cx.f(
                T::RuleTied,
                &[("models", &cx.join(&names)), ("reference", reference)],
            )
        }
        "keep_reference" => cx.f(T::RuleKeep, &[("reference", reference)]),
        "none_better" => cx.f(T::RuleNoneBetter, &[("reference", reference)]),
        _ => cx.t(T::RuleWithinNoise).to_string(),
    }
}

/// "In 8 of 10 simulated futures partial comes out best", per model that
/// ever is, most often first; then the models that never are.
fn best_words(cx: &Ctx<'_>) -> Vec<String> {
    let Some(mkba) = &cx.data.mkba else {
        return Vec::new();
    };
    if mkba.models.len() < 2 {
        return Vec::new();
    }
    let n = cx
        .money
        .and_then(|m| m.npv.first())
        .map_or(cx.n, |(_, v)| v.len());
    let mut by: Vec<(LinkageModel, f64)> = mkba
        .models
        .iter()
        .map(|m| (m.model, m.probability_best))
        .collect();
    // Most often best first; the sort is stable, so ties keep report order.
    by.sort_by(|a, b| b.1.total_cmp(&a.1));
    let mut out = Vec::new();
    let mut never = Vec::new();
    for (m, p) in by {
        let k = p * n as f64;
        if !(k > 0.0) {
            never.push(m.name().to_string());
            continue;
        }
        let whole = (k - k.round()).abs() < 1e-6;
        let key = if whole {
            T::BestInKofN
        } else {
            T::BestInAboutKofN
        };
        out.push(cx.f(
            key,
            &[
                ("k", &cx.num(k.round(), 0)),
                ("n", &cx.count(n as u64)),
                ("model", m.name()),
            ],
        ));
    }
    if !never.is_empty() {
        out.push(cx.f(T::NeverBest, &[("models", &cx.join(&never))]));
    }
    out.push(futures_kind(cx));
    out
}

/// What the simulated futures have in common, and what the intervals hold.
fn futures_kind(cx: &Ctx<'_>) -> String {
    let psa = cx
        .data
        .recommendation
        .as_ref()
        .map(|r| r.intervals.with_parameters())
        .unwrap_or(cx.data.psa.is_some());
    if psa {
        format!("{} {}", cx.t(T::FuturesPsa), cx.t(T::IntervalsPsa))
    } else {
        format!("{} {}", cx.t(T::FuturesNoise), cx.t(T::IntervalsNoise))
    }
}

/// The first thing a pilot should measure, in the decision box.
fn measure_summary(cx: &Ctx<'_>) -> Option<Markup> {
    let r = cx.data.recommendation.as_ref()?;
    let first = r.what_the_pilot_should_measure.first()?;
    Some(html! {
        p.best {
            strong { (cx.t(T::MeasureHeading)) ": " }
            (measure_text(cx, first))
        }
    })
}

fn end_word(cx: &Ctx<'_>, end: &str) -> &'static str {
    if end == "high" {
        cx.t(T::EndHigh)
    } else {
        cx.t(T::EndLow)
    }
}

/// A parameter as the reader sees it: its short name with the key.
pub(super) fn param_markup(cx: &Ctx<'_>, key: &str) -> Markup {
    match i18n::parameter(key, cx.lang) {
        Some(name) => html! { (name) " " span.key { "(" code { (key) } ")" } },
        None => html! { code { (key) } },
    }
}

fn measure_text(cx: &Ctx<'_>, m: &crate::report::data::Measure) -> Markup {
    let name = cx.param(&m.parameter);
    let lead = if m.evppi_eur > 0.0 {
        cx.f(
            T::MeasureItem,
            &[("parameter", &name), ("value", &cx.eur(m.evppi_eur))],
        )
    } else {
        cx.f(T::MeasureMarginItem, &[("parameter", &name)])
    };
    let switch = m.switch.as_ref().map(|s| {
        cx.f(
            T::MeasureSwitch,
            &[
                ("at", &crate::format::fmt_auto(s.at, cx.lang)),
                ("below", &s.best_below),
                ("above", &s.best_above),
            ],
        )
    });
    html! {
        (lead) " "
        @if let Some(s) = switch { (s) " " }
        span.key { "(" code { (m.parameter) } ")" }
    }
}

/// Flips, or else what narrows the lead most; then what to measure.
fn changes(cx: &Ctx<'_>, r: &crate::report::data::RecommendationData) -> Markup {
    let varied = match r.varied_one_at_a_time.as_str() {
        "prices_and_behaviour" => Some(T::VariedBoth),
        "prices" => Some(T::VariedPrices),
        _ => None,
    };
    let any = !r.changes_the_choice.is_empty() || varied.is_some();
    html! {
        @if any { ul.changes {
            @for f in &r.changes_the_choice {
                li {
                    (cx.f(T::FlipItem, &[
                        ("parameter", &cx.param(&f.parameter)),
                        ("end", end_word(cx, &f.end)),
                        ("model", &f.best_then),
                    ]))
                    " " span.key { "(" code { (f.parameter) } ")" }
                }
            }
            @if r.changes_the_choice.is_empty() && varied.is_some() {
                li { (cx.t(T::NoFlip)) }
                @for n in &r.narrows_the_margin_most {
                    li {
                        (cx.f(T::NarrowItem, &[
                            ("parameter", &cx.param(&n.parameter)),
                            ("end", end_word(cx, &n.end)),
                        ]))
                        " " span.key { "(" code { (n.parameter) } ")" }
                    }
                }
            }
        } }
        @if let Some(v) = varied { p.note { (cx.t(v)) } }
        @if !r.what_the_pilot_should_measure.is_empty() {
            h4 { (cx.t(T::MeasureHeading)) }
            ol {
                @for m in &r.what_the_pilot_should_measure { li { (measure_text(cx, m)) } }
            }
        } @else if cx.data.psa.is_none() {
            p.note { (cx.t(T::MeasureNeedsPsa)) }
        }
    }
}

fn models_table(cx: &Ctx<'_>) -> Markup {
    let rows = [
        (LinkageModel::Broad, T::ModelBroad),
        (LinkageModel::Partial, T::ModelPartial),
        (LinkageModel::Separate, T::ModelSeparate),
    ];
    html! {
        table.models {
            tbody {
                @for (m, t) in rows {
                    tr {
                        th scope="row" { (model_label(cx, m)) }
                        td { (cx.t(t)) }
                    }
                }
            }
        }
    }
}

/// One small forest plot per headline outcome.
fn headline_charts(cx: &Ctx<'_>) -> Vec<Markup> {
    let mut out = Vec::new();
    for &(key, _, _) in i18n::OUTCOMES {
        if let Some(chart) = outcome_chart(cx, key) {
            out.push(chart);
        }
    }
    out
}

/// The values per model: paired differences from the reference, or levels.
fn outcome_chart(cx: &Ctx<'_>, key: &str) -> Option<Markup> {
    let o = &cx.data.outcomes;
    let reference = cx.data.reference;
    let mut rows = Vec::new();
    let mut extent = 0.0_f64;
    for &m in &cx.compared {
        let values = o.get(m, key)?;
        let r = if cx.paired {
            let base = o.get(reference, key)?;
            if o.replications(m) != o.replications(reference) {
                return None;
            }
            range(&differences(values, base))
        } else {
            range(values)
        };
        extent = extent.max(r.p025.abs()).max(r.p975.abs()).max(r.mean.abs());
        rows.push((m, r));
    }
    let d = decimals_for(extent);
    let title = i18n::outcome(key, cx.lang);
    let reference_line = if cx.paired {
        let level = range(o.get(reference, key)?).mean;
        Some(ReferenceLine {
            value: 0.0,
            label: cx.f(
                T::ReferenceAt,
                &[
                    ("reference", reference.name()),
                    ("value", &cx.num(level, decimals_for(level))),
                ],
            ),
        })
    } else {
        None
    };
    let rows = rows
        .into_iter()
        .map(|(m, r)| row(m, &r, annotate(cx, &r, d)))
        .collect();
    let chart = DotIntervals {
        options: cx.chart(
            &format!("answer-{key}"),
            &title,
            NumberFormat::number(cx.lang, d),
            HALF,
        ),
        rows,
        x_label: x_label(cx),
        series_names: Vec::new(),
        inner_label: String::new(),
        outer_label: String::new(),
        reference: reference_line,
    };
    Some(figure(&title, dot_intervals(&chart)))
}

fn npv_chart(cx: &Ctx<'_>) -> Option<Markup> {
    let money = cx.money?;
    if !cx.paired {
        return None;
    }
    let rows: Vec<IntervalRow> = cx
        .compared
        .iter()
        .filter_map(|&m| {
            let r = range(money.npv_of(m)?);
            let ann = format!("{} {}", cx.eur_signed(r.mean), cx.eur_range(r.p025, r.p975));
            Some(row(m, &r, ann))
        })
        .collect();
    if rows.is_empty() {
        return None;
    }
    let title = cx.f(T::HeadlineNpv, &[("reference", cx.reference())]);
    let chart = DotIntervals {
        options: cx.chart("answer-npv", &title, NumberFormat::eur(cx.lang), WIDE),
        rows,
        x_label: x_label(cx),
        series_names: Vec::new(),
        inner_label: cx.t(T::Middle50).to_string(),
        outer_label: cx.t(T::Middle95).to_string(),
        reference: Some(ReferenceLine {
            value: 0.0,
            label: cx.reference().to_string(),
        }),
    };
    Some(figure(&title, dot_intervals(&chart)))
}

fn x_label(cx: &Ctx<'_>) -> String {
    if cx.paired {
        cx.f(T::DiffFromReference, &[("reference", cx.reference())])
    } else {
        cx.t(T::Level).to_string()
    }
}

fn annotate(cx: &Ctx<'_>, r: &Range, d: usize) -> String {
    let mean = if cx.paired {
        cx.num_signed(r.mean, d)
    } else {
        cx.num(r.mean, d)
    };
    format!("{mean} {}", cx.range(r.p025, r.p975, d))
}

fn row(m: LinkageModel, r: &Range, annotation: String) -> IntervalRow {
    IntervalRow {
        label: m.name().to_string(),
        heading: String::new(),
        series: series_of(m),
        mean: r.mean,
        inner_low: r.p25,
        inner_high: r.p75,
        outer_low: r.p025,
        outer_high: r.p975,
        annotation,
    }
}
