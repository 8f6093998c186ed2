//! Forest plot: per row a dot (mean), a thick 50% and a thin 95% interval.

use super::svg::{
    empty_chart, finish, header, max_width, prepare, right_margin_for, squeeze, text_width,
    tick_labels, x_axis_space, x_grid, x_title, Anchor, Area, Body, Extent, Font, LegendItem,
    Paint, Scale, Stroke, Swatch, PAD,
};
use super::{nice_ticks, ChartOptions, ReferenceLine, MISSING};

/// One row of a forest plot. Non-finite values leave that element out; a
/// row without a finite mean shows `–`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntervalRow {
    /// Row label on the left (e.g. the model).
    pub label: String,
    /// If not empty, a bold heading line is drawn above this row (e.g. the
    /// outcome that the following rows belong to).
    pub heading: String,
    /// Series index: colour and marker shape (e.g. the model's index).
    pub series: usize,
    /// The dot (mean or median).
    pub mean: f64,
    /// Lower end of the thick (e.g. 50%) interval.
    pub inner_low: f64,
    /// Upper end of the thick interval.
    pub inner_high: f64,
    /// Lower end of the thin (e.g. 95%) interval.
    pub outer_low: f64,
    /// Upper end of the thin interval.
    pub outer_high: f64,
    /// Text right of the plot (e.g. `6.3 [5.7, 7.0]`); empty for none.
    pub annotation: String,
}

/// Input of [`dot_intervals`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DotIntervals {
    /// Size, title, number format (x axis), theme.
    pub options: ChartOptions,
    /// Rows, top to bottom.
    pub rows: Vec<IntervalRow>,
    /// X-axis title; empty for none.
    pub x_label: String,
    /// Legend entries for series 0, 1, …; empty for no legend.
    pub series_names: Vec<String>,
    /// Legend entry for the thick interval (e.g. "50% interval"); empty
    /// for none.
    pub inner_label: String,
    /// Legend entry for the thin interval (e.g. "95% interval"); empty for
    /// none.
    pub outer_label: String,
    /// Vertical reference line (0 for differences, or the reference
    /// model's value) with its label.
    pub reference: Option<ReferenceLine>,
}

enum Line<'a> {
    Heading(&'a str),
    Row(&'a IntervalRow),
}

/// A forest plot: rows with a dot, a thick inner and a thin outer interval,
/// labels on the left, optional annotations on the right and an optional
/// vertical reference line.
pub fn dot_intervals(chart: &DotIntervals) -> String {
    let opts = &chart.options;
    if chart.rows.is_empty() {
        return empty_chart(opts);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let mut ext = Extent::new();
    for r in &chart.rows {
        ext.add_all(&[r.mean, r.inner_low, r.inner_high, r.outer_low, r.outer_high]);
    }
    let reference = chart.reference.as_ref().filter(|r| r.value.is_finite());
    if let Some(r) = reference {
        ext.add(r.value);
    }
    if !ext.any {
        ext.add(0.0);
    }
    let ticks = nice_ticks(ext.min, ext.max);
    let x_ticks = tick_labels(&opts.format, &ticks);

    let mut lines = Vec::new();
    for r in &chart.rows {
        if !r.heading.trim().is_empty() {
            lines.push(Line::Heading(&r.heading));
        }
        lines.push(Line::Row(r));
    }
    let indent = if lines.len() > chart.rows.len() {
        12.0
    } else {
        0.0
    };

    let mut items: Vec<LegendItem> = chart
        .series_names
        .iter()
        .enumerate()
        .map(|(i, n)| LegendItem::new(Swatch::Marker(theme.color(i), theme.marker(i)), n))
        .collect();
    items.push(LegendItem::new(Swatch::Interval(6.0), &chart.inner_label));
    items.push(LegendItem::new(Swatch::Interval(1.5), &chart.outer_label));

    let size = theme.font_size;
    let small = theme.tick_font_size;
    let mut label_w = (max_width(chart.rows.iter().map(|r| r.label.as_str()), size, w) + indent)
        .max(max_width(
            chart.rows.iter().map(|r| r.heading.as_str()),
            size * 1.07,
            w,
        ))
        .min(w * 0.38);
    let mut ann_w = max_width(
        chart.rows.iter().map(|r| r.annotation.as_str()),
        small,
        w * 0.28,
    );
    squeeze(w, 24.0, &mut [&mut label_w, &mut ann_w]);
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let has_ref_label = reference.is_some_and(|r| !r.label.trim().is_empty());
    let y0 = top + 4.0 + if has_ref_label { 18.0 } else { 0.0 };
    let bottom = x_axis_space(!chart.x_label.trim().is_empty()) + PAD;
    let row_h = match fixed_h {
        Some(h) => ((h - y0 - bottom) / lines.len() as f64).max(14.0),
        None => 26.0,
    };
    let y1 = y0 + row_h * lines.len() as f64;
    let x0 = PAD + label_w + 12.0;
    let x1 = if ann_w > 0.0 {
        w - PAD - ann_w - 12.0
    } else {
        w - right_margin_for(&x_ticks, &theme)
    }
    .max(x0 + 40.0);
    let area = Area { x0, y0, x1, y1 };
    let xs = Scale {
        d0: ticks.first(),
        d1: ticks.last(),
        r0: x0,
        r1: x1,
    };

    let mut k = 0usize;
    for (i, line) in lines.iter().enumerate() {
        if let Line::Row(_) = line {
            if k % 2 == 1 {
                let y = y0 + row_h * i as f64;
                b.rect(PAD, y, w - 2.0 * PAD, row_h, Paint::fill(theme.stripe));
            }
            k += 1;
        }
    }
    x_grid(&mut b, &theme, area, &xs, &x_ticks, true);
    x_title(&mut b, &theme, area, &chart.x_label, w - 2.0 * PAD);
    if let Some(r) = reference {
        let x = xs.map(r.value);
        b.line(x, y0, x, y1, Stroke::new(theme.reference, 1.5).dash("6 4"));
        let lw = text_width(&r.label, small).min(w * 0.5);
        b.text_fit(
            x.max(PAD + lw / 2.0).min(w - PAD - lw / 2.0),
            y0 - 10.0,
            &r.label,
            w * 0.5,
            Font::new(small)
                .anchor(Anchor::Middle)
                .fill(theme.reference),
        );
    }

    let inner_h = (row_h * 0.3).min(7.0);
    for (i, line) in lines.iter().enumerate() {
        let cy = y0 + row_h * (i as f64 + 0.5);
        let r = match line {
            Line::Heading(t) => {
                b.text_fit(PAD, cy, t, x0 - PAD - 8.0, Font::new(size).bold());
                continue;
            }
            Line::Row(r) => r,
        };
        b.text_fit(
            PAD + indent,
            cy,
            &r.label,
            (label_w - indent).max(10.0),
            Font::new(size),
        );
        let color = theme.color(r.series);
        if r.outer_low.is_finite() && r.outer_high.is_finite() {
            let st = Stroke::new(color, 1.6);
            b.line(xs.map(r.outer_low), cy, xs.map(r.outer_high), cy, st);
        }
        if r.inner_low.is_finite() && r.inner_high.is_finite() {
            let st = Stroke::new(color, inner_h);
            b.line(xs.map(r.inner_low), cy, xs.map(r.inner_high), cy, st);
        }
        if r.mean.is_finite() {
            let m = theme.marker(r.series);
            b.marker(xs.map(r.mean), cy, (row_h * 0.2).min(5.5), m, color);
        } else {
            b.text(x0 + 6.0, cy, MISSING, Font::new(size).fill(theme.muted));
        }
        b.text_fit(x1 + 12.0, cy, &r.annotation, ann_w, Font::new(small));
    }
    let h = fixed_h.unwrap_or(0.0).max(y1 + bottom);
    finish(opts, &theme, w, h, &b)
}
