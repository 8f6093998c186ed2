//! Waterfall (bridge) from costs and benefits to the net present value.
//!
//! Drawn horizontally: one row per category, so long category names (Dutch
//! stakeholder and cost-item names run long) sit on the left in full
//! instead of being rotated under narrow columns.

use super::svg::{
    bar_value_axis, empty_chart, finish, header, max_width, prepare, squeeze, text_width,
    tick_labels, x_axis_space, Anchor, Body, Extent, Font, LegendItem, Paint, Stroke, Swatch, PAD,
};
use super::{nice_ticks, words, ChartOptions};

/// One step of a waterfall: a signed amount (benefits positive, costs
/// negative). A non-finite value is shown as `–` and skipped in the sum.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WaterfallStep {
    /// Category (e.g. "Staff costs", "Avoided evictions").
    pub label: String,
    /// Signed amount.
    pub value: f64,
}

/// Input of [`waterfall`]: one model's breakdown. For several models draw
/// one waterfall each with the same `domain`, so they compare.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Waterfall {
    /// Size, title, number format (usually euros), theme.
    pub options: ChartOptions,
    /// Steps, top to bottom, starting from zero.
    pub steps: Vec<WaterfallStep>,
    /// Label of the final bar (e.g. "NPV"); empty means "Total"/"Totaal".
    pub total_label: String,
    /// X-axis title; empty for none.
    pub x_label: String,
    /// Legend entry for positive steps (e.g. "Benefit"); empty for none.
    pub benefit_label: String,
    /// Legend entry for negative steps (e.g. "Cost"); empty for none.
    pub cost_label: String,
    /// Range the axis must cover in any case (ignored if non-finite), to
    /// give several waterfalls the same scale.
    pub domain: Option<(f64, f64)>,
}

/// A horizontal waterfall: each step a floating bar from the running total
/// to the new one (benefits and costs in different colours, signed value
/// labels, dashed connectors), and a final total bar from zero.
pub fn waterfall(chart: &Waterfall) -> String {
    let opts = &chart.options;
    if chart.steps.is_empty() {
        return empty_chart(opts);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let fmt = &opts.format;

    // (start, end) per step; no end for a missing value.
    let mut spans: Vec<(f64, Option<f64>)> = Vec::with_capacity(chart.steps.len());
    let mut total = 0.0_f64;
    let mut ext = Extent::new();
    ext.add(0.0);
    for s in &chart.steps {
        let next = total + s.value;
        if s.value.is_finite() && next.is_finite() {
            spans.push((total, Some(next)));
            total = next;
            ext.add(total);
        } else {
            spans.push((total, None));
        }
    }
    if let Some((a, b)) = chart.domain {
        ext.add(a);
        ext.add(b);
    }
    let ticks = nice_ticks(ext.min, ext.max);
    let x_ticks = tick_labels(fmt, &ticks);
    let small = theme.tick_font_size;
    let size = theme.font_size;

    // Value labels go beyond the bar end in the direction of the step.
    let mut labels: Vec<(String, bool)> = chart
        .steps
        .iter()
        .map(|s| (fmt.signed_value(s.value), s.value < 0.0))
        .collect();
    labels.push((fmt.value(total), total < 0.0));
    let side = |left: bool| {
        labels
            .iter()
            .filter(|(_, l)| *l == left)
            .map(|(t, _)| text_width(t, small) + 8.0)
            .fold(0.0, f64::max)
            .min(w * 0.2)
    };
    let (pad_l, pad_r) = (side(true), side(false));

    let total_label = if chart.total_label.trim().is_empty() {
        words(fmt.lang).total
    } else {
        chart.total_label.as_str()
    };
    let items = [
        LegendItem::new(Swatch::Square(theme.benefit), &chart.benefit_label),
        LegendItem::new(Swatch::Square(theme.cost), &chart.cost_label),
    ];
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let mut label_w = max_width(
        chart
            .steps
            .iter()
            .map(|s| s.label.as_str())
            .chain([total_label]),
        size * 1.07,
        w * 0.32,
    );
    squeeze(w, pad_l + pad_r + 10.0, &mut [&mut label_w]);
    let rows = chart.steps.len() + 1;
    let bottom = x_axis_space(!chart.x_label.trim().is_empty()) + PAD;
    let y0 = top + 4.0;
    let row_h = match fixed_h {
        Some(h) => ((h - y0 - bottom) / rows as f64).max(12.0),
        None => 28.0,
    };
    let bar = row_h * 0.64;
    let y1 = y0 + row_h * rows as f64;
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

    let connector = Stroke::new(theme.axis, 1.0).dash("3 3");
    let mut prev_end: Option<(f64, f64)> = None; // (x, bottom y) of the last bar end
    for (i, (s, span)) in chart.steps.iter().zip(&spans).enumerate() {
        let ytop = y0 + row_h * i as f64 + (row_h - bar) / 2.0;
        let cy = ytop + bar / 2.0;
        b.text_fit(
            x0 - 10.0,
            cy,
            &s.label,
            label_w,
            Font::new(size).anchor(Anchor::End),
        );
        let (text, _) = &labels[i];
        match *span {
            (a, Some(e)) => {
                let (xa, xe) = (xs.map(a), xs.map(e));
                if let Some((px, py)) = prev_end {
                    b.line(px, py, px, ytop, connector);
                }
                let color = if e >= a { theme.benefit } else { theme.cost };
                b.rect(
                    xa,
                    ytop,
                    (xe - xa).abs().max(1.0).copysign(xe - xa),
                    bar,
                    Paint::fill(color),
                );
                let (lx, anchor) = if e < a {
                    (xe - 4.0, Anchor::End)
                } else {
                    (xe + 4.0, Anchor::Start)
                };
                b.text(lx, cy, text, Font::new(small).anchor(anchor));
                prev_end = Some((xe, ytop + bar));
            }
            (a, None) => {
                let font = Font::new(small).fill(theme.muted);
                b.text(xs.map(a) + 4.0, cy, text, font);
            }
        }
    }
    let ytop = y0 + row_h * (rows - 1) as f64 + (row_h - bar) / 2.0;
    let cy = ytop + bar / 2.0;
    b.text_fit(
        x0 - 10.0,
        cy,
        total_label,
        label_w,
        Font::new(size).anchor(Anchor::End).bold(),
    );
    let (xz, xt) = (xs.map(0.0), xs.map(total));
    if let Some((px, py)) = prev_end {
        b.line(px, py, px, ytop, connector);
    }
    b.rect(xz, ytop, xt - xz, bar, Paint::fill(theme.total));
    let (lx, anchor) = if total < 0.0 {
        (xt - 4.0, Anchor::End)
    } else {
        (xt + 4.0, Anchor::Start)
    };
    let (text, _) = &labels[rows - 1];
    b.text(lx, cy, text, Font::new(small).anchor(anchor).bold());
    b.line(xz, y0, xz, y1, Stroke::new(theme.zero, 1.2));
    let h = fixed_h.unwrap_or(0.0).max(y1 + bottom);
    finish(opts, &theme, w, h, &b)
}
