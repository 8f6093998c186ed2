//! The design: what kind, how many points, replications and runs, each axis
//! with its values or range, distribution and the week it acts from, and the
//! base scenario that gives every other value; from `sweep.resolved.toml`.

use maud::{html, Markup};

use super::SweepCtx;
use crate::format::MISSING;
use crate::report::i18n::T;
use crate::report::sections::Section;
use crate::report::sweep_data::AxisInfo;
use crate::sweep::spec::DesignKind;

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    let d = cx.data;
    let s = &d.settings;
    let points = cx.count(cx.points() as u64);
    let k = cx.count(s.axes.len() as u64);
    let design = match s.design {
        DesignKind::Grid => cx.f(T::DesignGrid, &[("points", &points)]),
        DesignKind::Lhs => cx.f(T::DesignLhs, &[("points", &points)]),
        DesignKind::Oat => cx.f(T::DesignOat, &[("points", &points)]),
        DesignKind::Morris => cx.f(
            T::DesignMorris,
            &[
                ("paths", &cx.count(s.trajectories.unwrap_or(0))),
                ("levels", &cx.count(s.levels.unwrap_or(0))),
                ("points", &points),
            ],
        ),
        DesignKind::Sobol => cx.f(
            T::DesignSobol,
            &[
                ("samples", &cx.count(s.samples.unwrap_or(0))),
                ("k", &k),
                ("points", &points),
            ],
        ),
    };
    let models: Vec<String> = s.models.iter().map(|m| cx.model(m).to_string()).collect();
    let runs = cx.points() as u64 * u64::from(s.replications) * s.models.len() as u64;
    let b = &d.base;
    let number = |key: &str| cx.num(b.number(key).unwrap_or(f64::NAN), 0);
    let body = html! {
        p { (design) }
        p {
            (cx.f(T::DesignRuns, &[
                ("models", &cx.join(&models)),
                ("futures", &cx.futures()),
                ("runs", &cx.count(runs)),
            ]))
        }
        (axes(cx))
        p {
            (cx.f(T::DesignBase, &[
                ("name", &b.name),
                ("households", &cx.count(b.households)),
                ("teams", &cx.count(b.teams)),
                ("warmup", &number("run.warmup_weeks")),
                ("horizon", &number("run.horizon_weeks")),
                ("reference", cx.reference()),
            ]))
        }
    };
    Some(Section {
        id: "design",
        title: cx.t(T::SecDesign).to_string(),
        body,
    })
}

fn axes(cx: &SweepCtx<'_>) -> Markup {
    let continuous = cx.data.settings.design.continuous();
    html! {
        table.params.axes {
            thead {
                tr {
                    th { (cx.t(T::Assumption)) }
                    th { (cx.t(T::Values)) }
                    @if continuous { th { (cx.t(T::Distribution)) } }
                    th { (cx.t(T::ActsFrom)) }
                    th { (cx.t(T::Unit)) }
                }
            }
            tbody {
                @for a in &cx.data.settings.axes {
                    tr {
                        td { (cx.param(&a.key)) " " span.key { "(" code { (a.key) } ")" } }
                        td { (values(cx, a)) }
                        @if continuous { td { (distribution(cx, a)) } }
                        td { (cx.t(if a.at_switch { T::FromSwitchWeek } else { T::FromStart })) }
                        td { (a.spec.unit) }
                    }
                }
            }
        }
    }
}

/// An axis's values: the list, or the range (with its steps on a grid).
fn values(cx: &SweepCtx<'_>, a: &AxisInfo) -> String {
    if !a.values.is_empty() {
        let shown: Vec<String> = a
            .values
            .iter()
            .map(|v| match v.parse::<f64>() {
                Ok(x) => cx.param_value(&a.key, x),
                Err(_) => v.clone(),
            })
            .collect();
        return shown.join("; ");
    }
    let Some((lo, hi)) = a.range else {
        return MISSING.to_string();
    };
    let range = cx.f(
        T::FromTo,
        &[
            ("low", &cx.param_value(&a.key, lo)),
            ("high", &cx.param_value(&a.key, hi)),
        ],
    );
    match a.steps.filter(|_| !cx.data.settings.design.continuous()) {
        Some(n) => cx.f(T::InSteps, &[("range", &range), ("n", &cx.count(n))]),
        None => range,
    }
}

fn distribution(cx: &SweepCtx<'_>, a: &AxisInfo) -> String {
    match a.distribution.as_deref() {
        Some("uniform") => cx.t(T::Uniform).to_string(),
        Some("triangular") => cx.f(
            T::Triangular,
            &[(
                "mode",
                &a.mode
                    .map_or_else(|| MISSING.to_string(), |m| cx.param_value(&a.key, m)),
            )],
        ),
        Some(other) => other.to_string(),
        None => MISSING.to_string(),
    }
}
