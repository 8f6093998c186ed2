//! The SVG writer and layout helpers the charts share: number and text
//! escaping, estimated text widths, scales, the title and legend block,
//! axes, and the empty-chart fallback.

use std::fmt::Write as _;

use super::{words, ChartOptions, Marker, NumberFormat, Theme, Ticks};

/// Outer padding around every chart.
pub(super) const PAD: f64 = 12.0;
/// Height of one legend row.
const LEGEND_ROW: f64 = 20.0;
/// Coordinates are clamped to ±this, so no input can produce huge numbers.
const COORD_LIMIT: f64 = 1e6;

/// Formats an SVG coordinate or length: at most two decimals, trailing
/// zeros and a bare dot removed, never `-0`; non-finite values give `0` and
/// values are clamped to ±1,000,000. The only way numbers enter the markup.
pub fn fmt_coord(x: f64) -> String {
    if !x.is_finite() {
        return "0".to_string();
    }
    let mut s = format!("{:.2}", x.clamp(-COORD_LIMIT, COORD_LIMIT));
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    if s == "-0" {
        s = "0".to_string();
    }
    s
}

/// Escapes text for XML content and attribute values: `&`, `<`, `>`, `"`,
/// `'` become entities; tabs and line breaks become spaces; other control
/// characters and the non-characters U+FFFE/U+FFFF, which XML forbids, are
/// dropped.
pub fn escape_xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// Turns a caller's id into `[a-z0-9-]`: ASCII letters lower-cased, digits
/// kept, every other run of characters one `-`, no leading or trailing
/// `-`, at most 64 characters. `"Fig 3: Kosten & baten"` → `fig-3-kosten-baten`.
pub fn sanitize_id(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if out.len() >= 64 {
            break;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii_lowercase() || c.is_ascii_digit() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, or a lower-case colour name.
pub(super) fn valid_color(c: &str) -> bool {
    let b = c.as_bytes();
    let hex = b.first() == Some(&b'#')
        && matches!(b.len(), 4 | 5 | 7 | 9)
        && b.iter().skip(1).all(|x| x.is_ascii_hexdigit());
    let name = !b.is_empty() && b.len() <= 20 && b.iter().all(|x| x.is_ascii_lowercase());
    hex || name
}

/// Empty (solid) or digits, dots, commas and spaces.
pub(super) fn valid_dash(d: &str) -> bool {
    d.len() <= 40 && d.chars().all(|c| c.is_ascii_digit() || " .,".contains(c))
}

/// Estimated advance width of `c` in em, rounded up from DejaVu Sans (the
/// widest of the usual `sans-serif` fonts: Arial and Helvetica run about
/// 10% narrower), so labels rather get too much room than too little.
fn char_em(c: char) -> f64 {
    match c {
        'i' | 'j' | 'l' | '\'' | '|' | 'I' | 'J' => 0.3,
        ' ' | '\u{a0}' | ',' | '.' | ':' | ';' | '/' | '!' => 0.34,
        'f' | 't' | '-' | '(' | ')' | '[' | ']' | 'r' => 0.42,
        '"' | '*' | '_' | '\u{2013}' => 0.5,
        'c' | 's' | 'z' | '?' => 0.56,
        'k' | 'v' | 'x' | 'y' | 'F' | 'L' | 'P' | 'T' | 'Y' => 0.62,
        '%' | 'm' | 'w' | 'W' | '@' | '…' | '—' => 1.0,
        '0'..='9' | 'a'..='z' | '€' | '$' | 'μ' | 'σ' => 0.64,
        'D' | 'G' | 'H' | 'N' | 'O' | 'Q' | 'U' | '&' => 0.79,
        '+' | '<' | '>' | '=' | '#' | '\u{2212}' | 'M' => 0.86,
        'A'..='Z' => 0.7,
        c if (c as u32) >= 0x2E80 => 1.0,
        _ => 0.66,
    }
}

/// Estimated width of `s` at font size `size`.
pub(crate) fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(char_em).sum::<f64>() * size
}

/// `s` (trimmed) cut with `…` to fit `max_w`; the flag says whether it was
/// cut.
pub(super) fn fit_text(s: &str, size: f64, max_w: f64) -> (String, bool) {
    let s = s.trim();
    if text_width(s, size) <= max_w {
        return (s.to_string(), false);
    }
    let budget = max_w - char_em('…') * size;
    let mut out = String::new();
    let mut used = 0.0;
    for c in s.chars() {
        let cw = char_em(c) * size;
        if used + cw > budget {
            break;
        }
        used += cw;
        out.push(c);
    }
    let mut out = out.trim_end().to_string();
    out.push('…');
    (out, true)
}

/// Widest of `labels` at `size`, at most `cap`.
pub(super) fn max_width<'a>(labels: impl IntoIterator<Item = &'a str>, size: f64, cap: f64) -> f64 {
    labels
        .into_iter()
        .map(|l| text_width(l.trim(), size))
        .fold(0.0, f64::max)
        .min(cap)
}

/// Shrinks the margins that can be cut with `…` (row labels, annotations)
/// in proportion, so that the plot keeps at least 45% of the inner width;
/// `fixed` is the room taken by what cannot be cut (gaps, value labels).
pub(super) fn squeeze(w: f64, fixed: f64, parts: &mut [&mut f64]) {
    let room = ((w - 2.0 * PAD) * 0.55 - fixed).max(30.0 * parts.len() as f64);
    let total: f64 = parts.iter().map(|p| **p).sum();
    if total > room {
        let f = room / total;
        for p in parts.iter_mut() {
            **p *= f;
        }
    }
}

/// Black or white, whichever reads better on `fill` (`#rrggbb`; anything
/// else gets black). Luminance with gamma 2 instead of the sRGB curve: exact
/// arithmetic, and close enough to pick between black and white.
pub(super) fn contrast_text(fill: &str) -> &'static str {
    let b = fill.as_bytes();
    if b.len() != 7 || b[0] != b'#' {
        return "#000000";
    }
    let ch = |i: usize| {
        fill.get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map_or(1.0, |v| f64::from(v) / 255.0)
    };
    let (r, g, bl) = (ch(1), ch(3), ch(5));
    let lum = 0.2126 * r * r + 0.7152 * g * g + 0.0722 * bl * bl;
    if lum < 0.2 {
        "#ffffff"
    } else {
        "#000000"
    }
}

/// `v` if finite, else `fallback`.
pub(super) fn finite_or(v: f64, fallback: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        fallback
    }
}

/// Text anchor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Anchor {
    Start,
    Middle,
    End,
}

/// Text style. `fill` empty means the chart's text colour.
#[derive(Clone, Copy, Debug)]
pub(super) struct Font {
    pub size: f64,
    pub anchor: Anchor,
    pub bold: bool,
    pub fill: &'static str,
    pub halo: bool,
}

impl Font {
    pub fn new(size: f64) -> Self {
        Font {
            size,
            anchor: Anchor::Start,
            bold: false,
            fill: "",
            halo: false,
        }
    }
    pub fn anchor(mut self, a: Anchor) -> Self {
        self.anchor = a;
        self
    }
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }
    pub fn fill(mut self, c: &'static str) -> Self {
        self.fill = c;
        self
    }
    /// A white outline behind the glyphs, for labels drawn over data.
    pub fn halo(mut self) -> Self {
        self.halo = true;
        self
    }
}

/// Line style. `dash` empty means solid.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stroke {
    pub color: &'static str,
    pub width: f64,
    pub dash: &'static str,
}

impl Stroke {
    pub fn new(color: &'static str, width: f64) -> Self {
        Stroke {
            color,
            width,
            dash: "",
        }
    }
    pub fn dash(mut self, d: &'static str) -> Self {
        self.dash = d;
        self
    }
}

/// Fill (and optional outline) of a shape.
#[derive(Clone, Copy, Debug)]
pub(super) struct Paint {
    pub fill: &'static str,
    pub opacity: f64,
    pub stroke: Option<Stroke>,
}

impl Paint {
    pub fn fill(c: &'static str) -> Self {
        Paint {
            fill: c,
            opacity: 1.0,
            stroke: None,
        }
    }
    pub fn opacity(mut self, o: f64) -> Self {
        self.opacity = o;
        self
    }
    pub fn stroke(mut self, s: Stroke) -> Self {
        self.stroke = Some(s);
        self
    }
}

/// Path data with compact, deterministic formatting; repeated points are
/// dropped.
#[derive(Default)]
pub(super) struct PathData {
    pub d: String,
    last: Option<(String, String)>,
    in_line: bool,
}

impl PathData {
    pub fn move_to(&mut self, x: f64, y: f64) {
        let (xs, ys) = (fmt_coord(x), fmt_coord(y));
        let _ = write!(self.d, "M{xs} {ys}");
        self.last = Some((xs, ys));
        self.in_line = false;
    }
    pub fn line_to(&mut self, x: f64, y: f64) {
        let p = (fmt_coord(x), fmt_coord(y));
        if self.last.as_ref() == Some(&p) {
            return;
        }
        let sep = if self.in_line { " " } else { "L" };
        let _ = write!(self.d, "{sep}{} {}", p.0, p.1);
        self.last = Some(p);
        self.in_line = true;
    }
    pub fn close(&mut self) {
        self.d.push('Z');
        self.in_line = false;
    }
}

/// The markup being built (everything inside `<svg>` after the
/// background).
#[derive(Default)]
pub(super) struct Body {
    pub s: String,
}

impl Body {
    fn stroke_attrs(&mut self, st: &Stroke) {
        let _ = write!(
            self.s,
            " stroke=\"{}\" stroke-width=\"{}\"",
            st.color,
            fmt_coord(st.width)
        );
        if !st.dash.is_empty() {
            let _ = write!(self.s, " stroke-dasharray=\"{}\"", st.dash);
        }
    }

    fn paint_attrs(&mut self, p: &Paint) {
        let _ = write!(self.s, " fill=\"{}\"", p.fill);
        if p.opacity < 1.0 {
            let _ = write!(self.s, " fill-opacity=\"{}\"", fmt_coord(p.opacity));
        }
        if let Some(st) = &p.stroke {
            self.stroke_attrs(st);
        }
    }

    pub fn line(&mut self, x1: f64, y1: f64, x2: f64, y2: f64, st: Stroke) {
        let _ = write!(
            self.s,
            "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"",
            fmt_coord(x1),
            fmt_coord(y1),
            fmt_coord(x2),
            fmt_coord(y2)
        );
        self.stroke_attrs(&st);
        self.s.push_str("/>");
    }

    /// A rectangle; negative sizes are flipped, non-finite ones skipped.
    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, p: Paint) {
        if !(x.is_finite() && y.is_finite() && w.is_finite() && h.is_finite()) {
            return;
        }
        let (x, w) = if w < 0.0 { (x + w, -w) } else { (x, w) };
        let (y, h) = if h < 0.0 { (y + h, -h) } else { (y, h) };
        let _ = write!(
            self.s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
            fmt_coord(x),
            fmt_coord(y),
            fmt_coord(w),
            fmt_coord(h)
        );
        self.paint_attrs(&p);
        self.s.push_str("/>");
    }

    pub fn path(&mut self, d: &str, p: Paint) {
        if d.is_empty() {
            return;
        }
        let _ = write!(self.s, "<path d=\"{d}\"");
        self.paint_attrs(&p);
        if p.fill == "none" {
            self.s.push_str(" stroke-linejoin=\"round\"");
        }
        self.s.push_str("/>");
    }

    pub fn circle(&mut self, cx: f64, cy: f64, r: f64, p: Paint) {
        let _ = write!(
            self.s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
            fmt_coord(cx),
            fmt_coord(cy),
            fmt_coord(r)
        );
        self.paint_attrs(&p);
        self.s.push_str("/>");
    }

    /// Text vertically centred on `cy`; `tooltip`, if any, becomes a
    /// `<title>` child (used for the full text of cut labels).
    fn text_inner(&mut self, x: f64, cy: f64, s: &str, f: Font, tooltip: Option<&str>) {
        if s.is_empty() {
            return;
        }
        let _ = write!(
            self.s,
            "<text x=\"{}\" y=\"{}\"",
            fmt_coord(x),
            fmt_coord(cy + 0.35 * f.size)
        );
        if f.size != 13.0 {
            let _ = write!(self.s, " font-size=\"{}\"", fmt_coord(f.size));
        }
        match f.anchor {
            Anchor::Start => {}
            Anchor::Middle => self.s.push_str(" text-anchor=\"middle\""),
            Anchor::End => self.s.push_str(" text-anchor=\"end\""),
        }
        if f.bold {
            self.s.push_str(" font-weight=\"bold\"");
        }
        if !f.fill.is_empty() {
            let _ = write!(self.s, " fill=\"{}\"", f.fill);
        }
        if f.halo {
            self.s.push_str(
                " stroke=\"#ffffff\" stroke-width=\"3\" stroke-linejoin=\"round\" paint-order=\"stroke\"",
            );
        }
        self.s.push('>');
        if let Some(t) = tooltip {
            let _ = write!(self.s, "<title>{}</title>", escape_xml(t.trim()));
        }
        self.s.push_str(&escape_xml(s));
        self.s.push_str("</text>");
    }

    /// Text vertically centred on `cy`.
    pub fn text(&mut self, x: f64, cy: f64, s: &str, f: Font) {
        self.text_inner(x, cy, s, f, None);
    }

    /// Text cut to `max_w` with `…`; the full text goes into a tooltip.
    pub fn text_fit(&mut self, x: f64, cy: f64, s: &str, max_w: f64, f: Font) {
        let scale = if f.bold { 1.07 } else { 1.0 };
        let (shown, cut) = fit_text(s, f.size * scale, max_w);
        self.text_inner(x, cy, &shown, f, if cut { Some(s) } else { None });
    }

    /// A marker of radius about `r` with a white outline.
    pub fn marker(&mut self, cx: f64, cy: f64, r: f64, m: Marker, fill: &'static str) {
        let p = Paint::fill(fill).stroke(Stroke::new("#ffffff", 1.2));
        let mut d = PathData::default();
        let pts: &[(f64, f64)] = match m {
            Marker::Circle => {
                self.circle(cx, cy, r, p);
                return;
            }
            Marker::Square => &[(-0.9, -0.9), (0.9, -0.9), (0.9, 0.9), (-0.9, 0.9)],
            Marker::Diamond => &[(0.0, -1.25), (1.25, 0.0), (0.0, 1.25), (-1.25, 0.0)],
            Marker::TriangleUp => &[(0.0, -1.3), (1.2, 0.8), (-1.2, 0.8)],
            Marker::TriangleDown => &[(0.0, 1.3), (1.2, -0.8), (-1.2, -0.8)],
        };
        for (i, &(dx, dy)) in pts.iter().enumerate() {
            if i == 0 {
                d.move_to(cx + dx * r, cy + dy * r);
            } else {
                d.line_to(cx + dx * r, cy + dy * r);
            }
        }
        d.close();
        self.path(&d.d, p);
    }
}

/// Finite min/max of the values seen.
#[derive(Clone, Copy, Debug)]
pub(super) struct Extent {
    pub min: f64,
    pub max: f64,
    pub any: bool,
}

impl Extent {
    pub fn new() -> Self {
        Extent {
            min: f64::INFINITY,
            max: f64::NEG_INFINITY,
            any: false,
        }
    }
    pub fn add(&mut self, v: f64) {
        if v.is_finite() {
            self.min = self.min.min(v);
            self.max = self.max.max(v);
            self.any = true;
        }
    }
    pub fn add_all(&mut self, vs: &[f64]) {
        for &v in vs {
            self.add(v);
        }
    }
}

/// Linear map from data `[d0, d1]` to pixels `[r0, r1]`; data outside is
/// clamped, NaN goes to `d0`, a zero-width domain maps to the middle.
#[derive(Clone, Copy, Debug)]
pub(super) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if !span.is_finite() || span == 0.0 {
            return (self.r0 + self.r1) / 2.0;
        }
        let (lo, hi) = if span > 0.0 {
            (self.d0, self.d1)
        } else {
            (self.d1, self.d0)
        };
        let v = if v.is_nan() {
            self.d0
        } else {
            v.max(lo).min(hi)
        };
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// The plot area in pixels.
#[derive(Clone, Copy, Debug)]
pub(super) struct Area {
    pub x0: f64,
    pub y0: f64,
    pub x1: f64,
    pub y1: f64,
}

/// The validated theme, width and fixed height (if any) of a chart.
pub(super) fn prepare(opts: &ChartOptions) -> (Theme, f64, Option<f64>) {
    let w = if opts.width.is_finite() && opts.width > 0.0 {
        opts.width.clamp(240.0, 4000.0)
    } else {
        720.0
    };
    let h = if opts.height.is_finite() && opts.height > 0.0 {
        Some(opts.height.clamp(120.0, 4000.0))
    } else {
        None
    };
    (opts.theme.sanitized(), w, h)
}

/// Tick values with their labels in the chart's number format.
pub(super) fn tick_labels(fmt: &NumberFormat, ticks: &Ticks) -> Vec<(f64, String)> {
    ticks
        .values
        .iter()
        .map(|&v| (v, fmt.tick(v, ticks)))
        .collect()
}

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
pub(super) enum Swatch {
    /// A line in a colour and dash pattern.
    Line(&'static str, &'static str),
    /// A line over a translucent band.
    LineBand(&'static str, &'static str),
    /// A translucent band alone.
    Band(&'static str),
    /// A filled square.
    Square(&'static str),
    /// A marker.
    Marker(&'static str, Marker),
    /// A neutral horizontal bar of this thickness (interval widths).
    Interval(f64),
}

/// One legend entry.
pub(super) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

impl LegendItem {
    pub fn new(swatch: Swatch, label: &str) -> Self {
        LegendItem {
            swatch,
            label: label.trim().to_string(),
        }
    }
}

/// Draws legend entries left to right from `(x0, y0)`, wrapping at
/// `max_w`; entries with empty labels are skipped. Returns the height used.
fn legend(b: &mut Body, theme: &Theme, items: &[LegendItem], x0: f64, y0: f64, max_w: f64) -> f64 {
    let size = theme.font_size;
    let sw = 24.0;
    let mut x = x0;
    let mut row = 0usize;
    let mut any = false;
    for it in items.iter().filter(|i| !i.label.is_empty()) {
        let (label, _) = fit_text(&it.label, size, (max_w - sw - 6.0).max(20.0));
        let iw = sw + 6.0 + text_width(&label, size);
        if any && x + iw > x0 + max_w {
            row += 1;
            x = x0;
        }
        any = true;
        let cy = y0 + row as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
        match it.swatch {
            Swatch::Line(c, dash) => {
                b.line(x, cy, x + sw, cy, Stroke::new(c, 2.5).dash(dash));
            }
            Swatch::LineBand(c, dash) => {
                b.rect(
                    x,
                    cy - 6.0,
                    sw,
                    12.0,
                    Paint::fill(c).opacity(theme.band_opacity),
                );
                b.line(x, cy, x + sw, cy, Stroke::new(c, 2.5).dash(dash));
            }
            Swatch::Band(c) => {
                b.rect(
                    x,
                    cy - 6.0,
                    sw,
                    12.0,
                    Paint::fill(c).opacity(theme.band_opacity),
                );
            }
            Swatch::Square(c) => b.rect(x + 5.0, cy - 7.0, 14.0, 14.0, Paint::fill(c)),
            Swatch::Marker(c, m) => b.marker(x + sw / 2.0, cy, 5.0, m, c),
            Swatch::Interval(t) => {
                b.line(x + 2.0, cy, x + sw - 2.0, cy, Stroke::new(theme.muted, t));
            }
        }
        b.text(x + sw + 6.0, cy, &label, Font::new(size));
        x += iw + 18.0;
    }
    if any {
        (row + 1) as f64 * LEGEND_ROW + 6.0
    } else {
        0.0
    }
}

/// Draws the title (if shown) and the legend; returns the y below them.
pub(super) fn header(
    b: &mut Body,
    opts: &ChartOptions,
    theme: &Theme,
    w: f64,
    items: &[LegendItem],
) -> f64 {
    let mut y = PAD;
    if opts.show_title && !opts.title.trim().is_empty() {
        let size = theme.title_font_size;
        b.text_fit(
            PAD,
            y + size / 2.0,
            &opts.title,
            w - 2.0 * PAD,
            Font::new(size).bold(),
        );
        y += size + 10.0;
    }
    y + legend(b, theme, items, PAD, y, w - 2.0 * PAD)
}

/// Wraps the body in the `<svg>` element: namespace, `viewBox`,
/// `width="100%"`, id, accessibility attributes, `<title>`, `<desc>` and a
/// background rectangle.
pub(super) fn finish(opts: &ChartOptions, theme: &Theme, w: f64, h: f64, body: &Body) -> String {
    let title = if opts.title.trim().is_empty() {
        words(opts.format.lang).chart
    } else {
        opts.title.trim()
    };
    let title = escape_xml(title);
    let (w, h) = (fmt_coord(w), fmt_coord(h));
    let mut s = String::with_capacity(body.s.len() + 400);
    let _ = write!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"100%\""
    );
    let id = sanitize_id(&opts.id);
    if !id.is_empty() {
        let _ = write!(s, " id=\"chart-{id}\"");
    }
    let _ = write!(
        s,
        " role=\"img\" aria-label=\"{title}\" font-family=\"sans-serif\" font-size=\"13\" fill=\"{}\"><title>{title}</title>",
        theme.text
    );
    if !opts.description.trim().is_empty() {
        let _ = write!(s, "<desc>{}</desc>", escape_xml(opts.description.trim()));
    }
    let _ = write!(
        s,
        "<rect width=\"{w}\" height=\"{h}\" fill=\"{}\"/>",
        theme.background
    );
    s.push_str(&body.s);
    s.push_str("</svg>");
    s
}

/// A chart with nothing to draw: title, a dashed frame and a note.
pub(super) fn empty_chart(opts: &ChartOptions) -> String {
    let (theme, w, fixed_h) = prepare(opts);
    let h = fixed_h.unwrap_or((w * 0.3).round().max(140.0));
    let mut b = Body::default();
    let top = header(&mut b, opts, &theme, w, &[]);
    let bottom = (h - PAD).max(top + 60.0);
    b.rect(
        PAD,
        top,
        w - 2.0 * PAD,
        bottom - top,
        Paint::fill("none").stroke(Stroke::new(theme.grid, 1.0).dash("4 4")),
    );
    b.text(
        w / 2.0,
        (top + bottom) / 2.0,
        words(opts.format.lang).no_data,
        Font::new(theme.font_size)
            .anchor(Anchor::Middle)
            .fill(theme.muted),
    );
    finish(opts, &theme, w, bottom + PAD, &b)
}

/// Horizontal gridlines at `ticks` across `area`, labels right-aligned to
/// the left of it, and a zero line if 0 lies strictly inside.
pub(super) fn y_grid(
    b: &mut Body,
    theme: &Theme,
    area: Area,
    scale: &Scale,
    ticks: &[(f64, String)],
) {
    for (v, label) in ticks {
        let y = scale.map(*v);
        b.line(area.x0, y, area.x1, y, Stroke::new(theme.grid, 1.0));
        b.text(
            area.x0 - 8.0,
            y,
            label,
            Font::new(theme.tick_font_size)
                .anchor(Anchor::End)
                .fill(theme.muted),
        );
    }
    let (lo, hi) = (scale.d0.min(scale.d1), scale.d0.max(scale.d1));
    if lo < 0.0 && hi > 0.0 {
        let y = scale.map(0.0);
        b.line(area.x0, y, area.x1, y, Stroke::new(theme.zero, 1.2));
    }
}

/// Vertical gridlines at `ticks` (if `grid`), tick marks and labels below
/// `area`, the bottom axis line, and a zero line if 0 lies strictly inside.
pub(super) fn x_grid(
    b: &mut Body,
    theme: &Theme,
    area: Area,
    scale: &Scale,
    ticks: &[(f64, String)],
    grid: bool,
) {
    // Label every k-th tick if the labels would touch (narrow charts).
    let size = theme.tick_font_size;
    let widest = max_width(ticks.iter().map(|(_, l)| l.as_str()), size, f64::INFINITY);
    let spacing = match ticks {
        [(a, _), (b, _), ..] => (scale.map(*b) - scale.map(*a)).abs(),
        _ => f64::INFINITY,
    };
    let every = ((widest + 8.0) / spacing).ceil().max(1.0) as usize;
    for (i, (v, label)) in ticks.iter().enumerate() {
        let x = scale.map(*v);
        if grid {
            b.line(x, area.y0, x, area.y1, Stroke::new(theme.grid, 1.0));
        }
        b.line(x, area.y1, x, area.y1 + 4.0, Stroke::new(theme.axis, 1.0));
        if i % every != 0 {
            continue;
        }
        b.text(
            x,
            area.y1 + 14.0,
            label,
            Font::new(size).anchor(Anchor::Middle).fill(theme.muted),
        );
    }
    b.line(
        area.x0,
        area.y1,
        area.x1,
        area.y1,
        Stroke::new(theme.axis, 1.0),
    );
    let (lo, hi) = (scale.d0.min(scale.d1), scale.d0.max(scale.d1));
    if grid && lo < 0.0 && hi > 0.0 {
        let x = scale.map(0.0);
        b.line(x, area.y0, x, area.y1, Stroke::new(theme.zero, 1.2));
    }
}

/// The value axis of a chart of horizontal bars whose rows span `y0..y1`: the
/// plot runs from right of the row labels (`label_w` wide) to the margin of a
/// `w`-wide chart, keeping `pad_l` and `pad_r` free inside it for value labels.
/// Draws the gridlines at `ticks` (`x_ticks` their labels), the axis line under
/// the whole plot and the axis `title`; returns the value scale and the plot's
/// left edge.
#[allow(clippy::too_many_arguments)]
pub(super) fn bar_value_axis(
    b: &mut Body,
    theme: &Theme,
    w: f64,
    label_w: f64,
    (pad_l, pad_r): (f64, f64),
    (y0, y1): (f64, f64),
    ticks: &crate::format::Ticks,
    x_ticks: &[(f64, String)],
    title: &str,
) -> (Scale, f64) {
    let x0 = PAD + label_w + 10.0;
    let x1 = (w - PAD).max(x0 + pad_l + pad_r + 40.0);
    let xs = Scale {
        d0: ticks.first(),
        d1: ticks.last(),
        r0: x0 + pad_l,
        r1: x1 - pad_r,
    };
    let grid_area = Area {
        x0: xs.r0,
        y0,
        x1: xs.r1,
        y1,
    };
    x_grid(b, theme, grid_area, &xs, x_ticks, true);
    b.line(x0, y1, xs.r0, y1, Stroke::new(theme.axis, 1.0));
    b.line(xs.r1, y1, x1, y1, Stroke::new(theme.axis, 1.0));
    x_title(b, theme, grid_area, title, w - 2.0 * PAD);
    (xs, x0)
}

/// Space below a bottom axis: tick labels, and the axis title if any.
pub(super) fn x_axis_space(has_title: bool) -> f64 {
    24.0 + if has_title { 20.0 } else { 0.0 }
}

/// The x-axis title, centred under `area` below the tick labels.
pub(super) fn x_title(b: &mut Body, theme: &Theme, area: Area, text: &str, max_w: f64) {
    if !text.trim().is_empty() {
        b.text_fit(
            (area.x0 + area.x1) / 2.0,
            area.y1 + 34.0,
            text,
            max_w,
            Font::new(theme.font_size).anchor(Anchor::Middle),
        );
    }
}

/// Margin needed right of the plot so the last x tick label (centred on
/// the plot's right edge at worst) stays inside.
pub(super) fn right_margin_for(ticks: &[(f64, String)], theme: &Theme) -> f64 {
    let last = ticks
        .last()
        .map_or(0.0, |(_, l)| text_width(l, theme.tick_font_size));
    PAD.max(last / 2.0 + 4.0)
}
