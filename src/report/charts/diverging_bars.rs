//! Horizontal bars left (negative) and right (positive) of zero, grouped by
//! category.

use super::svg::{
    bar_value_axis, empty_chart, finish, header, max_width, prepare, squeeze, text_width,
    tick_labels, x_axis_space, Anchor, Body, Extent, Font, LegendItem, Paint, Stroke, Swatch, PAD,
};
use super::{nice_ticks, ChartOptions};

/// Input of [`diverging_bars`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DivergingBars {
    /// Size, title, number format (axis and value labels), theme.
    pub options: ChartOptions,
    /// Categories, top to bottom (e.g. stakeholders).
    pub categories: Vec<String>,
    /// Groups within each category (e.g. models): legend entries and bar
    /// colours, in this order.
    pub groups: Vec<String>,
    /// `values[category][group]`; missing or non-finite entries draw no
    /// bar and label `–`.
    pub values: Vec<Vec<f64>>,
    /// X-axis title; empty for none.
    pub x_label: String,
    /// Write each bar's value at its end.
    pub show_values: bool,
}

/// Horizontal bars around a zero line, one bar per group within each
/// category, with optional value labels.
pub fn diverging_bars(chart: &DivergingBars) -> String {
    let opts = &chart.options;
    let n_groups = chart
        .values
        .iter()
        .map(Vec::len)
        .max()
        .unwrap_or(0)
        .max(chart.groups.len());
    let n_cats = chart.categories.len().max(chart.values.len());
    if n_cats == 0 || n_groups == 0 {
        return empty_chart(opts);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let value = |c: usize, g: usize| {
        chart
            .values
            .get(c)
            .and_then(|row| row.get(g))
            .copied()
            .unwrap_or(f64::NAN)
    };
    let mut ext = Extent::new();
    ext.add(0.0);
    for row in &chart.values {
        ext.add_all(row);
    }
    let ticks = nice_ticks(ext.min, ext.max);
    let x_ticks = tick_labels(&opts.format, &ticks);
    let small = theme.tick_font_size;
    let size = theme.font_size;

    // Room for value labels beyond the bar ends on either side.
    let (mut pad_l, mut pad_r) = (0.0_f64, 0.0_f64);
    if chart.show_values {
        for row in &chart.values {
            for &v in row {
                let lw = text_width(&opts.format.value(v), small) + 8.0;
                if v < 0.0 {
                    pad_l = pad_l.max(lw);
                } else {
                    pad_r = pad_r.max(lw);
                }
            }
        }
        pad_l = pad_l.min(w * 0.2);
        pad_r = pad_r.min(w * 0.2);
    }

    let items: Vec<LegendItem> = if n_groups > 1 {
        chart
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| LegendItem::new(Swatch::Square(theme.color(i)), g))
            .collect()
    } else {
        Vec::new()
    };
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let mut label_w = max_width(chart.categories.iter().map(String::as_str), size, w * 0.32);
    squeeze(w, pad_l + pad_r + 10.0, &mut [&mut label_w]);
    let bottom = x_axis_space(!chart.x_label.trim().is_empty()) + PAD;
    let y0 = top + 4.0;
    // Natural sizes: bar, gap between bars, gap between categories.
    let (bar, gap, cat_gap) = if n_groups == 1 {
        (20.0, 0.0, 10.0)
    } else {
        (15.0, 2.0, 12.0)
    };
    let band = n_groups as f64 * bar + (n_groups - 1) as f64 * gap + cat_gap;
    let f = match fixed_h {
        Some(h) => ((h - y0 - bottom) / (band * n_cats as f64)).max(0.5),
        None => 1.0,
    };
    let (bar, gap, band) = (bar * f, gap * f, band * f);
    let y1 = y0 + band * n_cats as f64;
    let (xs, x0) = bar_value_axis(
        &mut b,
        &theme,
        w,
        label_w,
        (pad_l, pad_r),
        (y0, y1),
        &ticks,
        &x_ticks,
        &chart.x_label,
    );

    let zero = xs.map(0.0);
    for c in 0..n_cats {
        let top_c = y0 + band * c as f64 + cat_gap * f / 2.0;
        let label = chart.categories.get(c).map_or("", String::as_str);
        let block = n_groups as f64 * bar + (n_groups - 1) as f64 * gap;
        b.text_fit(
            x0 - 10.0,
            top_c + block / 2.0,
            label,
            label_w,
            Font::new(size).anchor(Anchor::End),
        );
        for g in 0..n_groups {
            let v = value(c, g);
            let y = top_c + g as f64 * (bar + gap);
            let cy = y + bar / 2.0;
            if v.is_finite() {
                let x = xs.map(v);
                b.rect(zero, y, x - zero, bar, Paint::fill(theme.color(g)));
                if chart.show_values {
                    let (lx, anchor) = if v < 0.0 {
                        (x - 4.0, Anchor::End)
                    } else {
                        (x + 4.0, Anchor::Start)
                    };
                    let font = Font::new(small).anchor(anchor);
                    b.text(lx, cy, &opts.format.value(v), font);
                }
            } else if chart.show_values {
                let font = Font::new(small).fill(theme.muted);
                b.text(zero + 4.0, cy, &opts.format.value(v), font);
            }
        }
    }
    b.line(zero, y0, zero, y1, Stroke::new(theme.zero, 1.2));
    let h = fixed_h.unwrap_or(0.0).max(y1 + bottom);
    finish(opts, &theme, w, h, &b)
}
