//! Morris screening: for every outcome (the choice between models first),
//! each assumption's μ* (how much it matters, with its 95% interval) against
//! its σ (how much its effect depends on where in the design it is moved), as
//! a labelled scatter, and the numbers in a table with μ's sign.

use maud::{html, Markup};

use super::{chart_id, group_heading, SweepCtx};
use crate::format::fmt_bounds;
use crate::report::charts::{scatter, Scatter, ScatterPoint};
use crate::report::i18n::T;
use crate::report::sections::{figure, Section, WIDE};
use crate::sweep::spec::DesignKind;

/// Colour of the points: not a model's, as they are assumptions.
const COLOUR: &str = "#D55E00";

/// Height of a scatter: lower than the chart module's default (0.62 of the
/// width), so that a chart and its table fit on one screen.
const HEIGHT: f64 = 420.0;

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    if cx.data.settings.design != DesignKind::Morris {
        return None;
    }
    let outcomes = cx.indexed_outcomes();
    if outcomes.is_empty() {
        return None;
    }
    let paths = cx.count(cx.data.settings.trajectories.unwrap_or(0));
    let body = html! {
        p { (cx.f(T::MorrisIntro, &[("paths", &paths)])) }
        p.note { (cx.t(T::MorrisReading)) }
        @for (i, o) in outcomes.iter().enumerate() {
            @if let Some(h) = group_heading(cx, i.checked_sub(1).map(|j| outcomes[j]), o) { (h) }
            (chart(cx, o))
            (table(cx, o))
        }
    };
    Some(Section {
        id: "morris",
        title: cx.t(T::SecMorris).to_string(),
        body,
    })
}

fn chart(cx: &SweepCtx<'_>, outcome: &str) -> Markup {
    let points = cx
        .ranked(outcome, "mu_star")
        .into_iter()
        .map(|r| ScatterPoint {
            x: r.value,
            y: cx
                .index_of(&r.parameter, outcome, "sigma")
                .map_or(f64::NAN, |s| s.value),
            label: cx.param(&r.parameter),
            series: 0,
            x_interval: Some((r.low, r.high)),
        })
        .collect();
    let title = cx.outcome(outcome);
    let mut options = cx.chart(
        &chart_id("morris", outcome),
        &title,
        cx.outcome_format(outcome),
        WIDE,
    );
    options.height = HEIGHT;
    options.theme.series[0] = COLOUR;
    let chart = Scatter {
        options,
        points,
        series_names: Vec::new(),
        x_label: cx.t(T::MuStarAxis).to_string(),
        y_label: cx.t(T::SigmaAxis).to_string(),
        include_zero: true,
        ratio_lines: Vec::new(),
    };
    figure(&title, scatter(&chart))
}

fn table(cx: &SweepCtx<'_>, outcome: &str) -> Markup {
    let value = |x: f64| cx.outcome_value(outcome, x);
    let index = |r: &str, index: &str| cx.index_of(r, outcome, index).map(|s| s.value);
    html! {
        table.indices {
            thead {
                tr {
                    th { (cx.t(T::Assumption)) }
                    th.num { (cx.t(T::MuStarColumn)) }
                    th.num { (cx.t(T::SigmaColumn)) }
                    th.num { (cx.t(T::MuColumn)) }
                }
            }
            tbody {
                @for r in cx.ranked(outcome, "mu_star") {
                    tr {
                        td { (cx.param(&r.parameter)) }
                        td.num {
                            (value(r.value))
                            @if r.low.is_finite() && r.high.is_finite() {
                                span.range { (fmt_bounds(&value(r.low), &value(r.high), cx.lang)) }
                            }
                        }
                        td.num { (value(index(&r.parameter, "sigma").unwrap_or(f64::NAN))) }
                        td.num { (cx.signed_outcome_value(outcome, index(&r.parameter, "mu").unwrap_or(f64::NAN))) }
                    }
                }
            }
        }
    }
}
