//! The best-model map of a two-axis grid: a cell per combination of the two
//! assumptions' values, coloured by the model best there (each model in its
//! colour of every other chart), with the model's initial in the cell so the
//! map also reads in grey.

use maud::html;

use super::SweepCtx;
use crate::model::LinkageModel;
use crate::report::charts::{heatmap_categorical, CategoricalHeatmap, HeatCategory, DEFAULT_THEME};
use crate::report::i18n::T;
use crate::report::sections::{figure, series_of, Section, WIDE};
use crate::sweep::spec::DesignKind;

/// The colour of "no clear winner" cells: a light grey no model uses.
const NO_WINNER_GREY: &str = "#c8c8c8";

pub(super) fn section(cx: &SweepCtx<'_>) -> Option<Section> {
    let d = cx.data;
    if d.settings.design != DesignKind::Grid || d.settings.axes.len() != 2 {
        return None;
    }
    // The values of each axis in the order the grid gives them (ascending
    // for a range, the file's order for a list): columns left to right, rows
    // bottom to top.
    let levels = |a: usize| {
        let mut v: Vec<&str> = Vec::new();
        for row in &d.points.raw {
            let x = row.get(a).map_or("", String::as_str);
            if !v.contains(&x) {
                v.push(x);
            }
        }
        v
    };
    let (cols, mut rows) = (levels(0), levels(1));
    rows.reverse();
    // Only models best somewhere get a legend entry; each keeps its colour.
    let models: Vec<LinkageModel> = LinkageModel::ALL
        .into_iter()
        .filter(|m| d.points.best.contains(&Some(*m)))
        .collect();
    // Points where the replications cannot tell the leader from another model get a
    // category of their own, after the models.
    let unclear = d.points.unclear.contains(&true);
    let mut cells = vec![vec![None; cols.len()]; rows.len()];
    for ((raw, best), no_winner) in d
        .points
        .raw
        .iter()
        .zip(&d.points.best)
        .zip(&d.points.unclear)
    {
        let c = cols.iter().position(|v| *v == raw[0]);
        let r = rows.iter().position(|v| *v == raw[1]);
        if let (Some(c), Some(r)) = (c, r) {
            cells[r][c] = if *no_winner {
                Some(models.len())
            } else {
                best.and_then(|m| models.iter().position(|x| *x == m))
            };
        }
    }
    let (kx, ky) = (&d.settings.axes[0].key, &d.settings.axes[1].key);
    let tick = |key: &str, raw: &str| match raw.parse::<f64>() {
        Ok(x) => cx.param_value(key, x),
        Err(_) => raw.to_string(),
    };
    let title = cx.f(T::MapChart, &[("x", &cx.param(kx)), ("y", &cx.param(ky))]);
    let mut options = cx.chart(
        "map-best",
        &title,
        crate::format::NumberFormat::number(cx.lang, 0),
        WIDE,
    );
    for (i, m) in models.iter().enumerate() {
        options.theme.series[i] = DEFAULT_THEME.color(series_of(*m));
    }
    let mut categories: Vec<HeatCategory> = models
        .iter()
        .map(|m| HeatCategory {
            name: cx.model(m).to_string(),
            short: cx.model(m)[..1].to_ascii_uppercase(),
        })
        .collect();
    if unclear {
        options.theme.series[models.len()] = NO_WINNER_GREY;
        categories.push(HeatCategory {
            name: cx.t(T::NoClearWinner).to_string(),
            short: "?".to_string(),
        });
    }
    let chart = CategoricalHeatmap {
        options,
        categories,
        cells,
        x_ticks: cols.iter().map(|v| tick(kx, v)).collect(),
        y_ticks: rows.iter().map(|v| tick(ky, v)).collect(),
        x_label: cx.param(kx),
        y_label: cx.param(ky),
        missing_label: cx.t(T::NoResult).to_string(),
    };
    let body = html! {
        p { (cx.f(T::MapIntro, &[("futures", &cx.futures())])) }
        (figure(&title, heatmap_categorical(&chart)))
    };
    Some(Section {
        id: "map",
        title: cx.t(T::SecMap).to_string(),
        body,
    })
}
