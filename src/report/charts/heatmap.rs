//! Categorical heatmap: a grid whose cells each hold a category (e.g. which
//! model is best at that combination of two parameters).

use super::svg::{
    contrast_text, empty_chart, finish, header, max_width, prepare, squeeze, text_width, Anchor,
    Body, Font, LegendItem, Paint, Stroke, Swatch, PAD,
};
use super::{ChartOptions, MISSING};

/// A category of a [`CategoricalHeatmap`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HeatCategory {
    /// Legend text (e.g. the model name).
    pub name: String,
    /// Short code written in each cell that fits it (e.g. "A"), so the map
    /// also reads in greyscale; empty for none.
    pub short: String,
}

/// Input of [`heatmap_categorical`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CategoricalHeatmap {
    /// Size, title, language, theme.
    pub options: ChartOptions,
    /// Categories; category `i` gets series colour `i`.
    pub categories: Vec<HeatCategory>,
    /// `cells[row][column]`, row 0 at the top: the category index, or
    /// `None` for no data. Indices without a category, and cells missing
    /// from short rows, also count as no data.
    pub cells: Vec<Vec<Option<usize>>>,
    /// Column labels, left to right (thinned out when they would overlap).
    pub x_ticks: Vec<String>,
    /// Row labels, top to bottom.
    pub y_ticks: Vec<String>,
    /// X-axis title (below the grid); empty for none.
    pub x_label: String,
    /// Y-axis title (above the row labels); empty for none.
    pub y_label: String,
    /// Legend entry for cells without data (shown only if there are any);
    /// empty for none.
    pub missing_label: String,
}

/// A grid of coloured cells, one category per cell, with row and column
/// labels from the caller, short codes in the cells and a legend.
pub fn heatmap_categorical(chart: &CategoricalHeatmap) -> String {
    let opts = &chart.options;
    let n_rows = chart.cells.len().max(chart.y_ticks.len());
    let n_cols = chart
        .cells
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(chart.x_ticks.len());
    if n_rows == 0 || n_cols == 0 {
        return empty_chart(opts);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let cell = |r: usize, c: usize| {
        chart
            .cells
            .get(r)
            .and_then(|row| row.get(c))
            .copied()
            .flatten()
            .filter(|&k| k < chart.categories.len())
    };
    let any_missing = (0..n_rows).any(|r| (0..n_cols).any(|c| cell(r, c).is_none()));

    let mut items: Vec<LegendItem> = chart
        .categories
        .iter()
        .enumerate()
        .map(|(i, cat)| {
            let text = if cat.short.trim().is_empty() {
                cat.name.clone()
            } else {
                format!("{}: {}", cat.short.trim(), cat.name.trim())
            };
            LegendItem::new(Swatch::Square(theme.color(i)), &text)
        })
        .collect();
    if any_missing {
        items.push(LegendItem::new(
            Swatch::Square(theme.missing),
            &chart.missing_label,
        ));
    }
    let size = theme.font_size;
    let small = theme.tick_font_size;
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let has_y_title = !chart.y_label.trim().is_empty();
    let has_x_title = !chart.x_label.trim().is_empty();
    let mut label_w = max_width(chart.y_ticks.iter().map(String::as_str), small, w * 0.3);
    squeeze(w, 8.0, &mut [&mut label_w]);
    let x0 = PAD + label_w + 8.0;
    let x1 = (w - PAD).max(x0 + 40.0);
    let y0 = top + if has_y_title { 24.0 } else { 4.0 };
    let bottom = 22.0 + if has_x_title { 20.0 } else { 0.0 } + PAD;
    let cell_w = (x1 - x0) / n_cols as f64;
    let cell_h = match fixed_h {
        Some(h) => ((h - y0 - bottom) / n_rows as f64).max(4.0),
        None => (cell_w * 0.6).clamp(20.0, 36.0),
    };
    let y1 = y0 + cell_h * n_rows as f64;

    if has_y_title {
        b.text_fit(
            PAD,
            y0 - 14.0,
            &chart.y_label,
            w - 2.0 * PAD,
            Font::new(size),
        );
    }
    let gap = Stroke::new(theme.background, 1.0);
    for r in 0..n_rows {
        for c in 0..n_cols {
            let (x, y) = (x0 + cell_w * c as f64, y0 + cell_h * r as f64);
            let (fill, code) = match cell(r, c) {
                Some(k) => (
                    theme.color(k),
                    chart.categories.get(k).map_or("", |cat| cat.short.trim()),
                ),
                None => (theme.missing, MISSING),
            };
            b.rect(x, y, cell_w, cell_h, Paint::fill(fill).stroke(gap));
            if !code.is_empty() && text_width(code, small) + 4.0 <= cell_w && cell_h >= small + 2.0
            {
                b.text(
                    x + cell_w / 2.0,
                    y + cell_h / 2.0,
                    code,
                    Font::new(small)
                        .anchor(Anchor::Middle)
                        .fill(contrast_text(fill)),
                );
            }
        }
    }
    // Row labels, thinned if rows are lower than the text.
    let row_step = ((small + 2.0) / cell_h).ceil().max(1.0) as usize;
    for (r, label) in chart.y_ticks.iter().enumerate().step_by(row_step) {
        b.text_fit(
            x0 - 8.0,
            y0 + cell_h * (r as f64 + 0.5),
            label,
            label_w,
            Font::new(small).anchor(Anchor::End).fill(theme.muted),
        );
    }
    // Column labels, thinned if wider than the columns.
    let col_w = max_width(chart.x_ticks.iter().map(String::as_str), small, w);
    let col_step = ((col_w + 6.0) / cell_w).ceil().max(1.0) as usize;
    let max_label = (cell_w * col_step as f64 - 4.0).max(small);
    for (c, label) in chart.x_ticks.iter().enumerate().step_by(col_step) {
        b.text_fit(
            x0 + cell_w * (c as f64 + 0.5),
            y1 + 12.0,
            label,
            max_label,
            Font::new(small).anchor(Anchor::Middle).fill(theme.muted),
        );
    }
    if has_x_title {
        b.text_fit(
            (x0 + x1) / 2.0,
            y1 + 32.0,
            &chart.x_label,
            w - 2.0 * PAD,
            Font::new(size).anchor(Anchor::Middle),
        );
    }
    let h = fixed_h.unwrap_or(0.0).max(y1 + bottom);
    finish(opts, &theme, w, h, &b)
}
