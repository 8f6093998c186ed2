//! `wijksim params`: every parameter with unit, default, range, scope and source.

use std::fmt::Write as _;
use wijksim::scenario::registry::{by_section, Default as Dv, Kind};
use wijksim::scenario::{fmt_float, Values, PARAMS};

fn range(kind: Kind) -> String {
    match kind {
        Kind::Float { min, max } => format!("{} .. {}", fmt_float(min), fmt_float(max)),
        Kind::Int { min, max } => format!("{min} .. {max}"),
        Kind::Bool => "true/false".into(),
        Kind::Text => "text".into(),
        Kind::Choice(o) => o.join("|"),
        Kind::IntList { min, max } => format!("list of {min} .. {max}"),
    }
}

/// The plausible range the probabilistic sensitivity analysis draws from, or `-`.
fn plausible(spec: &wijksim::scenario::ParamSpec) -> String {
    match spec.plausible {
        Some(p) => format!(
            "{} {} .. {}",
            p.dist.name(),
            fmt_float(p.lo),
            fmt_float(p.hi)
        ),
        None => "-".into(),
    }
}

fn default(d: Dv) -> String {
    match d {
        Dv::F(v) => fmt_float(v),
        Dv::I(v) => v.to_string(),
        Dv::B(v) => v.to_string(),
        Dv::S(v) => format!("\"{v}\""),
        Dv::L(v) => format!("{v:?}"),
    }
}

/// The parameter table in Markdown, as docs/ODD.md holds it (`tests/odd.rs` checks
/// that the document's table is exactly this).
pub fn markdown() -> String {
    let cell = |s: &str| s.replace('|', "\\|");
    let mut out = String::from(
        "| key | unit | default | range | acts | plausible (--psa) | source |\n| --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for p in PARAMS {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} | {} | {} |",
            p.key,
            cell(p.unit),
            cell(&default(p.default)),
            cell(&range(p.kind)),
            p.scope.name(),
            cell(&plausible(p)),
            cell(p.source)
        );
    }
    out
}

/// Print the parameter table, or a full scenario file with `toml`, or the table in
/// Markdown with `markdown`.
pub fn params(toml: bool, markdown: bool) -> anyhow::Result<()> {
    if markdown {
        return super::output::emit(&self::markdown());
    }
    let mut out = String::new();
    if toml {
        let values = Values::defaults();
        for (sec, specs) in by_section() {
            let _ = writeln!(out, "\n[{sec}]");
            for spec in specs {
                let plausible = match spec.plausible {
                    Some(_) => format!(" Plausible (--psa): {}.", plausible(spec)),
                    None => String::new(),
                };
                let _ = writeln!(
                    out,
                    "# {} Unit: {}. Range: {}. Acts: {}. Source: {}.{plausible}",
                    spec.doc,
                    spec.unit,
                    range(spec.kind),
                    spec.scope.name(),
                    spec.source
                );
                let v = values.get(spec.key).expect("every key has a value");
                let _ = writeln!(out, "{} = {}", &spec.key[sec.len() + 1..], v.to_toml());
            }
        }
        return super::output::emit(&out);
    }
    let _ = writeln!(
        out,
        "{:<44} {:>12}  {:<24} {:<7} {:<30} {:<32} source",
        "key", "default", "range", "acts", "unit", "plausible (--psa)"
    );
    for p in PARAMS {
        let _ = writeln!(
            out,
            "{:<44} {:>12}  {:<24} {:<7} {:<30} {:<32} {}",
            p.key,
            default(p.default),
            range(p.kind),
            p.scope.name(),
            p.unit,
            plausible(p),
            p.source
        );
    }
    super::output::emit(&out)
}
