//! Who pays and who gains: each stakeholder's net present value, the
//! breakdown by cost category as a waterfall per model, the summary measures
//! and the year a model breaks even.

use maud::{html, Markup};

use super::{figure, model_label, Ctx, Section, WIDE};
use crate::format::{fmt_percent, NumberFormat};
use crate::model::LinkageModel;
use crate::report::charts::{
    diverging_bars, line_bands, waterfall, DivergingBars, LineBands, LineSeries, ReferenceLine,
    TimeAxis, Waterfall, WaterfallStep,
};
use crate::report::data::MkbaModel;
use crate::report::derived::range;
use crate::report::i18n::{self, T};

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let mkba = cx.data.mkba.as_ref()?;
    if !cx.paired {
        return None;
    }
    let compared: Vec<&MkbaModel> = cx.compared.iter().filter_map(|&m| mkba.of(m)).collect();
    if compared.is_empty() {
        return None;
    }
    let years = years(cx);
    let rate = cx
        .data
        .scenario
        .number("mkba.discount_rate")
        .unwrap_or(f64::NAN);
    let body = html! {
        p {
            (cx.f(T::MoneyIntro, &[
                ("years", &cx.count(years)),
                ("reference", cx.reference()),
                ("rate", &percent(rate, cx)),
            ]))
        }
        (stakeholders(cx, &compared))
        (summary_table(cx))
        (horizons_table(cx))
        (packages_table(cx))
        @for m in &compared { (waterfall_of(cx, m, &compared)) }
        ul {
            @for m in &compared { li { (break_even(cx, m, years)) } }
        }
        @if let Some(chart) = cumulative(cx) { (chart) }
    };
    Some(Section {
        id: "money",
        title: cx.t(T::SecMoney).to_string(),
        body,
    })
}

/// Years appraised: the recommendation's, else those in `mkba.csv`.
fn years(cx: &Ctx<'_>) -> u64 {
    if let Some(r) = &cx.data.recommendation {
        return u64::from(r.years);
    }
    cx.money
        .and_then(|m| m.cumulative.first())
        .map_or(0, |(_, y)| y.len() as u64)
}

/// A rate as a percentage with no more decimals than it has.
fn percent(rate: f64, cx: &Ctx<'_>) -> String {
    let p = rate * 100.0;
    let d = (0..=3)
        .find(|&d| {
            let s = 10f64.powi(d as i32);
            ((p * s).round() - p * s).abs() < 1e-9
        })
        .unwrap_or(2);
    fmt_percent(rate, d, cx.lang)
}

/// A mean with the ends of its 95% range.
type Triple = (f64, f64, f64);

/// Each stakeholder's NPV per model: (stakeholder, [(mean, low, high)] per
/// compared model), from the replications where `mkba.csv` is there.
fn stakeholder_values(cx: &Ctx<'_>, compared: &[&MkbaModel]) -> Vec<(String, Vec<Triple>)> {
    let Some(first) = compared.first() else {
        return Vec::new();
    };
    first
        .stakeholders
        .iter()
        .map(|(who, _)| {
            let values = compared
                .iter()
                .map(|m| {
                    let per_rep = cx.money.and_then(|money| {
                        money
                            .stakeholders
                            .iter()
                            .find(|(x, _)| *x == m.model)
                            .and_then(|(_, s)| s.iter().find(|(w, _)| w == who))
                            .map(|(_, v)| range(v))
                    });
                    match per_rep {
                        Some(r) => (r.mean, r.p025, r.p975),
                        None => m
                            .stakeholders
                            .iter()
                            .find(|(w, _)| w == who)
                            .map_or((f64::NAN, f64::NAN, f64::NAN), |(_, e)| {
                                (e.mean, e.lo, e.hi)
                            }),
                    }
                })
                .collect();
            (who.clone(), values)
        })
        .collect()
}

fn stakeholders(cx: &Ctx<'_>, compared: &[&MkbaModel]) -> Markup {
    let values = stakeholder_values(cx, compared);
    let title = cx.f(T::StakeholderChart, &[("reference", cx.reference())]);
    let chart = DivergingBars {
        options: cx.chart(
            "money-stakeholders",
            &title,
            NumberFormat::eur(cx.lang),
            WIDE,
        ),
        categories: values
            .iter()
            .map(|(w, _)| i18n::stakeholder(w, cx.lang))
            .collect(),
        groups: compared
            .iter()
            .map(|m| cx.model(m.model).to_string())
            .collect(),
        values: values
            .iter()
            .map(|(_, v)| v.iter().map(|x| x.0).collect())
            .collect(),
        x_label: cx.f(T::EurosAgainstReference, &[("reference", cx.reference())]),
        show_values: true,
    };
    html! {
        (figure(&title, diverging_bars(&chart)))
        table {
            thead {
                tr {
                    th { (cx.t(T::Stakeholder)) }
                    @for m in compared { th.num { (cx.model(m.model)) } }
                }
            }
            tbody {
                @for (who, v) in &values {
                    tr {
                        td { (i18n::stakeholder(who, cx.lang)) }
                        @for (mean, lo, hi) in v {
                            td.num {
                                (cx.eur(*mean))
                                @if cx.ranges() { span.range { (cx.eur_range(*lo, *hi)) } }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Society's NPV per model at each horizon of `mkba.horizons_years`, from the same
/// run, with the break-even year; an extrapolated horizon is marked.
fn horizons_table(cx: &Ctx<'_>) -> Markup {
    let Some(horizons) = cx.data.horizons.as_ref().filter(|h| h.len() > 1) else {
        return html! {};
    };
    let Some(mkba) = &cx.data.mkba else {
        return html! {};
    };
    let simulated = cx
        .data
        .scenario
        .number("run.horizon_weeks")
        .map_or(0, |w| (w / 52.0).floor() as u64);
    let any_extrapolated = horizons.iter().any(|h| h.extrapolated);
    html! {
        p { (cx.t(T::HorizonsIntro)) }
        table {
            thead {
                tr {
                    th { (cx.t(T::NetPresentValue)) }
                    @for m in &mkba.models { th.num { (model_label(cx, m.model)) } }
                }
            }
            tbody {
                @for h in horizons {
                    tr {
                        td {
                            (cx.f(if h.extrapolated { T::HorizonExtrapolated } else { T::HorizonYears },
                                &[("years", &cx.count(u64::from(h.years)))]))
                        }
                        @for m in &mkba.models {
                            td.num {
                                @if let Some(x) = h.summary.of(m.model) {
                                    (cx.eur(x.npv.mean))
                                    @if m.model != cx.data.reference && cx.ranges() {
                                        // The same kind of range as the table above: the
                                        // middle 95% of the replications, read off their
                                        // cumulative net benefit at the horizon.
                                        @if let Some(r) = per_replication(cx, m.model, h.years).map(range) {
                                            span.range { (cx.eur_range(r.p025, r.p975)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        @if any_extrapolated {
            p.note { (cx.f(T::HorizonsNote, &[("simulated", &cx.count(simulated))])) }
        }
    }
}

/// The packages (a model with what comes with it) against the plain reference: NPV at
/// each horizon, the chance of being best and the credit bank each needed.
fn packages_table(cx: &Ctx<'_>) -> Markup {
    let Some(rows) = cx.data.packages.as_ref().filter(|r| !r.is_empty()) else {
        return html! {};
    };
    let mut names: Vec<&str> = Vec::new();
    let mut years: Vec<(u32, bool)> = Vec::new();
    for r in rows {
        if !names.contains(&r.package.as_str()) {
            names.push(&r.package);
        }
        if !years.iter().any(|(y, _)| *y == r.years) {
            years.push((r.years, r.extrapolated));
        }
    }
    let last = years.iter().map(|(y, _)| *y).max().unwrap_or(0);
    let at = |name: &str, y: u32| rows.iter().find(|r| r.package == name && r.years == y);
    html! {
        h3 { (cx.t(T::PackagesTitle)) }
        p { (cx.f(T::PackagesIntro, &[("reference", cx.reference())])) }
        table {
            thead {
                tr {
                    th { (cx.t(T::Package)) }
                    @for (y, x) in &years {
                        th.num {
                            (cx.f(if *x { T::HorizonExtrapolated } else { T::HorizonYears }, &[("years", &cx.count(u64::from(*y)))]))
                        }
                    }
                    th.num { (cx.t(T::ProbabilityBest)) }
                    th.num { (cx.t(T::BankPosts)) }
                    th.num { (cx.t(T::BankWait)) }
                }
            }
            tbody {
                @for name in &names {
                    @let row = at(name, last);
                    tr {
                        td {
                            (name)
                            @if let Some(r) = row.filter(|r| !r.description.is_empty()) {
                                span.range { (r.description) }
                            }
                        }
                        @for (y, _) in &years {
                            td.num {
                                @if let Some(r) = at(name, *y) {
                                    (cx.eur(r.npv.mean))
                                    @if cx.ranges() && r.npv.lo.is_finite() && r.npv.lo != r.npv.hi {
                                        span.range { (cx.eur_range(r.npv.lo, r.npv.hi)) }
                                    }
                                }
                            }
                        }
                        td.num { @if let Some(r) = row { (crate::format::fmt_share(r.probability_best, cx.lang)) } }
                        td.num { @if let Some(r) = row { (cx.num(r.counsellor_posts, 1)) } }
                        td.num { @if let Some(r) = row { (cx.num(r.arrangement_wait, 1)) } }
                    }
                }
            }
        }
    }
}

/// Each replication's NPV of `model` at `years`: its cumulative net benefit at the
/// end of that year, where `mkba.csv` reaches it.
fn per_replication<'a>(cx: &Ctx<'a>, model: LinkageModel, years: u32) -> Option<&'a [f64]> {
    cx.money?
        .cumulative
        .iter()
        .find(|(m, _)| *m == model)?
        .1
        .get((years as usize).checked_sub(1)?)
        .map(|v| v.as_slice())
}

fn summary_table(cx: &Ctx<'_>) -> Markup {
    let Some(mkba) = &cx.data.mkba else {
        return html! {};
    };
    let na = cx.t(T::NotApplicable);
    let opt = |x: f64, f: &dyn Fn(f64) -> String| if x.is_finite() { f(x) } else { na.to_string() };
    html! {
        table {
            thead {
                tr {
                    th { (cx.t(T::Measure)) }
                    @for m in &mkba.models { th.num { (model_label(cx, m.model)) } }
                }
            }
            tbody {
                tr {
                    td { (cx.t(T::NetPresentValue)) }
                    @for m in &mkba.models {
                        td.num {
                            (cx.eur(m.npv.mean))
                            @if m.model != cx.data.reference && cx.ranges() {
                                @if let Some(r) = cx.money.and_then(|x| x.npv_of(m.model)).map(range) {
                                    span.range { (cx.eur_range(r.p025, r.p975)) }
                                }
                            }
                        }
                    }
                }
                tr {
                    td { (cx.t(T::BenefitsPv)) }
                    @for m in &mkba.models { td.num { (opt(m.benefits, &|x| cx.eur(x))) } }
                }
                tr {
                    td { (cx.t(T::CostsPv)) }
                    @for m in &mkba.models { td.num { (opt(m.costs, &|x| cx.eur(x))) } }
                }
                tr {
                    td { (cx.t(T::Bcr)) }
                    @for m in &mkba.models { td.num { (opt(m.bcr, &|x| cx.num(x, 2))) } }
                }
                tr {
                    td { (cx.t(T::BreakEven)) }
                    @for m in &mkba.models { td.num { (opt(m.break_even_year, &|x| cx.num(x, 0))) } }
                }
                tr {
                    td { (cx.t(T::IntroductionCost)) }
                    @for m in &mkba.models { td.num { (opt(m.introduction, &|x| cx.eur(x))) } }
                }
                tr {
                    td { (cx.t(T::ProbabilityBest)) }
                    @for m in &mkba.models {
                        td.num { (opt(m.probability_best, &|x| crate::format::fmt_share(x, cx.lang))) }
                    }
                }
            }
        }
    }
}

/// The steps of a model's waterfall: the real categories with a net
/// benefit, small ones lumped into "other" so the big ones read.
fn steps(cx: &Ctx<'_>, m: &MkbaModel) -> Vec<WaterfallStep> {
    let real: Vec<(&str, f64)> = m
        .categories
        .iter()
        .filter(|(c, _)| {
            crate::mkba::CATEGORIES
                .iter()
                .any(|(name, transfer)| name == c && !transfer)
        })
        .map(|(c, e)| (c.as_str(), e.mean))
        .filter(|(_, v)| v.is_finite() && *v != 0.0)
        .collect();
    let largest = real.iter().map(|(_, v)| v.abs()).fold(0.0, f64::max);
    let mut out = Vec::new();
    let (mut other, mut lumped) = (0.0, 0usize);
    for (c, v) in real {
        if v.abs() < 0.02 * largest {
            other += v;
            lumped += 1;
        } else {
            out.push(WaterfallStep {
                label: i18n::category(c, cx.lang),
                value: v,
            });
        }
    }
    if lumped > 0 {
        out.push(WaterfallStep {
            label: cx.f(T::OtherCategories, &[("n", &cx.count(lumped as u64))]),
            value: other,
        });
    }
    out
}

fn waterfall_of(cx: &Ctx<'_>, m: &MkbaModel, all: &[&MkbaModel]) -> Markup {
    // One scale for every model's waterfall, so their bars compare.
    let (mut lo, mut hi) = (0.0_f64, 0.0_f64);
    for x in all {
        let mut acc = 0.0;
        for s in steps(cx, x) {
            acc += s.value;
            lo = lo.min(acc);
            hi = hi.max(acc);
        }
    }
    let title = cx.f(
        T::WaterfallTitle,
        &[("model", cx.model(m.model)), ("reference", cx.reference())],
    );
    let chart = Waterfall {
        options: cx.chart(
            &format!("money-waterfall-{}", m.model.name()),
            &title,
            NumberFormat::eur(cx.lang),
            WIDE,
        ),
        steps: steps(cx, m),
        total_label: cx.t(T::NetPresentValue).to_string(),
        x_label: String::new(),
        benefit_label: cx.t(T::Benefit).to_string(),
        cost_label: cx.t(T::Cost).to_string(),
        domain: Some((lo, hi)),
    };
    figure(&title, waterfall(&chart))
}

fn break_even(cx: &Ctx<'_>, m: &MkbaModel, years: u64) -> String {
    if m.break_even_year.is_finite() {
        cx.f(
            T::BreaksEvenIn,
            &[
                ("model", cx.model(m.model)),
                ("year", &cx.num(m.break_even_year, 0)),
            ],
        )
    } else {
        cx.f(
            T::NoBreakEven,
            &[("model", cx.model(m.model)), ("years", &cx.count(years))],
        )
    }
}

/// The cumulative net benefit by year, mean with the middle half of the
/// futures: where it crosses zero for good, the model breaks even.
fn cumulative(cx: &Ctx<'_>) -> Option<Markup> {
    let money = cx.money?;
    // One series per model in the fixed model order, an empty unnamed one for
    // the reference, so each model keeps its colour from the other charts.
    let series: Vec<LineSeries> = LinkageModel::ALL
        .iter()
        .map(|&m| {
            let years = money
                .cumulative
                .iter()
                .find(|(x, _)| *x == m && m != cx.data.reference && cx.compared.contains(x))
                .map_or(&[][..], |(_, y)| y.as_slice());
            let r: Vec<_> = years.iter().map(|v| range(v)).collect();
            LineSeries {
                name: if r.is_empty() {
                    String::new()
                } else {
                    cx.model(m).to_string()
                },
                mean: r.iter().map(|x| x.mean).collect(),
                lower: r.iter().map(|x| x.p25).collect(),
                upper: r.iter().map(|x| x.p75).collect(),
            }
        })
        .collect();
    if series.iter().all(|s| s.mean.is_empty()) {
        return None;
    }
    let title = cx.f(T::CumulativeTitle, &[("reference", cx.reference())]);
    let mut options = cx.chart("money-cumulative", &title, NumberFormat::eur(cx.lang), WIDE);
    options.height = 380.0;
    let chart = LineBands {
        options,
        series,
        first_week: 1.0,
        time_axis: TimeAxis::Weeks,
        x_label: cx.t(T::YearAfterSwitch).to_string(),
        y_label: String::new(),
        band_label: if cx.ranges() {
            cx.f(T::BandMiddle50, &[("n", &cx.count(cx.n as u64))])
        } else {
            String::new()
        },
        reference: Some(ReferenceLine {
            value: 0.0,
            label: cx.t(T::BreakEvenLine).to_string(),
        }),
        y_include_zero: true,
    };
    Some(figure(&title, line_bands(&chart)))
}
