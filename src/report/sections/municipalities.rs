//! Per municipality (`--by-municipality`): one table each, largest first,
//! with each model's mean and, under the other models, the difference from
//! the reference over the same futures.

use maud::{html, Markup};

use super::{decimals_for, model_label, Ctx, Section};
use crate::report::data::Outcomes;
use crate::report::derived::{differences, range};
use crate::report::i18n::{self, T};

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let list = cx.data.municipalities.as_ref()?;
    let size = |o: &Outcomes| {
        o.models
            .first()
            .and_then(|m| o.get(m.model, "households"))
            .map_or(0.0, |v| range(v).mean)
    };
    let mut order: Vec<(&String, &Outcomes, f64)> =
        list.iter().map(|(n, o)| (n, o, size(o))).collect();
    // Largest first; equal sizes keep the scenario's order (a stable sort).
    order.sort_by(|a, b| b.2.total_cmp(&a.2));
    let body = html! {
        p {
            @if cx.ranges() {
                (cx.f(T::MunicipalitiesIntro, &[
                    ("n", &cx.count(cx.n as u64)),
                    ("reference", cx.reference()),
                ]))
            } @else {
                (cx.f(T::MunicipalitiesIntroOne, &[("reference", cx.reference())]))
            }
        }
        @for (name, outcomes, households) in &order {
            (table(cx, name, outcomes, *households))
            "\n"
        }
    };
    Some(Section {
        id: "municipalities",
        title: cx.t(T::SecMunicipalities).to_string(),
        body,
    })
}

fn table(cx: &Ctx<'_>, name: &str, o: &Outcomes, households: f64) -> Markup {
    let reference = cx.data.reference;
    let models = o.model_list();
    let paired = models.len() > 1 && models.contains(&reference);
    html! {
        h3 {
            (cx.f(T::MunicipalityHeading, &[
                ("name", name),
                ("households", &cx.num(households, 0)),
            ]))
        }
        table.municipality {
            thead {
                tr {
                    th { (cx.t(T::Outcome)) }
                    @for &m in &models { th.num { (model_label(cx, m)) } }
                }
            }
            tbody {
                @for &(key, _, _) in i18n::OUTCOMES {
                    tr {
                        td { (i18n::outcome(key, cx.lang)) }
                        @for &m in &models {
                            td.num {
                                @if let Some(v) = o.get(m, key) {
                                    @let r = range(v);
                                    (cx.num(r.mean, decimals_for(r.mean)))
                                    @if paired && m != reference {
                                        @if let Some(base) = o.get(reference, key) {
                                            @let d = range(&differences(v, base));
                                            @let k = decimals_for(d.p025.abs().max(d.p975.abs()));
                                            span.range {
                                                (cx.num_signed(d.mean, k))
                                                @if cx.ranges() { " " (cx.range(d.p025, d.p975, k)) }
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
    }
}
