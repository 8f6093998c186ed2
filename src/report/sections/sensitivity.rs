//! What the choice depends on: every price (and with `--sensitivity` every
//! behavioural assumption) at the ends of its plausible range as a tornado of
//! the lead of the best model over the runner-up, and with `--psa` the value
//! of knowing each assumption before choosing.

use maud::{html, Markup};

use super::{figure, Ctx, Section, WIDE};
use crate::format::{fmt_auto, fmt_share, NumberFormat};
use crate::model::LinkageModel;
use crate::report::charts::{diverging_bars, tornado, DivergingBars, Tornado, TornadoBar};
use crate::report::data::SensitivityRow;
use crate::report::i18n::T;

/// Most bars a tornado draws: the rest move the lead less.
const MAX_BARS: usize = 12;

/// Most assumptions in the value-of-information chart (the table has all).
const MAX_EVPPI_BARS: usize = 10;

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let rows = cx.data.sensitivity.as_deref().unwrap_or(&[]);
    let evppi = cx.data.evppi.as_deref().unwrap_or(&[]);
    if rows.is_empty() && evppi.is_empty() {
        return None;
    }
    let leaders = leaders(cx);
    let body = html! {
        @if let Some((best, runner, base)) = leaders {
            @if !rows.is_empty() {
                p {
                    (cx.f(T::SensitivityIntro, &[("best", cx.model(best)), ("runner", cx.model(runner))]))
                    @if let Some(s) = smallest_lead(cx, rows, best, runner, base) { " " (s) }
                }
                (tornado_of(cx, rows, false, best, runner, base))
                @if rows.iter().any(|r| r.behaviour) {
                    (tornado_of(cx, rows, true, best, runner, base))
                    p.note { (cx.t(T::BehaviourNote)) }
                } @else {
                    p.note { (cx.t(T::BehaviourNotVaried)) }
                }
            }
        } @else if !rows.is_empty() {
            p.note { (cx.t(T::NoLead)) }
        }
        @if !evppi.is_empty() { (value_of_information(cx)) }
    };
    Some(Section {
        id: "sensitivity",
        title: cx.t(T::SecSensitivity).to_string(),
        body,
    })
}

/// The base case's best model, its runner-up and the lead between them in
/// mean NPV (ties in report order, as the appraisal breaks them).
fn leaders(cx: &Ctx<'_>) -> Option<(LinkageModel, LinkageModel, f64)> {
    let mkba = cx.data.mkba.as_ref()?;
    let mut by: Vec<(LinkageModel, f64)> =
        mkba.models.iter().map(|m| (m.model, m.npv.mean)).collect();
    by.sort_by(|a, b| b.1.total_cmp(&a.1));
    match by.as_slice() {
        [(best, a), (runner, b), ..] => Some((*best, *runner, a - b)),
        _ => None,
    }
}

fn lead(row: &SensitivityRow, best: LinkageModel, runner: LinkageModel) -> f64 {
    let of = |m| {
        row.npv
            .iter()
            .find(|(x, _)| *x == m)
            .map_or(f64::NAN, |(_, v)| *v)
    };
    of(best) - of(runner)
}

/// How much to add to a behavioural row's lead to put it on the base case's
/// scale. Behaviour is simulated again with fewer replications, whose own
/// base lead differs from the full run's by noise; `gap_change` is measured
/// from that own base, which a row with the same leader and runner-up
/// reveals: own base = its lead − its gap change.
fn behaviour_shift(
    rows: &[SensitivityRow],
    best: LinkageModel,
    runner: LinkageModel,
    base: f64,
) -> f64 {
    rows.iter()
        .filter(|r| r.behaviour && r.best == best)
        .find_map(|r| {
            let second = r
                .npv
                .iter()
                .filter(|(m, _)| *m != best)
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(m, _)| *m);
            let l = lead(r, best, runner);
            (second == Some(runner) && l.is_finite() && r.gap_change.is_finite())
                .then_some(base - (l - r.gap_change))
        })
        .unwrap_or(0.0)
}

/// Where the lead is smallest over every variation, in words: the axis of a
/// tornado need not reach zero, so the page says how near the choice comes
/// to turning.
fn smallest_lead(
    cx: &Ctx<'_>,
    rows: &[SensitivityRow],
    best: LinkageModel,
    runner: LinkageModel,
    base: f64,
) -> Option<String> {
    let shift = behaviour_shift(rows, best, runner, base);
    let (row, lead) = rows
        .iter()
        .map(|r| {
            (
                r,
                lead(r, best, runner) + if r.behaviour { shift } else { 0.0 },
            )
        })
        .filter(|(_, l)| l.is_finite())
        .min_by(|a, b| a.1.total_cmp(&b.1))?;
    let end = if row.high {
        cx.t(T::EndHigh)
    } else {
        cx.t(T::EndLow)
    };
    let parameter = cx.param(&row.parameter);
    Some(if lead < 0.0 {
        cx.f(
            T::LeadTurns,
            &[
                ("parameter", &parameter),
                ("end", end),
                ("runner", cx.model(runner)),
                ("value", &cx.eur(-lead)),
            ],
        )
    } else {
        cx.f(
            T::SmallestLead,
            &[
                ("parameter", &parameter),
                ("end", end),
                ("best", cx.model(best)),
                ("value", &cx.eur(lead)),
            ],
        )
    })
}

fn tornado_of(
    cx: &Ctx<'_>,
    rows: &[SensitivityRow],
    behaviour: bool,
    best: LinkageModel,
    runner: LinkageModel,
    base: f64,
) -> Markup {
    let shift = if behaviour {
        behaviour_shift(rows, best, runner, base)
    } else {
        0.0
    };
    // Parameters in file order, each with its low and high end.
    let mut bars: Vec<(String, f64, f64)> = Vec::new();
    for r in rows.iter().filter(|r| r.behaviour == behaviour) {
        let l = lead(r, best, runner) + shift;
        let at = match bars.iter().position(|(p, _, _)| *p == r.parameter) {
            Some(i) => i,
            None => {
                bars.push((r.parameter.clone(), f64::NAN, f64::NAN));
                bars.len() - 1
            }
        };
        if r.high {
            bars[at].2 = l;
        } else {
            bars[at].1 = l;
        }
    }
    let tiny = 1e-9 * base.abs() + 0.5;
    let moves = |x: f64| x.is_finite() && (x - base).abs() > tiny;
    let (moving, still): (Vec<_>, Vec<_>) = bars
        .into_iter()
        .partition(|(_, lo, hi)| moves(*lo) || moves(*hi));
    let key = if behaviour {
        T::TornadoBehaviour
    } else {
        T::TornadoPrices
    };
    let title = cx.f(
        key,
        &[("best", cx.model(best)), ("runner", cx.model(runner))],
    );
    let mut options = cx.chart(
        if behaviour {
            "sensitivity-behaviour"
        } else {
            "sensitivity-prices"
        },
        &title,
        NumberFormat::eur(cx.lang),
        WIDE,
    );
    // The default low/high colours are the models' orange and blue; the ends
    // of a range are not models, so they get colours no model has.
    options.theme.low = "#CC79A7";
    options.theme.high = "#56B4E9";
    let chart = Tornado {
        options,
        bars: moving
            .iter()
            .map(|(p, lo, hi)| TornadoBar {
                parameter: cx.param(p),
                low: *lo,
                high: *hi,
            })
            .collect(),
        base,
        base_label: cx.t(T::BaseCase).to_string(),
        low_label: cx.t(T::LowEnd).to_string(),
        high_label: cx.t(T::HighEnd).to_string(),
        x_label: cx.t(T::LeadAxis).to_string(),
        max_bars: MAX_BARS,
    };
    html! {
        (figure(&title, tornado(&chart)))
        @if !still.is_empty() {
            p.note { (cx.f(T::UnmovedCount, &[("n", &cx.count(still.len() as u64))])) }
        }
    }
}

fn value_of_information(cx: &Ctx<'_>) -> Markup {
    // Only assumptions worth something: a ranking of values that are all
    // noise would read as a ranking of what to measure.
    let rows: Vec<_> = cx
        .data
        .evppi
        .as_deref()
        .unwrap_or(&[])
        .iter()
        .filter(|r| r.worth)
        .collect();
    let evpi = cx.data.recommendation.as_ref().and_then(|r| r.evpi_eur);
    if rows.is_empty() {
        return html! {
            h3 { (cx.t(T::EvppiHeading)) }
            p { (cx.t(T::EvppiNone)) }
            @if let Some(v) = evpi { p { (cx.f(T::Evpi, &[("value", &cx.eur(v))])) } }
        };
    }
    let title = cx.t(T::EvppiChart);
    let top: Vec<_> = rows.iter().take(MAX_EVPPI_BARS).collect();
    let chart = DivergingBars {
        options: cx.chart("sensitivity-evppi", title, NumberFormat::eur(cx.lang), WIDE),
        categories: top.iter().map(|r| cx.param(&r.parameter)).collect(),
        groups: vec![cx.t(T::ValueOfInformation).to_string()],
        values: top.iter().map(|r| vec![r.evppi]).collect(),
        x_label: String::new(),
        show_values: true,
    };
    html! {
        h3 { (cx.t(T::EvppiHeading)) }
        p { (cx.t(T::EvppiIntro)) }
        @if let Some(v) = evpi { p { (cx.f(T::Evpi, &[("value", &cx.eur(v))])) } }
        (figure(title, diverging_bars(&chart)))
        table {
            thead {
                tr {
                    th.num { (cx.t(T::Rank)) }
                    th { (cx.t(T::Assumption)) }
                    th.num { (cx.t(T::ValueOfInformation)) }
                    th.num { (cx.t(T::ShareOfEvpi)) }
                    th.num { (cx.t(T::SwitchesAt)) }
                    th { (cx.t(T::BestBelow)) }
                    th { (cx.t(T::BestAbove)) }
                }
            }
            tbody {
                @for (i, r) in rows.iter().enumerate() {
                    tr {
                        td.num { (i + 1) }
                        td { (cx.param(&r.parameter)) }
                        td.num { (cx.eur(r.evppi)) }
                        td.num { (fmt_share(r.share, cx.lang)) }
                        @match &r.switch {
                            Some((at, below, above)) => {
                                td.num { (fmt_auto(*at, cx.lang)) }
                                td { (crate::text::model_key(below, cx.lang)) }
                                td { (crate::text::model_key(above, cx.lang)) }
                            }
                            None => { td.num { "–" } td {} td {} }
                        }
                    }
                }
            }
        }
    }
}
