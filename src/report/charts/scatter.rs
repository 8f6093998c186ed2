//! Labelled scatter plot (e.g. Morris screening: μ* against σ, with μ*'s
//! interval).

use super::svg::{
    empty_chart, finish, header, max_width, prepare, right_margin_for, text_width, tick_labels,
    x_axis_space, x_grid, x_title, y_grid, Anchor, Area, Body, Extent, Font, LegendItem, Scale,
    Stroke, Swatch, PAD,
};
use super::{nice_ticks, ChartOptions, ReferenceLine};

/// One point. Points with a non-finite coordinate are left out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ScatterPoint {
    /// Horizontal value (e.g. μ*).
    pub x: f64,
    /// Vertical value (e.g. σ).
    pub y: f64,
    /// Text next to the point (e.g. the parameter); empty for none.
    pub label: String,
    /// Series index: colour and marker shape.
    pub series: usize,
    /// A horizontal interval through the point (e.g. μ*'s 95% interval),
    /// drawn as a thin line with end ticks; `None`, or an end that is not
    /// finite, draws none.
    pub x_interval: Option<(f64, f64)>,
}

/// Input of [`scatter`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scatter {
    /// Size, title, number format (both axes), theme.
    pub options: ChartOptions,
    /// The points; labels are placed in this order, so put the most
    /// important first.
    pub points: Vec<ScatterPoint>,
    /// Legend entries for series 0, 1, …; empty for no legend.
    pub series_names: Vec<String>,
    /// X-axis title; empty for none.
    pub x_label: String,
    /// Y-axis title, drawn above the axis; empty for none.
    pub y_label: String,
    /// Let both axes start at (or pass through) zero (usual for μ*, σ).
    pub include_zero: bool,
    /// Lines through the origin `y = value · x` (for Morris, σ/μ* = 0.1,
    /// 0.5, 1), each labelled at its far end.
    pub ratio_lines: Vec<ReferenceLine>,
}

/// A scatter plot with a marker per point (colour and shape by series),
/// point labels placed to avoid each other where possible, and optional
/// lines through the origin.
pub fn scatter(chart: &Scatter) -> String {
    let opts = &chart.options;
    let points: Vec<&ScatterPoint> = chart
        .points
        .iter()
        .filter(|p| p.x.is_finite() && p.y.is_finite())
        .collect();
    if points.is_empty() {
        return empty_chart(opts);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let (mut ex, mut ey) = (Extent::new(), Extent::new());
    for p in &points {
        ex.add(p.x);
        ey.add(p.y);
        if let Some((lo, hi)) = interval(p) {
            ex.add(lo);
            ex.add(hi);
        }
    }
    if chart.include_zero {
        ex.add(0.0);
        ey.add(0.0);
    }
    let (xt, yt) = (nice_ticks(ex.min, ex.max), nice_ticks(ey.min, ey.max));
    let x_ticks = tick_labels(&opts.format, &xt);
    let y_ticks = tick_labels(&opts.format, &yt);
    let small = theme.tick_font_size;

    let items: Vec<LegendItem> = chart
        .series_names
        .iter()
        .enumerate()
        .map(|(i, n)| LegendItem::new(Swatch::Marker(theme.color(i), theme.marker(i)), n))
        .collect();
    let h = fixed_h.unwrap_or((w * 0.62).round());
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let has_y_title = !chart.y_label.trim().is_empty();
    let has_x_title = !chart.x_label.trim().is_empty();
    let label_w = max_width(y_ticks.iter().map(|(_, l)| l.as_str()), small, w * 0.3);
    let y0 = top + if has_y_title { 26.0 } else { 10.0 };
    let y1 = (h - PAD - x_axis_space(has_x_title)).max(y0 + 60.0);
    let area = Area {
        x0: PAD + label_w + 8.0,
        y0,
        x1: w - right_margin_for(&x_ticks, &theme),
        y1,
    };
    let h = h.max(y1 + x_axis_space(has_x_title) + PAD);
    let xs = Scale {
        d0: xt.first(),
        d1: xt.last(),
        r0: area.x0,
        r1: area.x1,
    };
    let ys = Scale {
        d0: yt.first(),
        d1: yt.last(),
        r0: area.y1,
        r1: area.y0,
    };
    if has_y_title {
        b.text_fit(
            PAD,
            y0 - 16.0,
            &chart.y_label,
            w - 2.0 * PAD,
            Font::new(theme.font_size),
        );
    }
    y_grid(&mut b, &theme, area, &ys, &y_ticks);
    x_grid(&mut b, &theme, area, &xs, &x_ticks, true);
    x_title(&mut b, &theme, area, &chart.x_label, w - 2.0 * PAD);

    for line in chart.ratio_lines.iter().filter(|l| l.value.is_finite()) {
        if let Some(((xa, ya), (xb, yb))) = clip_ratio_line(line.value, &xs, &ys) {
            let (pa, pb) = ((xs.map(xa), ys.map(ya)), (xs.map(xb), ys.map(yb)));
            b.line(
                pa.0,
                pa.1,
                pb.0,
                pb.1,
                Stroke::new(theme.axis, 1.0).dash("4 3"),
            );
            // Leaving through the top: label right of the end, below the
            // frame; through the right side: above-left of the end. Both
            // keep the text off the line.
            let (lx, ly, anchor) = if yb >= ys.d1.max(ys.d0) {
                (pb.0 + 4.0, pb.1 + 9.0, Anchor::Start)
            } else {
                (pb.0 - 3.0, pb.1 - 9.0, Anchor::End)
            };
            b.text_fit(
                lx,
                ly,
                &line.label,
                w * 0.3,
                Font::new(small - 1.0)
                    .anchor(anchor)
                    .fill(theme.muted)
                    .halo(),
            );
        }
    }

    let radius = 5.0;
    let mut taken: Vec<[f64; 4]> = points
        .iter()
        .map(|p| {
            let (x, y) = (xs.map(p.x), ys.map(p.y));
            [x - radius, y - radius, x + radius, y + radius]
        })
        .collect();
    // Labels keep off the interval lines too, so none is struck through.
    taken.extend(points.iter().filter_map(|p| {
        let (lo, hi) = interval(p)?;
        let y = ys.map(p.y);
        Some([xs.map(lo), y - 4.0, xs.map(hi), y + 4.0])
    }));
    // Intervals first, so that markers are drawn over them.
    for p in &points {
        let Some((lo, hi)) = interval(p) else {
            continue;
        };
        let (y, color) = (ys.map(p.y), theme.color(p.series));
        let st = Stroke::new(color, 1.5);
        let (xa, xb) = (xs.map(lo), xs.map(hi));
        b.line(xa, y, xb, y, st);
        b.line(xa, y - 4.0, xa, y + 4.0, st);
        b.line(xb, y - 4.0, xb, y + 4.0, st);
    }
    for p in &points {
        b.marker(
            xs.map(p.x),
            ys.map(p.y),
            radius,
            theme.marker(p.series),
            theme.color(p.series),
        );
    }
    for p in &points {
        let label = p.label.trim();
        if label.is_empty() {
            continue;
        }
        let (x, y) = (xs.map(p.x), ys.map(p.y));
        let lw = text_width(label, small).min(w * 0.3);
        let lh = small;
        // Right, left, above, below: the first that stays inside the plot
        // and clear of other labels and points.
        let candidates = [
            (
                x + 8.0,
                y,
                Anchor::Start,
                [x + 8.0, y - lh / 2.0, x + 8.0 + lw, y + lh / 2.0],
            ),
            (
                x - 8.0,
                y,
                Anchor::End,
                [x - 8.0 - lw, y - lh / 2.0, x - 8.0, y + lh / 2.0],
            ),
            (
                x,
                y - 13.0,
                Anchor::Middle,
                [x - lw / 2.0, y - 13.0 - lh / 2.0, x + lw / 2.0, y - 7.0],
            ),
            (
                x,
                y + 13.0,
                Anchor::Middle,
                [x - lw / 2.0, y + 7.0, x + lw / 2.0, y + 13.0 + lh / 2.0],
            ),
        ];
        let inside = |r: &[f64; 4]| {
            r[0] >= area.x0 && r[2] <= w - PAD && r[1] >= area.y0 - 6.0 && r[3] <= area.y1
        };
        let free = |r: &[f64; 4]| !taken.iter().any(|t| overlaps(t, r));
        let chosen = candidates
            .iter()
            .find(|c| inside(&c.3) && free(&c.3))
            .or_else(|| candidates.iter().find(|c| inside(&c.3)))
            .unwrap_or(&candidates[0]);
        let (lx, ly, anchor, rect) = *chosen;
        taken.push(rect);
        b.text_fit(lx, ly, label, lw, Font::new(small).anchor(anchor).halo());
    }
    finish(opts, &theme, w, h, &b)
}

/// A point's interval, if both ends are finite.
fn interval(p: &ScatterPoint) -> Option<(f64, f64)> {
    p.x_interval
        .filter(|(lo, hi)| lo.is_finite() && hi.is_finite())
}

/// Whether two `[x0, y0, x1, y1]` rectangles overlap (touching is fine).
fn overlaps(a: &[f64; 4], b: &[f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// The part of `y = k·x` inside the scales' domains, as two data points
/// ordered by x, or `None` if the line misses the plot.
fn clip_ratio_line(k: f64, xs: &Scale, ys: &Scale) -> Option<((f64, f64), (f64, f64))> {
    let (xlo, xhi) = (xs.d0.min(xs.d1), xs.d0.max(xs.d1));
    let (ylo, yhi) = (ys.d0.min(ys.d1), ys.d0.max(ys.d1));
    let (a, b) = if k > 0.0 {
        (xlo.max(ylo / k), xhi.min(yhi / k))
    } else if k < 0.0 {
        (xlo.max(yhi / k), xhi.min(ylo / k))
    } else if ylo <= 0.0 && yhi >= 0.0 {
        (xlo, xhi)
    } else {
        return None;
    };
    if a.is_finite() && b.is_finite() && a < b {
        Some(((a, k * a), (b, k * b)))
    } else {
        None
    }
}
