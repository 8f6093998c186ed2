//! The answer on one screen: the recommendation in plain words, the chance
//! that each model is best, the headline numbers as dots with 50% and 95%
//! ranges against the reference, and what could change the choice.

use maud::{html, Markup};

use super::{decimals_for, figure, model_label, series_of, Ctx, Section, HALF};
use crate::format::NumberFormat;
use crate::model::LinkageModel;
use crate::report::charts::{dot_intervals, DotIntervals, IntervalRow, ReferenceLine};
use crate::report::derived::{differences, range, Range};
use crate::report::i18n::{self, T};

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let rec = cx.data.recommendation.as_ref();
    let best = best_words(cx);
    let heads = headlines(cx);
    let body = html! {
        div.decision {
            p.headline { (headline(cx)) }
            @if !best.is_empty() { p.best { (best.join(" ")) } }
            @if let Some(p) = rec.and_then(|r| r.best_package.as_ref()) {
                p.best {
                    (cx.f(T::BestPackageLine, &[
                        ("n", &cx.count(p.packages_compared as u64)),
                        ("package", &p.package),
                        ("what", &if p.description.is_empty() { crate::text::model_key(&p.model, cx.lang) } else { p.description.clone() }),
                        ("npv", &cx.eur(p.npv_eur.mean)),
                        ("reference", cx.reference()),
                        ("share", &crate::format::fmt_share(p.probability_best, cx.lang)),
                    ]))
                }
            }
            @if let Some(m) = measure_summary(cx) { (m) }
        }
        @if !cx.paired {
            p.note { (cx.t(T::LevelsNote)) }
        }
        // How to read the dots comes first, once, instead of a legend in
        // every small chart.
        p.note {
            @if cx.ranges() {
                (cx.f(T::DotsExplained, &[("n", &cx.count(cx.n as u64))]))
            } @else {
                (cx.t(T::DotsExplainedOne))
            }
            @if cx.paired { " " (cx.f(T::DashedLine, &[("reference", cx.reference())])) }
            // The decision box says what the futures are when it has the
            // chance of being best; otherwise it is said here.
            @if best.is_empty() { " " (futures_kind(cx)) }
            @if cx.paired { " " (cx.t(T::DirectionNote)) }
        }
        div.grid {
            @for h in heads.iter().filter(|h| h.key != "npv") { (headline_chart(cx, h)) "\n" }
        }
        @for h in heads.iter().filter(|h| h.key == "npv") { (headline_chart(cx, h)) }
        (headline_table(cx, &heads))
        @if let Some(r) = rec {
            h3 { (cx.t(T::ChangesHeading)) }
            (changes(cx, r))
        }
        h3 { (cx.t(T::ModelsHeading)) }
        (cx.models_table(|_| true, cx.data.reference))
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

/// The decision in one sentence, from the rule in `recommendation.json`,
/// starting with a capital even when it starts with a model's name.
fn headline(cx: &Ctx<'_>) -> String {
    crate::text::capitalise(&decision(cx))
}

fn decision(cx: &Ctx<'_>) -> String {
    let reference = cx.reference();
    let Some(r) = &cx.data.recommendation else {
        return cx.f(T::RuleNone, &[("reference", reference)]);
    };
    let d = &r.decision;
    match d.rule.as_str() {
        "pilot" => cx.f(
            T::RulePilot,
            &[(
                "model",
                &crate::text::model_key(d.model.as_deref().unwrap_or("?"), cx.lang),
            )],
        ),
        "tied" => {
            let names: Vec<String> = d
                .models
                .iter()
                .map(|m| crate::text::model_key(m, cx.lang))
                .collect();
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
        if n == 1 && p >= 1.0 {
            out.push(cx.f(T::BestInOne, &[("model", cx.model(m))]));
            continue;
        }
        let k = p * n as f64;
        // NaN counts as never.
        if k.is_nan() || k <= 0.0 {
            never.push(cx.model(m).to_string());
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
                ("model", cx.model(m)),
            ],
        ));
    }
    if !never.is_empty() {
        out.push(cx.f(T::NeverBest, &[("models", &cx.join(&never))]));
    }
    // With one future there is nothing to say about what the futures share.
    if cx.ranges() {
        out.push(futures_kind(cx));
    }
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
                ("below", &crate::text::model_key(&s.best_below, cx.lang)),
                ("above", &crate::text::model_key(&s.best_above, cx.lang)),
            ],
        )
    });
    html! {
        (lead)
        @if let Some(s) = switch { " " (s) }
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
                        ("model", &crate::text::model_key(&f.best_then, cx.lang)),
                    ]))
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

/// Width of the NPV chart: wider than the page's other wide charts, so that
/// its euro annotations fit beside it.
const NPV_WIDTH: f64 = 960.0;

/// One headline number: per model its values against the reference (or its
/// level without one).
struct Headline {
    /// The outcome key, or `npv`.
    key: &'static str,
    /// Its name.
    title: String,
    /// The reference's own mean, when shown against it.
    reference_level: Option<f64>,
    /// Per model, the range of its (difference) values over the futures.
    rows: Vec<(LinkageModel, Range)>,
    /// How its numbers are written.
    unit: Unit,
}

#[derive(Clone, Copy)]
enum Unit {
    /// A number with this many decimals.
    Number(usize),
    /// Euros.
    Eur,
}

impl Headline {
    fn mean(&self, cx: &Ctx<'_>, x: f64, signed: bool) -> String {
        match (self.unit, signed) {
            (Unit::Number(d), true) => cx.num_signed(x, d),
            (Unit::Number(d), false) => cx.num(x, d),
            (Unit::Eur, true) => cx.eur_signed(x),
            (Unit::Eur, false) => cx.eur(x),
        }
    }

    /// The mean difference with its 95% interval of the mean, in one unit.
    fn of_mean(&self, cx: &Ctx<'_>, r: &Range) -> String {
        match self.unit {
            Unit::Number(d) => format!(
                "{} {}",
                cx.num_signed(r.mean, d),
                cx.range(r.mean_lo, r.mean_hi, d)
            ),
            Unit::Eur => crate::text::eur_interval(r.mean, r.mean_lo, r.mean_hi, cx.lang),
        }
    }

    /// The middle 95% of the futures, in the unit of [`Self::of_mean`] above it.
    fn futures(&self, cx: &Ctx<'_>, r: &Range) -> String {
        match self.unit {
            Unit::Number(d) => cx.range(r.p025, r.p975, d),
            Unit::Eur => crate::text::eur_bounds_like(
                (r.mean, r.mean_lo, r.mean_hi),
                r.p025,
                r.p975,
                cx.lang,
            ),
        }
    }

    fn range(&self, cx: &Ctx<'_>, r: &Range) -> String {
        match self.unit {
            Unit::Number(d) => cx.range(r.p025, r.p975, d),
            Unit::Eur => cx.eur_range(r.p025, r.p975),
        }
    }

    /// The short text beside a dot: compact euros, and only the mean when
    /// the range would not fit the chart's annotation column (the table
    /// below the charts has every number).
    fn annotation(&self, cx: &Ctx<'_>, r: &Range, width: f64) -> String {
        let signed = cx.paired;
        if !cx.ranges() {
            return self.mean(cx, r.mean, signed);
        }
        let text = match self.unit {
            Unit::Number(_) => format!("{} {}", self.mean(cx, r.mean, signed), self.range(cx, r)),
            Unit::Eur => {
                let c = |x| crate::format::fmt_eur_compact(three_figures(x), cx.lang);
                let mean = if signed && r.mean > 0.0 {
                    format!("+{}", c(r.mean))
                } else {
                    c(r.mean)
                };
                format!(
                    "{mean} {}",
                    crate::format::fmt_bounds(&c(r.p025), &c(r.p975), cx.lang)
                )
            }
        };
        // The forest plot gives annotations at most 0.28 of its width, at
        // its 12-unit tick size.
        if crate::report::charts::text_width(&text, 12.0) <= 0.28 * width {
            text
        } else {
            self.mean(cx, r.mean, signed)
        }
    }
}

/// `x` rounded to three significant figures (`974,510 → 975,000`), so a
/// compact euro amount reads `€975k`, not `€974.51k`.
fn three_figures(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    // Powers of ten by repeated multiplication, not a logarithm, whose last
    // bit may differ between platforms.
    let mut f = 1.0;
    while x.abs() / f >= 1000.0 {
        f *= 10.0;
    }
    while x.abs() / f < 100.0 && f > 1e-6 {
        f /= 10.0;
    }
    (x / f).round() * f
}

/// The headline numbers: the outcomes, then the NPV.
fn headlines(cx: &Ctx<'_>) -> Vec<Headline> {
    let o = &cx.data.outcomes;
    let reference = cx.data.reference;
    let mut out = Vec::new();
    for &(key, _, _) in i18n::OUTCOMES {
        let mut rows = Vec::new();
        for &m in &cx.compared {
            let Some(values) = o.get(m, key) else {
                continue;
            };
            let r = if cx.paired {
                match o.get(reference, key) {
                    Some(base) if o.replications(m) == o.replications(reference) => {
                        range(&differences(values, base))
                    }
                    _ => continue,
                }
            } else {
                range(values)
            };
            rows.push((m, r));
        }
        if rows.is_empty() {
            continue;
        }
        let extent = rows
            .iter()
            .map(|(_, r)| r.p025.abs().max(r.p975.abs()).max(r.mean.abs()))
            .fold(0.0, f64::max);
        out.push(Headline {
            key,
            title: i18n::outcome(key, cx.lang),
            reference_level: if cx.paired {
                o.get(reference, key).map(|v| range(v).mean)
            } else {
                None
            },
            rows,
            unit: Unit::Number(decimals_for(extent)),
        });
    }
    if let (Some(money), true) = (cx.money, cx.paired) {
        let rows: Vec<_> = cx
            .compared
            .iter()
            .filter_map(|&m| Some((m, range(money.npv_of(m)?))))
            .collect();
        if !rows.is_empty() {
            out.push(Headline {
                key: "npv",
                title: cx.f(T::HeadlineNpv, &[("reference", cx.reference())]),
                reference_level: None,
                rows,
                unit: Unit::Eur,
            });
        }
    }
    out
}

/// A forest plot of one headline number.
fn headline_chart(cx: &Ctx<'_>, h: &Headline) -> Markup {
    let npv = h.key == "npv";
    let width = if npv { NPV_WIDTH } else { HALF };
    let format = match h.unit {
        Unit::Number(d) => NumberFormat::number(cx.lang, d),
        Unit::Eur => NumberFormat::eur(cx.lang),
    };
    let reference = cx.paired.then(|| ReferenceLine {
        value: 0.0,
        label: match h.reference_level {
            Some(level) => cx.f(
                T::ReferenceAt,
                &[
                    ("reference", cx.reference()),
                    ("value", &cx.num(level, decimals_for(level))),
                ],
            ),
            None => cx.reference().to_string(),
        },
    });
    let (inner, outer) = if npv && cx.ranges() {
        (cx.t(T::Middle50).to_string(), cx.t(T::Middle95).to_string())
    } else {
        // The small charts share the explanation above them.
        (String::new(), String::new())
    };
    let chart = DotIntervals {
        options: cx.chart(&format!("answer-{}", h.key), &h.title, format, width),
        rows: h
            .rows
            .iter()
            .map(|(m, r)| row(cx, *m, r, h.annotation(cx, r, width)))
            .collect(),
        x_label: x_label(cx),
        series_names: Vec::new(),
        inner_label: inner,
        outer_label: outer,
        reference,
    };
    figure(&h.title, dot_intervals(&chart))
}

/// Every headline number in a table, for reading off and citing.
fn headline_table(cx: &Ctx<'_>, hs: &[Headline]) -> Markup {
    html! {
        @if cx.paired && cx.ranges() { p.note { (cx.t(T::TwoIntervals)) } }
        table.numbers {
            thead {
                tr {
                    th { (cx.t(T::Outcome)) }
                    @if cx.paired { th.num { (model_label(cx, cx.data.reference)) } }
                    @for m in &cx.compared {
                        th.num {
                            (cx.model(m))
                            @if cx.paired {
                                span.range { (cx.f(T::DiffFromReference, &[("reference", cx.reference())])) }
                            }
                        }
                    }
                }
            }
            tbody {
                @for h in hs {
                    tr {
                        td { (h.title) }
                        @if cx.paired {
                            td.num {
                                @match (h.reference_level, h.unit) {
                                    (Some(level), _) => (cx.num(level, decimals_for(level))),
                                    (None, Unit::Eur) => (cx.eur(0.0)),
                                    (None, _) => "–",
                                }
                            }
                        }
                        @for m in &cx.compared {
                            td.num {
                                @if let Some((_, r)) = h.rows.iter().find(|(x, _)| x == m) {
                                    @if cx.paired && cx.ranges() {
                                        (h.of_mean(cx, r))
                                        span.range { (cx.t(T::FuturesShort)) " " (h.futures(cx, r)) }
                                    } @else {
                                        (h.mean(cx, r.mean, cx.paired))
                                        @if cx.ranges() { span.range { (h.range(cx, r)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn x_label(cx: &Ctx<'_>) -> String {
    if cx.paired {
        cx.f(T::DiffFromReference, &[("reference", cx.reference())])
    } else {
        cx.t(T::Level).to_string()
    }
}

fn row(cx: &Ctx<'_>, m: LinkageModel, r: &Range, annotation: String) -> IntervalRow {
    IntervalRow {
        label: cx.model(m).to_string(),
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

#[cfg(test)]
mod tests {
    use super::three_figures;

    #[test]
    fn three_significant_figures() {
        assert_eq!(three_figures(974_510.0), 975_000.0);
        assert_eq!(three_figures(-4_226_301.9), -4_230_000.0);
        assert_eq!(three_figures(1_150_000.0), 1_150_000.0);
        assert_eq!(three_figures(76_245.0), 76_200.0);
        assert_eq!(three_figures(12.0), 12.0);
        assert_eq!(three_figures(0.0), 0.0);
    }
}
