//! Method and assumptions: the scenario in one paragraph, every parameter
//! that differs from its default with its source, the policy settings that
//! changed at the switch, the model's known simplifications; and, as the
//! report's last section, every parameter of the run.

use maud::html;

use super::{Ctx, Section};
use crate::report::data::ParamValue;
use crate::report::i18n::{self, T};

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let s = &cx.data.scenario;
    let changed: Vec<&ParamValue> = s
        .values
        .iter()
        .filter(|p| !p.is_default && !p.spec.key.starts_with("scenario."))
        .collect();
    let body = html! {
        p { (paragraph(cx)) }
        h3 { (cx.t(T::NonDefaultHeading)) }
        @if changed.is_empty() {
            p { (cx.t(T::AllDefault)) }
        } @else {
            table.params.diff {
                thead {
                    tr {
                        th { (cx.t(T::Key)) }
                        th { (cx.t(T::Meaning)) }
                        th.num { (cx.t(T::Value)) }
                        th.num { (cx.t(T::Default)) }
                        th { (cx.t(T::Source)) }
                    }
                }
                tbody {
                    @for p in &changed {
                        tr {
                            td { code { (p.spec.key) } }
                            td { (p.spec.doc) }
                            td.num { code { (p.value) } }
                            td.num { code { (p.default) } }
                            td { (p.spec.source) }
                        }
                        "\n"
                    }
                }
            }
            p.note { (cx.t(T::RegistryEnglish)) }
        }
        @if !s.from_switch.is_empty() {
            h3 { (cx.t(T::FromSwitchHeading)) }
            p { (cx.t(T::FromSwitchNote)) }
            ul {
                @for (k, v) in &s.from_switch { li { code { (k) " = " (v) } } }
            }
        }
        h3 { (cx.t(T::SimplificationsHeading)) }
        ul {
            @for (en, nl) in i18n::SIMPLIFICATIONS {
                li { (match cx.lang { crate::format::Lang::En => *en, crate::format::Lang::Nl => *nl }) }
                "\n"
            }
        }
    };
    Some(Section {
        id: "method",
        title: cx.t(T::SecMethod).to_string(),
        body,
    })
}

/// Team numbers as "1, 2 and 3".
fn teams(cx: &Ctx<'_>, list: &[i64]) -> String {
    let items: Vec<String> = list.iter().map(|t| t.to_string()).collect();
    cx.join(&items)
}

/// The scenario in one paragraph.
fn paragraph(cx: &Ctx<'_>) -> String {
    let s = &cx.data.scenario;
    let num = |k: &str| s.number(k).unwrap_or(f64::NAN);
    let mut status_quo = s.text("run.status_quo_model").unwrap_or("?").to_string();
    for (key, model) in [
        ("run.status_quo_partial_teams", "partial"),
        ("run.status_quo_broad_teams", "broad"),
    ] {
        if let Some(list) = s.list(key).filter(|l| !l.is_empty()) {
            status_quo.push_str(&format!("; {model}: {}", teams(cx, list)));
        }
    }
    let switching = match s.list("policy.pilot_teams").filter(|l| !l.is_empty()) {
        Some(list) => cx.f(T::PilotTeams, &[("teams", &teams(cx, list))]),
        None => cx.t(T::AllTeams).to_string(),
    };
    let years = cx
        .data
        .recommendation
        .as_ref()
        .map(|r| f64::from(r.years))
        .unwrap_or_else(|| {
            let y = num("mkba.horizon_years");
            if y > 0.0 {
                y
            } else {
                (num("run.horizon_weeks") / 52.0).ceil()
            }
        });
    let rate = num("mkba.discount_rate");
    let input = cx
        .data
        .header
        .extras
        .get("input")
        .map_or("?", String::as_str);
    let mut name = s.name.clone();
    if !s.description.trim().is_empty() {
        name = format!("{name}, “{}”", s.description.trim());
    }
    cx.f(
        T::ScenarioParagraph,
        &[
            ("name", &name),
            ("input", input),
            ("households", &cx.count(s.households)),
            ("teams", &cx.count(s.teams)),
            ("warmup", &cx.num(num("run.warmup_weeks"), 0)),
            ("status_quo", &status_quo),
            ("switching", &switching),
            ("horizon", &cx.num(num("run.horizon_weeks"), 0)),
            ("reps", &cx.num(num("run.replications"), 0)),
            ("seed", &cx.data.header.seed.to_string()),
            ("reference", cx.reference()),
            ("years", &cx.num(years, 0)),
            ("rate", &crate::format::fmt_percent(rate, 2, cx.lang)),
        ],
    )
}

/// Every parameter of the run, at the end of the report.
pub(super) fn parameters(cx: &Ctx<'_>) -> Option<Section> {
    let s = &cx.data.scenario;
    let body = html! {
        p { (cx.t(T::ParametersIntro)) " " (cx.t(T::RegistryEnglish)) }
        table.params.all {
            thead {
                tr {
                    th { (cx.t(T::Key)) }
                    th.num { (cx.t(T::Value)) }
                    th { (cx.t(T::Unit)) }
                    th { (cx.t(T::Acts)) }
                    th { (cx.t(T::Source)) }
                }
            }
            tbody {
                @for p in &s.values {
                    // The scenario's own name and description are not settings: the
                    // method section does not count them either.
                    @let changed = !p.is_default && !p.spec.key.starts_with("scenario.");
                    tr.changed[changed] {
                        td {
                            code { (p.spec.key) }
                            @if changed { " " span.flag { (cx.t(T::Changed)) } }
                        }
                        td.num { code { (p.value) } }
                        td { (p.spec.unit) }
                        td { (p.spec.scope.name()) }
                        td { (p.spec.source) }
                    }
                    "\n"
                }
            }
        }
    };
    Some(Section {
        id: "parameters",
        title: cx.t(T::SecParameters).to_string(),
        body,
    })
}
