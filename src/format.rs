//! The one number formatter: every euro, share, count and interval that wijksim shows
//! to a person (terminal table, recommendation, report, workshop page, SVG charts), in
//! English or Dutch, plus the "nice" (1-2-5) axis ticks that every chart shares. Files
//! meant for programs (CSV, JSON) keep full precision instead.
//!
//! We do not use the host locale or a locale crate: the report must come out
//! byte-identical for identical input on any machine, so every convention is
//! spelled out here, once.
//!
//! # Conventions
//!
//! * English groups thousands with `,` and uses `.` for decimals
//!   (`12,345.6`); Dutch uses `.` and `,` (`12.345,6`). Both group from
//!   1,000 on (`1.000`).
//! * Negative numbers use the minus sign U+2212 ([`MINUS`], `−1.5`), never
//!   an ASCII hyphen. A value that rounds to zero has no sign: never `−0`.
//! * Rounding is half away from zero on the value scaled by 10^decimals
//!   (`0.5 → 1`, `2.5 → 3`, `999.5 → 1,000`), not the round-half-to-even of
//!   Rust's `{:.N}`.
//! * NaN and ±infinity print as an en dash `–` ([`MISSING`]), the usual
//!   "not available" mark in English and Dutch tables.
//! * Numbers and units are joined with a no-break space U+00A0 ([`NBSP`]) so
//!   that `€ 6,3 mln` never breaks across lines.
//! * Euros ([`fmt_eur`]): below €1 million whole euros with separators
//!   (`€12,345`, `€ 12.345`); from €1 million (after rounding) millions with
//!   one decimal (`€6.3 million`, `€ 83,8 mln`); from €1,000 million billions
//!   with one decimal (`€1.2 billion`, `€ 1,2 mld`). Always one decimal, also
//!   below 10 million, so that a column reads with one precision (€0.1
//!   million). Negative amounts put the sign first: `−€1.2 million`,
//!   `−€ 1,2 mln`.
//! * Shares ([`fmt_share`]) are fractions: `0.83 → 83%`; Dutch also writes
//!   `83%`.
//! * Intervals ([`fmt_interval`]): `[5.7, 7.0]` in English, `[5,7; 7,0]` in
//!   Dutch: with a decimal comma the separator between the bounds is a
//!   semicolon, otherwise `[5,7, 7,0]` would be ambiguous.
//!
//! Output contains non-ASCII characters (`€`, `−`, `–`, U+00A0): pages
//! that embed it must be UTF-8.

/// Language of the report: decides separators and unit words.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English: `12,345.6`, `€6.3 million`.
    #[default]
    En,
    /// Dutch: `12.345,6`, `€ 6,3 mln`.
    Nl,
}

impl Lang {
    /// Parse `en` or `nl`.
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "nl" => Some(Lang::Nl),
            _ => None,
        }
    }

    /// The two-letter code.
    pub const fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }

    /// The decimal separator: `.` (En) or `,` (Nl).
    pub const fn decimal_separator(self) -> char {
        match self {
            Lang::En => '.',
            Lang::Nl => ',',
        }
    }

    /// The thousands separator: `,` (En) or `.` (Nl).
    pub const fn group_separator(self) -> char {
        match self {
            Lang::En => ',',
            Lang::Nl => '.',
        }
    }

    /// The separator between the bounds of an interval: `", "` (En) or
    /// `"; "` (Nl, because `,` is the decimal separator).
    pub const fn interval_separator(self) -> &'static str {
        match self {
            Lang::En => ", ",
            Lang::Nl => "; ",
        }
    }
}

/// The minus sign used for negative numbers (U+2212).
pub const MINUS: char = '\u{2212}';

/// What NaN and ±infinity print as: an en dash (U+2013).
pub const MISSING: &str = "\u{2013}";

/// The no-break space (U+00A0) between numbers and units.
pub const NBSP: char = '\u{a0}';

/// The largest number of decimals honoured; larger requests are capped.
pub const MAX_DECIMALS: usize = 12;

/// Exact powers of ten up to [`MAX_DECIMALS`] (a table, so no `powi`
/// whose last bit could in principle differ between platforms).
const POW10: [f64; MAX_DECIMALS + 1] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
];

/// `|x|` rounded to `decimals`, split into digit strings.
struct Rounded {
    /// True if `x < 0` and the rounded value is not zero.
    negative: bool,
    /// Integer digits, at least one, no separators.
    int: String,
    /// Exactly `decimals` fraction digits.
    frac: String,
}

/// Rounds `|x|` half away from zero. Non-finite input is treated as 0
/// (callers print [`MISSING`] before getting here).
fn round_abs(x: f64, decimals: usize) -> Rounded {
    let d = decimals.min(MAX_DECIMALS);
    let a = if x.is_finite() { x.abs() } else { 0.0 };
    let scaled = a * POW10[d];
    // `{:.0}` of an integer-valued float prints its exact digits.
    let (mut digits, used) = if scaled.is_finite() {
        (format!("{:.0}", scaled.round()), d)
    } else {
        (format!("{:.0}", a.round()), 0)
    };
    if digits.len() <= used {
        digits = "0".repeat(used + 1 - digits.len()) + &digits;
    }
    let split = digits.len() - used;
    let mut frac = digits[split..].to_string();
    frac.push_str(&"0".repeat(d - used));
    let nonzero = digits.bytes().any(|b| b != b'0');
    Rounded {
        negative: x < 0.0 && nonzero,
        int: digits[..split].to_string(),
        frac,
    }
}

/// Inserts `sep` between groups of three digits.
fn group_digits(int: &str, sep: char) -> String {
    let n = int.len();
    let mut out = String::with_capacity(n + n / 3 * 2);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (n - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// The rounded magnitude with separators, no sign.
fn unsigned(r: &Rounded, lang: Lang) -> String {
    let mut s = group_digits(&r.int, lang.group_separator());
    if !r.frac.is_empty() {
        s.push(lang.decimal_separator());
        s.push_str(&r.frac);
    }
    s
}

/// Removes trailing fraction zeros and a bare decimal separator
/// (`2.50 → 2.5`, `2.00 → 2`).
fn trim_fraction(s: &mut String, lang: Lang) {
    let dec = lang.decimal_separator();
    if s.contains(dec) {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with(dec) {
            s.pop();
        }
    }
}

/// Prefixes `+` if the formatted value is positive (has a non-zero digit
/// and no minus sign).
fn add_plus(s: String) -> String {
    if s.starts_with(MINUS) || !s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        s
    } else {
        format!("+{s}")
    }
}

/// Formats `x` with `decimals` decimals (capped at [`MAX_DECIMALS`]) and
/// thousands separators: `fmt_number(-1234.5, 1, Lang::Nl)` is `−1.234,5`.
/// NaN and ±infinity give [`MISSING`]; values that round to zero are
/// unsigned.
pub fn fmt_number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let r = round_abs(x, decimals);
    let mut s = String::new();
    if r.negative {
        s.push(MINUS);
    }
    s.push_str(&unsigned(&r, lang));
    s
}

/// Like [`fmt_number`] but positive values get an explicit `+` (for
/// differences): `+1.2`, `−1.2`, `0.0`.
pub fn fmt_number_signed(x: f64, decimals: usize, lang: Lang) -> String {
    add_plus(fmt_number(x, decimals, lang))
}

/// The unit an amount of euros is expressed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EurScale {
    Units,
    Thousands,
    Millions,
    Billions,
}

impl EurScale {
    fn factor(self) -> f64 {
        match self {
            EurScale::Units => 1.0,
            EurScale::Thousands => 1e3,
            EurScale::Millions => 1e6,
            EurScale::Billions => 1e9,
        }
    }

    fn suffix(self, lang: Lang, compact: bool) -> &'static str {
        match (lang, compact, self) {
            (_, _, EurScale::Units) => "",
            (Lang::En, false, EurScale::Thousands) => "\u{a0}thousand",
            (Lang::En, false, EurScale::Millions) => "\u{a0}million",
            (Lang::En, false, EurScale::Billions) => "\u{a0}billion",
            (Lang::En, true, EurScale::Thousands) => "k",
            (Lang::En, true, EurScale::Millions) => "m",
            (Lang::En, true, EurScale::Billions) => "bn",
            (Lang::Nl, _, EurScale::Thousands) => "\u{a0}dzd",
            (Lang::Nl, _, EurScale::Millions) => "\u{a0}mln",
            (Lang::Nl, _, EurScale::Billions) => "\u{a0}mld",
        }
    }
}

/// Euro amount in `scale` with `decimals` decimals: sign, `€`, (Dutch: a
/// no-break space), number, unit word.
fn eur_in(x: f64, scale: EurScale, decimals: usize, lang: Lang, compact: bool) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let r = round_abs(x / scale.factor(), decimals);
    let mut body = unsigned(&r, lang);
    if compact {
        trim_fraction(&mut body, lang);
    }
    let mut s = String::new();
    if r.negative {
        s.push(MINUS);
    }
    s.push('€');
    if lang == Lang::Nl {
        s.push(NBSP);
    }
    s.push_str(&body);
    s.push_str(scale.suffix(lang, compact));
    s
}

/// Formats an amount of euros for text and tables (see the module doc for
/// the thresholds): `€6.3 million`, `€83.8 million`, `€12,345`,
/// `−€1.2 million`; Dutch `€ 6,3 mln`, `€ 83,8 mln`, `€ 12.345`,
/// `−€ 1,2 mln`. NaN and ±infinity give [`MISSING`].
pub fn fmt_eur(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let a = x.abs();
    // Decide on the rounded value, the same way `round_abs` rounds, so that
    // 999,999.5 reads `€1.0 million`, not `€1,000,000`.
    let scale = if a.round() < 1e6 {
        EurScale::Units
    } else if ((a / 1e6) * 10.0).round() < 10_000.0 {
        EurScale::Millions
    } else {
        EurScale::Billions
    };
    let decimals = if scale == EurScale::Units { 0 } else { 1 };
    eur_in(x, scale, decimals, lang, false)
}

/// Like [`fmt_eur`] but positive amounts get an explicit `+`
/// (`+€1.2 million`), for the steps of a waterfall.
pub fn fmt_eur_signed(x: f64, lang: Lang) -> String {
    add_plus(fmt_eur(x, lang))
}

/// Short euro amounts for axis ticks and tight labels, at most two
/// decimals with trailing zeros dropped: `€2m`, `€2.5m`, `€500k`,
/// `€1.25bn`, `€750`; Dutch `€ 2 mln`, `€ 2,5 mln`, `€ 500.000` (Dutch has
/// no common short form for thousands), `€ 1,25 mld`, `€ 750`.
pub fn fmt_eur_compact(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return MISSING.to_string();
    }
    let a = x.abs();
    let reaches = |factor: f64| ((a / factor) * 100.0).round() >= 100.0;
    let scale = if reaches(1e9) {
        EurScale::Billions
    } else if reaches(1e6) {
        EurScale::Millions
    } else if lang == Lang::En && reaches(1e3) {
        EurScale::Thousands
    } else {
        EurScale::Units
    };
    let decimals = if scale == EurScale::Units { 0 } else { 2 };
    eur_in(x, scale, decimals, lang, true)
}

/// Formats a fraction as a percentage with `decimals` decimals:
/// `fmt_percent(0.125, 1, Lang::Nl)` is `12,5%`.
pub fn fmt_percent(x: f64, decimals: usize, lang: Lang) -> String {
    let p = x * 100.0;
    if !p.is_finite() {
        return MISSING.to_string();
    }
    let mut s = fmt_number(p, decimals, lang);
    s.push('%');
    s
}

/// Formats a fraction as a whole percentage: `0.83` → `83%` in both
/// languages.
pub fn fmt_share(x: f64, lang: Lang) -> String {
    fmt_percent(x, 0, lang)
}

/// Formats an interval: `[5.7, 7.0]` (En), `[5,7; 7,0]` (Nl). A missing
/// bound prints as [`MISSING`].
pub fn fmt_interval(lo: f64, hi: f64, decimals: usize, lang: Lang) -> String {
    format!(
        "[{}{}{}]",
        fmt_number(lo, decimals, lang),
        lang.interval_separator(),
        fmt_number(hi, decimals, lang)
    )
}

/// A number with as many decimals as its size warrants: whole from 100 on, one
/// decimal from 10, two from 1, three below.
pub fn fmt_auto(x: f64, lang: Lang) -> String {
    let a = x.abs();
    let decimals = if a >= 100.0 {
        0
    } else if a >= 10.0 {
        1
    } else if a >= 1.0 {
        2
    } else {
        3
    };
    fmt_number(x, decimals, lang)
}

/// Euros in millions with one decimal, without the unit (for tables whose heading
/// says "million euro").
pub fn fmt_millions(x: f64, lang: Lang) -> String {
    fmt_number(x / 1e6, 1, lang)
}

/// An interval of already formatted bounds: `[a, b]` (En), `[a; b]` (Nl).
pub fn fmt_bounds(lo: &str, hi: &str, lang: Lang) -> String {
    format!("[{lo}{}{hi}]", lang.interval_separator())
}

/// What kind of quantity a chart shows; decides how values and ticks are
/// written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Unit {
    /// A plain number ([`fmt_number`]).
    #[default]
    Number,
    /// An amount of euros ([`fmt_eur`] for values, compact for ticks).
    Eur,
    /// A fraction shown as a percentage ([`fmt_percent`]).
    Share,
}

/// How a chart writes its tick and value labels.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NumberFormat {
    /// Language (separators, unit words).
    pub lang: Lang,
    /// Kind of quantity.
    pub unit: Unit,
    /// Decimals of value labels for [`Unit::Number`] and [`Unit::Share`];
    /// ignored for [`Unit::Eur`] (see [`fmt_eur`]). Tick labels take their
    /// decimals from the tick step instead.
    pub decimals: usize,
}

impl NumberFormat {
    /// Plain numbers with `decimals` decimals.
    pub const fn number(lang: Lang, decimals: usize) -> Self {
        NumberFormat {
            lang,
            unit: Unit::Number,
            decimals,
        }
    }

    /// Euro amounts.
    pub const fn eur(lang: Lang) -> Self {
        NumberFormat {
            lang,
            unit: Unit::Eur,
            decimals: 0,
        }
    }

    /// Fractions shown as percentages with `decimals` decimals.
    pub const fn share(lang: Lang, decimals: usize) -> Self {
        NumberFormat {
            lang,
            unit: Unit::Share,
            decimals,
        }
    }

    /// A value label: `1,234.5`, `€6.3 million`, `83%`.
    pub fn value(&self, x: f64) -> String {
        match self.unit {
            Unit::Number => fmt_number(x, self.decimals, self.lang),
            Unit::Eur => fmt_eur(x, self.lang),
            Unit::Share => fmt_percent(x, self.decimals, self.lang),
        }
    }

    /// A value label with an explicit `+` on positive values.
    pub fn signed_value(&self, x: f64) -> String {
        add_plus(self.value(x))
    }

    /// A tick label for tick `x` of `ticks`. Decimals follow the tick step,
    /// so all labels of an axis have the same precision; euro axes use one
    /// unit for the whole axis (`€0`, `€0.5m`, `€1.0m`, …).
    pub fn tick(&self, x: f64, ticks: &Ticks) -> String {
        match self.unit {
            Unit::Number => fmt_number(x, ticks.decimals, self.lang),
            Unit::Share => fmt_percent(x, decimals_for_step(ticks.step * 100.0), self.lang),
            Unit::Eur => {
                if x == 0.0 {
                    return eur_in(0.0, EurScale::Units, 0, self.lang, true);
                }
                let largest = ticks
                    .values
                    .iter()
                    .filter(|v| v.is_finite())
                    .fold(0.0_f64, |m, v| m.max(v.abs()));
                let scale = if largest >= 1e9 {
                    EurScale::Billions
                } else if largest >= 1e6 {
                    EurScale::Millions
                } else if largest >= 1e3 && self.lang == Lang::En {
                    EurScale::Thousands
                } else {
                    EurScale::Units
                };
                let decimals = decimals_for_step(ticks.step / scale.factor());
                // Not `compact` trimming: an axis keeps one precision.
                let mut s = eur_in(x, scale, decimals, self.lang, false);
                if self.lang == Lang::En {
                    // Axis ticks use the short English unit (`€1.5m`).
                    for (long, short) in [
                        ("\u{a0}thousand", "k"),
                        ("\u{a0}million", "m"),
                        ("\u{a0}billion", "bn"),
                    ] {
                        if let Some(stripped) = s.strip_suffix(long) {
                            s = format!("{stripped}{short}");
                        }
                    }
                }
                s
            }
        }
    }
}

/// The fewest decimals (up to [`MAX_DECIMALS`]) that write `step` exactly.
fn decimals_for_step(step: f64) -> usize {
    let s = step.abs();
    if !s.is_finite() || s == 0.0 {
        return 0;
    }
    for (d, p) in POW10.iter().enumerate() {
        let v = s * p;
        if (v - v.round()).abs() <= 1e-6 * v.max(1.0) {
            return d;
        }
    }
    MAX_DECIMALS
}

/// "Nice" axis ticks from [`nice_ticks`].
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// Tick values, ascending, evenly spaced, covering the requested range.
    pub values: Vec<f64>,
    /// Distance between ticks: 1, 2 or 5 × 10^k (rarely 2.5 × 10^k, see
    /// [`nice_ticks`]).
    pub step: f64,
    /// Decimals needed to write every tick exactly (from `step`).
    pub decimals: usize,
}

impl Ticks {
    /// The lowest tick (0 if there are none, which [`nice_ticks`] avoids).
    pub fn first(&self) -> f64 {
        self.values.first().copied().unwrap_or(0.0)
    }

    /// The highest tick (1 if there are none, which [`nice_ticks`] avoids).
    pub fn last(&self) -> f64 {
        self.values.last().copied().unwrap_or(1.0)
    }
}

/// Ticks at 1, 2 or 5 × 10^k that cover `[lo, hi]`: the smallest such step
/// that gives 4 to 6 ticks. About 1 range in 200 has none (55..140: step
/// 20 gives 7 ticks, 50 gives 3); then 2.5 × 10^k is used if it fits
/// (50, 75, …, 150), else the smallest step with 3 ticks.
///
/// Degenerate input never fails: NaN/±∞ bounds are ignored (both missing
/// gives `[0, 1]`), swapped bounds are swapped back, and a single value `v`
/// gives the range from 0 to `v` (`[0, 1]` for 0), so a constant series is
/// drawn against a zero baseline. Values are clamped to ±1e300 and
/// magnitudes below 1e-200 count as zero.
pub fn nice_ticks(lo: f64, hi: f64) -> Ticks {
    let fix = |v: f64| {
        if !v.is_finite() {
            None
        } else if v.abs() < 1e-200 {
            Some(0.0)
        } else {
            Some(v.clamp(-1e300, 1e300))
        }
    };
    let (mut lo, mut hi) = match (fix(lo), fix(hi)) {
        (Some(a), Some(b)) => (a, b),
        (Some(v), None) | (None, Some(v)) => (v, v),
        (None, None) => (0.0, 0.0),
    };
    if lo > hi {
        std::mem::swap(&mut lo, &mut hi);
    }
    if hi - lo <= lo.abs().max(hi.abs()) * 1e-12 {
        if lo == 0.0 {
            hi = 1.0;
        } else {
            let v = lo;
            lo = v.min(0.0);
            hi = v.max(0.0);
        }
    }
    let span = hi - lo;
    // Only a starting point: the candidates around it are checked by count,
    // so a last-bit difference in `log10` cannot change the result.
    let e0 = (span / 5.0).log10().floor() as i32;
    let mut fallback = None;
    // 1-2-5 first; 25 × 10^(e-1) (2.5, 25, 250, …) only when no 1-2-5
    // step gives 4–6 ticks (e.g. 55..140: 20 gives 7 ticks, 50 gives 3,
    // 25 gives 50, 75, …, 150).
    for mantissas in [[1.0, 2.0, 5.0], [25.0, 25.0, 25.0]] {
        for e in (e0 - 2)..=(e0 + 3) {
            for m in mantissas {
                let e = if m == 25.0 { e - 1 } else { e };
                let step = tick_value(m, e);
                let i0 = (lo / step + 1e-9).floor();
                let i1 = (hi / step - 1e-9).ceil();
                let n = i1 - i0 + 1.0;
                if (4.0..=6.0).contains(&n) {
                    return build_ticks(i0, i1, m, e);
                }
                if n <= 6.0 && fallback.is_none() && m != 25.0 {
                    fallback = Some((i0, i1, m, e));
                }
            }
        }
    }
    match fallback {
        Some((i0, i1, m, e)) => build_ticks(i0, i1, m, e),
        None => Ticks {
            values: vec![lo, hi],
            step: span,
            decimals: 0,
        },
    }
}

/// `m × 10^e`, dividing for negative `e` so that `0.1`, `0.2`, `0.5` are
/// the closest doubles.
fn tick_value(m: f64, e: i32) -> f64 {
    if e >= 0 {
        m * 10f64.powi(e)
    } else {
        m / 10f64.powi(-e)
    }
}

fn build_ticks(i0: f64, i1: f64, m: f64, e: i32) -> Ticks {
    let mut values = Vec::new();
    let mut i = i0;
    while i <= i1 && values.len() < 7 {
        values.push(tick_value(i * m, e));
        i += 1.0;
    }
    Ticks {
        values,
        step: tick_value(m, e),
        decimals: if e < 0 {
            (e.unsigned_abs() as usize).min(MAX_DECIMALS)
        } else {
            0
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Test strings write the no-break space as `_`.
    fn nb(s: &str) -> String {
        s.replace('_', "\u{a0}")
    }

    #[test]
    fn fmt_number_table() {
        let nan = f64::NAN;
        let inf = f64::INFINITY;
        // (x, decimals, English, Dutch)
        let cases: &[(f64, usize, &str, &str)] = &[
            (0.0, 0, "0", "0"),
            (-0.0, 0, "0", "0"),
            (-0.0, 2, "0.00", "0,00"),
            (-0.004, 2, "0.00", "0,00"),
            (-0.4, 0, "0", "0"),
            (-0.5, 0, "−1", "−1"),
            (0.5, 0, "1", "1"),
            (1.5, 0, "2", "2"),
            (2.5, 0, "3", "3"),
            (0.125, 2, "0.13", "0,13"),
            (999.4, 0, "999", "999"),
            (999.5, 0, "1,000", "1.000"),
            (999.5, 1, "999.5", "999,5"),
            (-999.5, 0, "−1,000", "−1.000"),
            (1234.0, 0, "1,234", "1.234"),
            (12.0, 3, "12.000", "12,000"),
            (999_999.5, 0, "1,000,000", "1.000.000"),
            (1e6, 0, "1,000,000", "1.000.000"),
            (-1_234_567.891, 2, "−1,234,567.89", "−1.234.567,89"),
            (0.000_001, 20, "0.000001000000", "0,000001000000"),
            (nan, 2, "–", "–"),
            (inf, 0, "–", "–"),
            (-inf, 0, "–", "–"),
        ];
        for &(x, d, en, nl) in cases {
            assert_eq!(fmt_number(x, d, Lang::En), en, "En {x} {d}");
            assert_eq!(fmt_number(x, d, Lang::Nl), nl, "Nl {x} {d}");
        }
        assert_eq!(fmt_number_signed(1.25, 1, Lang::En), "+1.3");
        assert_eq!(fmt_number_signed(-1.25, 1, Lang::Nl), "−1,3");
        assert_eq!(fmt_number_signed(-0.01, 1, Lang::En), "0.0");
        assert_eq!(fmt_number_signed(nan, 1, Lang::En), "–");
        // Huge values do not panic and keep their digits.
        assert_eq!(fmt_number(1e300, 2, Lang::En).len(), 301 + 100 + 3);
        assert!(fmt_number(f64::MAX, 12, Lang::Nl).ends_with(",000000000000"));
    }

    #[test]
    fn fmt_eur_table() {
        // (x, English, Dutch); `_` is the no-break space.
        let cases: &[(f64, &str, &str)] = &[
            (0.0, "€0", "€_0"),
            (-0.0, "€0", "€_0"),
            (-0.4, "€0", "€_0"),
            (12.6, "€13", "€_13"),
            (999.5, "€1,000", "€_1.000"),
            (12_345.0, "€12,345", "€_12.345"),
            (-12_345.0, "−€12,345", "−€_12.345"),
            (999_999.4, "€999,999", "€_999.999"),
            (999_999.5, "€1.0_million", "€_1,0_mln"),
            (1e6, "€1.0_million", "€_1,0_mln"),
            (6_300_000.0, "€6.3_million", "€_6,3_mln"),
            (83_760_000.0, "€83.8_million", "€_83,8_mln"),
            (-1_200_000.0, "−€1.2_million", "−€_1,2_mln"),
            (999_949_999.0, "€999.9_million", "€_999,9_mln"),
            (999_950_000.0, "€1.0_billion", "€_1,0_mld"),
            (2.345e12, "€2,345.0_billion", "€_2.345,0_mld"),
            (f64::NAN, "–", "–"),
            (f64::NEG_INFINITY, "–", "–"),
        ];
        for &(x, en, nl) in cases {
            assert_eq!(fmt_eur(x, Lang::En), nb(en), "En {x}");
            assert_eq!(fmt_eur(x, Lang::Nl), nb(nl), "Nl {x}");
        }
        assert_eq!(fmt_eur_signed(1.2e6, Lang::En), nb("+€1.2_million"));
        assert_eq!(fmt_eur_signed(-1.2e6, Lang::Nl), nb("−€_1,2_mln"));
        assert_eq!(fmt_eur_signed(0.2, Lang::En), "€0");
    }

    #[test]
    fn fmt_eur_compact_table() {
        let cases: &[(f64, &str, &str)] = &[
            (0.0, "€0", "€_0"),
            (-0.0, "€0", "€_0"),
            (750.0, "€750", "€_750"),
            (999.5, "€1k", "€_1.000"),
            (500_000.0, "€500k", "€_500.000"),
            (999_999.0, "€1m", "€_1_mln"),
            (2e6, "€2m", "€_2_mln"),
            (2.5e6, "€2.5m", "€_2,5_mln"),
            (-2e6, "−€2m", "−€_2_mln"),
            (1.25e9, "€1.25bn", "€_1,25_mld"),
            (f64::NAN, "–", "–"),
        ];
        for &(x, en, nl) in cases {
            assert_eq!(fmt_eur_compact(x, Lang::En), nb(en), "En {x}");
            assert_eq!(fmt_eur_compact(x, Lang::Nl), nb(nl), "Nl {x}");
        }
    }

    #[test]
    fn fmt_share_percent_interval_table() {
        let shares: &[(f64, &str)] = &[
            (0.83, "83%"),
            (0.0, "0%"),
            (-0.0, "0%"),
            (1.0, "100%"),
            (-0.05, "−5%"),
            (-0.001, "0%"),
            (f64::NAN, "–"),
            (f64::MAX, "–"),
        ];
        for &(x, s) in shares {
            assert_eq!(fmt_share(x, Lang::En), s, "En {x}");
            assert_eq!(fmt_share(x, Lang::Nl), s, "Nl {x}");
        }
        assert_eq!(fmt_percent(0.125, 1, Lang::En), "12.5%");
        assert_eq!(fmt_percent(0.125, 1, Lang::Nl), "12,5%");
        // (lo, hi, decimals, English, Dutch)
        let intervals: &[(f64, f64, usize, &str, &str)] = &[
            (5.7, 7.0, 1, "[5.7, 7.0]", "[5,7; 7,0]"),
            (-1.25, 3.0, 2, "[−1.25, 3.00]", "[−1,25; 3,00]"),
            (-0.0, 1234.5, 0, "[0, 1,235]", "[0; 1.235]"),
            (f64::NAN, 1.0, 1, "[–, 1.0]", "[–; 1,0]"),
        ];
        for &(lo, hi, d, en, nl) in intervals {
            assert_eq!(fmt_interval(lo, hi, d, Lang::En), en);
            assert_eq!(fmt_interval(lo, hi, d, Lang::Nl), nl);
        }
    }

    #[test]
    fn number_format_values_and_ticks() {
        let t = nice_ticks(0.0, 2e6);
        assert_eq!(t.values, vec![0.0, 5e5, 1e6, 1.5e6, 2e6]);
        let en: Vec<String> = t
            .values
            .iter()
            .map(|&v| NumberFormat::eur(Lang::En).tick(v, &t))
            .collect();
        assert_eq!(en, ["€0", "€0.5m", "€1.0m", "€1.5m", "€2.0m"]);
        let nl: Vec<String> = t
            .values
            .iter()
            .map(|&v| NumberFormat::eur(Lang::Nl).tick(v, &t))
            .collect();
        let want: Vec<String> = ["€_0", "€_0,5_mln", "€_1,0_mln", "€_1,5_mln", "€_2,0_mln"]
            .iter()
            .map(|s| nb(s))
            .collect();
        assert_eq!(nl, want);
        let t = nice_ticks(-20_000.0, 45_000.0);
        let en: Vec<String> = t
            .values
            .iter()
            .map(|&v| NumberFormat::eur(Lang::En).tick(v, &t))
            .collect();
        assert_eq!(en, ["−€20k", "€0", "€20k", "€40k", "€60k"]);
        let t = nice_ticks(0.0, 0.83);
        let shares: Vec<String> = t
            .values
            .iter()
            .map(|&v| NumberFormat::share(Lang::Nl, 0).tick(v, &t))
            .collect();
        assert_eq!(shares, ["0%", "20%", "40%", "60%", "80%", "100%"]);
        let f = NumberFormat::number(Lang::Nl, 1);
        assert_eq!(f.value(-1234.56), "−1.234,6");
        assert_eq!(f.signed_value(2.0), "+2,0");
        assert_eq!(NumberFormat::share(Lang::En, 1).value(0.4567), "45.7%");
        assert_eq!(NumberFormat::eur(Lang::En).value(6.3e6), nb("€6.3_million"));
        let t = nice_ticks(0.0, 0.3);
        let f = NumberFormat::number(Lang::En, 0);
        let labels: Vec<String> = t.values.iter().map(|&v| f.tick(v, &t)).collect();
        assert_eq!(labels, ["0.0", "0.1", "0.2", "0.3"]);
    }

    #[test]
    fn nice_ticks_table() {
        let cases: &[(f64, f64, &[f64])] = &[
            (0.0, 10.0, &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
            (0.0, 1.0, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            (3.0, 3.0, &[0.0, 1.0, 2.0, 3.0]),
            (-3.0, -3.0, &[-3.0, -2.0, -1.0, 0.0]),
            (0.0, 0.0, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            (-3.7, 12.2, &[-5.0, 0.0, 5.0, 10.0, 15.0]),
            (10.0, 0.0, &[0.0, 2.0, 4.0, 6.0, 8.0, 10.0]),
            (f64::NAN, f64::NAN, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0]),
            (
                f64::INFINITY,
                f64::NEG_INFINITY,
                &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            ),
            (f64::NAN, 7.0, &[0.0, 2.0, 4.0, 6.0, 8.0]),
            (0.1, 0.3, &[0.1, 0.15, 0.2, 0.25, 0.3]),
            (83.5e6, 84.2e6, &[83.4e6, 83.6e6, 83.8e6, 84e6, 84.2e6]),
            (54.7, 140.6, &[50.0, 75.0, 100.0, 125.0, 150.0]),
            (0.0516, 0.1435, &[0.05, 0.075, 0.1, 0.125, 0.15]),
        ];
        for &(lo, hi, want) in cases {
            assert_eq!(nice_ticks(lo, hi).values, want, "{lo}..{hi}");
        }
        assert_eq!(nice_ticks(0.1, 0.3).decimals, 2);
        assert_eq!(nice_ticks(0.0, 1e6).decimals, 0);
        assert_eq!(nice_ticks(0.0516, 0.1435).decimals, 3);
        assert_eq!(nice_ticks(5.27e6, 14.01e6).step, 2.5e6);
    }

    #[test]
    fn nice_ticks_properties_over_a_sweep() {
        // A deterministic sweep of ranges across magnitudes and offsets.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut short = 0;
        for _ in 0..20_000 {
            let mag = 10f64.powf(next() * 24.0 - 12.0);
            let a = (next() - 0.5) * 4.0 * mag;
            let b = a + next() * 3.0 * mag;
            let t = nice_ticks(a, b);
            let n = t.values.len();
            assert!((3..=6).contains(&n), "{a}..{b}: {n} ticks");
            if n < 4 {
                short += 1;
            }
            assert!(t.first() <= a + t.step * 1e-6 && t.last() >= b - t.step * 1e-6);
            let m = t.step / 10f64.powi(t.step.log10().floor() as i32);
            assert!(
                [1.0, 2.0, 2.5, 5.0, 10.0]
                    .iter()
                    .any(|k| (m - k).abs() < 1e-9),
                "step {}",
                t.step
            );
            for w in t.values.windows(2) {
                assert!(((w[1] - w[0]) / t.step - 1.0).abs() < 1e-6);
            }
        }
        assert_eq!(short, 0, "{short} ranges got only 3 ticks");
    }
}
