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
use crate::format::{self, Lang};
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

    fn render(&self, lang: Lang) -> String {
        let what = if self.description.is_empty() {
            self.model.name().to_string()
        } else {
            self.description.clone()
        };
        let eur = |x: f64| format::fmt_eur(x, lang);
        let template = match lang {
            Lang::En => " Of the {n} packages compared (a linkage model with what comes with it, the same dice for each), {name} scores highest over {years} year(s): {what}, net present value {npv} (95% interval {lo} to {hi}), best in {best} of the replications; its credit bank ran about {posts} counsellor posts in the last year, with a mean wait of {wait} weeks.",
            Lang::Nl => " Van de {n} vergeleken pakketten (een koppelingsmodel met wat erbij hoort, voor elk dezelfde dobbelstenen) scoort {name} het hoogst over {years} jaar: {what}, netto contante waarde {npv} (95%-interval {lo} tot {hi}), het beste in {best} van de replicaties; de kredietbank had in het laatste jaar ongeveer {posts} schuldhulpverleners, met een gemiddelde wachttijd van {wait} weken.",
        };
        [
            ("{n}", self.compared.to_string()),
            ("{name}", self.name.clone()),
            ("{years}", self.years.to_string()),
            ("{npv}", eur(self.npv.mean)),
            ("{lo}", eur(self.npv.lo)),
            ("{hi}", eur(self.npv.hi)),
            ("{best}", format::fmt_share(self.probability_best, lang)),
            (
                "{posts}",
                format::fmt_number(self.counsellor_posts, 0, lang),
            ),
            ("{wait}", format::fmt_number(self.arrangement_wait, 1, lang)),
            // The description is user text: filled last, so a brace in it stays text.
            ("{what}", what),
        ]
        .iter()
        .fold(template.to_string(), |t, (k, v)| t.replacen(k, v, 1))
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
    fn of(&self, m: LinkageModel) -> Option<&ModelFacts> {
        self.models.iter().find(|f| f.model == m)
    }

    /// The recommendation in plain words.
    pub fn render(&self, lang: Lang) -> String {
        let mut t = match lang {
            Lang::En => self.render_en(),
            Lang::Nl => self.render_nl(),
        };
        if let Some(p) = &self.package {
            t.push_str(&p.render(lang));
        }
        t
    }

    fn describe_en(&self, f: &ModelFacts) -> String {
        let mut t = format!(
            "{}: net present value {} (95% interval {} to {})",
            f.model.name(),
            format::fmt_eur(f.npv.mean, Lang::En),
            format::fmt_eur(f.npv.lo, Lang::En),
            format::fmt_eur(f.npv.hi, Lang::En)
        );
        if let Some(bcr) = f.bcr {
            t.push_str(&format!(
                ", {} euro back per euro of extra cost",
                format::fmt_number(bcr, 2, Lang::En)
            ));
        }
        match f.break_even_year {
            Some(y) => t.push_str(&format!(", breaking even in year {}", y + 1)),
            None => t.push_str(", not breaking even within the horizon"),
        }
        t
    }

    fn render_en(&self) -> String {
        let r = self.reference.name();
        let y = self.years;
        let mut t = String::new();
        match &self.rule {
            Rule::Pilot {
                model,
                cheapest_too,
            } => {
                let f = self.of(*model);
                t.push_str(&format!(
                    "Pilot {}. Against {r} over {y} year(s): {}; it is the best model in {} of the replications.",
                    model.name(),
                    f.map(|f| self.describe_en(f)).unwrap_or_default(),
                    f.map(|f| format::fmt_share(f.probability_best, Lang::En)).unwrap_or_default()
                ));
                if *cheapest_too {
                    t.push_str(" It is also the cheapest of the better models to introduce.");
                }
            }
            Rule::Tied { models, cheapest } => {
                let names: Vec<&str> = models.iter().map(|m| m.name()).collect();
                t.push_str(&format!(
                    "{} {} beat {r} over {y} year(s), but cannot be told apart from each other. ",
                    join_en(&names),
                    if names.len() == 2 { "both" } else { "all" }
                ));
                let described: Vec<String> = models
                    .iter()
                    .filter_map(|m| self.of(*m))
                    .map(|f| self.describe_en(f))
                    .collect();
                t.push_str(&described.join(". "));
                t.push_str(". ");
                if *cheapest == models[0] {
                    t.push_str(&format!(
                        "Pilot {}: it has the highest mean value and also costs least to introduce ({}).",
                        cheapest.name(),
                        format::fmt_eur(self.of(*cheapest).map_or(0.0, |f| f.introduction), Lang::En)
                    ));
                } else {
                    t.push_str(&format!(
                        "{} has the highest mean value; {} costs least to introduce ({} against {}). Pilot {} unless its higher mean value, which the simulations cannot confirm, justifies the larger reorganisation of {}.",
                        models[0].name(),
                        cheapest.name(),
                        format::fmt_eur(self.of(*cheapest).map_or(0.0, |f| f.introduction), Lang::En),
                        format::fmt_eur(self.of(models[0]).map_or(0.0, |f| f.introduction), Lang::En),
                        cheapest.name(),
                        models[0].name()
                    ));
                }
            }
            Rule::Keep => {
                t.push_str(&format!(
                    "Keep {r}: every alternative has a reliably lower societal value over {y} year(s)."
                ));
            }
            Rule::NoneBetter => {
                if self.reliable.is_empty() {
                    t.push_str(&format!(
                        "The models cannot be told apart on societal value over {y} year(s): every difference lies within the noise. Base the choice of pilot on other grounds (feasibility, what the teams want), or run more replications."
                    ));
                } else {
                    t.push_str(&format!(
                        "No model reliably beats {r} on societal value over {y} year(s)."
                    ));
                }
            }
        }
        for p in &self.reliable {
            if matches!(self.rule, Rule::Pilot { model, .. } if model == p.better)
                && p.worse == self.reference
            {
                continue; // already said
            }
            t.push_str(&format!(
                " {} is reliably better than {} (difference {} {}).",
                p.better.name(),
                p.worse.name(),
                format::fmt_eur(p.difference.mean, Lang::En),
                format::fmt_bounds(
                    &format::fmt_eur(p.difference.lo, Lang::En),
                    &format::fmt_eur(p.difference.hi, Lang::En),
                    Lang::En
                )
            ));
        }
        let focus = match &self.rule {
            Rule::Pilot { model, .. } => Some(*model),
            Rule::Tied { models, .. } => Some(models[0]),
            _ => None,
        };
        if let Some(f) = focus.and_then(|m| self.of(m)) {
            let names =
                |v: &[Stakeholder]| v.iter().map(|s| stakeholder_en(*s)).collect::<Vec<_>>();
            if !f.gainers.is_empty() {
                t.push_str(&format!(
                    " Under {}, who gains: {}.",
                    f.model.name(),
                    join_en(&names(&f.gainers))
                ));
            }
            if !f.payers.is_empty() {
                t.push_str(&format!(" Who pays: {}.", join_en(&names(&f.payers))));
            }
        }
        t.push(' ');
        t.push_str(&match self.uncertainty {
            Uncertainty::SimulationOnly { replications } => format!(
                "The intervals show simulation noise over {replications} replications only, not what we do not know about the assumptions (run with --psa to include that)."
            ),
            Uncertainty::WithParameters { replications } => {
                let mut by: Vec<&ModelFacts> = self.models.iter().collect();
                by.sort_by(|a, b| b.probability_best.total_cmp(&a.probability_best).then(a.model.cmp(&b.model)));
                let rest: Vec<String> = by[1..]
                    .iter()
                    .map(|f| format!("{} {}", f.model.name(), format::fmt_share(f.probability_best, Lang::En)))
                    .collect();
                format!(
                    "The intervals include what we do not know about the assumptions: each of the {replications} replications is a possible future that drew them from their plausible ranges, and the intervals hold the middle 95% of those futures. {} comes out best in {} of them ({}).",
                    by[0].model.name(),
                    format::fmt_share(by[0].probability_best, Lang::En),
                    rest.join(", ")
                )
            }
        });
        let what = match self.checked {
            Checked::Nothing => None,
            Checked::Prices => Some("prices"),
            Checked::PricesAndBehaviour => Some("prices and behavioural assumptions"),
        };
        if let Some(what) = what {
            if self.flips.is_empty() {
                t.push_str(&format!(
                    " Of the {what} varied one at a time over their plausible ranges, none changes which model scores highest"
                ));
                if self.narrowing.is_empty() {
                    t.push('.');
                } else {
                    let n: Vec<String> =
                        self.narrowing.iter().map(|(k, h)| end_en(k, *h)).collect();
                    t.push_str(&format!(
                        "; those that narrow the margin most are {}.",
                        join_en(&n)
                    ));
                }
            } else {
                let n: Vec<String> = self
                    .flips
                    .iter()
                    .map(|(k, h, best)| {
                        format!("{} ({} then scores highest)", end_en(k, *h), best.name())
                    })
                    .collect();
                t.push_str(&format!(
                    " Which model scores highest changes when one of the {what} is set to the end of its plausible range: {}.",
                    n.join("; ")
                ));
            }
            if self.checked == Checked::Prices {
                t.push_str(" Behavioural assumptions were not varied (run with --sensitivity).");
            }
        }
        if let Some(evpi) = self.evpi {
            let changes = self.measure.iter().any(|m| m.value > 0.0);
            if changes {
                let items: Vec<String> = self
                    .measure
                    .iter()
                    .map(|m| {
                        let mut s =
                            format!("{} (worth {})", m.key, format::fmt_eur(m.value, Lang::En));
                        if let Some((x, below, above)) = m.switch {
                            s.push_str(&format!(
                                ": below {} {} scores highest, above it {}",
                                format::fmt_auto(x, Lang::En),
                                below.name(),
                                above.name()
                            ));
                        }
                        s
                    })
                    .collect();
                t.push_str(&format!(
                    " What the pilot should measure, as the assumptions whose true value would most likely change the choice: {}.",
                    items.join("; ")
                ));
            } else {
                t.push_str(&format!(
                    " No assumption is worth measuring before deciding: none has a value of information above what the simulation noise of the draws alone gives (knowing every assumption exactly would be worth at most {}, noise included).",
                    format::fmt_eur(evpi, Lang::En)
                ));
                if !self.measure.is_empty() {
                    let items: Vec<String> = self
                        .measure
                        .iter()
                        .map(|m| {
                            format!(
                                "{} ({} of its variation)",
                                m.key,
                                format::fmt_share(m.explained, Lang::En)
                            )
                        })
                        .collect();
                    t.push_str(&format!(
                        " What a pilot would still have to confirm, as what moves the margin between the two leading models most: {}.",
                        join_en(&items)
                    ));
                }
            }
        }
        t
    }

    fn describe_nl(&self, f: &ModelFacts) -> String {
        let mut t = format!(
            "{}: netto contante waarde {} (95%-interval {} tot {})",
            f.model.name(),
            format::fmt_eur(f.npv.mean, Lang::Nl),
            format::fmt_eur(f.npv.lo, Lang::Nl),
            format::fmt_eur(f.npv.hi, Lang::Nl)
        );
        if let Some(bcr) = f.bcr {
            t.push_str(&format!(
                ", {} euro terug per euro extra kosten",
                format::fmt_number(bcr, 2, Lang::Nl)
            ));
        }
        match f.break_even_year {
            Some(y) => t.push_str(&format!(", terugverdiend in jaar {}", y + 1)),
            None => t.push_str(", niet terugverdiend binnen de horizon"),
        }
        t
    }

    fn render_nl(&self) -> String {
        let r = self.reference.name();
        let y = self.years;
        let mut t = String::new();
        match &self.rule {
            Rule::Pilot { model, cheapest_too } => {
                let f = self.of(*model);
                t.push_str(&format!(
                    "Start een pilot met {}. Tegenover {r} over {y} jaar: {}; in {} van de replicaties is het het beste model.",
                    model.name(),
                    f.map(|f| self.describe_nl(f)).unwrap_or_default(),
                    f.map(|f| format::fmt_share(f.probability_best, Lang::Nl)).unwrap_or_default()
                ));
                if *cheapest_too {
                    t.push_str(" Het is ook het goedkoopst in te voeren van de betere modellen.");
                }
            }
            Rule::Tied { models, cheapest } => {
                let names: Vec<&str> = models.iter().map(|m| m.name()).collect();
                t.push_str(&format!(
                    "{} doen het over {y} jaar beter dan {r}, maar zijn niet van elkaar te onderscheiden. ",
                    join_nl(&names)
                ));
                let described: Vec<String> = models
                    .iter()
                    .filter_map(|m| self.of(*m))
                    .map(|f| self.describe_nl(f))
                    .collect();
                t.push_str(&described.join(". "));
                t.push_str(". ");
                if *cheapest == models[0] {
                    t.push_str(&format!(
                        "Start een pilot met {}: het heeft de hoogste gemiddelde waarde en is ook het goedkoopst in te voeren ({}).",
                        cheapest.name(),
                        format::fmt_eur(self.of(*cheapest).map_or(0.0, |f| f.introduction), Lang::Nl)
                    ));
                } else {
                    t.push_str(&format!(
                        "{} heeft de hoogste gemiddelde waarde; {} is het goedkoopst in te voeren ({} tegen {}). Start een pilot met {}, tenzij de hogere gemiddelde waarde van {}, die de simulaties niet kunnen bevestigen, de grotere reorganisatie rechtvaardigt.",
                        models[0].name(),
                        cheapest.name(),
                        format::fmt_eur(self.of(*cheapest).map_or(0.0, |f| f.introduction), Lang::Nl),
                        format::fmt_eur(self.of(models[0]).map_or(0.0, |f| f.introduction), Lang::Nl),
                        cheapest.name(),
                        models[0].name()
                    ));
                }
            }
            Rule::Keep => t.push_str(&format!(
                "Houd {r}: elk alternatief heeft over {y} jaar aantoonbaar een lagere maatschappelijke waarde."
            )),
            Rule::NoneBetter => {
                if self.reliable.is_empty() {
                    t.push_str(&format!(
                        "De modellen zijn over {y} jaar niet te onderscheiden op maatschappelijke waarde: elk verschil valt binnen de ruis. Kies de pilot op andere gronden (haalbaarheid, wat de teams willen) of draai meer replicaties."
                    ));
                } else {
                    t.push_str(&format!(
                        "Geen model doet het over {y} jaar aantoonbaar beter dan {r}."
                    ));
                }
            }
        }
        for p in &self.reliable {
            if matches!(self.rule, Rule::Pilot { model, .. } if model == p.better)
                && p.worse == self.reference
            {
                continue;
            }
            t.push_str(&format!(
                " {} is aantoonbaar beter dan {} (verschil {} {}).",
                p.better.name(),
                p.worse.name(),
                format::fmt_eur(p.difference.mean, Lang::Nl),
                format::fmt_bounds(
                    &format::fmt_eur(p.difference.lo, Lang::Nl),
                    &format::fmt_eur(p.difference.hi, Lang::Nl),
                    Lang::Nl
                )
            ));
        }
        t.push(' ');
        t.push_str(&match self.uncertainty {
            Uncertainty::SimulationOnly { replications } => format!(
                "De intervallen tonen alleen de simulatieruis over {replications} replicaties, niet wat we over de aannames niet weten (draai met --psa om dat mee te nemen)."
            ),
            Uncertainty::WithParameters { replications } => format!(
                "De intervallen bevatten ook wat we over de aannames niet weten: elk van de {replications} replicaties trok ze uit hun plausibele bereik."
            ),
        });
        if !self.flips.is_empty() {
            let n: Vec<String> = self
                .flips
                .iter()
                .map(|(k, h, best)| {
                    format!(
                        "{k} {} ({} scoort dan het hoogst)",
                        if *h { "hoog" } else { "laag" },
                        best.name()
                    )
                })
                .collect();
            t.push_str(&format!(
                " Het beste model verandert als één aanname aan de rand van haar bereik ligt: {}.",
                n.join("; ")
            ));
        } else if self.checked != Checked::Nothing {
            t.push_str(" Geen enkele aanname, afzonderlijk gevarieerd over haar plausibele bereik, verandert welk model het hoogst scoort.");
        }
        if let Some(evpi) = self.evpi {
            if self.measure.iter().any(|m| m.value > 0.0) {
                let items: Vec<String> = self
                    .measure
                    .iter()
                    .map(|m| format!("{} (waarde {})", m.key, format::fmt_eur(m.value, Lang::Nl)))
                    .collect();
                t.push_str(&format!(
                    " Wat de pilot zou moeten meten, omdat de ware waarde de keuze het eerst zou veranderen: {}.",
                    items.join("; ")
                ));
            } else {
                t.push_str(&format!(
                    " Geen enkele aanname is het waard om vóór de keuze te meten: geen heeft een informatiewaarde boven wat de simulatieruis van de trekkingen alleen al geeft (alle aannames precies kennen is hoogstens {} waard, ruis inbegrepen).",
                    format::fmt_eur(evpi, Lang::Nl)
                ));
                if !self.measure.is_empty() {
                    let items: Vec<String> = self
                        .measure
                        .iter()
                        .map(|m| {
                            format!(
                                "{} ({} van de spreiding)",
                                m.key,
                                format::fmt_share(m.explained, Lang::Nl)
                            )
                        })
                        .collect();
                    t.push_str(&format!(
                        " Wat een pilot nog zou moeten bevestigen, als wat het verschil tussen de twee beste modellen het meest bepaalt: {}.",
                        join_nl(&items)
                    ));
                }
            }
        }
        t
    }
}

/// "low x" / "high x" for a variation.
fn end_en(key: &str, high: bool) -> String {
    format!("{key} {}", if high { "high" } else { "low" })
}

/// Plain English words for a stakeholder.
pub fn stakeholder_en(s: Stakeholder) -> &'static str {
    match s {
        Stakeholder::Municipality => "the municipality",
        Stakeholder::HealthInsurer => "health insurers",
        Stakeholder::CentralGovernment => "central government",
        Stakeholder::Creditors => "creditors",
        Stakeholder::Households => "households",
    }
}

fn join_en<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "and")
}

fn join_nl<S: AsRef<str>>(items: &[S]) -> String {
    join(items, "en")
}

fn join<S: AsRef<str>>(items: &[S], and: &str) -> String {
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
            key: "mkba.wi_eur_per_hour",
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

    #[test]
    fn each_rule_and_branch() {
        let cases = vec![
            Case {
                name: "one best model that is also the cheapest",
                mkba: result(npv(2.0, 0.1), npv(5.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: price_check(Partial),
                psa: None,
                rule: Rule::Pilot { model: Partial, cheapest_too: true },
                says: &["Pilot partial.", "also the cheapest", "partial is reliably better than broad", "simulation noise over 10 replications only", "Of the prices varied", "none changes", "Behavioural assumptions were not varied"],
                never: &["otherwise", "include what we do not know"],
            },
            Case {
                name: "one best model that is not the cheapest",
                mkba: result(npv(5.0, 0.1), npv(2.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: None,
                rule: Rule::Pilot { model: Broad, cheapest_too: false },
                says: &["Pilot broad.", "broad is reliably better than partial"],
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
                says: &["broad has the highest mean value; partial costs least to introduce", "Pilot partial unless"],
                never: &["Pilot broad", "otherwise"],
            },
            Case {
                name: "every alternative reliably worse",
                mkba: result(npv(-3.0, 0.1), npv(-1.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: None,
                rule: Rule::Keep,
                says: &["Keep separate", "separate is reliably better than broad", "partial is reliably better than broad"],
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
                says: &["No model reliably beats separate", "partial is reliably better than broad"],
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
                says: &["changes when one of the prices is set to the end of its plausible range: mkba.wi_eur_per_hour high (broad then scores highest)", "include what we do not know", "What the pilot should measure", "team.finance_detection_own (worth €120,000): below 0.310 separate scores highest, above it partial"],
                never: &["none changes", "simulation noise over 10 replications only"],
            },
            Case {
                name: "parameter uncertainty that cannot change the choice",
                mkba: result(npv(-3.0, 0.1), npv(-1.0, 0.1), [2.5e6, 0.6e6]),
                sensitivity: vec![],
                psa: Some(0.0),
                rule: Rule::Keep,
                says: &["No assumption is worth measuring before deciding", "What a pilot would still have to confirm", "team.finance_detection_own (40% of its variation)", "separate comes out best in 100% of them"],
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
            assert!(!nl.contains("Pilot "), "{}: {nl}", c.name);
            assert!(!nl.contains("million"), "{}: {nl}", c.name);
        }
    }
}
