//! Every word wijksim writes for people, in English and Dutch side by side.
//!
//! * [`ui`]: the report's and the page's labels and sentences, one key each with
//!   both languages in one arm, and the names of data (stakeholders, categories,
//!   outcomes, parameters) as `(key, English, Dutch)` rows.
//! * [`recommendation`]: the recommendation, rendered from its rule value
//!   ([`crate::mkba::recommendation::Recommendation`]) once for both languages, so
//!   the Dutch carries every caveat and number the English does.
//! * Here: the terms every text shares — the linkage models' names (Dutch
//!   *breed*, *gedeeltelijk*, *apart*), plurals, lists, capitals and euros with
//!   their interval in one unit, rounded to what the interval supports.
//!
//! Text for people (the report, the page, the recommendation) never shows a
//! parameter key, a flag or a command; the terminal adds its own hints.

pub mod recommendation;
pub mod ui;

use crate::format::{self, Lang};
use crate::model::LinkageModel;

/// `en` or `nl`: a phrase written once with both languages side by side.
pub fn tr(lang: Lang, en: &'static str, nl: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Nl => nl,
    }
}

/// The linkage models' names: (model, English, Dutch).
pub const MODELS: &[(LinkageModel, &str, &str)] = &[
    (LinkageModel::Broad, "broad", "breed"),
    (LinkageModel::Partial, "partial", "gedeeltelijk"),
    (LinkageModel::Separate, "separate", "apart"),
];

/// A linkage model's name in `lang` (lower case, as inside a sentence).
pub fn model(m: LinkageModel, lang: Lang) -> &'static str {
    MODELS
        .iter()
        .find(|(x, _, _)| *x == m)
        .map(|&(_, en, nl)| tr(lang, en, nl))
        .unwrap_or("?")
}

/// A model named by its key in a data file (`broad`, …) in `lang`; other text
/// (a package name, user text) is returned as it is.
pub fn model_key(key: &str, lang: Lang) -> String {
    match MODELS.iter().find(|(_, en, _)| *en == key) {
        Some(&(_, en, nl)) => tr(lang, en, nl).to_string(),
        None => key.to_string(),
    }
}

/// The first letter in upper case: sentences may start with a model's name.
pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// `n` years: "1 year", "15 years"; Dutch "1 jaar", "15 jaar".
pub fn years(n: u32, lang: Lang) -> String {
    match (lang, n) {
        (Lang::En, 1) => "1 year".to_string(),
        (Lang::En, n) => format!("{n} years"),
        (Lang::Nl, n) => format!("{n} jaar"),
    }
}

/// `n` of a noun with its plural: `count(3, "replication", "replications")`.
pub fn count(n: u64, one: &str, many: &str, lang: Lang) -> String {
    let word = if n == 1 { one } else { many };
    format!("{} {word}", format::fmt_number(n as f64, 0, lang))
}

/// "a, b and c" / "a, b en c".
pub fn join<S: AsRef<str>>(items: &[S], lang: Lang) -> String {
    let and = tr(lang, "and", "en");
    match items.len() {
        0 => String::new(),
        1 => items[0].as_ref().to_string(),
        n => format!(
            "{} {and} {}",
            items[..n - 1]
                .iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            items[n - 1].as_ref()
        ),
    }
}

/// A parameter as a reader names it: its short name (never the key when the
/// name table has it; every key a text can quote has a row, see the tests).
pub fn parameter(key: &str, lang: Lang) -> String {
    ui::parameter(key, lang)
        .map(str::to_string)
        .unwrap_or_else(|| key.to_string())
}

/// Euros with an interval in one unit, rounded to what the interval supports:
/// `€0.81 million [0.65, 0.96]`, Dutch `€ 0,81 mln [0,65; 0,96]`, `€45,000
/// [20,000, 70,000]`. The unit is millions from €100,000 on (billions from a
/// billion); the step is about a tenth of the interval's width, so the digits
/// shown are the ones the uncertainty leaves standing.
pub fn eur_interval(mean: f64, lo: f64, hi: f64, lang: Lang) -> String {
    if !(mean.is_finite() && lo.is_finite() && hi.is_finite()) {
        return format::fmt_eur(mean, lang);
    }
    let big = mean.abs().max(lo.abs()).max(hi.abs());
    let scale = EurScale::of(big, hi - lo, lang);
    let m = scale.num(mean, lang);
    let (sign, body) = match m.strip_prefix('\u{2212}') {
        Some(rest) => ("\u{2212}", rest.to_string()),
        None => ("", m),
    };
    let space = tr(lang, "", "\u{a0}");
    format!(
        "{sign}€{space}{body}{} {}",
        scale.unit,
        format::fmt_bounds(&scale.num(lo, lang), &scale.num(hi, lang), lang)
    )
}

/// Bounds of euros in the unit an interval of the same quantity is written in
/// ([`eur_interval`] of `like`), rounded to their own width: the spread of the
/// futures under the mean difference, `[−31, 9]` under `−€11 million [−21, −1]`.
pub fn eur_bounds_like(like: (f64, f64, f64), lo: f64, hi: f64, lang: Lang) -> String {
    let big = like.0.abs().max(like.1.abs()).max(like.2.abs());
    let scale = EurScale::of(big, hi - lo, lang);
    format::fmt_bounds(&scale.num(lo, lang), &scale.num(hi, lang), lang)
}

/// How an amount of euros is written: unit and rounding.
struct EurScale {
    factor: f64,
    unit: &'static str,
    decimals: usize,
    round_to: f64,
}

impl EurScale {
    /// Millions from €100,000 on (billions from a billion); a step of about a
    /// tenth of `width`, so the digits shown are the ones the uncertainty leaves
    /// standing (two decimals at most; whole euros rounded to a power of ten).
    fn of(big: f64, width: f64, lang: Lang) -> Self {
        let (factor, unit) = if big >= 1e9 {
            (1e9, tr(lang, "\u{a0}billion", "\u{a0}mld"))
        } else if big >= 1e5 {
            (1e6, tr(lang, "\u{a0}million", "\u{a0}mln"))
        } else {
            (1.0, "")
        };
        let width = width.abs() / factor;
        let step = if width > 0.0 && width.is_finite() {
            10f64.powf((width / 10.0).log10().floor())
        } else {
            0.1
        };
        let (decimals, round_to) = if factor > 1.0 {
            ((-step.log10()).clamp(0.0, 2.0) as usize, 1.0)
        } else {
            (0, step.max(1.0))
        };
        EurScale {
            factor,
            unit,
            decimals,
            round_to,
        }
    }

    fn num(&self, x: f64, lang: Lang) -> String {
        let v = x / self.factor;
        let v = if self.round_to > 1.0 {
            (v / self.round_to).round() * self.round_to
        } else {
            v
        };
        format::fmt_number(v, self.decimals, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_in_one_unit_rounded_to_the_interval() {
        assert_eq!(
            eur_interval(807_578.0, 650_999.0, 964_157.0, Lang::En),
            "€0.81\u{a0}million [0.65, 0.96]"
        );
        assert_eq!(
            eur_interval(-2_200_000.0, -3_700_000.0, -945_768.0, Lang::Nl),
            "\u{2212}€\u{a0}2,2\u{a0}mln [\u{2212}3,7; \u{2212}0,9]"
        );
        assert_eq!(
            eur_interval(11.6e6, 2.1e6, 21.2e6, Lang::En),
            "€12\u{a0}million [2, 21]"
        );
        assert_eq!(
            eur_interval(45_321.0, 20_456.0, 70_999.0, Lang::En),
            "€45,000 [20,000, 71,000]"
        );
    }

    #[test]
    fn plurals_capitals_and_models() {
        assert_eq!(years(1, Lang::En), "1 year");
        assert_eq!(years(15, Lang::En), "15 years");
        assert_eq!(years(15, Lang::Nl), "15 jaar");
        assert_eq!(capitalise("gedeeltelijk is"), "Gedeeltelijk is");
        assert_eq!(model(LinkageModel::Separate, Lang::Nl), "apart");
        assert_eq!(model_key("partial", Lang::Nl), "gedeeltelijk");
        assert_eq!(model_key("partial_demand", Lang::Nl), "partial_demand");
        assert_eq!(join(&["a", "b", "c"], Lang::Nl), "a, b en c");
    }
}
