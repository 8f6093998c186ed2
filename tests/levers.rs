//! The levers from the field (issue 5): each moves the outcomes it should, on a small
//! municipality with eight paired replications (the same seeds with and without the
//! lever, so differences are not noise between runs).

use wijksim::mkba;
use wijksim::model::LinkageModel;
use wijksim::runner::Results;
use wijksim::scenario;

mod common;

fn run(overrides: &[&str]) -> Results {
    common::directional(overrides)
}

fn mean(r: &Results, m: LinkageModel, name: &str) -> f64 {
    common::mean(&common::outcome(r, m, name))
}

const ALL: [LinkageModel; 3] = LinkageModel::ALL;

#[test]
fn early_signalling_reaches_households_and_lowers_unresolved_debt() {
    // With W&I and credit-bank capacity to spare: with the default capacity outreach
    // and the households that accept fill the W&I desks, and the credit bank is full,
    // so households helped earlier mostly join queues (tests/credibility.rs).
    let spare = [
        "wi.support_posts_per_1000=2.0",
        "debt_help.counsellors_per_1000=1.0",
    ];
    let off = run(&spare);
    let on = run(&[spare[0], spare[1], "signalling.coverage=1.0"]);
    let (mut before, mut after) = (0.0, 0.0);
    for m in ALL {
        assert_eq!(mean(&off, m, "signals"), 0.0);
        assert!(mean(&on, m, "signals_accepted") > 0.0);
        // The direct effect: more households with problematic debt are in debt help.
        let (a, b) = (
            mean(&off, m, "debt_help_share"),
            mean(&on, m, "debt_help_share"),
        );
        assert!(b > a, "{}: in debt help {a} without, {b} with", m.name());
        before += mean(&off, m, "unresolved_debt_households");
        after += mean(&on, m, "unresolved_debt_households");
    }
    // Fewer households with unresolved debt, over the three models together: per model
    // the effect is a few households on this small municipality, within the noise of 8
    // replications, and under broad the signalled households queue for the team's own
    // W&I posts, so with a high acceptance signalling can crowd them (issue 6 note).
    assert!(
        after < before,
        "unresolved debt {before} without, {after} with signalling (sum of models)"
    );
}

#[test]
fn social_legal_advisors_lower_debt_and_proximity_pays() {
    let none = run(&[]);
    let central = run(&["legal.mode=central", "legal.advisors_per_1000=5.0"]);
    let embedded = run(&["legal.mode=embedded", "legal.advisors_per_1000=5.0"]);
    for m in ALL {
        let (a, b) = (
            mean(&none, m, "unresolved_debt_households"),
            mean(&embedded, m, "unresolved_debt_households"),
        );
        assert!(b < a, "{}: {a} without advisors, {b} with", m.name());
        // With capacity to spare, embedded advisors get more cases than a central desk.
        let (c, e) = (
            mean(&central, m, "legal_cases"),
            mean(&embedded, m, "legal_cases"),
        );
        assert!(e > c, "{}: central {c} cases, embedded {e}", m.name());
    }
}

#[test]
fn flexible_budget_is_spent_on_stuck_cases_and_costed() {
    let r = run(&[
        "flexible_budget.eur_per_team_year=50000",
        "flexible_budget.stuck_weeks=13",
    ]);
    let s = scenario::load_default(&[]).unwrap();
    for m in ALL {
        assert!(mean(&r, m, "flexible_budget_cases") > 0.0, "{}", m.name());
    }
    let spent: f64 = r
        .runs
        .iter()
        .flat_map(|x| mkba::run_flows(x, &s.policy.mkba))
        .filter(|f| mkba::CATEGORIES[f.category].0 == "flexible_budget")
        .map(|f| f.cost_eur)
        .sum();
    assert!(spent > 0.0);
}

#[test]
fn warm_handover_limits_the_damage_of_failed_referrals() {
    // A high failure rate, so that the effect stands well above the noise of 8
    // replications in every model (at 0.3 it is a few re-intakes, like the noise).
    let cold = run(&["second_line.failure=0.6"]);
    let warm = run(&["second_line.failure=0.6", "second_line.warm_handover=true"]);
    for m in ALL {
        assert!(mean(&cold, m, "failed_referrals") > 0.0);
        // A failed referral after a closed case sends the household back to the front door.
        let (a, b) = (mean(&cold, m, "reintakes"), mean(&warm, m, "reintakes"));
        assert!(b < a, "{}: re-intakes {a} cold, {b} warm", m.name());
    }
}

#[test]
fn training_raises_detection_of_financial_problems() {
    let off = run(&[]);
    let on = run(&["training.enabled=true"]);
    for m in ALL {
        assert!(mean(&on, m, "trained_workers") > 0.0);
        let (a, b) = (
            mean(&off, m, "finance_detected_share"),
            mean(&on, m, "finance_detected_share"),
        );
        assert!(b > a, "{}: detection {a} untrained, {b} trained", m.name());
    }
}

#[test]
fn sanction_discretion_keeps_households_in_broad_care() {
    let strict = run(&["enforcement.rule_break_per_year=0.4"]);
    let lenient = run(&[
        "enforcement.rule_break_per_year=0.4",
        "enforcement.discretion=0.8",
    ]);
    let b = LinkageModel::Broad;
    assert!(mean(&lenient, b, "deferred_sanctions") > 0.0);
    assert!(mean(&lenient, b, "sanction_dropouts") < 0.6 * mean(&strict, b, "sanction_dropouts"));
    // Discretion belongs to the team that enforces: nothing changes under separate.
    assert_eq!(
        mean(&lenient, LinkageModel::Separate, "deferred_sanctions"),
        0.0
    );
}

#[test]
fn shared_files_help_separate_teams() {
    // With credit-bank capacity to spare, so that more households stabilised is not
    // simply a longer queue for the bank (tests/credibility.rs).
    let spare = "debt_help.counsellors_per_1000=1.0";
    let by_model = run(&[spare]);
    let shared = run(&[spare, "privacy.files=shared"]);
    let m = LinkageModel::Separate;
    let (a, b) = (
        mean(&by_model, m, "unresolved_debt_households"),
        mean(&shared, m, "unresolved_debt_households"),
    );
    assert!(b < a, "separate: {a} with files apart, {b} shared");
    let not_shared = run(&[spare, "privacy.files=not_shared"]);
    let p = LinkageModel::Partial;
    let (c, d) = (
        mean(&by_model, p, "unresolved_debt_households"),
        mean(&not_shared, p, "unresolved_debt_households"),
    );
    assert!(d > c, "partial: {c} sharing files, {d} not");
}
