//! The parameter registry: the single source of truth for every scenario parameter.
//!
//! Each entry gives the key as written in a scenario file, its type and allowed range,
//! its default, its unit, whether it describes the world (acts from week 0) or a policy
//! (acts from the switch week), and its source or the reason for an assumption.
//! Loading, validation, `wijksim params`, `scenario.resolved.toml` and the
//! documentation all read this one table, so they cannot drift apart.

/// When a parameter takes effect (docs/ODD.md section 3.3, "warm-up and switch").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Run control (seed, replications, lengths).
    Run,
    /// Describes the world (population, hazards, behaviour): acts from week 0.
    World,
    /// A policy choice (linkage, staff, caps): a `--set` override acts from the switch week.
    Policy,
}

impl Scope {
    /// Lower-case name for tables and documentation.
    pub fn name(self) -> &'static str {
        match self {
            Scope::Run => "run",
            Scope::World => "world",
            Scope::Policy => "policy",
        }
    }
}

/// The type and allowed values of a parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
#[allow(missing_docs)]
pub enum Kind {
    /// A real number in `[min, max]`.
    Float { min: f64, max: f64 },
    /// An integer in `[min, max]`.
    Int { min: i64, max: i64 },
    /// `true` or `false`.
    Bool,
    /// Free text.
    Text,
    /// One of a fixed set of words.
    Choice(&'static [&'static str]),
    /// A list of integers, each in `[min, max]`.
    IntList { min: i64, max: i64 },
}

/// A default value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Default {
    /// Real number.
    F(f64),
    /// Integer.
    I(i64),
    /// Boolean.
    B(bool),
    /// Text or choice.
    S(&'static str),
    /// Integer list.
    L(&'static [i64]),
}

/// One scenario parameter.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Dotted key, as in the scenario file (`section.sub.name`).
    pub key: &'static str,
    /// Type and allowed range.
    pub kind: Kind,
    /// Default value.
    pub default: Default,
    /// Unit, in words.
    pub unit: &'static str,
    /// When it acts.
    pub scope: Scope,
    /// Published source, or `assumption: why`.
    pub source: &'static str,
    /// What it means.
    pub doc: &'static str,
    /// The plausible range of a value we do not know (an assumption that can change
    /// the ranking of the models), drawn by the probabilistic sensitivity analysis
    /// (`compare --psa`); `None` for values that are sourced, fixed by definition or
    /// run control.
    pub plausible: Option<Plausible>,
}

/// The plausible range and distribution of an uncertain parameter (docs/ODD.md section 8,
/// "two kinds of uncertainty"), drawn once per replication by the probabilistic
/// sensitivity analysis, the same draw for every model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plausible {
    /// Lowest plausible value.
    pub lo: f64,
    /// Highest plausible value.
    pub hi: f64,
    /// Shape of the distribution between them.
    pub dist: Dist,
}

/// Distribution of an uncertain parameter over its plausible range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dist {
    /// Every value in the range equally likely: nothing is known beyond the range.
    Uniform,
    /// Triangular with its mode at the default: the default is the best guess.
    Triangular,
    /// One of two structural alternatives, the ends of the range, each with
    /// probability one half (e.g. an arrangement of 36 or 18 months).
    Either,
}

impl Dist {
    /// Lower-case name for tables and documentation.
    pub fn name(self) -> &'static str {
        match self {
            Dist::Uniform => "uniform",
            Dist::Triangular => "triangular",
            Dist::Either => "either",
        }
    }
}

impl ParamSpec {
    /// This parameter as a structural choice between two alternatives, drawn with
    /// equal probability.
    const fn either(self, lo: f64, hi: f64) -> Self {
        ParamSpec {
            plausible: Some(Plausible {
                lo,
                hi,
                dist: Dist::Either,
            }),
            ..self
        }
    }

    /// This parameter with a plausible range drawn uniformly.
    const fn uniform(self, lo: f64, hi: f64) -> Self {
        ParamSpec {
            plausible: Some(Plausible {
                lo,
                hi,
                dist: Dist::Uniform,
            }),
            ..self
        }
    }

    /// This parameter with a plausible range drawn from a triangle peaked at the default.
    const fn triangular(self, lo: f64, hi: f64) -> Self {
        ParamSpec {
            plausible: Some(Plausible {
                lo,
                hi,
                dist: Dist::Triangular,
            }),
            ..self
        }
    }
}

/// Linkage-model names, in the order used throughout wijksim.
pub const MODEL_NAMES: &[&str] = &["broad", "partial", "separate"];

#[allow(clippy::too_many_arguments)]
const fn f(
    key: &'static str,
    default: f64,
    min: f64,
    max: f64,
    unit: &'static str,
    scope: Scope,
    source: &'static str,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        key,
        kind: Kind::Float { min, max },
        default: Default::F(default),
        unit,
        scope,
        source,
        doc,
        plausible: None,
    }
}

#[allow(clippy::too_many_arguments)]
const fn i(
    key: &'static str,
    default: i64,
    min: i64,
    max: i64,
    unit: &'static str,
    scope: Scope,
    source: &'static str,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        key,
        kind: Kind::Int { min, max },
        default: Default::I(default),
        unit,
        scope,
        source,
        doc,
        plausible: None,
    }
}

const fn choice(
    key: &'static str,
    default: &'static str,
    options: &'static [&'static str],
    scope: Scope,
    source: &'static str,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        key,
        kind: Kind::Choice(options),
        default: Default::S(default),
        unit: "-",
        scope,
        source,
        doc,
        plausible: None,
    }
}

const fn list(
    key: &'static str,
    max: i64,
    scope: Scope,
    source: &'static str,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        key,
        kind: Kind::IntList { min: 1, max },
        default: Default::L(&[]),
        unit: "team numbers (1-based)",
        scope,
        source,
        doc,
        plausible: None,
    }
}

const fn text(key: &'static str, default: &'static str, doc: &'static str) -> ParamSpec {
    ParamSpec {
        key,
        kind: Kind::Text,
        default: Default::S(default),
        unit: "-",
        scope: Scope::Run,
        source: "-",
        doc,
        plausible: None,
    }
}

const fn b(
    key: &'static str,
    default: bool,
    scope: Scope,
    source: &'static str,
    doc: &'static str,
) -> ParamSpec {
    ParamSpec {
        key,
        kind: Kind::Bool,
        default: Default::B(default),
        unit: "-",
        scope,
        source,
        doc,
        plausible: None,
    }
}

use Scope::{Policy, Run, World};

const P: f64 = 1.0; // upper bound for probabilities and shares
const A: &str = "assumption";

/// Every parameter a scenario may set, in the order of the documentation.
pub static PARAMS: &[ParamSpec] = &[
    // ---------------------------------------------------------------- scenario
    text("scenario.name", "default", "Short name; names the output folder output/<name>/."),
    text("scenario.description", "", "One line describing the scenario."),
    // ---------------------------------------------------------------- run
    i("run.seed", 1, 0, 9_007_199_254_740_991, "-", Run, "-", "Master seed; with the scenario it fixes every number of the output."),
    i("run.replications", 10, 1, 100_000, "replications", Run, "-", "Independent replications per model."),
    i("run.warmup_weeks", 520, 0, 1_040, "weeks", Run, "Welch's procedure (docs/ODD.md section 6.1, with 40 replications): in the status quo from week 0, team care and caseloads settle by week ~150, prevalence of problematic debt by ~170, the team waiting list by ~240, the credit-bank queue by ~360 and the W&I queue (whose desk follows demand) by ~500", "Warm-up under the status quo before the switch; its end state is shared by all models."),
    i("run.horizon_weeks", 780, 1, 1_560, "weeks", Run, "docs/ODD.md section 8: fifteen years, so that the longest default MKBA horizon (mkba.horizons_years) is simulated, not extrapolated; a debt arrangement alone takes three years", "Weeks simulated after the switch."),
    choice("run.reference_model", "separate", MODEL_NAMES, Run, "docs/ODD.md section 8: default reference is separate", "Model that paired differences are taken against."),
    choice("run.status_quo_model", "separate", MODEL_NAMES, World, "assumption: docs/ODD.md section 3.3 (most teams have no W&I worker: 37%, Movisie 2017)", "Linkage model of every team during the warm-up, unless listed below."),
    list("run.status_quo_partial_teams", 1_000, World, "-", "Teams (1-based) that already work partial in the status quo."),
    list("run.status_quo_broad_teams", 1_000, World, "-", "Teams (1-based) that already work broad in the status quo."),
    list("policy.pilot_teams", 1_000, Policy, "Binnenlands Bestuur 2016: start with a pilot", "Teams (1-based) that switch to the compared model; empty = all teams."),
    i("engine.refresh_weeks", 4, 1, 52, "weeks", Run, "assumption: severities drift on a scale of months, so hazards held for 4 weeks err little", "Longest a household in service (waiting, financial help, episode) with open problems sleeps before its hazards are re-evaluated."),
    i("engine.bound_weeks", 52, 1, 520, "weeks", Run, "assumption: engineering choice; the bound is exact, so outcome distributions do not depend on it (save for debt floored at zero at looks), only speed does", "Window over which a household in no service holds an upper bound of its hazards (thinning); longer windows mean fewer looks but looser bounds."),
    // ---------------------------------------------------------------- population
    i("population.households", 75_000, 1, 20_000_000, "households", World, "Werkplaats Sociaal Domein Twente 2018 (Enschede, nine teams); CBS StatLine", "Households in the municipality."),
    f("population.share_single", 0.30, 0.0, P, "share", World, "CBS StatLine households 2023 (rounded; 65+ split out)", "Single-person households under 65."),
    f("population.share_single_parent", 0.07, 0.0, P, "share", World, "CBS StatLine households 2023", "Single-parent households."),
    f("population.share_couple", 0.22, 0.0, P, "share", World, "CBS StatLine households 2023 (rounded; 65+ split out)", "Couples without children under 65."),
    f("population.share_couple_children", 0.25, 0.0, P, "share", World, "CBS StatLine households 2023", "Couples with children."),
    f("population.share_elderly", 0.16, 0.0, P, "share", World, "CBS StatLine households 2023 (65+)", "Households aged 65+ (pension income)."),
    f("population.share_benefit", 0.08, 0.0, 0.6, "share of working-age households", World, "CBS: ~5% of households on social assistance plus unemployment benefit", "Working-age households living on a benefit at the start."),
    f("population.share_sickness", 0.07, 0.0, 0.6, "share of working-age households", World, "CBS: sickness and disability benefits (WIA, Wajong), rounded", "Working-age households living on sickness or disability benefit at the start."),
    f("population.vulnerability_sd", 0.6, 0.0, 3.0, "log-normal sigma", World, "assumption: a few households carry most problems (LPBL: heaviest 5%)", "Spread of latent vulnerability (mean 1) that scales problem hazards."),
    f("population.trust_mean", 0.6, 0.0, P, "0..1", World, A, "Mean initial trust in the district team."),
    f("population.trust_sd", 0.15, 0.0, 0.5, "0..1", World, A, "Spread of initial trust."),
    // ---------------------------------------------------------------- districts
    i("districts.teams", 9, 1, 254, "teams", World, "Werkplaats Sociaal Domein Twente 2018 (Enschede: nine teams); Movisie & LOSR 2018 (Utrecht: 18)", "District teams, one per district; at most 254, as a household keeps its W&I pool (central or its team's) in one byte."),
    f("districts.deprivation_sd", 0.25, 0.0, 2.0, "log-normal sigma", World, "assumption: districts differ in deprivation and benefit share (docs/ODD.md section 2)", "Between-district spread of deprivation, scaling vulnerability and benefit share."),
    f("districts.size_sd", 0.2, 0.0, 1.0, "relative sd", World, A, "Between-district spread of size."),
    i("districts.seed", 1, 0, 9_007_199_254_740_991, "-", World, "assumption: the town is data, not dice (docs/ODD.md section 5): one stated draw of district sizes and deprivation, the same for every run seed", "Seed of the one draw of district sizes and deprivation; run.seed and --seed never change the town."),
    // ---------------------------------------------------------------- problems
    f("problems.onset_severity", 0.3, 0.01, P, "0..1", World, A, "Mean severity of a newly arisen problem."),
    f("problems.resolved_below", 0.1, 0.0, 0.5, "0..1", World, A, "A domain whose severity falls below this is resolved."),
    f("problems.finance.onset_per_year", 0.05, 0.0, 5.0, "per household-year", World, "CBS: ~7,000 new problematic-debt households a month nationally; calibrated (docs/ODD.md section 6.1) so that the status quo's equilibrium prevalence is its starting prevalence (~8%, CBS 7.6-9%) and stays level over 15 years", "Hazard of a new debt shock at vulnerability 1."),
    f("problems.finance.recover_per_year", 0.3, 0.0, 5.0, "per year", World, "assumption, calibrated (docs/ODD.md section 6.1) to the field figures of docs/ODD.md section 1.2", "Hazard that a debt is cleared without help (family, windfall).").triangular(0.1, 0.6),
    f("problems.income.onset_per_year", 0.008, 0.0, 5.0, "per household-year", World, "assumption, calibrated (docs/ODD.md section 6.1) to the field figures of docs/ODD.md section 1.2", "Hazard of an income problem (benefit not claimed, irregular income)."),
    f("problems.income.worsen_per_year", 0.3, 0.0, 10.0, "per year", World, A, "Rate at which an untreated income problem approaches severity 1."),
    f("problems.income.recover_per_year", 0.3, 0.0, 10.0, "per year", World, A, "Hazard of spontaneous recovery."),
    f("problems.income.initial_prevalence", 0.04, 0.0, P, "share", World, "assumption, calibrated (docs/ODD.md section 6.1) to the field figures of docs/ODD.md section 1.2", "Share with an income problem at the start."),
    f("problems.health.onset_per_year", 0.04, 0.0, 5.0, "per household-year", World, "assumption (CBS: ~1 in 10 adults with serious psychological distress)", "Hazard of a mental-health problem."),
    f("problems.health.worsen_per_year", 0.4, 0.0, 10.0, "per year", World, A, "Untreated worsening rate."),
    f("problems.health.recover_per_year", 0.3, 0.0, 10.0, "per year", World, A, "Spontaneous recovery hazard."),
    f("problems.health.initial_prevalence", 0.10, 0.0, P, "share", World, A, "Share with a mental-health problem at the start."),
    f("problems.youth.onset_per_year", 0.04, 0.0, 5.0, "per family-year", World, "assumption (CBS: ~1 in 10 youths in youth care)", "Hazard of a parenting/youth problem (families only)."),
    f("problems.youth.worsen_per_year", 0.4, 0.0, 10.0, "per year", World, A, "Untreated worsening rate."),
    f("problems.youth.recover_per_year", 0.3, 0.0, 10.0, "per year", World, A, "Spontaneous recovery hazard."),
    f("problems.youth.initial_prevalence", 0.10, 0.0, P, "share of families", World, A, "Share of families with a youth problem at the start."),
    f("problems.housing.onset_per_year", 0.015, 0.0, 5.0, "per household-year", World, A, "Hazard of a housing problem (rent arrears, nuisance, unfit home)."),
    f("problems.housing.worsen_per_year", 0.3, 0.0, 10.0, "per year", World, A, "Untreated worsening rate."),
    f("problems.housing.recover_per_year", 0.4, 0.0, 10.0, "per year", World, A, "Spontaneous recovery hazard."),
    f("problems.housing.initial_prevalence", 0.03, 0.0, P, "share", World, A, "Share with a housing problem at the start."),
    // ---------------------------------------------------------------- coupling
    f("coupling.finance_to_health", 1.5, 0.0, 20.0, "x per unit finance severity", World, "CPB 2021: problematic debt raises mental-health care use; magnitude an assumption", "Onset hazard of health problems is multiplied by (1 + this x finance severity).").uniform(0.5, 3.0),
    f("coupling.finance_to_youth", 1.0, 0.0, 20.0, "x per unit finance severity", World, "Mol et al. 2016 (80% of questions need a financial approach); magnitude an assumption", "Same, for youth problems."),
    f("coupling.finance_to_housing", 3.0, 0.0, 20.0, "x per unit finance severity", World, "Aedes: ~6 in 10 evictions for rent arrears; magnitude an assumption", "Same, for housing problems."),
    f("coupling.income_to_finance", 3.0, 0.0, 20.0, "x per unit income severity", World, "docs/ODD.md section 7: income loss raises finance; magnitude an assumption", "Onset hazard of a debt shock is multiplied by (1 + this x income severity)."),
    // ---------------------------------------------------------------- debt
    f("debt.problematic_years", 3.0, 0.5, 10.0, "years", World, "Dutch convention (~3 years to repay), docs/ODD.md section 2", "Debt is problematic when it cannot be repaid from income within this many years."),
    f("debt.growth_per_year", 0.40, 0.0, 1.0, "per year", World, "Jungmann & Moerman 2023 (three debts of 750 euro: 5,593 euro of costs, the first 46 months pay only costs, i.e. costs of ~40% a year); CJIB/WIK surcharges; calibrated (docs/ODD.md section 6.1) to NVVK registration debt (40-44k euro) in the status quo at rest", "Growth of unaddressed debt by interest and collection costs.").triangular(0.2, 0.6),
    f("debt.arrears_eur_per_month", 120.0, 0.0, 5_000.0, "euro per month", World, A, "New arrears per month at income-problem severity 1."),
    f("debt.repay_work_eur_per_month", 250.0, 0.0, 5_000.0, "euro per month", World, "assumption: repayment room above the protected income (beslagvrije voet)", "Repayment capacity of a household living on work."),
    f("debt.repay_benefit_eur_per_month", 40.0, 0.0, 5_000.0, "euro per month", World, "assumption: little room above the protected income", "Repayment capacity on social assistance or unemployment benefit."),
    f("debt.repay_sickness_eur_per_month", 80.0, 0.0, 5_000.0, "euro per month", World, A, "Repayment capacity on sickness or disability benefit."),
    f("debt.repay_pension_eur_per_month", 150.0, 0.0, 5_000.0, "euro per month", World, A, "Repayment capacity on a pension."),
    f("debt.shock_median_eur", 3_000.0, 1.0, 1_000_000.0, "euro", World, "assumption, calibrated (docs/ODD.md section 6.1) to the field figures of docs/ODD.md section 1.2", "Median size of a new debt (log-normal)."),
    f("debt.shock_sd", 1.0, 0.0, 3.0, "log-normal sigma", World, A, "Spread of new debts."),
    f("debt.initial_problematic_share", 0.06, 0.0, P, "share", World, "CBS: 8.6% (2015), 8.3% (2018), ~7.6% (2020), ~9% (2024); calibrated (docs/ODD.md section 6.1): with the income problems and small arrears that also count, ~8% of households start with problematic debt, the status quo's equilibrium", "Households with problematic debt at the start."),
    f("debt.initial_debt_median_eur", 25_000.0, 1.0, 1_000_000.0, "euro", World, "NVVK: mean 40,170-43,513 euro at registration (log-normal mean = median x exp(sd^2/2))", "Median debt of initially problematic households."),
    f("debt.initial_debt_sd", 0.9, 0.0, 3.0, "log-normal sigma", World, "NVVK (see median)", "Spread of initial problematic debts."),
    f("debt.initial_small_debt_share", 0.06, 0.0, P, "share", World, "assumption, calibrated to the 60-70% finance share of team clients (Nibud 2018: 21% with arrears includes arrears below the problem threshold)", "Households with arrears that are not (yet) problematic at the start."),
    f("debt.collection_weeks", 26.0, 1.0, 520.0, "weeks", World, "CJIB/WIK: surcharges after 8 weeks and after reminders; assumption for the step to collection", "Debt unresolved this long has gone to collection and counts as problematic whatever its size."),
    f("debt.collection_min_eur", 1_000.0, 0.0, 1_000_000.0, "euro", World, A, "Smallest debt that counts as problematic once in collection."),
    f("debt.max_eur", 500_000.0, 1_000.0, 100_000_000.0, "euro", World, "assumption: numerical guard", "Debts are capped here."),
    // ---------------------------------------------------------------- income
    f("income.job_loss_per_year", 0.018, 0.0, 2.0, "per working household-year", World, "calibrated (docs/ODD.md section 6.1): keeps the benefit share of the initial population (CBS) stationary over 15 years (0.019 let it rise ~1.5%, which took the W&I desk's support hours), with income.reemployment_per_year and the debt and health penalties (CBS: unemployment inflow a few % a year)", "Hazard of job loss, leading to benefit and an income problem."),
    f("income.reemployment_per_year", 0.25, 0.0, 5.0, "per benefit household-year", World, "assumption (CBS: median social-assistance spell > 2 years)", "Hazard of leaving benefit for work."),
    f("income.sickness_per_year", 0.01, 0.0, 2.0, "per working household-year", World, A, "Hazard of moving onto sickness or disability benefit."),
    f("income.sickness_recovery_per_year", 0.12, 0.0, 5.0, "per year", World, A, "Hazard of returning to work from sickness benefit."),
    f("income.debt_reemployment_penalty", 0.5, 0.0, 1.0, "x per unit finance severity", World, "Koning, ESB 2014: debt help raised exits from benefit; magnitude an assumption (garnishment makes work pay less)", "Re-employment hazard multiplied by (1 - this x finance severity).").triangular(0.25, 0.75),
    f("income.arrangement_barrier_share", 0.0, 0.0, 1.0, "share", World, "Koning, ESB 2014 and the Dutch debt-help evaluations: debt help raises exits from benefit; a breathing space or running arrangement stops collection and garnishment and fixes what is repaid, so assumption: the barrier is lifted (0); 0.5 in the PSA's upper end", "Share of the debt barrier to re-employment (income.debt_reemployment_penalty) left while the debts are frozen: in a breathing space (Wgs art. 5) or a running arrangement.").uniform(0.0, 0.5),
    f("income.health_reemployment_penalty", 0.5, 0.0, 1.0, "x per unit health severity", World, A, "Re-employment hazard multiplied by (1 - this x health severity)."),
    f("income.shock_severity", 0.3, 0.0, P, "0..1", World, "assumption, calibrated (docs/ODD.md section 6.1) to the field figures of docs/ODD.md section 1.2", "Income-problem severity after losing a job."),
    // ---------------------------------------------------------------- help seeking
    f("help_seeking.per_year", 1.5, 0.0, 52.0, "per year", World, "assumption; ESB: ~5 years' delay before seeking debt help", "Help-seeking hazard at severity 1 and trust 1."),
    f("help_seeking.severity_power", 2.0, 0.1, 5.0, "-", World, A, "How steeply help-seeking rises with the most severe problem."),
    f("help_seeking.finance_salience", 0.25, 0.0, 1.0, "-", World, "Mol et al. 2016: finance is seldom the primary question (shame)", "Weight of finance, relative to 1 for other domains, in choosing the primary question."),
    f("help_seeking.crisis_severity", 0.85, 0.0, 1.0, "0..1", World, "Wgs art. 4 (crisis: 3 working days)", "A household this severe is a crisis and is taken in first."),
    // ---------------------------------------------------------------- team
    f("team.generalists_per_1000", 1.45, 0.0, 100.0, "posts per 1,000 households", Policy, "assumption; Movisie & LOSR 2018: Utrecht ~600 staff for ~180,000 households; calibrated (docs/ODD.md section 6.1) to an intake wait of 2-8 weeks (waiting lists reported, no national figure: docs/ODD.md section 1.2) with caseloads near the cap", "Generalist posts in the district teams: all of them under team.capacity_rule = fixed; the starting posts, which the rule then adjusts, under follows_demand."),
    choice("team.capacity_rule", "follows_demand", &["fixed", "follows_demand"], Policy, "docs/ODD.md sections 6.1 and 7.9: a team with fixed posts at its caseload cap turns any small change in demand into a waiting list that grows or empties for years; municipalities staff their teams to keep waits acceptable (the source articles report waiting lists and added posts), so the default team hires towards a norm, each post priced per year", "How each team's generalist posts are set, from week 0 (status quo included): fixed at team.generalists_per_1000, or following demand towards team.wait_norm_weeks."),
    f("team.wait_norm_weeks", 3.0, 0.1, 52.0, "weeks", Policy, "assumption: inside the 2-8 weeks reported (waiting lists, no national figure), where the default status quo was calibrated with fixed posts (3.4 weeks); Utrecht reports 1.6-2.2 weeks", "Intake-wait norm that the team follows_demand rule hires towards."),
    i("team.capacity_review_weeks", 13, 1, 52, "weeks", Policy, "assumption: municipal staffing is reviewed quarterly; new posts then take staff.hiring_delay_weeks to fill", "How often the team follows_demand rule reviews each team's posts."),
    i("team.caseload_cap", 30, 1, 500, "households per worker", Policy, "LPBL via NVSI: 30-40 for the vulnerable 15%", "Most cases a generalist takes on from the waiting list."),
    f("team.hours_per_week", 24.0, 1.0, 40.0, "client hours per post per week", Policy, "assumption: 36-hour contract less overhead (CAO Sociaal Werk)", "Hours a generalist spends on clients."),
    f("team.max_hours_per_case", 1.5, 0.1, 40.0, "hours per case per week", Policy, A, "Most hours one case can absorb in a week."),
    f("team.intakes_per_worker_week", 3.0, 0.0, 20.0, "intakes per worker per week", Policy, A, "Intakes a generalist with room can do in a week."),
    f("team.overflow_factor", 1.25, 1.0, 5.0, "x caseload cap", Policy, A, "Colleagues take a leaver's cases up to this multiple of the cap; the rest go back to the waiting list."),
    f("team.effect_per_hour", 0.05, 0.0, 5.0, "per hour", World, A, "Severity of a treated domain falls by the factor exp(-this x hours)."),
    f("team.income_effect", 0.3, 0.0, 1.0, "x effect_per_hour", World, "Mol et al. 2016: team workers lack income and debt skills", "Relative effect of a generalist on an income problem."),
    f("team.referral_severity", 0.6, 0.0, 1.0, "0..1", World, "assumption, calibrated to NVVK registration debt; Movisie & LOSR 2018: teams signal and refer", "A detected finance or income problem at least this severe is referred to W&I / debt help."),
    f("team.finance_block_threshold", 0.5, 0.0, 1.0, "0..1", World, "Mol et al. 2016: other problems resolve only once finances are stabilised", "Finance severity above which, unless stabilised, progress elsewhere is damped."),
    f("team.finance_block_damping", 0.3, 0.0, 1.0, "x progress", World, "Mol et al. 2016; magnitude an assumption", "Progress multiplier in other domains while finance blocks.").uniform(0.15, 0.6),
    f("team.finance_detection_own", 0.35, 0.0, P, "probability", World, "Mol et al. 2016: finances are not raised unless the primary question prompts it; magnitude an assumption", "Chance an experienced generalist, with no W&I colleague to consult, detects a non-primary debt or income problem at assessment.").uniform(0.2, 0.5),
    f("team.detect_other", 0.7, 0.0, P, "probability", World, A, "Chance an experienced worker detects a non-primary, non-financial domain at assessment.").uniform(0.5, 0.9),
    f("team.ongoing_detection_per_week", 0.01, 0.0, P, "per week", World, A, "Chance a week in care brings an undetected domain to light (times the assessment chance)."),
    // ---------------------------------------------------------------- staff
    f("staff.quit_per_year", 0.22, 0.0, 2.0, "per post-year", World, "CBS via Movisie: 31% changed job within a year, 17% left the sector", "Quit hazard of a worker within the cap."),
    f("staff.overload_quit_factor", 1.5, 1.0, 10.0, "x quit rate", World, A, "Quit hazard multiplier while caseload exceeds the cap."),
    f("staff.quit_factor", 1.0, 0.2, 3.0, "x quit rate", Policy, "assumption: a what-if lever; scales the quit hazard from the switch week", "Multiplier on every worker's quit hazard (1 = as observed; 0.5 = turnover halves)."),
    f("staff.hiring_delay_weeks", 13.0, 0.0, 104.0, "weeks", Policy, "assumption: 2-4 months", "Mean weeks a vacated post stays empty."),
    f("staff.handover_dropout", 0.15, 0.0, P, "probability", World, "Movisie & LOSR 2018 ('wisseling van de wacht'); magnitude an assumption", "Chance a handed-over household drops out of care.").uniform(0.05, 0.25),
    f("staff.skill_start", 0.6, 0.0, P, "x full skill", World, "Movisie & LOSR 2018 (Den Bosch); magnitude an assumption", "Detection skill of a new worker, relative to an experienced one."),
    f("staff.skill_weeks", 52.0, 1.0, 520.0, "weeks", World, A, "Time constant of learning to spot problems."),
    f("staff.map_start", 0.3, 0.0, P, "0..1", World, "Movisie & LOSR 2018: new staff do not know the social map", "Social-map knowledge of a new worker."),
    f("staff.map_weeks", 39.0, 1.0, 520.0, "weeks", World, A, "Time constant of learning the social map."),
    f("staff.map_loss_on_move", 0.5, 0.0, P, "share", World, "docs/ODD.md section 3.3; magnitude an assumption", "Share of social-map knowledge lost when a W&I post moves into a district.").uniform(0.25, 0.75),
    // ---------------------------------------------------------------- W&I
    f("wi.support_posts_per_1000", 0.36, 0.0, 100.0, "posts per 1,000 households", Policy, "assumption: the starting size; with fixed posts the fewest at which the status quo's desk was idle in every replication, while with fewer (0.26) it met NVVK's 11 days only on average, idle in some replications and overloaded for years in others, which is why the default desk follows demand (docs/ODD.md section 6.1)", "W&I posts for income support and debt-help intake and stabilisation, on top of the administration posts sized to the benefit recipients (wi.admin_hours_per_recipient): all of them under wi.capacity_rule = fixed; the starting posts, which the rule then adjusts, under follows_demand."),
    choice("wi.capacity_rule", "follows_demand", &["fixed", "follows_demand"], Policy, "docs/ODD.md sections 6.1 and 7.13: a W&I desk with fixed posts near its capacity is bistable (idle, or overloaded for years, as debts grow while households wait); municipalities manage their debt-help intake to the legal norm and report their waits (NVVK), so the default desk hires towards it, each post priced per year", "How the W&I department's posts are set, from week 0 (status quo included): fixed at the administration posts plus wi.support_posts_per_1000, or following demand towards wi.wait_norm_weeks."),
    f("wi.wait_norm_weeks", 1.6, 0.1, 52.0, "weeks", Policy, "NVVK: 11 days on average from registration to a first conversation; the legal norm is 4 weeks (Wgs art. 4)", "Waiting-time norm for a first debt-help conversation that the W&I follows_demand rule hires towards."),
    i("wi.capacity_review_weeks", 4, 1, 52, "weeks", Policy, "assumption: a desk's intake is reviewed monthly (its waits are days to weeks, the credit bank's months); new posts then take staff.hiring_delay_weeks to fill", "How often the W&I follows_demand rule reviews the desk's posts."),
    i("wi.caseload_cap", 25, 1, 500, "households per worker", Policy, A, "Most households a W&I worker with all its hours free for cases stabilises at once; a post that spends part of its hours on administration and consultation carries that much fewer."),
    f("wi.hours_per_week", 24.0, 1.0, 40.0, "client hours per post per week", Policy, A, "Hours a W&I worker spends on cases and administration."),
    f("wi.admin_hours_per_recipient", 0.92, 0.0, 10.0, "hours per benefit household per week", World, "Berenschot 2018: 2,883 euro administration per benefit a year = 0.038 post-years at 75,000 euro, i.e. 0.92 of a post's 24 client hours a week", "Benefit administration, legality checks and enforcement per benefit household: done first by the W&I posts that administer the household's district, which are sized to it at the start."),
    f("wi.max_hours_per_case", 1.5, 0.1, 40.0, "hours per case per week", Policy, A, "Most W&I hours one household's stabilisation can absorb in a week."),
    f("wi.stabilisation_hours", 12.0, 0.1, 500.0, "hours", World, A, "Mean W&I hours to take in and stabilise a household's finances."),
    f("wi.income_effect_per_hour", 0.08, 0.0, 5.0, "per hour", World, A, "Income-problem severity falls by exp(-this x hours) under W&I."),
    f("wi.intake_hours", 3.0, 0.0, 100.0, "W&I hours per debt-help intake", World, "assumption: a first appointment and an inventory of 13-15 creditors (NVVK)", "W&I hours of the intake when a household is taken on for stabilisation."),
    f("wi.consult_hours_per_week", 4.0, 0.0, 40.0, "hours per W&I post in a team per week", Policy, "assumption; Mol et al. 2016: an attached W&I worker signals and advises the team; a decision of the package, never drawn as an uncertainty (docs/ODD.md section 8)", "Hours a W&I worker placed in a team (partial, broad) keeps for case consultation with the generalists, after administration and enforcement."),
    f("wi.consult_hours_per_case", 0.5, 0.01, 10.0, "W&I hours per assessment", World, A, "W&I time needed to consult on one new case; with the team's intakes it sets the demand for consultation.").uniform(0.25, 1.0),
    f("wi.consult_detection", 0.8, 0.0, P, "probability", World, "seeds 000, 003: W&I knowledge in the team raises financial problems that generalists miss; magnitude an assumption", "Chance a W&I colleague consulted on a case spots a debt or income problem the generalist missed.").uniform(0.5, 0.95),
    // ---------------------------------------------------------------- linkage models
    f("linkage.broad.lost_hours_share", 0.15, 0.0, 0.9, "share of hours", Policy, "Mol et al. 2016: merging systems, culture clash; magnitude an assumption", "Working hours lost to reorganisation in teams whose W&I posts change at the switch.").uniform(0.05, 0.3),
    f("linkage.partial.lost_hours_share", 0.05, 0.0, 0.9, "share of hours", Policy, A, "Same, for partial.").uniform(0.0, 0.1),
    f("linkage.separate.lost_hours_share", 0.0, 0.0, 0.9, "share of hours", Policy, A, "Same, for separate."),
    f("linkage.broad.friction_weeks", 52.0, 0.0, 520.0, "weeks", Policy, A, "How long the reorganisation friction lasts.").uniform(26.0, 104.0),
    f("linkage.partial.friction_weeks", 26.0, 0.0, 520.0, "weeks", Policy, A, "Same, for partial."),
    f("linkage.separate.friction_weeks", 0.0, 0.0, 520.0, "weeks", Policy, A, "Same, for separate."),
    i("linkage.partial.wi_posts_per_team", 1, 0, 100, "posts per team", Policy, "Mol et al. 2016: attach a W&I worker to every team", "W&I posts moved from the central department into each partial team (with 0, a partial team has no attached worker and works as a separate one)."),
    f("referral.leakage_low_trust", 1.0, 0.0, 20.0, "x per unit distrust", World, "docs/ODD.md section 7", "Transit leakage multiplied by (1 + this x (1 - trust))."),
    f("referral.leakage_health", 1.0, 0.0, 20.0, "x per unit health severity", World, "docs/ODD.md section 7", "Transit leakage multiplied by (1 + this x health severity)."),
    f("referral.central_handoff_weeks", 1.0, 0.0, 26.0, "weeks", World, "assumption, calibrated (docs/ODD.md section 6.1) to NVVK's mean wait of 11 days for a first debt-help appointment (legal norm 4 weeks, Wgs art. 4)", "Mean time a household referred to the central W&I desk takes to arrive there (exponential, in whole weeks, at least one); the wait in the desk's queue comes on top.").triangular(0.5, 2.0),
    f("referral.transit_leakage_per_week", 0.2, 0.0, 5.0, "per week in transit", World, "Inspectie SZW 2017 / Nationale ombudsman: many drop out between referral and intake; magnitude an assumption", "Weekly hazard that a household on its way to the central desk gives up (before the trust and health multipliers); a hand-off inside the team has no transit.").triangular(0.1, 0.35),
    f("referral.map_importance_central", 1.0, 0.0, P, "0..1", World, "Movisie & LOSR 2018 (Den Bosch): referrals to central services fell with turnover; magnitude an assumption", "How much a referral to the central desk depends on the generalist knowing the social map.").uniform(0.6, 1.0),
    f("referral.map_importance_internal", 0.1, 0.0, P, "0..1", World, "assumption: a W&I colleague in the team is known to everyone", "The same for a hand-off to a W&I colleague in reach (in the team, or attached to it).").uniform(0.0, 0.3),
    f("referral.central_duplicate_intake_hours", 3.0, 0.0, 100.0, "W&I hours per referral", World, "Mol et al. 2016: privacy law blocks file transfer; the hours an assumption", "Extra W&I hours for a household referred to the central desk, whose files the team cannot share (privacy.files).").uniform(1.0, 6.0),
    b("referral.central_early_closure", true, World, "Mol et al. 2016: no feedback on referrals", "Without shared files the team hears nothing back from the central desk and counts a leaked referral as dealt with."),
    // ---------------------------------------------------------------- debt help (credit bank)
    f("debt_help.counsellors_per_1000", 0.1, 0.0, 100.0, "posts per 1,000 households", Policy, "calibrated: with arrangement_cap, 8 running arrangements per 1,000 households, about 9% of problematic-debt households, inside CBS 2018's 14.4% known to debt help at any stage; a decision, never drawn as an uncertainty (docs/ODD.md section 8)", "Credit-bank posts running debt arrangements (central in every model)."),
    choice("debt_help.capacity_rule", "fixed", &["fixed", "follows_demand"], Policy, "docs/ODD.md section 7.14: capacity is a decision, not a law of nature; a municipality either keeps the credit bank's posts fixed or hires to a waiting-time norm (with the hiring delay and each post's cost), and the comparison says which", "How the credit bank's counsellor posts are set after the switch: fixed at debt_help.counsellors_per_1000, or following demand towards debt_help.wait_norm_weeks."),
    f("debt_help.wait_norm_weeks", 10.0, 1.0, 104.0, "weeks", Policy, "assumption: credit banks' public process pages (GKB, MD Flevoland, NVVK): an arrangement proposal about 120 days (17 weeks) after the debt overview is requested, of which about 7 weeks for the overview itself, leaves about 10 weeks for the bank's own part", "Waiting-time norm for the start of a debt arrangement that the follows_demand rule hires towards."),
    i("debt_help.capacity_review_weeks", 13, 1, 52, "weeks", Policy, "assumption: municipal staffing is reviewed quarterly; new posts then take staff.hiring_delay_weeks to fill", "How often the follows_demand rule reviews the credit bank's posts."),
    i("debt_help.arrangement_cap", 66, 1, 10_000, "arrangements per counsellor", Policy, "assumption, calibrated (docs/ODD.md section 6.1) to a credit-bank wait of 10-20 weeks (GKB/NVVK: proposal ~120 days after the overview is requested)", "Arrangements a counsellor can run at once."),
    f("debt_help.arrangement_weeks", 156.0, 1.0, 520.0, "weeks", World, "Wgs/Wsnp: 36-month arrangement; 18 months in municipalities that shortened it (credit banks' public pages): the PSA draws either as a structural alternative", "Length of a debt arrangement.").either(78.0, 156.0),
    f("debt_help.initial_share", 0.144, 0.0, P, "share of problematic-debt households", World, "CBS 2018: 14.4% of problematic-debt households known to debt help", "Problematic-debt households already in an arrangement at the start (at most 90% of credit-bank capacity)."),
    f("debt_help.settle_share", 0.41, 0.0, P, "probability", World, "NVVK 2016: settlement agreed in 41% of attempts; it varies between municipalities and years (range an assumption)", "Chance a stabilised problematic debt reaches an arrangement.").triangular(0.3, 0.55),
    f("debt_help.dropout_per_year", 0.14, 0.0, 10.0, "per year", World, "NVVK: 64% complete (=> ~14% a year over 3 years)", "Drop-out hazard during an arrangement."),
    f("debt_help.stabilisation_dropout_per_year", 0.5, 0.0, 10.0, "per year", World, "Inspectie SZW 2017: many drop out before and during intake", "Drop-out hazard while waiting for or in stabilisation."),
    f("debt_help.dropout_health", 1.0, 0.0, 20.0, "x per unit health severity", World, "docs/ODD.md section 7", "Drop-out multiplied by (1 + this x health severity)."),
    f("debt_help.dropout_low_trust", 1.0, 0.0, 20.0, "x per unit distrust", World, "docs/ODD.md section 7", "Drop-out multiplied by (1 + this x (1 - trust))."),
    f("debt_help.breathing_space_weeks", 26.0, 0.0, 104.0, "weeks", World, "Wgs art. 5: a breathing space (moratorium) of up to 6 months stops collection while debt help stabilises; how much of it is used is an assumption", "From the start of stabilisation, debts stop growing for this long; a household still waiting for the credit bank after it sees its debts grow again.").triangular(13.0, 26.0),
    f("debt_help.dropout_admin_hours", 2.0, 0.0, 100.0, "W&I hours per drop-out", World, "assumption: closing the file and informing creditors", "W&I hours a drop-out from financial help costs the desk that held the household."),
    // ---------------------------------------------------------------- enforcement
    f("enforcement.rule_break_per_year", 0.10, 0.0, 10.0, "per benefit household-year", World, "assumption; ESB 2024: 1 in 5 benefit recipients owe the municipality", "Hazard that a benefit household breaks a rule (fails to report a change)."),
    f("enforcement.health_factor", 2.0, 0.0, 20.0, "x per unit health severity", World, "Mol et al. 2016: someone with mental-health problems fails to report changes", "Rule breaking multiplied by (1 + this x health severity)."),
    f("enforcement.sanction_eur", 1_500.0, 0.0, 100_000.0, "euro", World, "assumption: benefit cut for a few months", "Arrears a sanction creates."),
    f("enforcement.trust_drop_team", 0.5, 0.0, P, "0..1", World, "Mol et al. 2016: don't expect that person back to talk about parenting; magnitude an assumption", "Trust lost when the team itself imposes the sanction (broad).").uniform(0.25, 0.75),
    f("enforcement.trust_drop_central", 0.05, 0.0, P, "0..1", World, "Mol et al. 2016", "Trust in the team lost when central W&I imposes it."),
    f("enforcement.leave_care_team", 0.6, 0.0, P, "probability", World, "Mol et al. 2016; magnitude an assumption", "Chance a household in care leaves when its own team sanctions it.").uniform(0.3, 0.8),
    f("enforcement.trust_recovery_per_year", 0.15, 0.0, 10.0, "per year", World, A, "Rate at which trust returns to the population mean."),
    f("enforcement.hours_per_sanction", 6.0, 0.0, 200.0, "W&I hours per sanction", World, "assumption: investigation, hearing and decision (Participatiewet art. 18)", "W&I hours a sanction costs the desk that imposes it (central W&I, or a broad team's own W&I posts).").uniform(3.0, 12.0),
    // ---------------------------------------------------------------- escalation
    f("escalation.time_factor", 0.5, 0.0, 10.0, "x per year unresolved", World, "docs/ODD.md section 7", "Escalation hazard multiplied by (1 + this x years the problem has lasted)."),
    f("escalation.ggz.per_year", 0.25, 0.0, 10.0, "per year at severity 1", World, "assumption (Vektis: ~5,800 euro per patient)", "Hazard that a health problem escalates to specialist mental-health care."),
    f("escalation.ggz.duration_weeks", 39.0, 1.0, 520.0, "weeks", World, A, "Mean episode length."),
    f("escalation.youth.per_year", 0.2, 0.0, 10.0, "per year at severity 1", World, "assumption (Jeugdautoriteit: ~12,500 euro per youth in care)", "Hazard that a youth problem escalates to youth care."),
    f("escalation.youth.duration_weeks", 52.0, 1.0, 520.0, "weeks", World, A, "Mean episode length."),
    f("escalation.eviction.per_year", 0.1, 0.0, 10.0, "per year at severity 1", World, "assumption (Aedes: 1,200-3,000 evictions a year nationally)", "Hazard that a housing problem with arrears ends in eviction."),
    f("escalation.eviction.duration_weeks", 26.0, 1.0, 520.0, "weeks", World, "assumption (VU/Boesveldt: shelter)", "Mean shelter episode after eviction."),
    f("escalation.eviction.min_finance", 0.5, 0.0, 1.0, "finance severity", World, "Aedes: ~6 in 10 evictions for rent arrears", "Eviction needs arrears at least this severe."),
    f("escalation.eviction.vulnerability_factor", 1.2, 1.0, 5.0, "x vulnerability", World, A, "Vulnerability after re-housing."),
    f("escalation.post_severity", 0.3, 0.0, 1.0, "0..1", World, A, "Severity of the escalated domain after the episode."),
    // ---------------------------------------------------------------- levers
    f("signalling.coverage", 0.0, 0.0, P, "share of new arrears", Policy, "Treffers 2020; Wgs 2021 (early exchange of arrears data); 0 = no early signalling", "Share of new arrears that creditors (housing corporations, utilities, insurers) signal."),
    f("signalling.acceptance", 0.35, 0.0, P, "probability", World, "Divosa / government response to the Wgs evaluation: 35% of households reached accepted help (2023)", "Chance a signalled household accepts the help offered."),
    f("signalling.hours_per_signal", 1.0, 0.0, 40.0, "W&I hours per signal", Policy, "assumption: outreach by letter, phone or a visit", "Handling time of a signal, taken from the W&I pool that reaches out."),
    choice("legal.mode", "none", &["none", "central", "embedded"], Policy, "Movisie & LOSR 2018 (Utrecht: advisors attached to teams, 'proximity pays')", "Social-legal advisors (sociaal raadslieden): none, a central desk, or embedded / on call in the teams."),
    f("legal.advisors_per_1000", 0.15, 0.0, 100.0, "advisors per 1,000 households", Policy, "Movisie & LOSR 2018: Utrecht ~27 advisors for ~180,000 households", "Social-legal advisor capacity."),
    f("legal.cases_per_advisor_week", 2.0, 0.0, 100.0, "cases per advisor per week", Policy, A, "Cases an advisor takes on each week."),
    f("legal.central_importance", 1.0, 0.0, P, "0..1", Policy, "Movisie & LOSR 2018 (Den Bosch): referrals to a central desk fell with turnover", "How much a referral to a central desk depends on the worker's social map."),
    f("legal.embedded_importance", 0.2, 0.0, P, "0..1", Policy, "Movisie & LOSR 2018 (Utrecht): advisors on call in the team are known to everyone", "The same for an embedded advisor."),
    f("legal.income_effect", 0.5, 0.0, P, "share of severity removed", World, A, "An advisor's case removes this share of the income problem (benefits claimed, unjust claims contested)."),
    f("legal.debt_effect", 0.15, 0.0, P, "share of debt removed", World, "assumption; ESB 2024: one in five benefit recipients owes the municipality (recoveries, fines) — partly contestable", "An advisor's case removes this share of the debt."),
    f("flexible_budget.eur_per_team_year", 0.0, 0.0, 10_000_000.0, "euro per team-year", Policy, "Werkplaats Sociaal Domein Twente 2018 (Enschede 'Flexibel Budget'); 0 = none", "Budget a team may spend on stuck cases."),
    f("flexible_budget.eur_per_case", 1_500.0, 1.0, 1_000_000.0, "euro per case", Policy, A, "What breaking one stuck case costs."),
    f("flexible_budget.stuck_weeks", 26.0, 1.0, 520.0, "weeks", Policy, A, "A case is stuck after this many weeks in contact with a severe problem left."),
    f("flexible_budget.stuck_severity", 0.6, 0.0, 1.0, "0..1", Policy, A, "Severity that makes a long case stuck."),
    f("flexible_budget.effect", 0.5, 0.0, P, "share of severity removed", World, "Werkplaats Sociaal Domein Twente 2018: out-of-the-box solutions break deadlocks; magnitude an assumption", "Share of the stuck domain's severity the spending removes."),
    f("second_line.failure", 0.1, 0.0, P, "probability", World, "Werkplaats Sociaal Domein Twente 2018 describes a failed referral (late, refused, case closed) but gives no rate: 10% is a stated assumption", "Chance a referral to heavier care, planned or in crisis, fails (no-show, refusal, rules).").uniform(0.0, 0.25),
    f("second_line.worsening", 0.1, 0.0, 1.0, "severity", World, "Werkplaats Sociaal Domein Twente 2018: he gets worse while the procedure restarts", "Severity added to the domain when a referral fails."),
    f("second_line.planned_severity", 0.6, 0.0, 1.0, "0..1", World, "assumption: a problem this severe is beyond a generalist's reach (docs/ODD.md section 7)", "A detected health, youth or housing problem at least this severe is referred to planned second-line care or an individual Wmo provision."),
    f("second_line.planned_per_week", 0.15, 0.0, P, "per week", World, "assumption: about one in ten team clients is referred on (7 per 1,000 households a year); CPB 2019: individual Wmo provisions rose where district teams work", "Weekly chance a generalist who knows the social map refers such a problem (times the social-map factor of referral.map_importance_central).").uniform(0.05, 0.3),
    f("second_line.planned_ggz_weeks", 26.0, 1.0, 520.0, "weeks", World, A, "Mean length of planned mental-health care."),
    f("second_line.planned_youth_weeks", 39.0, 1.0, 520.0, "weeks", World, A, "Mean length of planned (ambulant) youth care."),
    f("second_line.planned_wmo_weeks", 52.0, 1.0, 520.0, "weeks", World, A, "Mean length of an individual Wmo provision for a housing problem (support with living)."),
    f("second_line.planned_post_severity", 0.15, 0.0, 1.0, "0..1", World, A, "Severity of the referred domain after planned care."),
    b("second_line.warm_handover", false, Policy, "Werkplaats Sociaal Domein Twente 2018: poor hand-over to 2nd-line care", "Keep the case open until the referral is confirmed; a failed referral then does not close the case."),
    f("second_line.warm_handover_hours", 4.0, 0.0, 100.0, "worker hours per referral", Policy, A, "Team hours a warm hand-over costs."),
    b("training.enabled", false, Policy, "seeds 000, 001, 003: invest in training in financial signalling", "Train the switching teams' generalists in spotting financial problems at the switch."),
    f("training.boost", 0.5, 0.0, P, "share of missed problems found", World, A, "A trained worker finds this share of the financial problems it would otherwise miss."),
    b("training.new_hires", true, Policy, A, "Also train workers hired after the switch (otherwise training is lost as trained workers leave)."),
    f("training.eur_per_worker", 1_500.0, 0.0, 100_000.0, "euro per worker trained", Run, A, "Cost of training one worker."),
    f("enforcement.discretion", 0.0, 0.0, P, "share of sanctions", Policy, "Mol et al. 2016; 0 = no discretion", "Under broad, share of sanctions the team defers while the household is in care or debt help (counted as a legality risk)."),
    choice("privacy.files", "by_desk", &["by_desk", "shared", "not_shared"], Policy, "Mol et al. 2016: privacy law blocks file transfer", "Whether W&I and the team share files: by_desk (a W&I colleague in or attached to the team shares them, the central desk does not), or shared / not shared for every referral."),
    // ---------------------------------------------------------------- verification
    choice("verification.mode", "off", &["off", "mmc"], Run, "docs/ODD.md: verification against queueing theory", "'mmc' reduces the teams to a textbook M/M/c queue: Poisson arrivals, geometric service, no other events. For testing the engine, not for policy."),
    f("verification.arrivals_per_week", 1.0, 0.0, 10_000.0, "households per week", Run, "-", "Arrival rate in mmc mode (spread over all households not in contact)."),
    f("verification.service_weeks", 20.0, 1.0, 1_000.0, "weeks", Run, "-", "Mean (geometric) time in care in mmc mode."),
    // ---------------------------------------------------------------- MKBA
    f("mkba.discount_rate", 0.0225, 0.0, 0.2, "per year (real)", Run, "Werkgroep Discontovoet 2020: 2.25% for Dutch MKBAs from 2021", "Discount rate of yearly cash flows."),
    i("mkba.horizon_years", 0, 0, 100, "years", Run, "CPB/PBL Algemene leidraad MKBA (2013)", "Appraisal horizon of the main MKBA; 0 = the simulated years after the switch. Years beyond the simulated ones are a steady-state extrapolation: the mean of the last three simulated years, marked as extrapolated."),
    ParamSpec {
        key: "mkba.horizons_years",
        kind: Kind::IntList { min: 1, max: 100 },
        default: Default::L(&[5, 10, 15]),
        unit: "years",
        scope: Run,
        source: "docs/ODD.md section 8: a debt arrangement takes three years, so effects arrive late; the MKBA is shown at several horizons from one run (CPB/PBL Algemene leidraad MKBA 2013: state the horizon and its effect)",
        doc: "Horizons at which the net present value is also shown (mkba_horizons.csv), each from the same run; years beyond the simulated ones are a marked steady-state extrapolation.",
        plausible: None,
    },
    f("mkba.generalist_eur_per_year", 75_000.0, 0.0, 1_000_000.0, "euro per post-year", Run, "assumption: 65,000-90,000 integral cost per FTE (CAO Sociaal Werk scale 8 plus employer costs and overhead)", "Integral cost of a filled generalist post."),
    f("mkba.wi_post_eur_per_year", 75_000.0, 0.0, 1_000_000.0, "euro per filled post-year", Run, "assumption: 65,000-90,000 integral cost per FTE (municipal CAO scale 8-9 plus employer costs and overhead), as for generalists", "Integral cost of a filled W&I post (central or in a team), busy or idle.").triangular(65_000.0, 90_000.0),
    f("mkba.counsellor_eur_per_year", 75_000.0, 0.0, 1_000_000.0, "euro per filled post-year", Run, "assumption: 65,000-90,000 integral cost per FTE (credit-bank counsellor, municipal CAO plus employer costs and overhead)", "Integral cost of a filled credit-bank counsellor post, busy or idle.").triangular(65_000.0, 90_000.0),
    f("mkba.broad.reorganisation_eur", 250_000.0, 0.0, 100_000_000.0, "euro per switching team, once", Run, "assumption; Mol et al. 2016: merging registration systems, spreading central W&I workers", "One-off cost of moving a team to broad.").uniform(125_000.0, 500_000.0),
    f("mkba.partial.reorganisation_eur", 50_000.0, 0.0, 100_000_000.0, "euro per switching team, once", Run, A, "One-off cost of moving a team to partial.").uniform(25_000.0, 100_000.0),
    f("mkba.separate.reorganisation_eur", 0.0, 0.0, 100_000_000.0, "euro per switching team, once", Run, A, "One-off cost of moving a team to separate."),
    f("mkba.broad.training_eur", 30_000.0, 0.0, 10_000_000.0, "euro per switching team, once", Run, "assumption; Binnenlands Bestuur 2016: invest in training", "Training when a team moves to broad (W&I law and enforcement)."),
    f("mkba.partial.training_eur", 15_000.0, 0.0, 10_000_000.0, "euro per switching team, once", Run, A, "Training when a team moves to partial."),
    f("mkba.separate.training_eur", 0.0, 0.0, 10_000_000.0, "euro per switching team, once", Run, A, "Training when a team moves to separate."),
    f("mkba.ggz_eur_per_year", 21_000.0, 0.0, 1_000_000.0, "euro per household-year in crisis care", Run, "Vektis 2017: ~21,000 euro per severe psychiatric patient a year", "Specialist mental-health care after a crisis."),
    f("mkba.youth_care_eur_per_year", 12_500.0, 0.0, 1_000_000.0, "euro per household-year in care", Run, "Jeugdautoriteit/AEF 2019: 5.5 bn / 443,000 youths", "Youth care."),
    f("mkba.shelter_eur_per_year", 15_000.0, 0.0, 1_000_000.0, "euro per household-year in shelter", Run, "VU (Boesveldt) 2025: ~15,000 euro per shelter place a year", "Shelter after eviction."),
    f("mkba.eviction_eur", 7_500.0, 0.0, 1_000_000.0, "euro per eviction", Run, "Eropaf quickscan 2014: 5,000-10,000 euro direct cost", "Direct cost of an eviction (borne by the landlord)."),
    f("mkba.planned_ggz_eur_per_year", 5_800.0, 0.0, 1_000_000.0, "euro per household-year in planned care", Run, "Vektis 2023: ~5,800 euro per mental-health patient overall", "Planned mental-health care after a referral by the team (health insurer).").triangular(3_000.0, 10_000.0),
    f("mkba.planned_youth_eur_per_year", 8_000.0, 0.0, 1_000_000.0, "euro per household-year in planned care", Run, "assumption: ambulant youth care, below the 12,500 average per youth in care that includes residential care (Jeugdautoriteit/AEF 2019)", "Planned youth care after a referral by the team (municipality).").uniform(5_000.0, 12_500.0),
    f("mkba.wmo_eur_per_year", 4_000.0, 0.0, 1_000_000.0, "euro per household-year with a provision", Run, "assumption: support with living (begeleiding) a few hours a week", "An individual Wmo provision after a referral by the team (municipality).").uniform(2_000.0, 8_000.0),
    f("mkba.debt_productivity_eur_per_year", 3_080.0, 0.0, 1_000_000.0, "euro per household-year of unresolved problematic debt", Run, "Panteia/HU/Nibud for the IBO 2024: 6,160 average (4.5 bn productivity and absence / 730,000); the marginal share avoided by a year less of debt is an assumption, 0.5 (part of the loss persists after resolution)", "Lost productivity and absence avoided per year of problematic debt resolved.").triangular(1_540.0, 6_160.0),
    f("mkba.debt_health_eur_per_year", 200.0, 0.0, 1_000_000.0, "euro per household-year of unresolved problematic debt", Run, "Panteia/HU/Nibud 2024: 600 (438 m GP, mental-health care and suicide / 730,000); only the GP part is kept, assumption 1/3: specialist mental-health care is simulated (escalation, planned care) and priced there", "Primary-care costs of problematic debt (health insurer).").triangular(100.0, 400.0),
    f("mkba.debt_other_eur_per_year", 3_510.0, 0.0, 1_000_000.0, "euro per household-year of unresolved problematic debt", Run, "Panteia/HU/Nibud 2024: the rest of >= 8.5 bn (collection, legal, other) / 730,000; kept whole: collection runs while the debt is unresolved and the model prices it nowhere else", "Collection, legal and other costs of problematic debt (borne by creditors).").triangular(1_750.0, 3_510.0),
    f("mkba.benefit_eur_per_year", 14_000.0, 0.0, 1_000_000.0, "euro per benefit household-year", Run, "Berenschot 2018", "Benefit paid (a transfer: central government to households)."),
    f("mkba.work_output_eur_per_year", 30_000.0, 0.0, 1_000_000.0, "euro per benefit household-year", Run, "assumption: the Dutch statutory minimum wage 2024 (13.27 euro an hour at 36 hours, about 24,800 a year) plus employer costs; the lower end allows for displacement (a job found may be one another job-seeker does not get)", "Output not produced while a working-age household lives on benefit (a real cost; the benefit itself is a transfer).").triangular(15_000.0, 35_000.0),
];

/// Parameters grouped by TOML section (`linkage.broad`, ...), sections in order of
/// first appearance, so that each table is written once.
pub fn by_section() -> Vec<(&'static str, Vec<&'static ParamSpec>)> {
    let mut out: Vec<(&'static str, Vec<&'static ParamSpec>)> = Vec::new();
    for p in PARAMS {
        let (sec, _) = p.key.rsplit_once('.').expect("registry keys are dotted");
        match out.iter_mut().find(|(s, _)| *s == sec) {
            Some((_, v)) => v.push(p),
            None => out.push((sec, vec![p])),
        }
    }
    out
}

/// Look up a parameter by its dotted key.
pub fn spec(key: &str) -> Option<&'static ParamSpec> {
    PARAMS.iter().find(|p| p.key == key)
}

/// Every section prefix that exists (`team`, `linkage.broad`, ...), for telling an unknown
/// section from an unknown key.
pub fn is_section(prefix: &str) -> bool {
    PARAMS.iter().any(|p| {
        p.key.len() > prefix.len()
            && p.key.starts_with(prefix)
            && p.key.as_bytes()[prefix.len()] == b'.'
    })
}

/// The closest known key to `key`, if it is close enough to be a likely typo.
pub fn suggest(key: &str) -> Option<&'static str> {
    // Edit distance costs the key's length times each candidate's: a key far longer
    // than any known one is no typo of one, and must not take seconds.
    if key.len() > super::error::SUGGEST_MAX_CHARS {
        return None;
    }
    let (best, score) = PARAMS
        .iter()
        .map(|p| (p.key, strsim::normalized_damerau_levenshtein(key, p.key)))
        .max_by(|a, b| a.1.total_cmp(&b.1))?;
    // Also try matching only the last component within the same section, which is the
    // common typo (`population.househods`).
    if score >= 0.7 {
        Some(best)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn decisions_are_never_drawn_as_uncertainties() {
        // docs/ODD.md section 8: policy levers belong to the compared packages. The
        // only switch-week parameters with a plausible range are the reorganisation's
        // friction (how many hours a reorganisation loses, and for how long): an
        // uncertain effect of the switch, not a choice the municipality makes.
        for p in PARAMS {
            if p.scope == Scope::Policy && p.plausible.is_some() {
                assert!(
                    p.key.starts_with("linkage.")
                        && (p.key.ends_with(".lost_hours_share")
                            || p.key.ends_with(".friction_weeks")),
                    "{} is a decision with a plausible range",
                    p.key
                );
            }
        }
    }

    #[test]
    fn keys_are_unique_and_defaults_in_range() {
        let mut seen = HashSet::new();
        for p in PARAMS {
            assert!(seen.insert(p.key), "duplicate key {}", p.key);
            assert!(!p.source.is_empty(), "{} has no source", p.key);
            match (p.kind, p.default) {
                (Kind::Float { min, max }, Default::F(v)) => {
                    assert!(min <= v && v <= max, "{}", p.key)
                }
                (Kind::Int { min, max }, Default::I(v)) => {
                    assert!(min <= v && v <= max, "{}", p.key)
                }
                (Kind::Bool, Default::B(_))
                | (Kind::Text, Default::S(_))
                | (Kind::IntList { .. }, Default::L(_)) => {}
                (Kind::Choice(opts), Default::S(s)) => assert!(opts.contains(&s), "{}", p.key),
                _ => panic!("{}: default does not match kind", p.key),
            }
        }
    }

    #[test]
    fn plausible_ranges_hold_the_default_within_the_allowed_range() {
        for p in PARAMS {
            let Some(r) = p.plausible else { continue };
            let (Kind::Float { min, max }, Default::F(v)) = (p.kind, p.default) else {
                panic!("{}: only real-valued parameters can be drawn", p.key);
            };
            assert!(
                min <= r.lo && r.lo <= v && v <= r.hi && r.hi <= max,
                "{}",
                p.key
            );
            assert!(r.lo < r.hi, "{}", p.key);
            assert!(
                p.source.contains("assumption")
                    || p.source.contains("calibrated")
                    || p.source.contains("structural")
                    || p.key.starts_with("mkba."),
                "{}: a plausible range is for what we do not know",
                p.key
            );
        }
    }

    #[test]
    fn suggests_near_misses() {
        assert_eq!(
            suggest("population.househods"),
            Some("population.households")
        );
        assert_eq!(suggest("team.caseload_cpa"), Some("team.caseload_cap"));
        assert_eq!(suggest("zzzz"), None);
    }
}
