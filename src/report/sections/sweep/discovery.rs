//! Scenario discovery: per model, the box of parameter ranges in which it
//! comes out best (PRIM), in plain words, with the box's density and
//! coverage; from `discovery.csv`.

use maud::{html, Markup};

use super::{share, SweepCtx};
use crate::format::fmt_share;
use crate::report::i18n::T;
use crate::report::sections::Section;
use crate::report::sweep_data::Region;

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    let regions = cx.data.discovery.as_deref()?;
    if regions.is_empty() {
        return None;
    }
    let n = cx.points();
    // Models never best need no box: one line names them.
    let never: Vec<String> = cx
        .best_counts()
        .iter()
        .filter(|(_, k)| *k == 0)
        .map(|(m, _)| cx.model(m).to_string())
        .collect();
    let body = html! {
        p { (cx.t(T::DiscoveryIntro)) }
        @for (m, k) in cx.best_counts().into_iter().filter(|(_, k)| *k > 0) {
            @if let Some(r) = regions.iter().find(|r| r.model == m) {
                h3 {
                    (cx.f(T::RegionHeading, &[
                        ("model", cx.model(m)),
                        ("k", &cx.count(k as u64)),
                        ("n", &cx.count(n as u64)),
                        ("share", &share(k, n, cx.lang)),
                    ]))
                }
                (region(cx, k, n, r))
            }
        }
        @if !never.is_empty() {
            p { (cx.f(T::NeverBest, &[("models", &cx.join(&never))])) }
        }
    };
    Some(Section {
        id: "discovery",
        title: cx.t(T::SecDiscovery).to_string(),
        body,
    })
}

fn region(cx: &SweepCtx<'_>, k: usize, n: usize, r: &Region) -> Markup {
    if k == n {
        return html! { p { (cx.t(T::RegionEverywhere)) } };
    }
    if r.limits.is_empty() || !r.density.is_finite() {
        return html! { p { (cx.t(T::RegionNoBox)) } };
    }
    let span = |key: &str| {
        let (lo, hi) = cx.swept(key);
        cx.f(
            T::FromTo,
            &[
                ("low", &cx.param_value(key, lo)),
                ("high", &cx.param_value(key, hi)),
            ],
        )
    };
    html! {
        p {
            (cx.f(T::RegionBox, &[
                ("density", &fmt_share(r.density, cx.lang)),
                ("coverage", &fmt_share(r.coverage, cx.lang)),
                ("mass", &fmt_share(r.mass, cx.lang)),
            ]))
        }
        table.box {
            thead {
                tr {
                    th { (cx.t(T::Assumption)) }
                    th { (cx.t(T::InTheBox)) }
                    th { (cx.t(T::SweptOver)) }
                }
            }
            tbody {
                @for (p, lo, hi) in &r.limits {
                    tr {
                        td { (cx.param(p)) }
                        td { (cx.limit_range(p, *lo, *hi)) }
                        td { (span(p)) }
                    }
                }
            }
        }
    }
}
