//! The one number formatter: every euro, share and count that wijksim shows to a
//! person (terminal table, recommendation, report, web page) goes through here, in
//! English or Dutch. Files meant for programs (CSV, JSON) keep full precision instead.
//!
//! Euros of a million or more are shown in millions with one decimal (`€6.3 million`,
//! `€ 6,3 mln`); smaller amounts as whole euros with thousands separators (`€12,345`,
//! `€ 12.345`). Negative amounts carry a minus sign before the euro sign; `-0` is never
//! shown.

/// Language of text meant for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Dutch: decimal comma, thousands dot, `€ 1,2 mln`.
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
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Nl => "nl",
        }
    }
}

/// `x` with `decimals` decimals and thousands separators; never `-0`; NaN as `–`.
pub fn number(x: f64, decimals: usize, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let (thousands, point) = match lang {
        Lang::En => (',', '.'),
        Lang::Nl => ('.', ','),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(thousands);
        }
        grouped.push(c);
    }
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push(point);
        out.push_str(f);
    }
    out
}

/// A number with as many decimals as its size warrants (3 significant figures or so,
/// whole numbers from 100 on).
pub fn auto(x: f64, lang: Lang) -> String {
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
    number(x, decimals, lang)
}

/// Euros: millions with one decimal from a million on, else whole euros.
pub fn eur(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let (body, negative) = if x.abs() >= 999_950.0 {
        let m = number(x.abs() / 1e6, 1, lang);
        (
            match lang {
                Lang::En => format!("€{m} million"),
                Lang::Nl => format!("€ {m} mln"),
            },
            x < 0.0,
        )
    } else {
        let n = number(x.abs(), 0, lang);
        let negative = x < 0.0 && n != "0";
        (
            match lang {
                Lang::En => format!("€{n}"),
                Lang::Nl => format!("€ {n}"),
            },
            negative,
        )
    };
    if negative {
        format!("-{body}")
    } else {
        body
    }
}

/// Euros in millions with one decimal, without the unit (for tables whose heading
/// says "million euro").
pub fn millions(x: f64, lang: Lang) -> String {
    number(x / 1e6, 1, lang)
}

/// A share 0..1 as a whole percentage.
pub fn percent(x: f64, lang: Lang) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    format!("{}%", number(x * 100.0, 0, lang))
}

/// An interval `[lo, hi]`, with `;` between the ends in Dutch (whose decimal mark is
/// a comma).
pub fn interval(lo: &str, hi: &str, lang: Lang) -> String {
    match lang {
        Lang::En => format!("[{lo}, {hi}]"),
        Lang::Nl => format!("[{lo}; {hi}]"),
    }
}

/// A mean with its interval, each formatted by `f`.
pub fn with_interval(
    mean: f64,
    lo: f64,
    hi: f64,
    lang: Lang,
    f: impl Fn(f64, Lang) -> String,
) -> String {
    format!(
        "{} {}",
        f(mean, lang),
        interval(&f(lo, lang), &f(hi, lang), lang)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_read_as_people_write_them() {
        for (x, en, nl) in [
            (83_756_044.0, "€83.8 million", "€ 83,8 mln"),
            (6_310_000.0, "€6.3 million", "€ 6,3 mln"),
            (-1_234_567.0, "-€1.2 million", "-€ 1,2 mln"),
            (12_345.4, "€12,345", "€ 12.345"),
            (999.5, "€1,000", "€ 1.000"),
            (999_949.0, "€999,949", "€ 999.949"),
            (999_950.0, "€1.0 million", "€ 1,0 mln"),
            (0.0, "€0", "€ 0"),
            (-0.0, "€0", "€ 0"),
            (-0.4, "€0", "€ 0"),
            (f64::NAN, "–", "–"),
        ] {
            assert_eq!(eur(x, Lang::En), en, "{x}");
            assert_eq!(eur(x, Lang::Nl), nl, "{x}");
        }
    }

    #[test]
    fn numbers_group_thousands_and_never_show_minus_zero() {
        assert_eq!(number(1234567.891, 2, Lang::En), "1,234,567.89");
        assert_eq!(number(1234567.891, 2, Lang::Nl), "1.234.567,89");
        assert_eq!(number(-0.0001, 2, Lang::En), "0.00");
        assert_eq!(number(-12.5, 1, Lang::En), "-12.5");
        assert_eq!(number(100.0, 0, Lang::En), "100");
        assert_eq!(auto(0.0549, Lang::En), "0.055");
        assert_eq!(auto(15.07, Lang::Nl), "15,1");
        assert_eq!(percent(0.835, Lang::En), "84%");
        assert_eq!(interval("5,7", "7,0", Lang::Nl), "[5,7; 7,0]");
    }
}
