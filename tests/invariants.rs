//! Invariants, property-tested over random valid scenarios (issue 3): every week of
//! warm-up and after the switch, under every model, the state is consistent
//! (`Municipality::check_invariants`: tracks, counts, case lists, debts, severities,
//! vacancies, episodes, queues).

use proptest::prelude::*;
use wijksim::model::{LinkageModel, Municipality};
use wijksim::rng::RepKey;
use wijksim::scenario;

#[allow(clippy::too_many_arguments)] // one argument per varied parameter
fn scenario_text(
    households: u32,
    teams: u32,
    quit: f64,
    cap: u32,
    rule_break: f64,
    leakage: f64,
    hiring: f64,
    help: f64,
) -> String {
    format!(
        "[run]\nwarmup_weeks = 30\nhorizon_weeks = 30\n\
         [population]\nhouseholds = {households}\n[districts]\nteams = {teams}\n\
         [team]\ncaseload_cap = {cap}\n[staff]\nquit_per_year = {quit}\nhiring_delay_weeks = {hiring}\n\
         [enforcement]\nrule_break_per_year = {rule_break}\n[linkage.separate]\nleakage = {leakage}\n\
         [help_seeking]\nper_year = {help}\n[wi]\nposts_per_1000 = 10.0\n"
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn state_stays_consistent(
        households in 500u32..3000,
        teams in 1u32..5,
        quit in 0.0f64..2.0,
        cap in 1u32..40,
        rule_break in 0.0f64..2.0,
        leakage in 0.0f64..1.0,
        hiring in 0.0f64..30.0,
        help in 0.1f64..10.0,
        seed in 0u64..1000,
        model in 0usize..3,
    ) {
        let text = scenario_text(households, teams, quit, cap, rule_break, leakage, hiring, help);
        let s = scenario::load_str(&text, "proptest", &[]).unwrap();
        let mut m = Municipality::new(&s.warmup, RepKey::new(seed, 0));
        m.check_invariants().map_err(TestCaseError::fail)?;
        for _ in 0..s.warmup.run.warmup_weeks {
            m.step();
            m.check_invariants().map_err(TestCaseError::fail)?;
        }
        m.switch(&s.policy, LinkageModel::ALL[model]);
        m.check_invariants().map_err(TestCaseError::fail)?;
        for _ in 0..s.policy.run.horizon_weeks {
            m.step();
            m.check_invariants().map_err(|e| TestCaseError::fail(format!("{}: {e}", LinkageModel::ALL[model].name())))?;
        }
    }
}
