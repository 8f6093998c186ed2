//! Weekly series per model: mean line over a shaded interval band.

use super::svg::{
    empty_chart, finish, finite_or, header, max_width, prepare, right_margin_for, tick_labels,
    x_axis_space, x_grid, x_title, y_grid, Anchor, Area, Body, Extent, Font, LegendItem, Paint,
    PathData, Scale, Stroke, Swatch, PAD,
};
use super::{fmt_number, nice_ticks, ChartOptions, Lang, ReferenceLine};

/// How the x axis (weeks) is labelled.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum TimeAxis {
    /// Ticks in weeks.
    #[default]
    Weeks,
    /// Ticks in years: week `w` sits at year `w / weeks_per_year`
    /// (non-finite or ≤ 0 means 52).
    Years {
        /// Weeks in a simulated year.
        weeks_per_year: f64,
    },
}

/// One model's weekly series. Point `i` is week `first_week + i`; a NaN or
/// infinite value is a gap (the line breaks).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineSeries {
    /// Legend entry (e.g. the model name); empty leaves it out.
    pub name: String,
    /// Mean per week.
    pub mean: Vec<f64>,
    /// Lower bound of the band per week (empty: no band).
    pub lower: Vec<f64>,
    /// Upper bound of the band per week (empty: no band). Bounds given the
    /// wrong way round are swapped.
    pub upper: Vec<f64>,
}

/// Input of [`line_bands`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineBands {
    /// Size, title, number format (y axis), theme.
    pub options: ChartOptions,
    /// The series, drawn in this order with theme colours and dashes.
    pub series: Vec<LineSeries>,
    /// Week number of the first point (usually 0 or 1).
    pub first_week: f64,
    /// Label the x axis in weeks or years.
    pub time_axis: TimeAxis,
    /// X-axis title (e.g. "Week"); empty for none.
    pub x_label: String,
    /// Y-axis title, drawn above the axis; empty for none.
    pub y_label: String,
    /// Legend entry explaining the band (e.g. "95% interval over 50
    /// replications"); empty for none.
    pub band_label: String,
    /// Optional horizontal reference line (target, baseline).
    pub reference: Option<ReferenceLine>,
    /// Let the y axis start at (or pass through) zero.
    pub y_include_zero: bool,
}

/// Weekly series per model, each a mean line over a shaded interval band,
/// with 4–6 "nice" y ticks, x ticks in weeks or years, a legend and an
/// optional horizontal reference line.
pub fn line_bands(chart: &LineBands) -> String {
    let opts = &chart.options;
    let mut ext = Extent::new();
    for s in &chart.series {
        ext.add_all(&s.mean);
        for (&a, &b) in s.lower.iter().zip(&s.upper) {
            if a.is_finite() && b.is_finite() {
                ext.add(a);
                ext.add(b);
            }
        }
    }
    if !ext.any {
        return empty_chart(opts);
    }
    let reference = chart.reference.as_ref().filter(|r| r.value.is_finite());
    if let Some(r) = reference {
        ext.add(r.value);
    }
    if chart.y_include_zero {
        ext.add(0.0);
    }
    let (theme, w, fixed_h) = prepare(opts);
    let lang = opts.format.lang;
    let yt = nice_ticks(ext.min, ext.max);
    let y_ticks = tick_labels(&opts.format, &yt);

    let n = chart
        .series
        .iter()
        .map(|s| s.mean.len().max(s.lower.len().min(s.upper.len())))
        .max()
        .unwrap_or(0);
    let first = finite_or(chart.first_week, 0.0).clamp(-1e6, 1e6);
    let (xd0, xd1) = if n <= 1 {
        (first - 1.0, first + 1.0)
    } else {
        (first, first + (n - 1) as f64)
    };
    let x_ticks = time_ticks(xd0, xd1, chart.time_axis, lang);

    let has_band = |s: &LineSeries| {
        s.lower
            .iter()
            .zip(&s.upper)
            .any(|(a, b)| a.is_finite() && b.is_finite())
    };
    let mut items: Vec<LegendItem> = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let sw = if has_band(s) {
                Swatch::LineBand(theme.color(i), theme.dash(i))
            } else {
                Swatch::Line(theme.color(i), theme.dash(i))
            };
            LegendItem::new(sw, &s.name)
        })
        .collect();
    items.push(LegendItem::new(Swatch::Band(theme.text), &chart.band_label));

    let h = fixed_h.unwrap_or((w * 0.56).round());
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &items);
    let tick = theme.tick_font_size;
    let label_w = max_width(y_ticks.iter().map(|(_, l)| l.as_str()), tick, w * 0.3);
    let has_y_title = !chart.y_label.trim().is_empty();
    let has_x_title = !chart.x_label.trim().is_empty();
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
        d0: xd0,
        d1: xd1,
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

    let x_of = |i: usize| xs.map(first + i as f64);
    for (i, s) in chart.series.iter().enumerate() {
        let d = band_path(&s.lower, &s.upper, &x_of, &ys);
        b.path(&d, Paint::fill(theme.color(i)).opacity(theme.band_opacity));
    }
    for (i, s) in chart.series.iter().enumerate() {
        let (d, dots) = line_path(&s.mean, &x_of, &ys);
        let st = Stroke::new(theme.color(i), 2.5).dash(theme.dash(i));
        b.path(&d, Paint::fill("none").stroke(st));
        for (x, y) in dots {
            b.circle(x, y, 3.0, Paint::fill(theme.color(i)));
        }
    }
    if let Some(r) = reference {
        let y = ys.map(r.value);
        b.line(
            area.x0,
            y,
            area.x1,
            y,
            Stroke::new(theme.reference, 1.5).dash("6 4"),
        );
        let ly = if y - 18.0 < area.y0 {
            y + 11.0
        } else {
            y - 11.0
        };
        b.text_fit(
            area.x1 - 4.0,
            ly,
            &r.label,
            (area.x1 - area.x0) * 0.6,
            Font::new(tick)
                .anchor(Anchor::End)
                .fill(theme.reference)
                .halo(),
        );
    }
    finish(opts, &theme, w, h, &b)
}

/// X ticks inside `[d0, d1]` (in weeks) with labels in weeks or years.
fn time_ticks(d0: f64, d1: f64, axis: TimeAxis, lang: Lang) -> Vec<(f64, String)> {
    let div = match axis {
        TimeAxis::Weeks => 1.0,
        TimeAxis::Years { weeks_per_year } => {
            if weeks_per_year.is_finite() && weeks_per_year > 0.0 {
                weeks_per_year
            } else {
                52.0
            }
        }
    };
    let t = nice_ticks(d0 / div, d1 / div);
    if axis == TimeAxis::Weeks && t.step < 1.0 {
        // No fractional weeks: every whole week in range (at most a few).
        let mut out = Vec::new();
        let mut k = d0.ceil();
        while k <= d1 && out.len() < 8 {
            out.push((k, fmt_number(k, 0, lang)));
            k += 1.0;
        }
        return out;
    }
    let tol = t.step * 1e-9;
    t.values
        .iter()
        .filter(|&&v| v >= d0 / div - tol && v <= d1 / div + tol)
        .map(|&v| (v * div, fmt_number(v, t.decimals, lang)))
        .collect()
}

/// The band as one path of closed polygons, one per run of weeks where
/// both bounds are finite; a run of one week is a 2-unit-wide sliver.
fn band_path(lower: &[f64], upper: &[f64], x_of: &dyn Fn(usize) -> f64, ys: &Scale) -> String {
    let mut d = PathData::default();
    let mut run: Vec<(f64, f64, f64)> = Vec::new();
    let n = lower.len().min(upper.len());
    for i in 0..=n {
        let point = match (lower.get(i), upper.get(i)) {
            (Some(&a), Some(&b)) if a.is_finite() && b.is_finite() => {
                Some((x_of(i), ys.map(a.min(b)), ys.map(a.max(b))))
            }
            _ => None,
        };
        match point {
            Some(p) => run.push(p),
            None => {
                flush_band(&mut d, &run);
                run.clear();
            }
        }
    }
    d.d
}

fn flush_band(d: &mut PathData, run: &[(f64, f64, f64)]) {
    match run {
        [] => {}
        [(x, lo, hi)] => {
            d.move_to(x - 1.0, *hi);
            d.line_to(x + 1.0, *hi);
            d.line_to(x + 1.0, *lo);
            d.line_to(x - 1.0, *lo);
            d.close();
        }
        [(x, _, hi), rest @ ..] => {
            d.move_to(*x, *hi);
            for (x, _, hi) in rest {
                d.line_to(*x, *hi);
            }
            for (x, lo, _) in run.iter().rev() {
                d.line_to(*x, *lo);
            }
            d.close();
        }
    }
}

/// The mean line as one path with a sub-path per run of finite values,
/// plus the positions of isolated points (drawn as dots).
fn line_path(values: &[f64], x_of: &dyn Fn(usize) -> f64, ys: &Scale) -> (String, Vec<(f64, f64)>) {
    let mut d = PathData::default();
    let mut dots = Vec::new();
    let mut run: Vec<(f64, f64)> = Vec::new();
    for i in 0..=values.len() {
        match values.get(i) {
            Some(&v) if v.is_finite() => run.push((x_of(i), ys.map(v))),
            _ => {
                match run.as_slice() {
                    [] => {}
                    [p] => dots.push(*p),
                    [(x, y), rest @ ..] => {
                        d.move_to(*x, *y);
                        for (x, y) in rest {
                            d.line_to(*x, *y);
                        }
                    }
                }
                run.clear();
            }
        }
    }
    (d.d, dots)
}
