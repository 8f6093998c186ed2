//! The levers the page offers: which registry parameters, with what control, in what
//! words. Unit, source, range and the English explanation come from the parameter
//! registry ([`crate::scenario::registry`]), so the page cannot drift from
//! `wijksim params`; only the labels, the Dutch explanations and the slider steps are
//! the page's own.

use crate::scenario::registry::{self, Kind};
use crate::scenario::{Scenario, Value};
use serde_json::{json, Value as Json};

/// One lever: key, English and Dutch label, Dutch one-line explanation and unit, and the
/// slider's range and step (within the registry's range; `None` for non-numbers).
struct Lever {
    key: &'static str,
    en: &'static str,
    nl: &'static str,
    nl_doc: &'static str,
    nl_unit: &'static str,
    slider: Option<(f64, f64, f64)>,
}

/// The highest value the page's slider for `key` reaches, if the page has one.
pub fn slider_max(key: &str) -> Option<f64> {
    LEVERS
        .iter()
        .find(|l| l.key == key)
        .and_then(|l| l.slider)
        .map(|(_, hi, _)| hi)
}

const LEVERS: &[Lever] = &[
    Lever {
        key: "policy.pilot_teams",
        en: "Teams that switch",
        nl: "Teams die overstappen",
        nl_doc: "Welke teams overstappen op het vergeleken model; geen aangevinkt = alle teams.",
        nl_unit: "teamnummers",
        slider: None,
    },
    Lever {
        key: "team.caseload_cap",
        en: "Caseload cap",
        nl: "Maximale caseload",
        nl_doc: "Hoeveel huishoudens een generalist hoogstens van de wachtlijst aanneemt.",
        nl_unit: "huishoudens per medewerker",
        slider: Some((10.0, 80.0, 1.0)),
    },
    Lever {
        key: "staff.quit_factor",
        en: "Staff turnover (x today)",
        nl: "Personeelsverloop (x nu)",
        nl_doc: "Vermenigvuldigt de kans dat een medewerker vertrekt (1 = zoals nu; 0,5 = half zoveel verloop).",
        nl_unit: "x de vertrekkans",
        slider: Some((0.2, 3.0, 0.1)),
    },
    Lever {
        key: "staff.hiring_delay_weeks",
        en: "Hiring delay",
        nl: "Wervingstijd",
        nl_doc: "Gemiddeld aantal weken dat een vrijgekomen plek leeg staat.",
        nl_unit: "weken",
        slider: Some((0.0, 52.0, 1.0)),
    },
    Lever {
        key: "wi.consult_hours_per_week",
        en: "W&I consultation hours in the team",
        nl: "Overleguren W&I in het team",
        nl_doc: "Uren per week die een W&I-medewerker in een team houdt voor casusoverleg met de generalisten.",
        nl_unit: "uur per W&I-plek in een team per week",
        slider: Some((0.0, 40.0, 1.0)),
    },
    Lever {
        key: "linkage.partial.wi_posts_per_team",
        en: "W&I posts per partial team",
        nl: "W&I-plekken per team (gedeeltelijk)",
        nl_doc: "W&I-medewerkers die vanuit de centrale afdeling aan elk team worden verbonden (0: geen).",
        nl_unit: "plekken per team",
        slider: Some((0.0, 4.0, 1.0)),
    },
    Lever {
        key: "training.enabled",
        en: "Training in spotting money problems",
        nl: "Training in het signaleren van geldzorgen",
        nl_doc: "Train de generalisten van de overstappende teams bij de overstap (en nieuwe collega's daarna).",
        nl_unit: "-",
        slider: None,
    },
    Lever {
        key: "signalling.coverage",
        en: "Early signalling coverage",
        nl: "Dekking vroegsignalering",
        nl_doc: "Deel van de nieuwe betalingsachterstanden dat schuldeisers (corporaties, energie, zorgverzekeraars) melden.",
        nl_unit: "deel van de nieuwe achterstanden",
        slider: Some((0.0, 1.0, 0.05)),
    },
    Lever {
        key: "enforcement.discretion",
        en: "Sanction discretion (broad)",
        nl: "Ruimte bij sancties (breed)",
        nl_doc: "Bij breed: deel van de sancties dat het team uitstelt zolang het huishouden in zorg of schuldhulp is.",
        nl_unit: "deel van de sancties",
        slider: Some((0.0, 1.0, 0.05)),
    },
    Lever {
        key: "legal.mode",
        en: "Social-legal advisors",
        nl: "Sociaal raadslieden",
        nl_doc: "Geen, een centraal loket, of ingebed in / oproepbaar voor de teams.",
        nl_unit: "-",
        slider: None,
    },
    Lever {
        key: "flexible_budget.eur_per_team_year",
        en: "Flexible budget per team a year",
        nl: "Flexibel budget per team per jaar",
        nl_doc: "Geld dat een team mag inzetten voor vastgelopen huishoudens.",
        nl_unit: "euro per team per jaar",
        slider: Some((0.0, 100_000.0, 5_000.0)),
    },
    Lever {
        key: "run.horizon_weeks",
        en: "Years after the switch",
        nl: "Jaren na de overstap",
        nl_doc: "Hoe lang na de overstap gesimuleerd wordt (in weken; de opwarmperiode blijft dezelfde).",
        nl_unit: "weken",
        slider: Some((52.0, 520.0, 52.0)),
    },
    // A world parameter: it acts from week 0, so the warm-up is computed again (the
    // page says so). The one lever for "what if the world were otherwise".
    Lever {
        key: "debt.growth_per_year",
        en: "Growth of unaddressed debt",
        nl: "Groei van onbehandelde schulden",
        nl_doc: "Hoe snel schulden waar niets aan gebeurt groeien door rente en incassokosten.",
        nl_unit: "per jaar",
        slider: Some((0.0, 0.5, 0.05)),
    },
];

/// The Dutch words for the choices of `legal.mode`.
fn choice_nl(key: &str, option: &str) -> &'static str {
    match (key, option) {
        ("legal.mode", "none") => "geen",
        ("legal.mode", "central") => "centraal",
        ("legal.mode", "embedded") => "ingebed in de teams",
        _ => "",
    }
}

fn choice_en(key: &str, option: &str) -> &'static str {
    match (key, option) {
        ("legal.mode", "none") => "none",
        ("legal.mode", "central") => "a central desk",
        ("legal.mode", "embedded") => "embedded in the teams",
        _ => "",
    }
}

/// A parameter value as JSON.
pub fn value_json(v: &Value) -> Json {
    match v {
        Value::F(x) => json!(x),
        Value::I(x) => json!(x),
        Value::B(x) => json!(x),
        Value::S(x) => json!(x),
        Value::L(x) => json!(x),
    }
}

/// The keys of every lever the page shows.
pub fn keys() -> impl Iterator<Item = &'static str> {
    LEVERS.iter().map(|l| l.key)
}

/// Every lever with its control, words, unit, source and the base scenario's value
/// (what "reset" returns to).
pub fn levers_json(base: &Scenario) -> Json {
    let teams = base.parts.first().map_or(0, |p| p.warmup.districts.teams);
    let levers: Vec<Json> = LEVERS
        .iter()
        .filter_map(|l| {
            let spec = registry::spec(l.key)?;
            // A policy key acts from the switch week: its base is the scenario's value
            // after the switch ([switch] included); a run key's is the file's.
            let base_value = base.policy_values.get(l.key)?;
            let (control, min, max, step, options) = match spec.kind {
                Kind::Float { min, max } => {
                    let (lo, hi, step) = l.slider.unwrap_or((min, max, (max - min) / 100.0));
                    ("slider", lo.max(min), hi.min(max), step, Vec::new())
                }
                Kind::Int { min, max } => {
                    let (lo, hi, step) = l.slider.unwrap_or((min as f64, max as f64, 1.0));
                    ("slider", lo.max(min as f64), hi.min(max as f64), step, Vec::new())
                }
                Kind::Bool => ("toggle", 0.0, 1.0, 1.0, Vec::new()),
                Kind::Choice(opts) => (
                    "choice",
                    0.0,
                    0.0,
                    0.0,
                    opts.iter()
                        .map(|o| json!({"value": o, "en": choice_en(l.key, o), "nl": choice_nl(l.key, o)}))
                        .collect(),
                ),
                Kind::IntList { .. } => ("teams", 1.0, teams as f64, 1.0, Vec::new()),
                Kind::Text => return None,
            };
            Some(json!({
                "key": l.key,
                "control": control,
                "label": {"en": l.en, "nl": l.nl},
                "doc": {"en": spec.doc, "nl": l.nl_doc},
                "unit": {"en": spec.unit, "nl": l.nl_unit},
                "source": spec.source,
                "scope": spec.scope.name(),
                "integer": matches!(spec.kind, Kind::Int { .. }),
                "min": min,
                "max": max,
                "step": step,
                "options": options,
                "base": value_json(base_value),
            }))
        })
        .collect();
    json!(levers)
}
