//! `recommendation.json`: the recommendation as data (its rule, the models and the
//! numbers behind it, what the intervals include, what was varied and what a pilot
//! should measure), so that a report or another program can render or check it
//! without parsing text. Keys are sorted (the same bytes for the same run); numbers in
//! full precision.

use crate::format::Lang;
use crate::mkba::recommendation::{Checked, Recommendation, Rule, Uncertainty};
use crate::stats::Summary;
use serde_json::{json, Value};

fn summary(s: &Summary) -> Value {
    let num = |x: f64| if x.is_finite() { json!(x) } else { Value::Null };
    json!({ "mean": num(s.mean), "ci95_low": num(s.lo), "ci95_high": num(s.hi), "n": s.n })
}

/// The recommendation as pretty-printed JSON bytes, ending in a newline.
pub fn recommendation(r: &Recommendation) -> Result<Vec<u8>, serde_json::Error> {
    let rule = match &r.rule {
        Rule::Pilot {
            model,
            cheapest_too,
        } => json!({
            "rule": "pilot", "model": model.name(), "cheapest_to_introduce_too": cheapest_too
        }),
        Rule::Tied { models, cheapest } => json!({
            "rule": "tied",
            "models": models.iter().map(|m| m.name()).collect::<Vec<_>>(),
            "cheapest_to_introduce": cheapest.name()
        }),
        Rule::Keep => json!({ "rule": "keep_reference" }),
        Rule::NoneBetter => json!({
            "rule": if r.reliable.is_empty() { "within_noise" } else { "none_better" }
        }),
    };
    let (kind, reps) = match r.uncertainty {
        Uncertainty::SimulationOnly { replications } => ("simulation_noise", replications),
        Uncertainty::WithParameters { replications } => {
            ("simulation_noise_and_parameters", replications)
        }
    };
    let value = json!({
        "reference": r.reference.name(),
        "years": r.years,
        "decision": rule,
        "intervals": { "include": kind, "replications": reps },
        "models": r.models.iter().map(|f| json!({
            "model": f.model.name(),
            "npv_eur": summary(&f.npv),
            "benefit_cost_ratio": f.bcr,
            "break_even_year": f.break_even_year.map(|y| y + 1),
            "probability_best": f.probability_best,
            "introduction_cost_eur": f.introduction,
            "gainers": f.gainers.iter().map(|s| s.name()).collect::<Vec<_>>(),
            "payers": f.payers.iter().map(|s| s.name()).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "reliable_differences": r.reliable.iter().map(|p| json!({
            "better": p.better.name(), "worse": p.worse.name(), "difference_eur": summary(&p.difference)
        })).collect::<Vec<_>>(),
        "varied_one_at_a_time": match r.checked {
            Checked::Nothing => "nothing",
            Checked::Prices => "prices",
            Checked::PricesAndBehaviour => "prices_and_behaviour",
        },
        "changes_the_choice": r.flips.iter().map(|(k, high, best)| json!({
            "parameter": k, "end": if *high { "high" } else { "low" }, "best_then": best.name()
        })).collect::<Vec<_>>(),
        "narrows_the_margin_most": r.narrowing.iter().map(|(k, high)| json!({
            "parameter": k, "end": if *high { "high" } else { "low" }
        })).collect::<Vec<_>>(),
        "what_the_pilot_should_measure": r.measure.iter().map(|m| json!({
            "parameter": m.key,
            "evppi_eur": m.value,
            "switch": m.switch.map(|(x, below, above)| json!({
                "at": x, "best_below": below.name(), "best_above": above.name()
            })),
        })).collect::<Vec<_>>(),
        "evpi_eur": r.evpi,
        "text": { "en": r.render(Lang::En), "nl": r.render(Lang::Nl) },
    });
    let mut value = value;
    if let Some(p) = &r.package {
        value["best_package"] = json!({
            "package": p.name,
            "model": p.model.name(),
            "description": p.description,
            "packages_compared": p.compared,
            "years": p.years,
            "npv_eur": summary(&p.npv),
            "probability_best": p.probability_best,
            "counsellor_posts_last_year": p.counsellor_posts,
            "arrangement_wait_mean_weeks": p.arrangement_wait,
        });
    }
    let mut bytes = serde_json::to_vec_pretty(&value)?;
    bytes.push(b'\n');
    Ok(bytes)
}
