//! Typed, validated parameters: what the engine reads.
//!
//! The field names mirror the registry keys exactly (`team.caseload_cap` is
//! `params.team.caseload_cap`); a unit test checks that every registry key lands in
//! a field and every field has a registry key. Instances are only built by
//! [`super::load_str`], after range checks, so the engine can trust every value.

use serde::Deserialize;

/// A linkage model: parsed from its name when the scenario is loaded, so the engine
/// never compares strings (the mechanisms are in `model/linkage.rs`).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum LinkageModel {
    /// W&I inside the team, enforcement included.
    Broad,
    /// A W&I worker attached to each team; enforcement stays central.
    Partial,
    /// The team refers to central W&I and debt help.
    Separate,
}

impl LinkageModel {
    /// All models, in report order.
    pub const ALL: [LinkageModel; 3] = [
        LinkageModel::Broad,
        LinkageModel::Partial,
        LinkageModel::Separate,
    ];

    /// Lower-case name as in scenario files and outputs.
    pub fn name(self) -> &'static str {
        match self {
            LinkageModel::Broad => "broad",
            LinkageModel::Partial => "partial",
            LinkageModel::Separate => "separate",
        }
    }

    /// Parse a name (as validated by the scenario loader).
    pub fn from_name(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.name() == s)
    }

    /// Under *broad* the team itself decides on benefits and sanctions (seed 000).
    pub fn team_enforces(self) -> bool {
        self == LinkageModel::Broad
    }
}

/// Social-legal advisors (`legal.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LegalMode {
    /// No advisors.
    None,
    /// A central desk.
    Central,
    /// Embedded in, or on call for, the teams.
    Embedded,
}

/// How a service's staffed capacity is set (`team.capacity_rule`, `wi.capacity_rule`,
/// `debt_help.capacity_rule`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityRule {
    /// The posts the policy sets, whatever the demand.
    Fixed,
    /// The municipality hires (and lets go) towards a waiting-time norm.
    FollowsDemand,
}

/// Whether W&I and the team share files (`privacy.files`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrivacyFiles {
    /// Shared with a W&I colleague in or attached to the team, not with the central desk.
    ByDesk,
    /// Shared with every desk.
    Shared,
    /// Shared with no desk.
    NotShared,
}

/// Verification mode (`verification.mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VerificationMode {
    /// The model.
    Off,
    /// The teams as a textbook M/M/c queue.
    Mmc,
}

/// All parameters of one municipality scenario.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Params {
    pub scenario: ScenarioMeta,
    pub run: RunParams,
    pub policy: PolicyParams,
    pub engine: EngineParams,
    pub population: Population,
    pub districts: Districts,
    pub problems: Problems,
    pub coupling: Coupling,
    pub debt: Debt,
    pub income: Income,
    pub help_seeking: HelpSeeking,
    pub team: Team,
    pub staff: Staff,
    pub wi: Wi,
    pub linkage: Linkage,
    pub referral: Referral,
    pub debt_help: DebtHelp,
    pub enforcement: Enforcement,
    pub escalation: Escalation,
    pub mkba: Mkba,
    pub verification: Verification,
    pub signalling: Signalling,
    pub legal: Legal,
    pub flexible_budget: FlexibleBudget,
    pub second_line: SecondLine,
    pub training: Training,
    pub privacy: Privacy,
}

/// Early signalling of payment arrears (seed 002).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Signalling {
    pub coverage: f64,
    pub acceptance: f64,
    pub hours_per_signal: f64,
}

/// Social-legal advisors (seed 001).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Legal {
    pub mode: LegalMode,
    pub advisors_per_1000: f64,
    pub cases_per_advisor_week: f64,
    pub central_importance: f64,
    pub embedded_importance: f64,
    pub income_effect: f64,
    pub debt_effect: f64,
}

/// Flexible budget for stuck cases (seed 004).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FlexibleBudget {
    pub eur_per_team_year: f64,
    pub eur_per_case: f64,
    pub stuck_weeks: f64,
    pub stuck_severity: f64,
    pub effect: f64,
}

/// Referrals to 2nd-line care (seed 004).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct SecondLine {
    pub failure: f64,
    pub worsening: f64,
    pub planned_severity: f64,
    pub planned_per_week: f64,
    pub planned_ggz_weeks: f64,
    pub planned_youth_weeks: f64,
    pub planned_wmo_weeks: f64,
    pub planned_post_severity: f64,
    pub warm_handover: bool,
    pub warm_handover_hours: f64,
}

/// Training in financial signalling (seeds 000, 001, 003).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Training {
    pub enabled: bool,
    pub boost: f64,
    pub new_hires: bool,
    pub eur_per_worker: f64,
}

/// File sharing between W&I and the team (seed 000).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Privacy {
    pub files: PrivacyFiles,
}

/// Test-only reductions of the model to textbook cases.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Verification {
    pub mode: VerificationMode,
    pub arrivals_per_week: f64,
    pub service_weeks: f64,
}

/// Prices and conventions of the societal cost-benefit analysis.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Mkba {
    pub discount_rate: f64,
    pub horizon_years: u32,
    pub horizons_years: Vec<u32>,
    pub generalist_eur_per_year: f64,
    pub wi_post_eur_per_year: f64,
    pub counsellor_eur_per_year: f64,
    pub broad: MkbaModel,
    pub partial: MkbaModel,
    pub separate: MkbaModel,
    pub ggz_eur_per_year: f64,
    pub youth_care_eur_per_year: f64,
    pub shelter_eur_per_year: f64,
    pub eviction_eur: f64,
    pub planned_ggz_eur_per_year: f64,
    pub planned_youth_eur_per_year: f64,
    pub wmo_eur_per_year: f64,
    pub debt_productivity_eur_per_year: f64,
    pub debt_health_eur_per_year: f64,
    pub debt_other_eur_per_year: f64,
    pub benefit_eur_per_year: f64,
    pub work_output_eur_per_year: f64,
}

/// Model-specific MKBA prices.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct MkbaModel {
    pub reorganisation_eur: f64,
    pub training_eur: f64,
}

/// Scenario metadata.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct ScenarioMeta {
    pub name: String,
    pub description: String,
}

/// Run control.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct RunParams {
    pub seed: u64,
    pub replications: u32,
    pub warmup_weeks: u32,
    pub horizon_weeks: u32,
    pub reference_model: LinkageModel,
    pub status_quo_model: LinkageModel,
    pub status_quo_partial_teams: Vec<u32>,
    pub status_quo_broad_teams: Vec<u32>,
}

/// Which teams switch.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct PolicyParams {
    pub pilot_teams: Vec<u32>,
}

/// Engine tuning.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct EngineParams {
    pub refresh_weeks: u32,
    pub bound_weeks: u32,
}

/// Population.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Population {
    pub households: u32,
    pub share_single: f64,
    pub share_single_parent: f64,
    pub share_couple: f64,
    pub share_couple_children: f64,
    pub share_elderly: f64,
    pub share_benefit: f64,
    pub share_sickness: f64,
    pub vulnerability_sd: f64,
    pub trust_mean: f64,
    pub trust_sd: f64,
}

/// Districts and their teams.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Districts {
    pub teams: u32,
    pub deprivation_sd: f64,
    pub size_sd: f64,
    pub seed: u64,
}

/// Problem dynamics.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Problems {
    pub onset_severity: f64,
    pub resolved_below: f64,
    pub finance: FinanceProblem,
    pub income: DomainProblem,
    pub health: DomainProblem,
    pub youth: DomainProblem,
    pub housing: DomainProblem,
}

/// Finance: its severity follows from debt, so it has no worsening rate of its own.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct FinanceProblem {
    pub onset_per_year: f64,
    pub recover_per_year: f64,
}

/// A domain with its own severity.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct DomainProblem {
    pub onset_per_year: f64,
    pub worsen_per_year: f64,
    pub recover_per_year: f64,
    pub initial_prevalence: f64,
}

/// Coupling between domains.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Coupling {
    pub finance_to_health: f64,
    pub finance_to_youth: f64,
    pub finance_to_housing: f64,
    pub income_to_finance: f64,
}

/// Debt.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Debt {
    pub problematic_years: f64,
    pub growth_per_year: f64,
    pub arrears_eur_per_month: f64,
    pub repay_work_eur_per_month: f64,
    pub repay_benefit_eur_per_month: f64,
    pub repay_sickness_eur_per_month: f64,
    pub repay_pension_eur_per_month: f64,
    pub shock_median_eur: f64,
    pub shock_sd: f64,
    pub initial_problematic_share: f64,
    pub initial_debt_median_eur: f64,
    pub initial_debt_sd: f64,
    pub initial_small_debt_share: f64,
    pub collection_weeks: f64,
    pub collection_min_eur: f64,
    pub max_eur: f64,
}

/// Income transitions.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Income {
    pub job_loss_per_year: f64,
    pub reemployment_per_year: f64,
    pub sickness_per_year: f64,
    pub sickness_recovery_per_year: f64,
    pub debt_reemployment_penalty: f64,
    pub arrangement_barrier_share: f64,
    pub health_reemployment_penalty: f64,
    pub shock_severity: f64,
}

/// Help-seeking.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct HelpSeeking {
    pub per_year: f64,
    pub severity_power: f64,
    pub finance_salience: f64,
    pub crisis_severity: f64,
}

/// District-team generalists.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Team {
    pub generalists_per_1000: f64,
    pub capacity_rule: CapacityRule,
    pub wait_norm_weeks: f64,
    pub capacity_review_weeks: u32,
    pub caseload_cap: u32,
    pub hours_per_week: f64,
    pub max_hours_per_case: f64,
    pub intakes_per_worker_week: f64,
    pub overflow_factor: f64,
    pub effect_per_hour: f64,
    pub income_effect: f64,
    pub referral_severity: f64,
    pub finance_block_threshold: f64,
    pub finance_block_damping: f64,
    pub detect_other: f64,
    pub ongoing_detection_per_week: f64,
    pub finance_detection_own: f64,
}

/// Staff turnover and learning.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Staff {
    pub quit_per_year: f64,
    pub overload_quit_factor: f64,
    pub quit_factor: f64,
    pub hiring_delay_weeks: f64,
    pub handover_dropout: f64,
    pub skill_start: f64,
    pub skill_weeks: f64,
    pub map_start: f64,
    pub map_weeks: f64,
    pub map_loss_on_move: f64,
}

/// Work & Income.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Wi {
    pub support_posts_per_1000: f64,
    pub caseload_cap: u32,
    pub hours_per_week: f64,
    pub admin_hours_per_recipient: f64,
    pub max_hours_per_case: f64,
    pub stabilisation_hours: f64,
    pub income_effect_per_hour: f64,
    pub intake_hours: f64,
    pub consult_hours_per_week: f64,
    pub consult_hours_per_case: f64,
    pub consult_detection: f64,
    pub capacity_rule: CapacityRule,
    pub wait_norm_weeks: f64,
    pub capacity_review_weeks: u32,
}

/// The three linkage models.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Linkage {
    pub broad: LinkageParams,
    pub partial: LinkageParams,
    pub separate: LinkageParams,
}

/// What a linkage model sets apart from where its people sit: the reorganisation
/// friction of a team whose W&I posts change, and (partial) how many posts move into
/// each team. Detection, delays and leakage are not here: they follow from the W&I
/// people within reach of a team (docs/ODD.md section 7).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct LinkageParams {
    pub lost_hours_share: f64,
    pub friction_weeks: f64,
    /// Only `partial` has this key; zero elsewhere.
    #[serde(default)]
    pub wi_posts_per_team: u32,
}

/// Referral leakage modifiers.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Referral {
    pub leakage_low_trust: f64,
    pub leakage_health: f64,
    pub central_handoff_weeks: f64,
    pub transit_leakage_per_week: f64,
    pub map_importance_central: f64,
    pub map_importance_internal: f64,
    pub central_duplicate_intake_hours: f64,
    pub central_early_closure: bool,
}

/// Debt help (credit bank arrangements and drop-out).
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct DebtHelp {
    pub counsellors_per_1000: f64,
    pub capacity_rule: CapacityRule,
    pub wait_norm_weeks: f64,
    pub capacity_review_weeks: u32,
    pub arrangement_cap: u32,
    pub arrangement_weeks: f64,
    pub initial_share: f64,
    pub settle_share: f64,
    pub dropout_per_year: f64,
    pub stabilisation_dropout_per_year: f64,
    pub dropout_health: f64,
    pub dropout_low_trust: f64,
    pub breathing_space_weeks: f64,
    pub dropout_admin_hours: f64,
}

/// Enforcement and trust.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Enforcement {
    pub rule_break_per_year: f64,
    pub health_factor: f64,
    pub sanction_eur: f64,
    pub trust_drop_team: f64,
    pub trust_drop_central: f64,
    pub leave_care_team: f64,
    pub trust_recovery_per_year: f64,
    pub hours_per_sanction: f64,
    pub discretion: f64,
}

/// Escalation to heavier care.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Escalation {
    pub time_factor: f64,
    pub post_severity: f64,
    pub ggz: EscalationType,
    pub youth: EscalationType,
    pub eviction: Eviction,
}

/// One type of heavier care.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct EscalationType {
    pub per_year: f64,
    pub duration_weeks: f64,
}

/// Eviction and shelter.
#[derive(Debug, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
#[allow(missing_docs)]
pub struct Eviction {
    pub per_year: f64,
    pub duration_weeks: f64,
    pub min_finance: f64,
    pub vulnerability_factor: f64,
}
