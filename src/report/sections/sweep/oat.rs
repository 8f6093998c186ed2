//! One at a time: for every outcome (the choice between models first), a
//! tornado of the largest fall and rise from the base point as each
//! assumption moves over its values, the others at the base scenario's.

use maud::{html, Markup};

use super::{chart_id, group_heading, SweepCtx};
use crate::report::charts::{tornado, Tornado, TornadoBar};
use crate::report::i18n::T;
use crate::report::sections::{figure, Section, WIDE};
use crate::sweep::spec::DesignKind;

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    if cx.data.settings.design != DesignKind::Oat {
        return None;
    }
    let outcomes = cx.indexed_outcomes();
    if outcomes.is_empty() {
        return None;
    }
    let body = html! {
        p { (cx.t(T::OatIntro)) }
        @for (i, o) in outcomes.iter().enumerate() {
            @if let Some(h) = group_heading(cx, i.checked_sub(1).map(|j| outcomes[j]), o) { (h) }
            (chart(cx, o))
        }
    };
    Some(Section {
        id: "oat",
        title: cx.t(T::SecOat).to_string(),
        body,
    })
}

fn chart(cx: &SweepCtx<'_>, outcome: &str) -> Markup {
    let value = |p: &str, index: &str| cx.index_of(p, outcome, index).map_or(f64::NAN, |r| r.value);
    let bars = cx
        .ranked(outcome, "swing")
        .into_iter()
        .map(|r| TornadoBar {
            parameter: cx.param(&r.parameter),
            low: value(&r.parameter, "change_low"),
            high: value(&r.parameter, "change_high"),
        })
        .collect();
    let title = cx.outcome(outcome);
    let mut options = cx.chart(
        &chart_id("oat", outcome),
        &title,
        cx.outcome_format(outcome),
        WIDE,
    );
    // Falls and rises are not models: colours no model has, as in a run's
    // tornado.
    options.theme.low = "#CC79A7";
    options.theme.high = "#56B4E9";
    let chart = Tornado {
        options,
        bars,
        base: 0.0,
        base_label: cx.t(T::BasePoint).to_string(),
        low_label: cx.t(T::LargestFall).to_string(),
        high_label: cx.t(T::LargestRise).to_string(),
        x_label: cx.t(T::ChangeFromBase).to_string(),
        max_bars: 0,
    };
    figure(&title, tornado(&chart))
}
