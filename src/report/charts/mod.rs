//! Deterministic SVG charts for the HTML report and the workshop page.
//!
//! Each chart is a pure function from a plain struct to a `String` holding
//! one inline `<svg>` element: [`line_bands`], [`dot_intervals`] (forest
//! plot), [`diverging_bars`], [`waterfall`], [`tornado`],
//! [`heatmap_categorical`] and [`scatter`].
//!
//! # Why our own module and not `plotters`
//!
//! plotters lays out text with system fonts and their metrics, so its output
//! depends on the machine, and its SVG output is not promised to be
//! byte-stable between versions. The report must be byte-identical for
//! identical input (so golden-output tests and report hashes hold), must open
//! from disk without network, print on A4 and read on a projector. The
//! charts we need are few and simple, so we write the SVG ourselves.
//!
//! # Guarantees
//!
//! * Same input ⇒ same bytes: no randomness, clocks, hash-map order or
//!   locale. Every number in the markup goes through [`fmt_coord`] (at most
//!   two decimals, never `-0`).
//! * Self-contained: no `href`, `src`, `url(`, `@import`, scripts, styles,
//!   `<defs>`, clip paths or gradients, so nothing refers to anything, inside
//!   or outside the file. Fonts only by the generic family `sans-serif`. The
//!   only id is the caller's chart id, sanitised by [`sanitize_id`] and
//!   prefixed with `chart-`.
//! * All caller text is escaped by [`escape_xml`]; theme colours, dash
//!   patterns and sizes are validated, so a bad [`Theme`] cannot inject
//!   markup either.
//! * No panics on any input. NaN and ±∞ count as missing (lines break,
//!   bars and points are left out, labels read `–`), all-equal values get a
//!   range from zero, and a chart with nothing to draw is an empty frame
//!   with a note ("No data to display" / "Geen gegevens om te tonen").
//! * Scales with its `viewBox` and `width="100%"`; at the default width of
//!   720 units text is 12–16 px, readable on a projector. Gridlines and
//!   axes are light grey, text near-black.
//! * Colours come from the Okabe–Ito palette ([`OKABE_ITO`]), safe for
//!   colour-blind readers; [`DEFAULT_THEME`] orders it so the first three
//!   series also differ in lightness for greyscale print, and series are
//!   further told apart by dash pattern (lines) and marker shape (points).
//!
//! Text widths are estimated from typical sans-serif character widths, not
//! measured, so margins err on the generous side and long labels are cut
//! with `…` (the full text stays in a `<title>` tooltip).

mod diverging_bars;
mod dot_intervals;
mod heatmap;
mod line_bands;
mod scatter;
mod svg;
mod tornado;
mod waterfall;

#[cfg(test)]
mod tests;

pub use diverging_bars::{diverging_bars, DivergingBars};
pub use dot_intervals::{dot_intervals, DotIntervals, IntervalRow};
pub use heatmap::{heatmap_categorical, CategoricalHeatmap, HeatCategory};
pub use line_bands::{line_bands, LineBands, LineSeries, TimeAxis};
pub use scatter::{scatter, Scatter, ScatterPoint};
/// The width a chart reserves for a text (for callers that must keep labels
/// short enough not to be cut).
pub(crate) use svg::text_width;
pub use svg::{escape_xml, fmt_coord, sanitize_id};
pub use tornado::{tornado, Tornado, TornadoBar};
pub use waterfall::{waterfall, Waterfall, WaterfallStep};

use crate::format::{fmt_number, nice_ticks, Lang, NumberFormat, Ticks, MISSING};

/// The Okabe–Ito colour-blind-safe palette in its published order: orange,
/// sky blue, bluish green, yellow, blue, vermillion, reddish purple, black.
pub const OKABE_ITO: [&str; 8] = [
    "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000",
];

/// Marker shapes, so point series differ without colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Marker {
    /// A filled circle.
    Circle,
    /// A filled square.
    Square,
    /// A filled diamond.
    Diamond,
    /// A triangle pointing up.
    TriangleUp,
    /// A triangle pointing down.
    TriangleDown,
}

/// Colours, dash patterns, markers and text sizes of all charts.
///
/// Colours must be `#rgb`, `#rrggbb` (or with alpha) or a lower-case CSS
/// colour name; dash patterns only digits, dots, commas and spaces. Invalid
/// entries fall back to [`DEFAULT_THEME`]'s.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Theme {
    /// Series colours, used in order (series `i` gets `series[i % 8]`).
    pub series: [&'static str; 8],
    /// Series dash patterns for lines (`""` is solid), used in order.
    pub dashes: [&'static str; 5],
    /// Series marker shapes for points, used in order.
    pub markers: [Marker; 5],
    /// Text colour.
    pub text: &'static str,
    /// Colour of tick labels and notes.
    pub muted: &'static str,
    /// Gridline colour.
    pub grid: &'static str,
    /// Axis line and tick mark colour.
    pub axis: &'static str,
    /// Colour of the zero line in charts with negative values.
    pub zero: &'static str,
    /// Colour of reference lines (target, base value, reference model).
    pub reference: &'static str,
    /// Background colour (a rectangle behind the chart, so it stays
    /// readable on dark pages).
    pub background: &'static str,
    /// Background of every other row in row charts.
    pub stripe: &'static str,
    /// Fill of heatmap cells without data.
    pub missing: &'static str,
    /// Waterfall bars that add (benefits).
    pub benefit: &'static str,
    /// Waterfall bars that subtract (costs).
    pub cost: &'static str,
    /// Waterfall total bar.
    pub total: &'static str,
    /// Tornado bars for the parameter's low value.
    pub low: &'static str,
    /// Tornado bars for the parameter's high value.
    pub high: &'static str,
    /// Opacity of interval bands (0–1).
    pub band_opacity: f64,
    /// Base text size (legend, axis titles, row labels).
    pub font_size: f64,
    /// Size of tick labels, value labels and annotations.
    pub tick_font_size: f64,
    /// Size of the chart title.
    pub title_font_size: f64,
}

/// The default theme: Okabe–Ito colours ordered blue, orange, bluish green,
/// reddish purple, vermillion, sky blue, black, yellow (lightness 47, 71,
/// 57, … in CIELAB, so the first three stay apart in greyscale; yellow,
/// weak on a projector, comes last), light grey grid, near-black text.
pub const DEFAULT_THEME: Theme = Theme {
    series: [
        "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#000000", "#F0E442",
    ],
    dashes: ["", "8 4", "2 3", "10 3 2 3", "5 2"],
    markers: [
        Marker::Circle,
        Marker::Square,
        Marker::Diamond,
        Marker::TriangleUp,
        Marker::TriangleDown,
    ],
    text: "#1a1a1a",
    muted: "#4d4d4d",
    grid: "#e3e3e3",
    axis: "#9a9a9a",
    zero: "#666666",
    reference: "#333333",
    background: "#ffffff",
    stripe: "#f5f5f5",
    missing: "#eeeeee",
    benefit: "#0072B2",
    cost: "#E69F00",
    total: "#3a3a3a",
    low: "#E69F00",
    high: "#0072B2",
    band_opacity: 0.2,
    font_size: 13.0,
    tick_font_size: 12.0,
    title_font_size: 16.0,
};

impl Default for Theme {
    fn default() -> Self {
        DEFAULT_THEME
    }
}

impl Theme {
    /// Colour of series `i`.
    pub fn color(&self, i: usize) -> &'static str {
        self.series[i % self.series.len()]
    }

    /// Dash pattern of series `i` (`""` is solid).
    pub fn dash(&self, i: usize) -> &'static str {
        self.dashes[i % self.dashes.len()]
    }

    /// Marker shape of series `i`.
    pub fn marker(&self, i: usize) -> Marker {
        self.markers[i % self.markers.len()]
    }

    /// This theme with every invalid colour, dash pattern or size replaced
    /// by [`DEFAULT_THEME`]'s. Charts call it before drawing.
    pub fn sanitized(&self) -> Theme {
        let d = DEFAULT_THEME;
        let c = |v: &'static str, fallback: &'static str| {
            if svg::valid_color(v) {
                v
            } else {
                fallback
            }
        };
        let size = |v: f64, fallback: f64| {
            if v.is_finite() && (6.0..=48.0).contains(&v) {
                v
            } else {
                fallback
            }
        };
        let mut t = *self;
        t.series = std::array::from_fn(|i| c(self.series[i], d.series[i]));
        for (i, s) in t.dashes.iter_mut().enumerate() {
            if !svg::valid_dash(s) {
                *s = d.dashes[i];
            }
        }
        t.text = c(t.text, d.text);
        t.muted = c(t.muted, d.muted);
        t.grid = c(t.grid, d.grid);
        t.axis = c(t.axis, d.axis);
        t.zero = c(t.zero, d.zero);
        t.reference = c(t.reference, d.reference);
        t.background = c(t.background, d.background);
        t.stripe = c(t.stripe, d.stripe);
        t.missing = c(t.missing, d.missing);
        t.benefit = c(t.benefit, d.benefit);
        t.cost = c(t.cost, d.cost);
        t.total = c(t.total, d.total);
        t.low = c(t.low, d.low);
        t.high = c(t.high, d.high);
        t.band_opacity = if t.band_opacity.is_finite() && (0.0..=1.0).contains(&t.band_opacity) {
            t.band_opacity
        } else {
            d.band_opacity
        };
        t.font_size = size(t.font_size, d.font_size);
        t.tick_font_size = size(t.tick_font_size, d.tick_font_size);
        t.title_font_size = size(t.title_font_size, d.title_font_size);
        t
    }
}

/// Settings shared by every chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartOptions {
    /// Caller's chart id; sanitised to `[a-z0-9-]` and written as
    /// `id="chart-…"` (nothing if it sanitises to empty). Must be unique
    /// within a page.
    pub id: String,
    /// Title: the `aria-label` and `<title>`, and drawn at the top if
    /// `show_title`.
    pub title: String,
    /// Longer text alternative written as `<desc>` (empty: none).
    pub description: String,
    /// Draw the title inside the SVG (off when the page has a caption).
    pub show_title: bool,
    /// Width in SVG units (the `viewBox`; the SVG itself is `width="100%"`).
    /// Non-finite or ≤ 0 means 720; otherwise clamped to 240–4000.
    pub width: f64,
    /// Height in SVG units; non-finite or ≤ 0 means automatic (from the
    /// width for line and scatter charts, from the number of rows for the
    /// others). Row charts grow beyond it rather than squash rows.
    pub height: f64,
    /// How tick and value labels are written (also picks the language of
    /// the few built-in words).
    pub format: NumberFormat,
    /// Colours and sizes.
    pub theme: Theme,
}

impl Default for ChartOptions {
    fn default() -> Self {
        ChartOptions {
            id: String::new(),
            title: String::new(),
            description: String::new(),
            show_title: true,
            width: 720.0,
            height: 0.0,
            format: NumberFormat::default(),
            theme: DEFAULT_THEME,
        }
    }
}

impl ChartOptions {
    /// Options with the given id, title and number format, default size
    /// (720 wide, automatic height) and [`DEFAULT_THEME`].
    pub fn new(id: &str, title: &str, format: NumberFormat) -> Self {
        ChartOptions {
            id: id.to_string(),
            title: title.to_string(),
            format,
            ..ChartOptions::default()
        }
    }
}

/// A labelled reference value: a horizontal line in [`line_bands`], a
/// vertical line in [`dot_intervals`], a line through the origin with this
/// slope in [`scatter`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReferenceLine {
    /// The value (or slope); a non-finite value draws nothing.
    pub value: f64,
    /// Text next to the line (may be empty).
    pub label: String,
}

/// Built-in words in the chart language.
fn words(lang: Lang) -> Words {
    match lang {
        Lang::En => Words {
            no_data: "No data to display",
            chart: "Chart",
            total: "Total",
            low: "Low value",
            high: "High value",
            base: "Base",
        },
        Lang::Nl => Words {
            no_data: "Geen gegevens om te tonen",
            chart: "Grafiek",
            total: "Totaal",
            low: "Lage waarde",
            high: "Hoge waarde",
            base: "Basis",
        },
    }
}

/// See [`words`].
struct Words {
    no_data: &'static str,
    chart: &'static str,
    total: &'static str,
    low: &'static str,
    high: &'static str,
    base: &'static str,
}
