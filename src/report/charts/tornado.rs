//! Tornado diagram: one-way sensitivity, parameters sorted by swing.

use super::svg::{
    bar_value_axis, empty_chart, finish, finite_or, header, max_width, prepare, squeeze,
    text_width, tick_labels, x_axis_space, Anchor, Body, Extent, Font, LegendItem, Paint, Stroke,
    Swatch, PAD,
};
use super::{nice_ticks, words, ChartOptions};

/// One parameter: the outcome with the parameter at its low and at its high
/// value (everything else at base). A non-finite outcome draws no bar.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TornadoBar {
    /// Parameter label (may include its range, e.g. "Caseload (20–40)").
    pub parameter: String,
    /// Outcome with the parameter at its low value.
    pub low: f64,
    /// Outcome with the parameter at its high value.
    pub high: f64,
}

/// Input of [`tornado`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tornado {
    /// Size, title, number format (outcome), theme.
    pub options: ChartOptions,
    /// Parameters in any order; drawn sorted by swing `|high − low|`,
    /// largest first (ties keep input order; bars without any finite value
    /// last).
    pub bars: Vec<TornadoBar>,
    /// The base-case outcome the bars grow from (non-finite: 0 and no base
    /// line).
    pub base: f64,
    /// Label of the base line; empty means "Base"/"Basis". The value is
    /// appended.
    pub base_label: String,
    /// Legend entry for low-value bars; empty means "Low value"/"Lage waarde".
    pub low_label: String,
    /// Legend entry for high-value bars; empty means "High value"/"Hoge
    /// waarde".
    pub high_label: String,
    /// X-axis title; empty for none.
    pub x_label: String,
    /// Draw only the first this many parameters after sorting (0: all).
    pub max_bars: usize,
}

/// A tornado diagram: per parameter a bar from the base value to the
/// outcome at the parameter's low value and one to the outcome at its high
/// value, sorted by swing, with value labels at the bar ends. When both
/// outcomes lie on the same side of the base, the two bars are drawn at
/// half height one above the other so neither hides the other.
pub fn tornado(chart: &Tornado) -> String {
    let opts = &chart.options;
    if chart.bars.is_empty() {
        return empty_chart(opts);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let fmt = &opts.format;
    let word = words(fmt.lang);
    let base = finite_or(chart.base, 0.0);

    let swing = |t: &TornadoBar| match (t.low.is_finite(), t.high.is_finite()) {
        (true, true) => (t.high - t.low).abs(),
        (true, false) => (t.low - base).abs(),
        (false, true) => (t.high - base).abs(),
        (false, false) => -1.0,
    };
    let mut order: Vec<(f64, &TornadoBar)> = chart.bars.iter().map(|t| (swing(t), t)).collect();
    // Stable, and total_cmp never panics (an infinite swing sorts first).
    order.sort_by(|a, b| b.0.total_cmp(&a.0));
    if chart.max_bars > 0 {
        order.truncate(chart.max_bars);
    }

    let mut ext = Extent::new();
    ext.add(base);
    for (_, t) in &order {
        ext.add(t.low);
        ext.add(t.high);
    }
    let ticks = nice_ticks(ext.min, ext.max);
    let x_ticks = tick_labels(fmt, &ticks);
    let small = theme.tick_font_size;
    let size = theme.font_size;
    let (mut pad_l, mut pad_r) = (0.0_f64, 0.0_f64);
    for (_, t) in &order {
        for v in [t.low, t.high] {
            if v.is_finite() {
                let lw = text_width(&fmt.value(v), small) + 8.0;
                if v < base {
                    pad_l = pad_l.max(lw);
                } else {
                    pad_r = pad_r.max(lw);
                }
            }
        }
    }
    let (pad_l, pad_r) = (pad_l.min(w * 0.2), pad_r.min(w * 0.2));

    let pick = |s: &str, fallback: &'static str| {
        if s.trim().is_empty() {
            fallback.to_string()
        } else {
            s.to_string()
        }
    };
    let items = [
        LegendItem::new(Swatch::Square(theme.low), &pick(&chart.low_label, word.low)),
        LegendItem::new(
            Swatch::Square(theme.high),
            &pick(&chart.high_label, word.high),
        ),
    ];
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let mut label_w = max_width(
        order.iter().map(|(_, t)| t.parameter.as_str()),
        size,
        w * 0.32,
    );
    squeeze(w, pad_l + pad_r + 10.0, &mut [&mut label_w]);
    let has_base = chart.base.is_finite();
    let y0 = top + 4.0 + if has_base { 18.0 } else { 0.0 };
    let bottom = x_axis_space(!chart.x_label.trim().is_empty()) + PAD;
    let row_h = match fixed_h {
        Some(h) => ((h - y0 - bottom) / order.len() as f64).max(12.0),
        None => 28.0,
    };
    let bar = row_h * 0.68;
    let y1 = y0 + row_h * order.len() as f64;
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

    let xb = xs.map(base);
    for (i, (_, t)) in order.iter().enumerate() {
        let cy = y0 + row_h * (i as f64 + 0.5);
        b.text_fit(
            x0 - 10.0,
            cy,
            &t.parameter,
            label_w,
            Font::new(size).anchor(Anchor::End),
        );
        let same_side =
            t.low.is_finite() && t.high.is_finite() && (t.low - base) * (t.high - base) > 0.0;
        for (k, (v, color)) in [(t.low, theme.low), (t.high, theme.high)]
            .into_iter()
            .enumerate()
        {
            if !v.is_finite() {
                continue;
            }
            let (top_y, height, fs) = if same_side {
                (
                    cy - bar / 2.0 + k as f64 * bar / 2.0,
                    bar / 2.0,
                    small - 1.0,
                )
            } else {
                (cy - bar / 2.0, bar, small)
            };
            let x = xs.map(v);
            b.rect(xb, top_y, x - xb, height, Paint::fill(color));
            let (lx, anchor) = if v < base {
                (x - 4.0, Anchor::End)
            } else {
                (x + 4.0, Anchor::Start)
            };
            b.text(
                lx,
                top_y + height / 2.0,
                &fmt.value(v),
                Font::new(fs).anchor(anchor),
            );
        }
    }
    if has_base {
        b.line(xb, y0, xb, y1, Stroke::new(theme.reference, 1.5));
        let label = format!(
            "{}: {}",
            pick(&chart.base_label, word.base),
            fmt.value(base)
        );
        let lw = text_width(&label, small).min(w * 0.6);
        b.text_fit(
            xb.max(PAD + lw / 2.0).min(w - PAD - lw / 2.0),
            y0 - 10.0,
            &label,
            w * 0.6,
            Font::new(small)
                .anchor(Anchor::Middle)
                .fill(theme.reference),
        );
    }
    let h = fixed_h.unwrap_or(0.0).max(y1 + bottom);
    finish(opts, &theme, w, h, &b)
}
