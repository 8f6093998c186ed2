//! Over time: the weekly series per model (waiting list, caseload,
//! unresolved debt, cumulative crises and planned referrals, the W&I and
//! credit-bank queues), each a mean line over a band that holds the middle
//! half of the simulated futures.
//!
//! Where the models differ by a little on a large common level (unresolved
//! debt, cumulative crises and referrals: tens on thousands), three level
//! lines lie on top of each other and say nothing, so those series show
//! each model's paired difference from the reference instead, the same
//! futures compared week by week.

use maud::{html, Markup};

use super::{figure, Ctx, Section, HALF};
use crate::format::NumberFormat;
use crate::model::LinkageModel;
use crate::report::charts::{
    line_bands, LineBands, LineSeries, ReferenceLine, TimeAxis, DEFAULT_THEME,
};
use crate::report::data::Series;
use crate::report::derived::{differences, range};
use crate::report::i18n::{self, T};

/// Series drawn as differences from the reference when there is one.
const AS_DIFFERENCES: &[&str] = &[
    "unresolved_debt_households",
    "escalations_cumulative",
    "planned_care_cumulative",
];

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let ts = cx.data.timeseries.as_ref()?;
    let charts: Vec<Markup> = i18n::SERIES
        .iter()
        .filter_map(|&(key, _, _)| chart(cx, key, ts.metrics.get(key)?))
        .collect();
    if charts.is_empty() {
        return None;
    }
    let body = html! {
        p {
            @if cx.ranges() {
                (cx.f(T::TimeIntro, &[("n", &cx.count(cx.n as u64))]))
            } @else {
                (cx.t(T::TimeIntroOne))
            }
        }
        (legend(cx))
        div.grid { @for c in charts { (c) "\n" } }
    };
    Some(Section {
        id: "time",
        title: cx.t(T::SecTime).to_string(),
        body,
    })
}

/// One legend for every chart of the section, drawn with the charts' own
/// colours and dashes.
fn legend(cx: &Ctx<'_>) -> Markup {
    let t = DEFAULT_THEME;
    html! {
        p.legend {
            @for (i, m) in LinkageModel::ALL.iter().enumerate() {
                @if cx.data.outcomes.models.iter().any(|x| x.model == *m) {
                    span.item {
                        svg.swatch width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" {
                            rect x="1" y="2" width="32" height="8" fill=(t.color(i)) fill-opacity=(t.band_opacity) {}
                            line x1="1" y1="6" x2="33" y2="6" stroke=(t.color(i)) stroke-width="2.5"
                                stroke-dasharray=(if t.dash(i).is_empty() { "none" } else { t.dash(i) }) {}
                        }
                        " " (crate::report::sections::model_label(cx, *m))
                    }
                }
            }
            @if cx.ranges() { span.item {
                svg.swatch width="34" height="12" viewBox="0 0 34 12" aria-hidden="true" {
                    rect x="1" y="2" width="32" height="8" fill=(t.text) fill-opacity=(t.band_opacity) {}
                }
                " " (cx.f(T::BandMiddle50, &[("n", &cx.count(cx.n as u64))]))
            } }
        }
    }
}

/// The weeks as evenly spaced points: (first week, spacing, number of
/// points). Series sampled every 13 weeks are drawn as a point per sample,
/// not as a line broken by 12 empty weeks.
fn grid(series: &[Series]) -> (u32, u32, usize) {
    let mut weeks: Vec<u32> = series
        .iter()
        .flat_map(|s| s.weeks.iter().copied())
        .collect();
    weeks.sort_unstable();
    weeks.dedup();
    let (Some(&first), Some(&last)) = (weeks.first(), weeks.last()) else {
        return (0, 1, 0);
    };
    let step = weeks
        .windows(2)
        .map(|w| w[1] - w[0])
        .min()
        .unwrap_or(1)
        .max(1);
    let regular = weeks.windows(2).all(|w| (w[1] - w[0]) % step == 0);
    let step = if regular { step } else { 1 };
    (first, step, ((last - first) / step) as usize + 1)
}

/// The values of `s` in its week `i`-th, as a difference from the reference
/// in the same replications when `base` is given.
fn values_at(s: &Series, i: usize, base: Option<&Series>) -> Option<Vec<f64>> {
    let Some(b) = base else {
        return Some(s.values[i].clone());
    };
    let week = s.weeks[i];
    let j = b.weeks.iter().position(|&w| w == week)?;
    (b.replications[j] == s.replications[i]).then(|| differences(&s.values[i], &b.values[j]))
}

fn chart(cx: &Ctx<'_>, key: &str, series: &[Series]) -> Option<Markup> {
    let (first, step, points) = grid(series);
    let reference = cx.data.reference;
    let base = if cx.paired && AS_DIFFERENCES.contains(&key) {
        Some(series.iter().find(|s| s.model == reference)?)
    } else {
        None
    };
    // Every model in the fixed order, an empty series where one is not drawn,
    // so each model keeps its colour from the other charts.
    let lines: Vec<LineSeries> = LinkageModel::ALL
        .iter()
        .map(|&m| {
            let Some(s) = series
                .iter()
                .find(|s| s.model == m && !(base.is_some() && m == reference))
            else {
                return LineSeries::default();
            };
            let mut mean = vec![f64::NAN; points];
            let mut lower = vec![f64::NAN; points];
            let mut upper = vec![f64::NAN; points];
            for (i, &w) in s.weeks.iter().enumerate() {
                let Some(values) = values_at(s, i, base) else {
                    continue;
                };
                let at = ((w - first) / step) as usize;
                let r = range(&values);
                mean[at] = r.mean;
                lower[at] = r.p25;
                upper[at] = r.p75;
            }
            LineSeries {
                // The page's legend names the models, once for all charts.
                name: String::new(),
                mean,
                lower,
                upper,
            }
        })
        .collect();
    let mut title = i18n::series(key, cx.lang);
    if base.is_some() {
        title = format!(
            "{title}: {}",
            cx.f(T::DiffFromReference, &[("reference", cx.model(reference))])
        );
    }
    let chart = LineBands {
        options: cx.chart(
            &format!("time-{key}"),
            &title,
            NumberFormat::number(cx.lang, 0),
            HALF,
        ),
        series: lines,
        first_week: f64::from(first) / f64::from(step),
        time_axis: TimeAxis::Years {
            weeks_per_year: 52.0 / f64::from(step),
        },
        x_label: cx.t(T::YearsAfterSwitch).to_string(),
        y_label: String::new(),
        band_label: String::new(),
        reference: base.map(|_| ReferenceLine {
            value: 0.0,
            label: cx.model(reference).to_string(),
        }),
        y_include_zero: true,
    };
    Some(figure(&title, line_bands(&chart)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(weeks: &[u32]) -> Series {
        Series {
            model: LinkageModel::Broad,
            weeks: weeks.to_vec(),
            values: weeks.iter().map(|_| vec![1.0]).collect(),
            replications: weeks.iter().map(|_| vec![0]).collect(),
        }
    }

    #[test]
    fn sampled_series_are_points_per_sample() {
        assert_eq!(grid(&[s(&[0, 1, 2, 3])]), (0, 1, 4));
        assert_eq!(grid(&[s(&[0, 13, 26, 39])]), (0, 13, 4));
        assert_eq!(grid(&[s(&[0, 13, 27])]), (0, 1, 28));
        assert_eq!(grid(&[]), (0, 1, 0));
    }

    #[test]
    fn differences_pair_the_same_replications() {
        let mut a = s(&[0, 13]);
        a.values = vec![vec![5.0, 7.0], vec![1.0, 1.0]];
        a.replications = vec![vec![0, 1], vec![0, 1]];
        let mut b = a.clone();
        b.values = vec![vec![4.0, 4.0], vec![1.0, 1.0]];
        assert_eq!(values_at(&a, 0, Some(&b)), Some(vec![1.0, 3.0]));
        b.replications[1] = vec![0, 2];
        assert_eq!(values_at(&a, 1, Some(&b)), None);
        assert_eq!(values_at(&a, 1, None), Some(vec![1.0, 1.0]));
    }
}
