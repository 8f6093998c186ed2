//! The answer of a sweep in plain words: which model comes out best at how
//! many design points, what drives the choice between the two leading models
//! most (from the indices of their NPV difference), where each model is best
//! (from the discovery boxes), and the means over the design per model.

use maud::{html, Markup};

use super::{share, SweepCtx};
use crate::format::fmt_share;
use crate::model::LinkageModel;
use crate::report::i18n::T;
use crate::report::sections::Section;
use crate::sweep::spec::DesignKind;

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    let n = cx.points();
    let counts = cx.best_counts();
    let unclear = cx.data.points.unclear.iter().filter(|u| **u).count();
    let unresolved = cx.data.points.best.iter().filter(|b| b.is_none()).count() - unclear;
    let failed: u64 = cx.data.points.failed.iter().sum();
    let drivers = drivers(cx);
    let boxes = boxes(cx);
    let body = html! {
        div.decision {
            p.headline { (headline(cx, &counts, n, unclear)) }
            @if let Some(rest) = others(cx, &counts, n) { p.best { (rest) } }
            @if unclear > 0 {
                p.best { (cx.f(T::SweepUnclear, &[("k", &cx.count(unclear as u64)), ("share", &share(unclear, n, cx.lang))])) }
            }
            @for d in &drivers { p { (d) } }
            @for b in &boxes { p { (b) } }
        }
        p.note {
            (criterion(cx)) " "
            (cx.f(T::SweepPointsNote, &[("k", &cx.count(cx.data.settings.axes.len() as u64))]))
            @if unresolved > 0 {
                " " (cx.f(T::SweepNoResult, &[("k", &cx.count(unresolved as u64))]))
            }
        }
        @if failed > 0 {
            p.note { (cx.f(T::FailedRuns, &[("n", &cx.count(failed))])) }
        }
        (means_table(cx, &counts, n))
        h3 { (cx.t(T::ModelsHeading)) }
        (cx.models_table(|m| cx.data.settings.models.contains(&m), cx.data.reference))
    };
    Some(Section {
        id: "answer",
        title: cx.t(T::SecAnswer).to_string(),
        body,
    })
}

/// The model best most often, in one sentence.
fn headline(
    cx: &SweepCtx<'_>,
    counts: &[(LinkageModel, usize)],
    n: usize,
    unclear: usize,
) -> String {
    match counts.first() {
        Some(&(m, k)) if k == n => cx.f(
            T::SweepBestEverywhere,
            &[("model", cx.model(m)), ("n", &cx.count(n as u64))],
        ),
        Some(&(m, k)) if k > 0 => cx.f(
            T::SweepBestMost,
            &[
                ("model", cx.model(m)),
                ("k", &cx.count(k as u64)),
                ("n", &cx.count(n as u64)),
                ("share", &share(k, n, cx.lang)),
            ],
        ),
        _ if unclear > 0 => cx.t(T::SweepBestUnclear).to_string(),
        _ => cx.t(T::SweepBestNone).to_string(),
    }
}

/// The other models: how often each is best, then those never best.
fn others(cx: &SweepCtx<'_>, counts: &[(LinkageModel, usize)], n: usize) -> Option<String> {
    let rest = counts.get(1..).unwrap_or(&[]);
    if counts.first().is_none_or(|&(_, k)| k == 0) {
        return None;
    }
    let some: Vec<String> = rest
        .iter()
        .filter(|(_, k)| *k > 0)
        .map(|&(m, k)| {
            cx.f(
                T::SweepBestAt,
                &[
                    ("model", cx.model(m)),
                    ("k", &cx.count(k as u64)),
                    ("share", &share(k, n, cx.lang)),
                ],
            )
        })
        .collect();
    let never: Vec<String> = rest
        .iter()
        .filter(|(_, k)| *k == 0)
        .map(|(m, _)| cx.model(m).to_string())
        .collect();
    let mut out = Vec::new();
    if !some.is_empty() {
        out.push(cx.f(T::SweepOthers, &[("list", &cx.join(&some))]));
    }
    if !never.is_empty() {
        out.push(cx.f(T::NeverBest, &[("models", &cx.join(&never))]));
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// What "best" means in this sweep.
fn criterion(cx: &SweepCtx<'_>) -> String {
    let futures = cx.futures();
    if cx.npv() {
        cx.f(
            T::SweepCriterionNpv,
            &[("reference", cx.reference()), ("futures", &futures)],
        )
    } else {
        cx.f(
            T::SweepCriterionDebt,
            &[("reference", cx.reference()), ("futures", &futures)],
        )
    }
}

/// The mean of the finite values.
fn mean(v: &[f64]) -> f64 {
    let (s, k) = v
        .iter()
        .filter(|x| x.is_finite())
        .fold((0.0, 0usize), |(s, k), x| (s + x, k + 1));
    if k == 0 {
        f64::NAN
    } else {
        s / k as f64
    }
}

/// A model's mean NPV against the reference over the design (0 for the
/// reference itself; NaN without NPVs).
fn mean_npv(cx: &SweepCtx<'_>, m: LinkageModel) -> f64 {
    if !cx.npv() {
        return f64::NAN;
    }
    if m == cx.data.reference {
        return 0.0;
    }
    cx.data
        .points
        .outcome(&format!("npv_{}", m.name()))
        .map_or(f64::NAN, mean)
}

/// The two models the choice is between (best most often, then the highest
/// mean NPV), with the outcome column that measures it; without NPVs, the
/// model best most often and its unresolved debt.
pub(super) struct Choice {
    /// The model best most often.
    pub a: LinkageModel,
    /// The runner-up (`None` without NPVs).
    pub b: Option<LinkageModel>,
    /// The column of `points.csv` (and `sweep_indices.csv`).
    pub outcome: String,
}

pub(super) fn choice(cx: &SweepCtx<'_>) -> Option<Choice> {
    let mut order: Vec<(LinkageModel, usize, f64)> = cx
        .best_counts()
        .into_iter()
        .map(|(m, k)| (m, k, mean_npv(cx, m)))
        .collect();
    // Stable: ties keep the sweep's model order.
    order.sort_by(|x, y| {
        y.1.cmp(&x.1).then_with(|| {
            let key = |v: f64| if v.is_nan() { f64::NEG_INFINITY } else { v };
            key(y.2).total_cmp(&key(x.2))
        })
    });
    let a = order.first()?.0;
    if !cx.npv() {
        return Some(Choice {
            a,
            b: None,
            outcome: format!("unresolved_debt_households_{}", a.name()),
        });
    }
    let b = order.get(1)?.0;
    let reference = cx.data.reference;
    let outcome = if a == reference {
        format!("npv_{}", b.name())
    } else if b == reference {
        format!("npv_{}", a.name())
    } else {
        let ab = format!("npv_{}_minus_{}", a.name(), b.name());
        if cx.data.points.outcome(&ab).is_some() {
            ab
        } else {
            format!("npv_{}_minus_{}", b.name(), a.name())
        }
    };
    Some(Choice {
        a,
        b: Some(b),
        outcome,
    })
}

/// The index that ranks the drivers of a design, if it has indices.
pub(super) fn ranking_index(design: DesignKind) -> Option<&'static str> {
    match design {
        DesignKind::Sobol => Some("ST"),
        DesignKind::Morris => Some("mu_star"),
        DesignKind::Oat => Some("swing"),
        DesignKind::Grid | DesignKind::Lhs => None,
    }
}

/// What drives the choice, in a sentence or two, from the indices.
fn drivers(cx: &SweepCtx<'_>) -> Vec<String> {
    let (Some(c), Some(index), Some(_)) = (
        choice(cx),
        ranking_index(cx.data.settings.design),
        cx.data.indices.as_ref(),
    ) else {
        return Vec::new();
    };
    let what = match c.b {
        Some(b) => cx.f(
            T::ChoiceBetween,
            &[("a", cx.model(c.a)), ("b", cx.model(b))],
        ),
        None => cx.f(T::DebtUnder, &[("model", cx.model(c.a))]),
    };
    let ranked: Vec<_> = cx
        .ranked(&c.outcome, index)
        .into_iter()
        .filter(|r| r.value.is_finite())
        .collect();
    let Some(first) = ranked.first() else {
        return vec![cx.f(T::DriverNone, &[("what", &what)])];
    };
    let value = |x: f64| match cx.data.settings.design {
        DesignKind::Sobol => fmt_share(x.clamp(0.0, 1.0), cx.lang),
        _ => cx.outcome_value(&c.outcome, x),
    };
    let key = match cx.data.settings.design {
        DesignKind::Sobol => T::DriverSobol,
        DesignKind::Morris => T::DriverMorris,
        _ => T::DriverOat,
    };
    let mut out = vec![cx.f(
        key,
        &[
            ("what", &what),
            ("parameter", &cx.param(&first.parameter)),
            ("value", &value(first.value)),
        ],
    )];
    // The runner-up only when it matters next to the first.
    if let Some(second) = ranked.get(1).filter(|r| r.value > 0.1 * first.value) {
        out.push(cx.f(
            T::DriverNext,
            &[
                ("parameter", &cx.param(&second.parameter)),
                ("value", &value(second.value)),
            ],
        ));
    }
    vec![out.join(" ")]
}

/// Where each model is best, from its discovery box, most often best first.
fn boxes(cx: &SweepCtx<'_>) -> Vec<String> {
    let Some(regions) = cx.data.discovery.as_deref() else {
        return Vec::new();
    };
    cx.best_counts()
        .iter()
        .filter_map(|(m, _)| regions.iter().find(|r| r.model == *m))
        .filter(|r| !r.limits.is_empty() && r.density.is_finite())
        .map(|r| {
            let conditions: Vec<String> = r
                .limits
                .iter()
                .map(|(p, lo, hi)| cx.limit_words(p, *lo, *hi))
                .collect();
            // A box is the smallest PRIM may report (10% of the points); a model
            // best at a handful of points is a minority even inside it, and
            // "mostly where" would then say the opposite of the numbers.
            let t = if r.density >= 0.5 {
                T::BestWhere
            } else {
                T::BestOnlyWhere
            };
            cx.f(
                t,
                &[
                    ("model", cx.model(r.model)),
                    ("conditions", &cx.join(&conditions)),
                    ("density", &fmt_share(r.density, cx.lang)),
                    ("coverage", &fmt_share(r.coverage, cx.lang)),
                ],
            )
        })
        .collect()
}

/// Per model: how often best, and its means over the design.
fn means_table(cx: &SweepCtx<'_>, counts: &[(LinkageModel, usize)], n: usize) -> Markup {
    let debt = |m: LinkageModel| {
        cx.data
            .points
            .outcome(&format!("unresolved_debt_households_{}", m.name()))
            .map_or(f64::NAN, mean)
    };
    html! {
        table.numbers {
            thead {
                tr {
                    th { (cx.t(T::Model)) }
                    th.num { (cx.t(T::BestAtPoints)) }
                    @if cx.npv() {
                        th.num { (cx.f(T::MeanNpv, &[("reference", cx.reference())])) }
                    }
                    th.num { (cx.t(T::MeanDebt)) }
                }
            }
            tbody {
                @for &(m, k) in counts {
                    tr {
                        th scope="row" { (cx.model_name(m, cx.data.reference)) }
                        td.num { (cx.count(k as u64)) " (" (share(k, n, cx.lang)) ")" }
                        @if cx.npv() { td.num { (cx.eur(mean_npv(cx, m))) } }
                        td.num { (cx.num(debt(m), 1)) }
                    }
                }
            }
        }
    }
}
