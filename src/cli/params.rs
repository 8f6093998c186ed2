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

fn default(d: Dv) -> String {
    match d {
        Dv::F(v) => fmt_float(v),
        Dv::I(v) => v.to_string(),
        Dv::B(v) => v.to_string(),
        Dv::S(v) => format!("\"{v}\""),
        Dv::L(v) => format!("{v:?}"),
    }
}

/// Print the parameter table, or a full scenario file with `toml`.
pub fn params(toml: bool) -> anyhow::Result<()> {
    let mut out = String::new();
    if toml {
        let values = Values::defaults();
        for (sec, specs) in by_section() {
            let _ = writeln!(out, "\n[{sec}]");
            for spec in specs {
                let _ = writeln!(
                    out,
                    "# {} Unit: {}. Range: {}. Acts: {}. Source: {}.",
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
        "{:<44} {:>12}  {:<24} {:<7} {:<30} source",
        "key", "default", "range", "acts", "unit"
    );
    for p in PARAMS {
        let _ = writeln!(
            out,
            "{:<44} {:>12}  {:<24} {:<7} {:<30} {}",
            p.key,
            default(p.default),
            range(p.kind),
            p.scope.name(),
            p.unit,
            p.source
        );
    }
    super::output::emit(&out)
}
