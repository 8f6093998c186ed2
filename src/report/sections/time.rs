//! Over time: the weekly series per model (waiting list, caseload,
//! unresolved debt, cumulative crises and planned referrals, the W&I and
//! credit-bank queues), each a mean line over a band that holds the middle
//! half of the simulated futures.

use maud::html;

use super::{figure, Ctx, Section, HALF};
use crate::format::NumberFormat;
use crate::model::LinkageModel;
use crate::report::charts::{line_bands, LineBands, LineSeries, TimeAxis};
use crate::report::data::Series;
use crate::report::derived::range;
use crate::report::i18n::{self, T};

pub(super) fn section(cx: &Ctx<'_>) -> Option<Section> {
    let ts = cx.data.timeseries.as_ref()?;
    let charts: Vec<_> = i18n::SERIES
        .iter()
        .filter_map(|&(key, _, _)| {
            let series = ts.metrics.get(key)?;
            Some(chart(cx, key, series))
        })
        .collect();
    if charts.is_empty() {
        return None;
    }
    let body = html! {
        p { (cx.f(T::TimeIntro, &[("n", &cx.count(cx.n as u64))])) }
        div.grid { @for c in charts { (c) } }
    };
    Some(Section {
        id: "time",
        title: cx.t(T::SecTime).to_string(),
        body,
    })
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

fn chart(cx: &Ctx<'_>, key: &str, series: &[Series]) -> maud::Markup {
    let (first, step, points) = grid(series);
    // Every model in the fixed order, an empty unnamed series where one was
    // not run, so each model keeps its colour.
    let lines: Vec<LineSeries> = LinkageModel::ALL
        .iter()
        .map(|&m| {
            let Some(s) = series.iter().find(|s| s.model == m) else {
                return LineSeries::default();
            };
            let mut mean = vec![f64::NAN; points];
            let mut lower = vec![f64::NAN; points];
            let mut upper = vec![f64::NAN; points];
            for (w, values) in s.weeks.iter().zip(&s.values) {
                let i = ((w - first) / step) as usize;
                let r = range(values);
                mean[i] = r.mean;
                lower[i] = r.p25;
                upper[i] = r.p75;
            }
            LineSeries {
                name: m.name().to_string(),
                mean,
                lower,
                upper,
            }
        })
        .collect();
    let title = i18n::series(key, cx.lang);
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
        band_label: cx.f(T::BandMiddle50, &[("n", &cx.count(cx.n as u64))]),
        reference: None,
        y_include_zero: true,
    };
    figure(&title, line_bands(&chart))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(weeks: &[u32]) -> Series {
        Series {
            model: LinkageModel::Broad,
            weeks: weeks.to_vec(),
            values: weeks.iter().map(|_| vec![1.0]).collect(),
        }
    }

    #[test]
    fn sampled_series_are_points_per_sample() {
        assert_eq!(grid(&[s(&[0, 1, 2, 3])]), (0, 1, 4));
        assert_eq!(grid(&[s(&[0, 13, 26, 39])]), (0, 13, 4));
        assert_eq!(grid(&[s(&[0, 13, 27])]), (0, 1, 28));
        assert_eq!(grid(&[]), (0, 1, 0));
    }
}
