//! The pilot recommendation: a small set of explicit rules over the appraisal that
//! return a value (the rule, the models, the numbers), and a renderer that writes it
//! in plain words, in English or Dutch. The rules (docs/ODD.md section 8):
//!
//! 1. A model is a **candidate** when its NPV against the reference is reliably above
//!    zero (its interval lies above zero).
//! 2. One candidate that beats every other candidate reliably (paired difference):
//!    **pilot it**, and say whether it is also the cheapest to introduce.
//! 3. Several candidates that cannot be told apart: **tied**; name the one with the
//!    highest mean value and the one that costs least to introduce (reorganisation
//!    and training at the switch), whether they are the same or not.
//! 4. No candidate, and every alternative reliably below the reference: **keep** the
//!    reference.
//! 5. No candidate otherwise: **no model reliably beats** the reference; if no paired
//!    difference at all is reliable, everything is **within the noise**.
//!
//! In every case: which pairs of models differ reliably, which kind of uncertainty the
//! intervals include (simulation noise only, or also the assumptions, under `--psa`),
//! what was varied one at a time (prices only, or behaviour too) and whether any of it
//! changes the choice, and, with `--psa`, which assumptions a pilot should measure.

use super::appraisal::{MkbaResult, ModelSummary};
use super::flows::Stakeholder;
use super::psa::PsaResult;
use super::sensitivity::{Sensitivity, Varied};
use crate::format::Lang;
use crate::model::LinkageModel;
use crate::stats::{paired_as, Summary};

/// What the numbers say, as a rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// One model beats the reference and every other model reliably.
    Pilot {
        /// The model to pilot.
        model: LinkageModel,
        /// Whether it is also the cheapest to introduce among the candidates.
        cheapest_too: bool,
    },
    /// Several models beat the reference but cannot be told apart.
    Tied {
        /// The tied models, highest mean NPV first.
        models: Vec<LinkageModel>,
        /// The tied model that costs least to introduce.
        cheapest: LinkageModel,
    },
    /// Every alternative is reliably worse than the reference.
    Keep,
    /// No alternative reliably beats the reference (some may be reliably worse).
    NoneBetter,
}

/// Which kind of interval the numbers carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Uncertainty {
    /// Replications only: simulation noise.
    SimulationOnly {
        /// Replications.
        replications: u32,
    },
    /// Replications each with their own draw of the assumptions (`--psa`).
    WithParameters {
        /// Replications (draws).
        replications: u32,
    },
}

/// What was varied one at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Checked {
    /// Nothing.
    Nothing,
    /// The MKBA prices over their ranges.
    Prices,
    /// Prices and behavioural assumptions (`--sensitivity`).
    PricesAndBehaviour,
}

/// The numbers of one model the text quotes.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelFacts {
    /// Model.
    pub model: LinkageModel,
    /// NPV against the reference with its interval.
    pub npv: Summary,
    /// Benefit/cost ratio.
    pub bcr: Option<f64>,
    /// Break-even year (0-based).
    pub break_even_year: Option<u32>,
    /// Share of replications in which it is best.
    pub probability_best: f64,
    /// Mean one-off cost of introducing it.
    pub introduction: f64,
    /// Stakeholders whose NPV interval lies above zero.
    pub gainers: Vec<Stakeholder>,
    /// Stakeholders whose NPV interval lies below zero.
    pub payers: Vec<Stakeholder>,
}

/// A pair of models whose paired NPV difference is reliably not zero.
#[derive(Debug, Clone, PartialEq)]
pub struct Reliable {
    /// The better model.
    pub better: LinkageModel,
    /// The worse model.
    pub worse: LinkageModel,
    /// Paired difference better − worse.
    pub difference: Summary,
}

/// One assumption a pilot should measure.
#[derive(Debug, Clone, PartialEq)]
pub struct Measure {
    /// Parameter key.
    pub key: &'static str,
    /// Its EVPPI in euros.
    pub value: f64,
    /// Share of the variance of the margin between the two leading models it explains.
    pub explained: f64,
    /// Where the choice changes along it: (value, best below, best above).
    pub switch: Option<(f64, LinkageModel, LinkageModel)>,
}

/// Below this share of the value of perfect information (and a euro), an assumption's
/// EVPPI is regression noise, not a reason to measure it.
const EVPPI_FLOOR: f64 = 0.01;

/// The recommendation as a value.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// The rule that applies.
    pub rule: Rule,
    /// Reference model.
    pub reference: LinkageModel,
    /// Years appraised.
    pub years: u32,
    /// Facts per model, in report order (reference included).
    pub models: Vec<ModelFacts>,
    /// Pairs whose difference is reliable.
    pub reliable: Vec<Reliable>,
    /// The kind of interval.
    pub uncertainty: Uncertainty,
    /// What was varied one at a time.
    pub checked: Checked,
    /// Variations that change which model scores highest: (key, high end, best then).
    pub flips: Vec<(&'static str, bool, LinkageModel)>,
    /// Without flips: the variations that narrow the margin most.
    pub narrowing: Vec<(&'static str, bool)>,
    /// With `--psa`: the assumptions whose measurement would most likely change the
    /// choice, largest value of information first (at most three).
    pub measure: Vec<Measure>,
    /// With `--psa`: the value of perfect information on everything, euros.
    pub evpi: Option<f64>,
    /// When packages were compared: the best one (set by the comparison pipeline).
    pub package: Option<BestPackage>,
}

/// The package (a linkage model with what comes with it) that scores highest.
#[derive(Debug, Clone, PartialEq)]
pub struct BestPackage {
    /// Its name.
    pub name: String,
    /// Its model.
    pub model: LinkageModel,
    /// Plain words (may be empty).
    pub description: String,
    /// Packages compared.
    pub compared: usize,
    /// Years appraised.
    pub years: u32,
    /// Its NPV against the plain reference model.
    pub npv: Summary,
    /// Share of replications in which it is best of all packages.
    pub probability_best: f64,
    /// Filled credit-bank counsellor posts in the last simulated year.
    pub counsellor_posts: f64,
    /// Mean wait for the credit bank, weeks.
    pub arrangement_wait: f64,
}

impl BestPackage {
    /// The best package of a package comparison.
    pub fn of(c: &super::packages::PackageComparison) -> Self {
        let b = c.best();
        let h = &b.horizons[c.main];
        BestPackage {
            name: b.name.clone(),
            model: b.model,
            description: b.description.clone(),
            compared: c.packages.len(),
            years: h.years,
            npv: h.npv,
            probability_best: h.probability_best,
            counsellor_posts: b.counsellor_posts,
            arrangement_wait: b.arrangement_wait,
        }
    }
}

fn facts(s: &ModelSummary) -> ModelFacts {
    let side = |above: bool| {
        Stakeholder::ALL
            .iter()
            .copied()
            .filter(|st| {
                let x = s.by_stakeholder[*st as usize];
                x.n > 1 && if above { x.lo > 0.0 } else { x.hi < 0.0 }
            })
            .collect()
    };
    ModelFacts {
        model: s.model,
        npv: s.npv,
        bcr: s.bcr,
        break_even_year: s.break_even_year,
        probability_best: s.probability_best,
        introduction: s.introduction,
        gainers: side(true),
        payers: side(false),
    }
}

/// Whether a summary of paired differences lies reliably above zero.
fn above(s: &Summary) -> bool {
    s.n > 1 && s.lo > 0.0
}

/// Apply the rules.
pub fn recommend(
    r: &MkbaResult,
    sensitivity: &[Sensitivity],
    psa: Option<&PsaResult>,
) -> Recommendation {
    // "Is A better than B" is answered by the interval of the mean (paired)
    // difference, with or without `--psa` (docs/ODD.md, "Which interval"); the
    // spread of single futures is said as the chance each model is best.
    let owned;
    let r = if r.interval == crate::stats::IntervalKind::Mean {
        r
    } else {
        owned = MkbaResult {
            interval: crate::stats::IntervalKind::Mean,
            ..r.clone()
        };
        &owned
    };
    let summaries = r.summaries();
    let npvs = r.npvs();
    let reps = npvs.first().map_or(0, |v| v.len()) as u32;
    let idx = |m: LinkageModel| r.models.iter().position(|&x| x == m).unwrap_or(0);
    let reference = r.reference;

    // Every pair, in report order, whose paired difference is reliable.
    let mut reliable = Vec::new();
    for (i, &a) in r.models.iter().enumerate() {
        for &b in &r.models[i + 1..] {
            let d = paired_as(&npvs[idx(a)], &npvs[idx(b)], r.interval);
            if above(&d) {
                reliable.push(Reliable {
                    better: a,
                    worse: b,
                    difference: d,
                });
            } else if d.n > 1 && d.hi < 0.0 {
                let d = paired_as(&npvs[idx(b)], &npvs[idx(a)], r.interval);
                reliable.push(Reliable {
                    better: b,
                    worse: a,
                    difference: d,
                });
            }
        }
    }
    let beats =
        |a: LinkageModel, b: LinkageModel| reliable.iter().any(|x| x.better == a && x.worse == b);

    let mut candidates: Vec<&ModelSummary> = summaries
        .iter()
        .filter(|s| s.model != reference && above(&s.npv))
        .collect();
    candidates.sort_by(|a, b| {
        b.npv
            .mean
            .total_cmp(&a.npv.mean)
            .then(a.model.cmp(&b.model))
    });
    let cheapest_of = |c: &[&ModelSummary]| {
        c.iter()
            .min_by(|a, b| {
                a.introduction
                    .total_cmp(&b.introduction)
                    .then(a.model.cmp(&b.model))
            })
            .map(|s| s.model)
    };
    let rule = match candidates.first() {
        Some(best) => {
            let tied: Vec<&ModelSummary> = candidates
                .iter()
                .copied()
                .filter(|c| c.model == best.model || !beats(best.model, c.model))
                .collect();
            if tied.len() == 1 {
                Rule::Pilot {
                    model: best.model,
                    cheapest_too: cheapest_of(&candidates) == Some(best.model),
                }
            } else {
                Rule::Tied {
                    models: tied.iter().map(|s| s.model).collect(),
                    cheapest: cheapest_of(&tied).unwrap_or(best.model),
                }
            }
        }
        None => {
            let alternatives: Vec<LinkageModel> = r
                .models
                .iter()
                .copied()
                .filter(|&m| m != reference)
                .collect();
            if !alternatives.is_empty() && alternatives.iter().all(|&m| beats(reference, m)) {
                Rule::Keep
            } else {
                Rule::NoneBetter
            }
        }
    };

    let checked = if sensitivity.iter().any(|s| s.varied == Varied::Behaviour) {
        Checked::PricesAndBehaviour
    } else if sensitivity.is_empty() {
        Checked::Nothing
    } else {
        Checked::Prices
    };
    let base_best = super::appraisal::best_and_gap(&summaries).0;
    let flips: Vec<(&'static str, bool, LinkageModel)> = sensitivity
        .iter()
        .filter(|s| s.best != base_best)
        .map(|s| (s.key, s.high, s.best))
        .collect();
    let mut narrowing: Vec<&Sensitivity> =
        sensitivity.iter().filter(|s| s.gap_change < 0.0).collect();
    narrowing.sort_by(|a, b| a.gap_change.total_cmp(&b.gap_change).then(a.key.cmp(b.key)));
    let narrowing = if flips.is_empty() {
        narrowing.iter().take(3).map(|s| (s.key, s.high)).collect()
    } else {
        Vec::new()
    };
    // With --psa: the assumptions whose measurement could change the choice (EVPPI),
    // or, when none could, those that move the margin most.
    let measure = psa
        .map(|p| {
            // Worth measuring only above what simulation noise alone gives (a shuffle
            // of the draws, `Evppi::noise`), and a share of the EVPI.
            let floor = |e: &super::psa::Evppi| (EVPPI_FLOOR * p.evpi).max(1.0).max(e.noise);
            let changes: Vec<&super::psa::Evppi> =
                p.evppi.iter().filter(|e| e.value > floor(e)).collect();
            let chosen: Vec<&super::psa::Evppi> = if changes.is_empty() {
                let mut by = p.evppi.iter().collect::<Vec<_>>();
                by.sort_by(|a, b| b.explained.total_cmp(&a.explained).then(a.key.cmp(b.key)));
                by.into_iter().filter(|e| e.explained > 0.01).collect()
            } else {
                changes
            };
            chosen
                .into_iter()
                .take(3)
                .map(|e| Measure {
                    key: e.key,
                    value: if e.value > floor(e) { e.value } else { 0.0 },
                    explained: e.explained,
                    switch: e
                        .switch
                        .map(|(x, below, above)| (x, p.models[below], p.models[above])),
                })
                .collect()
        })
        .unwrap_or_default();
    Recommendation {
        rule,
        reference,
        years: r.years,
        models: summaries.iter().map(facts).collect(),
        reliable,
        uncertainty: if psa.is_some() {
            Uncertainty::WithParameters { replications: reps }
        } else {
            Uncertainty::SimulationOnly { replications: reps }
        },
        checked,
        flips,
        narrowing,
        measure,
        evpi: psa.map(|p| p.evpi),
        package: None,
    }
}

impl Recommendation {
    /// The recommendation in plain words ([`crate::text::recommendation`]).
    pub fn render(&self, lang: Lang) -> String {
        crate::text::recommendation::render(self, lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mkba::appraisal::Appraisal;
    use crate::mkba::psa::{Evppi, PsaPlan};
    use crate::mkba::sensitivity::Varied;
    use crate::mkba::CATEGORIES;
    use LinkageModel::{Broad, Partial, Separate};

    const NOISE: [f64; 10] = [-1.0, 1.0, -0.5, 0.5, 0.0, 0.3, -0.3, 0.8, -0.8, 0.2];

    /// NPVs of `mean + scale * noise`, in millions.
    fn npv(mean: f64, scale: f64) -> Vec<f64> {
        NOISE.iter().map(|n| (mean + scale * n) * 1e6).collect()
    }

    /// Like [`npv`] with the noise reversed: paired with it, the difference varies.
    fn npv_other(mean: f64, scale: f64) -> Vec<f64> {
        NOISE
            .iter()
            .rev()
            .map(|n| (mean + scale * n) * 1e6)
            .collect()
    }

    fn result(broad: Vec<f64>, partial: Vec<f64>, intro: [f64; 2]) -> MkbaResult {
        let appraisals = |v: &[f64], introduction: f64| -> Vec<Appraisal> {
            v.iter()
                .map(|&npv| Appraisal {
                    npv,
                    benefits: npv.max(0.0),
                    costs: (-npv).max(0.0),
                    by_stakeholder: [npv, 0.0, 0.0, 0.0, 0.0],
                    by_category: vec![0.0; CATEGORIES.len()],
                    cumulative: vec![npv / 2.0, npv],
                    introduction,
                })
                .collect()
        };
        MkbaResult {
            reference: Separate,
            models: vec![Broad, Partial, Separate],
            appraisals: vec![
                appraisals(&broad, intro[0]),
                appraisals(&partial, intro[1]),
                appraisals(&[0.0; 10], 0.0),
            ],
            years: 5,
            simulated_years: 5,
            discount_rate: 0.0225,
            interval: crate::stats::IntervalKind::Mean,
        }
    }

    fn price_check(best: LinkageModel) -> Vec<Sensitivity> {
        vec![Sensitivity {
            key: "mkba.wi_post_eur_per_year",
            varied: Varied::Price,
            high: true,
            value: 72.0,
            best,
            gap_change: -1e5,
            npv: vec![],
        }]
    }

    struct Case {
        name: &'static str,
        mkba: MkbaResult,
        sensitivity: Vec<Sensitivity>,
        /// With a PSA: the EVPPI of its one assumption (0: it cannot change the choice).
        psa: Option<f64>,
        rule: Rule,
        says: &'static [&'static str],
        never: &'static [&'static str],
    }

    /// The numbers of a text, as plain decimals (thousands separators dropped,
    /// Dutch decimal commas read as points), sorted.
    fn numbers(text: &str, lang: Lang) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let (thousands, decimal) = match lang {
            Lang::En => (',', '.'),
            Lang::Nl => ('.', ','),
        };
        let chars: Vec<char> = text.chars().collect();
        for (i, &ch) in chars.iter().enumerate() {
            let next_digit = chars.get(i + 1).is_some_and(|c| c.is_ascii_digit());
            if ch.is_ascii_digit() {
                cur.push(ch);
            } else if !cur.is_empty() && ch == thousands && next_digit {
            } else if !cur.is_empty() && ch == decimal && next_digit {
                cur.push('.');
            } else if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
        }
        if !cur.is_empty() {
            out.push(cur);
        }
        out.sort();
        out
    }

    /// Council text: no parameter key, flag, command or file name.
    pub(crate) fn for_people(name: &str, text: &str) {
        for bad in [
            "--",
            "wijksim",
            "_",
            ".toml",
            ".csv",
            "run with",
            "draai met",
        ] {
            assert!(!text.contains(bad), "{name}: {bad:?} in\n{text}");
        }
        // A registry key is `section.key`: lower-case words joined by a dot.
        let words: Vec<&str> = text.split_whitespace().collect();
        for w in words {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            if let Some((a, b)) = w.split_once('.') {
                assert!(
                    !(a.chars().all(|c| c.is_ascii_lowercase())
                        && !a.is_empty()
                        && b.starts_with(|c: char| c.is_ascii_lowercase())),
                    "{name}: key {w:?} in\n{text}"
                );
            }
        }
    }

    /// English and Dutch carry the same numbers and as many sentences, and the
    /// Dutch has no English model name or word left in it.
    fn same_in_both(name: &str, en: &str, nl: &str) {
        assert_eq!(
            numbers(en, Lang::En),
            numbers(nl, Lang::Nl),
            "{name}:\n{en}\n{nl}"
        );
        let sentences = |t: &str| t.matches(". ").count() + t.matches(": ").count();
        assert_eq!(sentences(en), sentences(nl), "{name}:\n{en}\n{nl}");
        for w in [
            " broad",
            " partial",
            " separate",
            " the ",
            " and ",
            " with ",
            " year",
            "Pilot ",
        ] {
            assert!(!nl.contains(w), "{name}: untranslated {w:?} in\n{nl}");
        }
        for_people(name, en);
        for_people(name, nl);
    }

    #[test]
    fn each_rule_and_branch() {
        let cases = vec![
            Case {
                name: "one best model that is also the cheapest",
                mkba: result(npv(2.0, 0.1), npv(5.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: price_check(Partial),
                psa: None,
                rule: Rule::Pilot { model: Partial, cheapest_too: true },
                says: &["Pilot partial.", "also the cheapest", "Partial is reliably better than broad", "over 10 simulated futures: they show simulation noise only", "not included", "Of the prices varied", "none changes", "Behavioural assumptions (how households and staff act) were not varied"],
                never: &["otherwise", "include what we do not know"],
            },
            Case {
                name: "one best model that is not the cheapest",
                mkba: result(npv(5.0, 0.1), npv(2.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: None,
                rule: Rule::Pilot { model: Broad, cheapest_too: false },
                says: &["Pilot broad.", "Broad is reliably better than partial"],
                never: &["also the cheapest", "Of the prices"],
            },
            Case {
                name: "tied, the best is the cheapest",
                mkba: result(npv_other(4.8, 1.0), npv(5.0, 1.0), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: None,
                rule: Rule::Tied { models: vec![Partial, Broad], cheapest: Partial },
                says: &["cannot be told apart from each other", "Pilot partial: it has the highest mean value and also costs least"],
                never: &["otherwise partial", "unless"],
            },
            Case {
                name: "tied, the best is not the cheapest",
                mkba: result(npv_other(5.0, 1.0), npv(4.8, 1.0), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: None,
                rule: Rule::Tied { models: vec![Broad, Partial], cheapest: Partial },
                says: &["Broad has the highest mean value; partial costs least to introduce", "Pilot partial unless"],
                never: &["Pilot broad", "otherwise"],
            },
            Case {
                name: "every alternative reliably worse",
                mkba: result(npv(-3.0, 0.1), npv(-1.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: None,
                rule: Rule::Keep,
                says: &["Keep separate", "Separate is reliably better than broad", "Partial is reliably better than broad"],
                never: &["Pilot"],
            },
            Case {
                name: "none beats the reference, but one is reliably worse than another",
                mkba: result(
                    NOISE.iter().map(|n| (-0.5 + 0.02 * n + 2.0 * n) * 1e6).collect(),
                    NOISE.iter().map(|n| 2.0 * n * 1e6).collect(),
                    [2.5e6, 0.6e6],
                ),
                sensitivity: vec![],
                psa: None,
                rule: Rule::NoneBetter,
                says: &["No model reliably beats separate", "Partial is reliably better than broad"],
                never: &["cannot be told apart", "Pilot", "Keep"],
            },
            Case {
                name: "all within the noise",
                mkba: result(npv_other(0.1, 2.0), npv(-0.1, 2.5), [2.5e6, 0.6e6]),
                sensitivity: price_check(Separate),
                psa: None,
                rule: Rule::NoneBetter,
                says: &["cannot be told apart on societal value", "within the noise"],
                never: &["reliably better", "Pilot"],
            },
            Case {
                name: "a price changes the choice, with parameter uncertainty",
                mkba: result(npv(2.0, 0.1), npv(5.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: price_check(Broad),
                psa: Some(120_000.0),
                rule: Rule::Pilot { model: Partial, cheapest_too: true },
                says: &["changes when one of the prices is set to the end of its plausible range: a high price of W&I post a year (broad then scores highest)", "include what we do not know", "What the pilot should measure", "team finds money problems (worth €120,000): below 0.310 separate scores highest, above it partial"],
                never: &["none changes", "simulation noise only"],
            },
            Case {
                name: "parameter uncertainty that cannot change the choice",
                mkba: result(npv(-3.0, 0.1), npv(-1.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: Some(0.0),
                rule: Rule::Keep,
                says: &["No assumption is worth measuring before deciding", "What a pilot would still have to confirm", "team finds money problems (40% of its variation)", "separate comes out best in 100% of them"],
                never: &["What the pilot should measure, as the assumptions"],
            },
        ];
        for c in cases {
            let psa = c.psa.map(|value| PsaResult {
                plan: PsaPlan {
                    seed: 1,
                    params: vec![],
                    held: vec![],
                },
                draws: vec![],
                models: c.mkba.models.clone(),
                npv: c.mkba.npvs(),
                evpi: 200_000.0,
                evppi: vec![Evppi {
                    key: "team.finance_detection_own",
                    value,
                    fitted: vec![],
                    switch: (value > 0.0).then_some((0.31, 2, 1)),
                    explained: 0.4,
                    noise: 1_000.0,
                }],
            });
            let r = recommend(&c.mkba, &c.sensitivity, psa.as_ref());
            assert_eq!(r.rule, c.rule, "{}", c.name);
            let text = r.render(Lang::En);
            for s in c.says {
                assert!(text.contains(s), "{}: missing {s:?} in\n{text}", c.name);
            }
            for s in c.never {
                assert!(!text.contains(s), "{}: unexpected {s:?} in\n{text}", c.name);
            }
            // The Dutch rendering says the same rule in Dutch, with Dutch numbers.
            let nl = r.render(Lang::Nl);
            assert!(!nl.contains("million"), "{}: {nl}", c.name);
            same_in_both(c.name, &text, &nl);
        }
    }
}
