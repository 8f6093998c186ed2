//! Sobol' indices: for every outcome (the choice between models first), each
//! assumption's first-order (S1) and total (ST) index with its bootstrap 95%
//! interval, as a forest plot with the numbers beside it.

use maud::html;

use super::{chart_id, group_heading, SweepCtx};
use crate::format::NumberFormat;
use crate::report::charts::{dot_intervals, DotIntervals, IntervalRow};
use crate::report::i18n::T;
use crate::report::sections::{figure, Section, WIDE};
use crate::sweep::sensitivity::BOOTSTRAP_RESAMPLES;
use crate::sweep::spec::DesignKind;

/// Colours of S1 and ST: neither is a model's, so the chart is not read as
/// one model against another.
const COLOURS: [&str; 2] = ["#4d4d4d", "#D55E00"];

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    if cx.data.settings.design != DesignKind::Sobol {
        return None;
    }
    let outcomes = cx.indexed_outcomes();
    if outcomes.is_empty() {
        return None;
    }
    let body = html! {
        p { (cx.f(T::SobolIntro, &[("resamples", &cx.count(BOOTSTRAP_RESAMPLES as u64))])) }
        p.note { (cx.t(T::SobolCut)) }
        @for (i, o) in outcomes.iter().enumerate() {
            @if let Some(h) = group_heading(cx, i.checked_sub(1).map(|j| outcomes[j]), o) { (h) }
            (chart(cx, o))
        }
    };
    Some(Section {
        id: "sobol",
        title: cx.t(T::SecSobol).to_string(),
        body,
    })
}

/// The two indices of every assumption for `outcome`, largest ST first.
fn chart(cx: &SweepCtx<'_>, outcome: &str) -> maud::Markup {
    let mut rows = Vec::new();
    for st in cx.ranked(outcome, "ST") {
        let s1 = cx.index_of(&st.parameter, outcome, "S1");
        let mut heading = cx.param(&st.parameter);
        for (k, (label, r)) in [(T::S1Label, s1), (T::StLabel, Some(st))]
            .into_iter()
            .enumerate()
        {
            let Some(r) = r else { continue };
            // An index lies in [0, 1]; an estimate outside it is noise of a
            // small sample, drawn at the edge (the numbers say what it was).
            let cut = |x: f64| x.clamp(0.0, 1.0);
            let annotation = if r.low.is_finite() && r.high.is_finite() {
                format!("{} {}", cx.num(r.value, 2), cx.range(r.low, r.high, 2))
            } else {
                cx.num(r.value, 2)
            };
            rows.push(IntervalRow {
                label: cx.t(label).to_string(),
                // Over the first of the assumption's rows only.
                heading: std::mem::take(&mut heading),
                series: k,
                mean: cut(r.value),
                inner_low: f64::NAN,
                inner_high: f64::NAN,
                outer_low: cut(r.low),
                outer_high: cut(r.high),
                annotation,
            });
        }
    }
    let title = cx.outcome(outcome);
    let mut options = cx.chart(
        &chart_id("sobol", outcome),
        &title,
        NumberFormat::number(cx.lang, 2),
        WIDE,
    );
    options.theme.series[0] = COLOURS[0];
    options.theme.series[1] = COLOURS[1];
    let chart = DotIntervals {
        options,
        rows,
        x_label: cx.t(T::IndexAxis).to_string(),
        series_names: Vec::new(),
        inner_label: String::new(),
        // The intro says what the lines are, once for every chart.
        outer_label: String::new(),
        reference: None,
    };
    figure(&title, dot_intervals(&chart))
}
