//! Societal cost-benefit analysis (MKBA) of the linkage models against a reference
//! (MODEL.md section 5; CPB/PBL "Algemene leidraad MKBA").
//!
//! The simulation delivers quantities per year after the switch ([`YearFlows`]): post
//! years, care episodes, problematic-debt household-years, benefit years, sanctions,
//! settled debts. Here they are priced, attributed to the stakeholder who pays or
//! receives, discounted, and compared with the reference model **replication by
//! replication** (common random numbers), which gives the net present value with its
//! interval, the benefit/cost ratio, the break-even year, the NPV per stakeholder and
//! the probability that each model is best.
//!
//! Benefits paid, sanctions and settled debts are **transfers**: they appear twice with
//! opposite signs (one stakeholder pays, another receives), so they net to zero for
//! society and show only in the stakeholder view. Prices are constant (real) euros of
//! the base year; the first year after the switch is year 0 and is not discounted.

use crate::model::LinkageModel;
use crate::outcomes::YearFlows;
use crate::runner::{Results, RunResult};
use crate::scenario::params::{Mkba, MkbaModel};
use crate::stats::{summarise, Summary};

/// Who pays or gains (a stakeholder effect map as in Dutch social-domain MKBA practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stakeholder {
    /// The municipality (team and W&I staff, youth care, shelter, social support).
    Municipality,
    /// Health insurers (specialist mental-health care, health costs of debt).
    HealthInsurer,
    /// Central government (benefits paid).
    CentralGovernment,
    /// Creditors, landlords included (collection, evictions, settled debts).
    Creditors,
    /// Households (lost productivity and earnings, benefits received, sanctions).
    Households,
}

impl Stakeholder {
    /// All stakeholders, in report order.
    pub const ALL: [Stakeholder; 5] = [
        Stakeholder::Municipality,
        Stakeholder::HealthInsurer,
        Stakeholder::CentralGovernment,
        Stakeholder::Creditors,
        Stakeholder::Households,
    ];

    /// Name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Stakeholder::Municipality => "municipality",
            Stakeholder::HealthInsurer => "health_insurer",
            Stakeholder::CentralGovernment => "central_government",
            Stakeholder::Creditors => "creditors",
            Stakeholder::Households => "households",
        }
    }

    /// Plain words for the recommendation.
    pub fn words(self) -> &'static str {
        match self {
            Stakeholder::Municipality => "the municipality",
            Stakeholder::HealthInsurer => "health insurers",
            Stakeholder::CentralGovernment => "central government",
            Stakeholder::Creditors => "creditors",
            Stakeholder::Households => "households",
        }
    }
}

/// Cost categories. Real categories are resource costs; transfers net to zero.
pub const CATEGORIES: &[(&str, bool)] = &[
    ("staff_generalists", false),
    ("staff_wi", false),
    ("staff_debt_counsellors", false),
    ("reorganisation", false),
    ("training", false),
    ("coordination", false),
    ("flexible_budget", false),
    ("ggz", false),
    ("youth_care", false),
    ("shelter", false),
    ("eviction", false),
    ("debt_productivity", false),
    ("debt_health", false),
    ("debt_social_support", false),
    ("debt_collection_other", false),
    ("benefit_administration", false),
    ("benefit_payments", true),
    ("sanctions", true),
    ("debt_settlement", true),
];

/// Index of a category in [`CATEGORIES`].
fn cat(name: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|c| c.0 == name)
        .expect("known category")
}

/// One priced flow: a cost to `stakeholder` in `year` (negative: a receipt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Year after the switch (0-based).
    pub year: u32,
    /// Who pays (or, when negative, receives).
    pub stakeholder: Stakeholder,
    /// Index into [`CATEGORIES`].
    pub category: usize,
    /// Euros (constant prices); positive = cost.
    pub cost_eur: f64,
}

impl Flow {
    /// Whether the category is a transfer.
    pub fn transfer(&self) -> bool {
        CATEGORIES[self.category].1
    }
}

/// Discount factor of year `year` at `rate`.
#[inline]
pub fn discount(year: u32, rate: f64) -> f64 {
    (1.0 + rate).powi(-(year as i32))
}

fn model_prices(m: &Mkba, model: LinkageModel) -> &MkbaModel {
    match model {
        LinkageModel::Broad => &m.broad,
        LinkageModel::Partial => &m.partial,
        LinkageModel::Separate => &m.separate,
    }
}

/// Years appraised: the scenario's MKBA horizon, or the simulated years.
pub fn horizon(run: &RunResult, m: &Mkba) -> u32 {
    if m.horizon_years > 0 {
        m.horizon_years
    } else {
        run.years.len() as u32
    }
}

/// Price the yearly quantities of one run. Years beyond the simulation repeat its last
/// year (a documented assumption: the state at the end of the run persists).
pub fn run_flows(run: &RunResult, m: &Mkba) -> Vec<Flow> {
    use Stakeholder::*;
    let years = horizon(run, m);
    let mut out = Vec::with_capacity(years as usize * CATEGORIES.len() + 4);
    let mut push = |year: u32, s: Stakeholder, c: &str, eur: f64| {
        if eur != 0.0 {
            out.push(Flow {
                year,
                stakeholder: s,
                category: cat(c),
                cost_eur: eur,
            });
        }
    };
    // One-off costs of the teams that changed model, in year 0.
    for model in LinkageModel::ALL {
        let n = run.switched_teams[model as usize] as f64;
        let p = model_prices(m, model);
        push(0, Municipality, "reorganisation", n * p.reorganisation_eur);
        push(0, Municipality, "training", n * p.training_eur);
    }
    let empty = YearFlows::default();
    for y in 0..years {
        let f = run
            .years
            .get(y as usize)
            .or(run.years.last())
            .unwrap_or(&empty);
        let yrs = |weeks: u64| weeks as f64 / 52.0;
        push(
            y,
            Municipality,
            "staff_generalists",
            yrs(f.post_weeks[0]) * m.generalist_eur_per_year,
        );
        push(
            y,
            Municipality,
            "staff_wi",
            yrs(f.post_weeks[1]) * m.wi_eur_per_year,
        );
        push(
            y,
            Municipality,
            "staff_debt_counsellors",
            yrs(f.post_weeks[2]) * m.counsellor_eur_per_year,
        );
        let coordination: f64 = LinkageModel::ALL
            .iter()
            .map(|&model| {
                run.teams_by_model[model as usize] as f64
                    * model_prices(m, model).coordination_eur_per_year
            })
            .sum();
        push(y, Municipality, "coordination", coordination);
        // Levers: flexible budget spent, workers trained (from the simulated year only).
        if let Some(f) = run.years.get(y as usize) {
            push(y, Municipality, "flexible_budget", f.flexible_budget_eur);
            push(y, Municipality, "training", f.training_eur);
        }
        push(
            y,
            HealthInsurer,
            "ggz",
            yrs(f.episode_weeks[0]) * m.ggz_eur_per_year,
        );
        push(
            y,
            Municipality,
            "youth_care",
            yrs(f.episode_weeks[1]) * m.youth_care_eur_per_year,
        );
        push(
            y,
            Municipality,
            "shelter",
            yrs(f.episode_weeks[2]) * m.shelter_eur_per_year,
        );
        push(
            y,
            Creditors,
            "eviction",
            f.episodes_started[2] as f64 * m.eviction_eur,
        );
        let debt_years = yrs(f.problematic_weeks);
        push(
            y,
            Households,
            "debt_productivity",
            debt_years * m.debt_productivity_eur_per_year,
        );
        push(
            y,
            HealthInsurer,
            "debt_health",
            debt_years * m.debt_health_eur_per_year,
        );
        push(
            y,
            Municipality,
            "debt_social_support",
            debt_years * m.debt_support_eur_per_year,
        );
        push(
            y,
            Creditors,
            "debt_collection_other",
            debt_years * m.debt_other_eur_per_year,
        );
        let benefit_years = yrs(f.benefit_weeks);
        push(
            y,
            Municipality,
            "benefit_administration",
            benefit_years * m.benefit_admin_eur_per_year,
        );
        // Transfers: paid by one, received by another.
        let benefits = benefit_years * m.benefit_eur_per_year;
        push(y, CentralGovernment, "benefit_payments", benefits);
        push(y, Households, "benefit_payments", -benefits);
        push(y, Households, "sanctions", f.sanction_eur);
        push(y, CentralGovernment, "sanctions", -f.sanction_eur);
        push(y, Creditors, "debt_settlement", f.settled_eur);
        push(y, Households, "debt_settlement", -f.settled_eur);
    }
    out
}

/// Present values of one run: by stakeholder and category, and society's real cost by year.
#[derive(Debug, Clone)]
struct PresentValues {
    /// [stakeholder][category] discounted cost.
    by: [Vec<f64>; 5],
    /// Discounted real (non-transfer) cost per year.
    real_by_year: Vec<f64>,
}

fn present_values(run: &RunResult, m: &Mkba) -> PresentValues {
    let mut pv = PresentValues {
        by: std::array::from_fn(|_| vec![0.0; CATEGORIES.len()]),
        real_by_year: vec![0.0; horizon(run, m) as usize],
    };
    for f in run_flows(run, m) {
        let d = f.cost_eur * discount(f.year, m.discount_rate);
        pv.by[f.stakeholder as usize][f.category] += d;
        if !f.transfer() {
            pv.real_by_year[f.year as usize] += d;
        }
    }
    pv
}

/// The appraisal of one model in one replication, against the reference in the same
/// replication.
#[derive(Debug, Clone, PartialEq)]
pub struct Appraisal {
    /// Societal net present value (benefits minus costs), euros.
    pub npv: f64,
    /// Present value of the categories where the model is cheaper than the reference.
    pub benefits: f64,
    /// Present value of the categories where the model is dearer.
    pub costs: f64,
    /// NPV per stakeholder, transfers included, in [`Stakeholder::ALL`] order.
    pub by_stakeholder: [f64; 5],
    /// Cumulative discounted net benefit at the end of each year.
    pub cumulative: Vec<f64>,
}

/// Compare a model's present values with the reference's.
fn appraise_pair(model: &PresentValues, reference: &PresentValues) -> Appraisal {
    let (mut benefits, mut costs) = (0.0, 0.0);
    for (c, &(_, transfer)) in CATEGORIES.iter().enumerate() {
        if transfer {
            continue;
        }
        let delta: f64 = (0..5).map(|s| model.by[s][c] - reference.by[s][c]).sum();
        if delta > 0.0 {
            costs += delta;
        } else {
            benefits -= delta;
        }
    }
    let by_stakeholder = std::array::from_fn(|s| {
        -(model.by[s].iter().sum::<f64>() - reference.by[s].iter().sum::<f64>())
    });
    let mut acc = 0.0;
    let years = model.real_by_year.len().max(reference.real_by_year.len());
    let cumulative = (0..years)
        .map(|y| {
            acc += reference.real_by_year.get(y).copied().unwrap_or(0.0)
                - model.real_by_year.get(y).copied().unwrap_or(0.0);
            acc
        })
        .collect();
    Appraisal {
        npv: benefits - costs,
        benefits,
        costs,
        by_stakeholder,
        cumulative,
    }
}

/// The MKBA of a comparison: per model, its appraisal in every replication.
#[derive(Debug, Clone)]
pub struct MkbaResult {
    /// Reference model.
    pub reference: LinkageModel,
    /// Models, in report order.
    pub models: Vec<LinkageModel>,
    /// `appraisals[i][rep]` for `models[i]`.
    pub appraisals: Vec<Vec<Appraisal>>,
}

/// Appraise every model against the reference, replication by replication. Returns
/// `None` when the reference model was not run (nothing to compare with).
pub fn appraise(results: &Results, m: &Mkba) -> Option<MkbaResult> {
    let reference = results.spec.reference;
    if !results.spec.models.contains(&reference) {
        return None;
    }
    let refs: Vec<PresentValues> = results
        .of(reference)
        .map(|r| present_values(r, m))
        .collect();
    let appraisals = results
        .spec
        .models
        .iter()
        .map(|&model| {
            results
                .of(model)
                .zip(&refs)
                .map(|(r, rv)| appraise_pair(&present_values(r, m), rv))
                .collect()
        })
        .collect();
    Some(MkbaResult {
        reference,
        models: results.spec.models.clone(),
        appraisals,
    })
}

/// Share of replications in which each model has the highest NPV (the reference's NPV
/// is zero by definition); ties share the win equally.
pub fn probability_best(npv: &[Vec<f64>]) -> Vec<f64> {
    let n_models = npv.len();
    let reps = npv.first().map_or(0, |v| v.len());
    let mut wins = vec![0.0; n_models];
    #[allow(clippy::needless_range_loop)] // `r` indexes the inner vectors of every model
    for r in 0..reps {
        let at = |i: usize| npv[i][r];
        let best = (0..n_models).map(at).fold(f64::NEG_INFINITY, f64::max);
        let tol = 1e-9 * best.abs().max(1.0);
        let winners: Vec<usize> = (0..n_models).filter(|&i| at(i) >= best - tol).collect();
        for &i in &winners {
            wins[i] += 1.0 / winners.len() as f64;
        }
    }
    wins.iter()
        .map(|w| if reps > 0 { w / reps as f64 } else { 0.0 })
        .collect()
}

/// Summary of one model's MKBA.
#[derive(Debug, Clone)]
pub struct ModelSummary {
    /// Model.
    pub model: LinkageModel,
    /// Societal NPV against the reference.
    pub npv: Summary,
    /// Mean present value of benefits.
    pub benefits: f64,
    /// Mean present value of costs.
    pub costs: f64,
    /// Benefit/cost ratio of the means (`None` when there are no costs).
    pub bcr: Option<f64>,
    /// First year (0-based) after which the mean cumulative net benefit stays >= 0.
    pub break_even_year: Option<u32>,
    /// NPV per stakeholder.
    pub by_stakeholder: [Summary; 5],
    /// Probability of the highest NPV.
    pub probability_best: f64,
}

impl MkbaResult {
    /// NPVs as `[model][rep]`.
    pub fn npvs(&self) -> Vec<Vec<f64>> {
        self.appraisals
            .iter()
            .map(|a| a.iter().map(|x| x.npv).collect())
            .collect()
    }

    /// Summaries per model.
    pub fn summaries(&self) -> Vec<ModelSummary> {
        let p_best = probability_best(&self.npvs());
        self.models
            .iter()
            .enumerate()
            .map(|(i, &model)| {
                let a = &self.appraisals[i];
                let n = a.len().max(1) as f64;
                let mean = |f: &dyn Fn(&Appraisal) -> f64| a.iter().map(f).sum::<f64>() / n;
                let benefits = mean(&|x| x.benefits);
                let costs = mean(&|x| x.costs);
                let years = a.first().map_or(0, |x| x.cumulative.len());
                let cum: Vec<f64> = (0..years).map(|y| mean(&|x| x.cumulative[y])).collect();
                let break_even_year = if model == self.reference {
                    None
                } else {
                    (0..years)
                        .find(|&y| cum[y..].iter().all(|&c| c >= 0.0))
                        .map(|y| y as u32)
                };
                ModelSummary {
                    model,
                    npv: summarise(&a.iter().map(|x| x.npv).collect::<Vec<_>>()),
                    benefits,
                    costs,
                    bcr: (costs > 0.0).then(|| benefits / costs),
                    break_even_year,
                    by_stakeholder: std::array::from_fn(|s| {
                        summarise(&a.iter().map(|x| x.by_stakeholder[s]).collect::<Vec<_>>())
                    }),
                    probability_best: p_best[i],
                }
            })
            .collect()
    }
}

/// A price in the MKBA section that can be varied in the sensitivity analysis.
pub fn price_mut<'a>(m: &'a mut Mkba, key: &str) -> Option<&'a mut f64> {
    Some(match key {
        "mkba.generalist_eur_per_year" => &mut m.generalist_eur_per_year,
        "mkba.wi_eur_per_year" => &mut m.wi_eur_per_year,
        "mkba.counsellor_eur_per_year" => &mut m.counsellor_eur_per_year,
        "mkba.broad.reorganisation_eur" => &mut m.broad.reorganisation_eur,
        "mkba.partial.reorganisation_eur" => &mut m.partial.reorganisation_eur,
        "mkba.separate.reorganisation_eur" => &mut m.separate.reorganisation_eur,
        "mkba.broad.training_eur" => &mut m.broad.training_eur,
        "mkba.partial.training_eur" => &mut m.partial.training_eur,
        "mkba.separate.training_eur" => &mut m.separate.training_eur,
        "mkba.broad.coordination_eur_per_year" => &mut m.broad.coordination_eur_per_year,
        "mkba.partial.coordination_eur_per_year" => &mut m.partial.coordination_eur_per_year,
        "mkba.separate.coordination_eur_per_year" => &mut m.separate.coordination_eur_per_year,
        "mkba.ggz_eur_per_year" => &mut m.ggz_eur_per_year,
        "mkba.youth_care_eur_per_year" => &mut m.youth_care_eur_per_year,
        "mkba.shelter_eur_per_year" => &mut m.shelter_eur_per_year,
        "mkba.eviction_eur" => &mut m.eviction_eur,
        "mkba.debt_productivity_eur_per_year" => &mut m.debt_productivity_eur_per_year,
        "mkba.debt_health_eur_per_year" => &mut m.debt_health_eur_per_year,
        "mkba.debt_support_eur_per_year" => &mut m.debt_support_eur_per_year,
        "mkba.debt_other_eur_per_year" => &mut m.debt_other_eur_per_year,
        "mkba.benefit_eur_per_year" => &mut m.benefit_eur_per_year,
        "mkba.benefit_admin_eur_per_year" => &mut m.benefit_admin_eur_per_year,
        _ => return None,
    })
}

/// Every price key of [`price_mut`].
pub fn price_keys() -> impl Iterator<Item = &'static str> {
    crate::scenario::PARAMS
        .iter()
        .map(|p| p.key)
        .filter(|k| k.starts_with("mkba.") && k.contains("eur"))
}

/// How one varied assumption moves the choice.
#[derive(Debug, Clone)]
pub struct Sensitivity {
    /// Parameter key.
    pub key: String,
    /// Multiplier applied (e.g. 0.5 or 1.5).
    pub factor: f64,
    /// Best model (highest mean NPV) with the parameter varied.
    pub best: LinkageModel,
    /// Change in the NPV gap between the base-case best model and the runner-up.
    pub gap_change: f64,
}

/// Best model by mean NPV, and the gap to the runner-up.
pub fn best_and_gap(summaries: &[ModelSummary]) -> (LinkageModel, f64) {
    let mut s: Vec<&ModelSummary> = summaries.iter().collect();
    s.sort_by(|a, b| {
        b.npv
            .mean
            .total_cmp(&a.npv.mean)
            .then(a.model.cmp(&b.model))
    });
    let gap = if s.len() > 1 {
        s[0].npv.mean - s[1].npv.mean
    } else {
        0.0
    };
    (s[0].model, gap)
}

/// One-at-a-time sensitivity over the MKBA prices (x0.5 and x1.5), from the same
/// simulated quantities (prices do not change behaviour, so no re-simulation).
pub fn price_sensitivity(results: &Results, m: &Mkba) -> Vec<Sensitivity> {
    let Some(base) = appraise(results, m) else {
        return Vec::new();
    };
    let (_, base_gap) = best_and_gap(&base.summaries());
    let mut out = Vec::new();
    for key in price_keys() {
        for factor in [0.5, 1.5] {
            let mut varied = m.clone();
            if let Some(p) = price_mut(&mut varied, key) {
                *p *= factor;
            }
            let Some(r) = appraise(results, &varied) else {
                continue;
            };
            let (best, gap) = best_and_gap(&r.summaries());
            out.push(Sensitivity {
                key: key.to_string(),
                factor,
                best,
                gap_change: gap - base_gap,
            });
        }
    }
    out
}

/// Behavioural parameters marked "assumption" whose values are most uncertain and most
/// likely to matter for the choice; varied one at a time by [`behaviour_sensitivity`].
pub const BEHAVIOURAL_ASSUMPTIONS: &[&str] = &[
    "linkage.separate.finance_detection",
    "linkage.separate.leakage",
    "linkage.broad.lost_hours_share",
    "enforcement.trust_drop_team",
    "enforcement.leave_care_team",
    "team.finance_block_damping",
    "help_seeking.per_year",
    "debt_help.settle_share",
    "staff.handover_dropout",
    "coupling.finance_to_health",
];

/// One-at-a-time sensitivity over [`BEHAVIOURAL_ASSUMPTIONS`] (x0.5 and x1.5, clamped to
/// the allowed range): each variation is simulated again with `replications`
/// replications and appraised; the result says which model is then best.
pub fn behaviour_sensitivity(
    scenario: &crate::scenario::Scenario,
    spec: &crate::runner::RunSpec,
    replications: u32,
    progress: &(dyn Fn() + Sync),
) -> Result<Vec<Sensitivity>, crate::scenario::ScenarioError> {
    use crate::scenario::{registry, Value};
    let mut spec = spec.clone();
    spec.replications = replications.min(spec.replications).max(1);
    let base = crate::runner::run(scenario, &spec, progress);
    let Some(a) = appraise(&base, &scenario.policy.mkba) else {
        return Ok(Vec::new());
    };
    let (_, base_gap) = best_and_gap(&a.summaries());
    let mut out = Vec::new();
    for &key in BEHAVIOURAL_ASSUMPTIONS {
        let (Some(p), Some(Value::F(x))) = (registry::spec(key), scenario.policy_values.get(key))
        else {
            continue;
        };
        let registry::Kind::Float { min, max } = p.kind else {
            continue;
        };
        for factor in [0.5, 1.5] {
            let varied = scenario.with_value(key, Value::F((x * factor).clamp(min, max)))?;
            let r = crate::runner::run(&varied, &spec, progress);
            let Some(a) = appraise(&r, &varied.policy.mkba) else {
                continue;
            };
            let (best, gap) = best_and_gap(&a.summaries());
            out.push(Sensitivity {
                key: key.to_string(),
                factor,
                best,
                gap_change: gap - base_gap,
            });
        }
    }
    Ok(out)
}

fn eur(x: f64) -> String {
    let a = x.abs();
    let s = if a >= 1e6 {
        format!("{:.1} million euro", a / 1e6)
    } else if a >= 1e3 {
        format!("{:.0} thousand euro", a / 1e3)
    } else {
        format!("{a:.0} euro")
    };
    if x < 0.0 {
        format!("minus {s}")
    } else {
        s
    }
}

/// Whether two models' NPVs differ reliably: the paired difference's 95% interval
/// excludes zero.
fn reliably_better(a: &[f64], b: &[f64]) -> bool {
    let d: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
    let s = summarise(&d);
    s.n > 1 && s.lo > 0.0
}

/// The plain-language pilot recommendation, generated from the numbers.
///
/// Logic: the models that beat the reference reliably (NPV interval above zero) are
/// candidates. None: keep the reference (or say the models cannot be told apart). One:
/// pilot it. Several: pilot the best if it beats the runner-up reliably; otherwise say
/// which candidates are tied and how they differ in cost.
pub fn recommendation(r: &MkbaResult, sensitivity: &[Sensitivity], years: u32) -> String {
    let summaries = r.summaries();
    let npvs = r.npvs();
    let idx = |m: LinkageModel| {
        r.models
            .iter()
            .position(|&x| x == m)
            .expect("model present")
    };
    let reference = r.reference;
    let mut candidates: Vec<&ModelSummary> = summaries
        .iter()
        .filter(|s| s.model != reference && s.npv.n > 1 && s.npv.lo > 0.0)
        .collect();
    candidates.sort_by(|a, b| {
        b.npv
            .mean
            .total_cmp(&a.npv.mean)
            .then(a.model.cmp(&b.model))
    });
    let mut text = String::new();

    if candidates.is_empty() {
        let worse: Vec<&str> = summaries
            .iter()
            .filter(|s| s.model != reference && s.npv.n > 1 && s.npv.hi < 0.0)
            .map(|s| s.model.name())
            .collect();
        let alternatives = summaries.iter().filter(|s| s.model != reference).count();
        if worse.len() == alternatives && alternatives > 0 {
            text.push_str(&format!(
                "Keep {}: every alternative has a lower societal value over {years} year(s) ({}).",
                reference.name(),
                worse.join(", ")
            ));
        } else {
            text.push_str(&format!(
                "The models cannot be told apart on societal value over {years} year(s): no alternative beats {} reliably (every net present value's interval includes zero or lies below it). Base the choice of pilot on other grounds (feasibility, what the teams want), or run more replications.",
                reference.name()
            ));
        }
        return text;
    }

    let best = candidates[0];
    let tied: Vec<&ModelSummary> = candidates
        .iter()
        .skip(1)
        .filter(|c| !reliably_better(&npvs[idx(best.model)], &npvs[idx(c.model)]))
        .copied()
        .collect();
    let describe = |s: &ModelSummary| {
        let mut t = format!(
            "{}: net present value {} (95% interval {} to {})",
            s.model.name(),
            eur(s.npv.mean),
            eur(s.npv.lo),
            eur(s.npv.hi)
        );
        if let Some(bcr) = s.bcr {
            t.push_str(&format!(", {bcr:.2} euro back per euro of extra cost"));
        }
        match s.break_even_year {
            Some(y) => t.push_str(&format!(", breaking even in year {}", y + 1)),
            None => t.push_str(", not breaking even within the horizon"),
        }
        t
    };
    if tied.is_empty() {
        text.push_str(&format!(
            "Pilot {}. Against {} over {years} year(s) — {}; it is the best model in {:.0}% of paired replications. ",
            best.model.name(),
            reference.name(),
            describe(best),
            best.probability_best * 100.0
        ));
    } else {
        let names: Vec<&str> = std::iter::once(best)
            .chain(tied.iter().copied())
            .map(|s| s.model.name())
            .collect();
        let cheapest = std::iter::once(best)
            .chain(tied.iter().copied())
            .min_by(|a, b| a.costs.total_cmp(&b.costs))
            .expect("non-empty");
        text.push_str(&format!(
            "{} {} beat {} over {years} year(s), but cannot be told apart from each other. {}. {}. {} has the highest value and is best in {:.0}% of paired replications; {} costs least to introduce. Pilot {} if its extra value justifies the larger reorganisation, otherwise {}. ",
            names.join(" and "),
            if names.len() == 2 { "both" } else { "all" },
            reference.name(),
            describe(best),
            tied.iter().map(|s| describe(s)).collect::<Vec<_>>().join(". "),
            best.model.name(),
            best.probability_best * 100.0,
            cheapest.model.name(),
            best.model.name(),
            cheapest.model.name()
        ));
    }
    let gain: Vec<&str> = Stakeholder::ALL
        .iter()
        .filter(|s| best.by_stakeholder[**s as usize].lo > 0.0)
        .map(|s| s.words())
        .collect();
    let pay: Vec<&str> = Stakeholder::ALL
        .iter()
        .filter(|s| best.by_stakeholder[**s as usize].hi < 0.0)
        .map(|s| s.words())
        .collect();
    if !gain.is_empty() {
        text.push_str(&format!(
            "Under {}, who gains: {}. ",
            best.model.name(),
            gain.join(", ")
        ));
    }
    if !pay.is_empty() {
        text.push_str(&format!("Who pays: {}. ", pay.join(", ")));
    }
    let flips: Vec<String> = sensitivity
        .iter()
        .filter(|s| s.best != best.model)
        .map(|s| format!("{} x{}", s.key, s.factor))
        .collect();
    if flips.is_empty() {
        let mut top: Vec<&Sensitivity> = sensitivity.iter().collect();
        top.sort_by(|a, b| a.gap_change.total_cmp(&b.gap_change));
        let names: Vec<String> = top
            .iter()
            .take(3)
            .map(|s| format!("{} x{}", s.key, s.factor))
            .collect();
        if !names.is_empty() {
            text.push_str(&format!(
                "No single assumption varied (halved or raised by half) changes which model scores highest; those that \
                 narrow the margin most are {}.",
                names.join(", ")
            ));
        }
    } else {
        text.push_str(&format!(
            "Which model scores highest is sensitive to: {}.",
            flips.join(", ")
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discounting_at_the_dutch_rate() {
        assert_eq!(discount(0, 0.0225), 1.0);
        assert!((discount(1, 0.0225) - 1.0 / 1.0225).abs() < 1e-12);
        assert!((discount(10, 0.0225) - 1.0225f64.powi(-10)).abs() < 1e-12);
    }

    #[test]
    fn probability_best_shares_ties() {
        let p = probability_best(&[vec![1.0, 0.0], vec![1.0, 2.0], vec![0.0, 0.0]]);
        assert!((p[0] - 0.25).abs() < 1e-12);
        assert!((p[1] - 0.75).abs() < 1e-12);
        assert_eq!(p[2], 0.0);
        let same = probability_best(&[vec![0.0; 4], vec![0.0; 4], vec![0.0; 4]]);
        assert!(same.iter().all(|&x| (x - 1.0 / 3.0).abs() < 1e-12));
    }

    #[test]
    fn every_price_key_can_be_varied() {
        let s = crate::scenario::load_default(&[]).unwrap();
        let mut m = s.policy.mkba.clone();
        for k in price_keys() {
            assert!(price_mut(&mut m, k).is_some(), "{k}");
        }
    }

    #[test]
    fn transfers_net_to_zero_and_attribution_is_by_stakeholder() {
        let run = RunResult {
            model: LinkageModel::Separate,
            replication: 0,
            outcomes: crate::outcomes::Outcomes(vec![]),
            series: vec![],
            years: vec![YearFlows {
                benefit_weeks: 52 * 10,
                sanction_eur: 1000.0,
                settled_eur: 5000.0,
                episode_weeks: [52, 0, 0],
                ..YearFlows::default()
            }],
            switched_teams: [0; 3],
            teams_by_model: [0, 0, 1],
            snapshots: vec![],
            violation: None,
        };
        let m = crate::scenario::load_default(&[]).unwrap().policy.mkba;
        let flows = run_flows(&run, &m);
        let transfers: f64 = flows
            .iter()
            .filter(|f| f.transfer())
            .map(|f| f.cost_eur)
            .sum();
        assert!(transfers.abs() < 1e-6);
        let cg: f64 = flows
            .iter()
            .filter(|f| f.stakeholder == Stakeholder::CentralGovernment)
            .map(|f| f.cost_eur)
            .sum();
        assert!((cg - (10.0 * m.benefit_eur_per_year - 1000.0)).abs() < 1e-6);
        let insurer: f64 = flows
            .iter()
            .filter(|f| f.stakeholder == Stakeholder::HealthInsurer)
            .map(|f| f.cost_eur)
            .sum();
        assert!((insurer - m.ggz_eur_per_year).abs() < 1e-6);
    }
}
