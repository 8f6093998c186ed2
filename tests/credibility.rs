//! Model credibility: the linkage models differ through W&I people and desks, not
//! labels; queues are not outcomes; heavier care has two routes; the analysis of
//! uncertainty changes nothing when there is nothing uncertain. Directional tests are
//! paired (common random numbers) with enough replications not to flake.

use std::sync::Arc;
use wijksim::export::csv_files;
use wijksim::mkba::psa::{PsaPlan, Uncertain};
use wijksim::mkba::{self, CATEGORIES};
use wijksim::model::staff::Role;
use wijksim::model::{FinTrack, LinkageModel, Municipality, NEVER};
use wijksim::rng::RepKey;
use wijksim::runner::{self, Results, RunSpec};
use wijksim::scenario::registry::{Dist, Plausible};
use wijksim::stats::paired;

mod common;
use common::{mean, outcome, workshop};

/// The directional municipality (12,000 households, four teams, two years after the
/// switch) with `reps` replications of `models`.
fn run(models: &[LinkageModel], reps: u32, overrides: &[&str]) -> Results {
    let reps = format!("run.replications={reps}");
    let mut ov = vec![
        "population.households=12000",
        "districts.teams=4",
        "run.horizon_weeks=104",
        reps.as_str(),
    ];
    ov.extend_from_slice(overrides);
    let s = workshop(&ov);
    runner::run(&s, &RunSpec::from_scenario(&s, models.to_vec()), &|| {})
}

#[test]
fn partial_without_attached_workers_is_separate() {
    // A label is not a mechanism: partial teams with no W&I worker attached have no
    // W&I colleague to consult and refer to the central desk, as separate teams do.
    use LinkageModel::{Partial, Separate};
    let r = run(
        &[Partial, Separate],
        40,
        &["linkage.partial.wi_posts_per_team=0"],
    );
    let sep_unresolved = mean(&outcome(&r, Separate, "unresolved_debt_households"));
    for (name, bound) in [
        ("finance_detected_share", 0.02),
        ("referral_wait_mean_weeks", 0.5),
        ("unresolved_debt_households", 0.02 * sep_unresolved),
    ] {
        let d = paired(&outcome(&r, Partial, name), &outcome(&r, Separate, name));
        assert!(d.n >= 40);
        assert!(
            d.lo <= 0.0 && d.hi >= 0.0 && d.lo >= -bound && d.hi <= bound,
            "{name}: partial without posts minus separate {d:?}, allowed ±{bound}"
        );
    }
    // Only the one-off costs of the label remain in the MKBA.
    let prices = workshop(&[]).policy.mkba;
    let a = mkba::appraise(&r, &prices).unwrap();
    let partial = a.of(Partial).unwrap();
    for (c, (name, _)) in CATEGORIES.iter().enumerate() {
        if *name == "reorganisation" || *name == "training" {
            continue;
        }
        for x in partial {
            assert!(
                x.by_category[c].abs() < 1e-6,
                "{name}: {}",
                x.by_category[c]
            );
        }
    }
}

/// Per-team detection share (debt problems detected / present in care episodes ended
/// after the switch) after `weeks`, with team 0's attached post vacant or not.
fn detection_by_team(rep: u64, vacant: bool) -> Vec<f64> {
    // Fixed W&I posts: a department that follows demand would move a post into the
    // vacant team's desk at its next review.
    let s = workshop(&[
        "population.households=12000",
        "districts.teams=4",
        "wi.capacity_rule=fixed",
    ]);
    let mut m = Municipality::new(&s.warmup, RepKey::new(11, rep));
    m.run_weeks(s.warmup.run.warmup_weeks);
    m.switch(&s.policy, LinkageModel::Partial);
    if vacant {
        let attached: Vec<u16> = m.pools[1].workers.clone();
        assert!(!attached.is_empty(), "team 1 has an attached post");
        for w in attached {
            assert_eq!(m.workers[w as usize].role, Role::Wi);
            if m.workers[w as usize].filled {
                m.worker_leaves(w);
            }
            m.workers[w as usize].vacant_until = NEVER;
        }
    }
    m.run_weeks(78);
    m.rec
        .teams
        .iter()
        .map(|t| t.fin_detected as f64 / t.fin_present.max(1) as f64)
        .collect()
}

#[test]
fn a_vacant_attached_post_lowers_detection_in_its_team_only() {
    let reps = 16;
    let (mut with, mut without): (Vec<Vec<f64>>, Vec<Vec<f64>>) = (Vec::new(), Vec::new());
    for rep in 0..reps {
        with.push(detection_by_team(rep, false));
        without.push(detection_by_team(rep, true));
    }
    let column = |v: &[Vec<f64>], t: usize| v.iter().map(|x| x[t]).collect::<Vec<_>>();
    let own = paired(&column(&without, 0), &column(&with, 0));
    assert!(
        own.hi < -0.05,
        "team 1's detection with its post vacant: {own:?}"
    );
    // Other teams keep their own W&I colleague. They share the central desks and the
    // credit bank with team 1, so a spill-over of a tenth of a percentage point can
    // show; it must stay negligible beside team 1's own drop of five points or more.
    for t in 1..4 {
        let other = paired(&column(&without, t), &column(&with, t));
        assert!(
            other.lo > -0.01 && other.hi < 0.01,
            "team {}: {other:?}",
            t + 1
        );
    }
}

#[test]
fn an_overloaded_central_desk_lengthens_the_separate_wait() {
    use LinkageModel::Separate;
    // Posts fixed by the scenario (a department that follows demand sets its own).
    let ample = run(
        &[Separate],
        12,
        &["wi.capacity_rule=fixed", "wi.support_posts_per_1000=0.8"],
    );
    let scarce = run(
        &[Separate],
        12,
        &["wi.capacity_rule=fixed", "wi.support_posts_per_1000=0.3"],
    );
    let d = paired(
        &outcome(&scarce, Separate, "referral_wait_mean_weeks"),
        &outcome(&ample, Separate, "referral_wait_mean_weeks"),
    );
    assert!(
        d.lo > 0.5,
        "wait with fewer support posts minus with more: {d:?}"
    );
    // The wait is a queue at a desk, not a constant: it differs between replications.
    let waits = outcome(&scarce, Separate, "referral_wait_mean_weeks");
    assert!(waits.iter().any(|&w| w != waits[0]), "{waits:?}");
}

/// Present value of one MKBA category for `model`, mean over replications.
fn category_cost(r: &Results, model: LinkageModel, category: &str) -> f64 {
    let prices = workshop(&[]).policy.mkba;
    let runs: Vec<_> = r.of(model).collect();
    runs.iter()
        .flat_map(|run| mkba::run_flows(run, &prices))
        .filter(|f| CATEGORIES[f.category].0 == category)
        .map(|f| f.cost_eur * mkba::discount(f.year, prices.discount_rate))
        .sum::<f64>()
        / runs.len() as f64
}

#[test]
fn a_larger_credit_bank_shortens_the_arrangement_wait_and_costs_money() {
    use LinkageModel::Separate;
    let small = run(&[Separate], 10, &[]);
    let large = run(&[Separate], 10, &["debt_help.counsellors_per_1000=0.2"]);
    let d = paired(
        &outcome(&large, Separate, "arrangement_wait_mean_weeks"),
        &outcome(&small, Separate, "arrangement_wait_mean_weeks"),
    );
    assert!(
        d.hi < -1.0,
        "arrangement wait, larger minus smaller bank: {d:?}"
    );
    let (c0, c1) = (
        category_cost(&small, Separate, "staff_credit_bank"),
        category_cost(&large, Separate, "staff_credit_bank"),
    );
    assert!(
        c1 > c0 * 1.1,
        "credit bank cost {c0} (small) vs {c1} (large)"
    );
}

#[test]
fn better_detection_raises_planned_referrals() {
    // A problem a team has found is one it can refer (docs/ODD.md section 7).
    // The effect is modest, as the most severe problem is usually the household's own
    // question and found anyway; over the three models together and 30 paired
    // replications it is clear.
    let models = LinkageModel::ALL;
    let low = run(&models, 30, &["team.detect_other=0.3"]);
    let high = run(&models, 30, &["team.detect_other=1.0"]);
    let total = |r: &Results| -> Vec<f64> {
        (0..30)
            .map(|i| {
                models
                    .iter()
                    .map(|&m| outcome(r, m, "planned_care_per_1000")[i])
                    .sum()
            })
            .collect()
    };
    let d = paired(&total(&high), &total(&low));
    assert!(
        d.lo > 0.0,
        "planned referrals, better minus worse detection {d:?}"
    );
}

#[test]
fn a_household_queueing_for_the_credit_bank_has_unresolved_debt() {
    let s = workshop(&[]);
    let mut m = Municipality::new(&s.warmup, RepKey::new(3, 0));
    m.run_weeks(30);
    let h = (0..m.hh.len())
        .find(|&h| m.hh[h].fin_track == FinTrack::Arrangement && m.hh[h].problematic(&m.r, m.week))
        .expect("a household in an arrangement with problematic debt");
    let before = m.end_state();
    // The same household, queueing for its arrangement instead of in it.
    m.bank.active -= 1;
    m.hh[h].fin_track = FinTrack::ArrangementWaiting;
    m.hh[h].fin_timer = m.week + 10;
    m.bank.queue.push_back((h as u32, m.week));
    m.bank.queue_n += 1;
    m.check_invariants().unwrap();
    let after = m.end_state();
    assert_eq!(
        after.arrangement_households + 1,
        before.arrangement_households
    );
    assert_eq!(
        after.unresolved_debt_households,
        before.unresolved_debt_households + 1
    );
    assert_eq!(after.arrangement_queue, before.arrangement_queue + 1);
}

#[test]
fn a_psa_with_nothing_uncertain_is_the_plain_run() {
    // Every uncertain assumption drawn from a range of zero width at the scenario's own
    // value: the same bytes as a run without the analysis.
    let s = workshop(&["run.replications=3"]);
    let plain = RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec());
    let full = PsaPlan::new(&s, plain.seed);
    assert!(
        full.params.len() >= 20,
        "{} uncertain parameters",
        full.params.len()
    );
    let point = PsaPlan {
        params: full
            .params
            .iter()
            .map(|u| Uncertain {
                range: Plausible {
                    lo: u.value,
                    hi: u.value,
                    dist: Dist::Triangular,
                },
                ..u.clone()
            })
            .collect(),
        ..full
    };
    let mut psa = plain.clone();
    psa.psa = Some(Arc::new(point));
    let (a, b) = (
        runner::run(&s, &plain, &|| {}),
        runner::run(&s, &psa, &|| {}),
    );
    assert_eq!(
        csv_files::summary(&a).unwrap(),
        csv_files::summary(&b).unwrap()
    );
    assert_eq!(
        csv_files::timeseries(&a).unwrap(),
        csv_files::timeseries(&b).unwrap()
    );
    let prices = &s.policy.mkba;
    assert_eq!(
        csv_files::mkba(&a, prices).unwrap(),
        csv_files::mkba(&b, prices).unwrap()
    );
    // Every replication's appraisal is the same; only the summaries' intervals differ in
    // kind (the spread of possible futures under a PSA, docs/ODD.md section 8).
    let (ma, mb) = (
        mkba::appraise(&a, prices).unwrap(),
        mkba::appraise(&b, prices).unwrap(),
    );
    assert_eq!(ma.appraisals, mb.appraisals);
}

#[test]
fn a_psa_varies_the_assumptions_and_the_models_share_each_draw() {
    let s = workshop(&["run.replications=4"]);
    let mut spec = RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec());
    let plan = PsaPlan::new(&s, spec.seed);
    let draws: Vec<_> = (0..4).map(|r| plan.draw(r)).collect();
    assert_ne!(draws[0], draws[1], "replications draw differently");
    assert_eq!(
        draws[2],
        plan.draw(2),
        "a draw is a pure function of the replication"
    );
    for d in &draws {
        for ((key, x), u) in d.iter().zip(&plan.params) {
            assert_eq!(*key, u.key);
            assert!(u.range.lo <= *x && *x <= u.range.hi, "{key} = {x}");
        }
    }
    spec.psa = Some(Arc::new(plan));
    let plain = runner::run(
        &s,
        &RunSpec::from_scenario(&s, LinkageModel::ALL.to_vec()),
        &|| {},
    );
    let varied = runner::run(&s, &spec, &|| {});
    assert_ne!(
        outcome(&plain, LinkageModel::Partial, "finance_detected_share"),
        outcome(&varied, LinkageModel::Partial, "finance_detected_share")
    );
    // Prices are drawn per replication as well.
    assert!(varied.prices.iter().all(|p| p.is_some()));
}

#[test]
fn sanctions_take_hours_from_the_desk_that_imposes_them() {
    // Switch the cause off: with sanctions free of W&I time, the desk that imposes them
    // (central under separate, the team's own posts under broad) has more hours left,
    // and its queue is shorter. With 12 hours a sanction it has fewer.
    use LinkageModel::{Broad, Separate};
    // Fixed W&I posts: a department that follows demand would hire for the hours.
    let free = run(
        &[Broad, Separate],
        20,
        &["wi.capacity_rule=fixed", "enforcement.hours_per_sanction=0"],
    );
    let dear = run(
        &[Broad, Separate],
        20,
        &[
            "wi.capacity_rule=fixed",
            "enforcement.hours_per_sanction=12",
        ],
    );
    for model in [Broad, Separate] {
        let sanctions = mean(&outcome(&dear, model, "sanctions"));
        assert!(sanctions > 10.0, "{model:?}: {sanctions} sanctions");
        let hours = |r: &Results| {
            r.of(model)
                .map(|x| x.years.iter().map(|y| y.wi_hours[1]).sum::<f64>())
                .sum::<f64>()
        };
        assert_eq!(
            hours(&free),
            0.0,
            "{model:?}: sanction hours with 0 per sanction"
        );
        assert!(hours(&dear) > 0.0, "{model:?}: no sanction hours recorded");
        let d = paired(
            &outcome(&dear, model, "referral_wait_mean_weeks"),
            &outcome(&free, model, "referral_wait_mean_weeks"),
        );
        assert!(
            d.lo > 0.0,
            "{model:?}: wait with dear minus free sanctions {d:?}"
        );
    }
}

#[test]
fn an_idle_post_costs_its_year_and_changes_no_outcome() {
    // docs/ODD.md section 8: capacity is priced per post, busy or idle. Where nobody
    // waits for the credit bank, doubling its counsellors changes no household's life
    // and costs exactly the extra post-years at the counsellor's price.
    use LinkageModel::Separate;
    let roomy = run(&[Separate], 4, &["debt_help.counsellors_per_1000=1.5"]);
    let double = run(&[Separate], 4, &["debt_help.counsellors_per_1000=3.0"]);
    for (a, b) in roomy.runs.iter().zip(&double.runs) {
        // The queue left by the status quo's smaller bank is taken at the switch.
        assert_eq!(
            a.outcomes.get("arrangement_queue_end"),
            Some(0.0),
            "a queue at the credit bank: not an idle-post test"
        );
        for name in wijksim::outcomes::OUTCOMES {
            // Staff statistics count posts, not households.
            if ["staff_turnover", "vacancy_weeks"].contains(name) {
                continue;
            }
            assert_eq!(a.outcomes.get(name), b.outcomes.get(name), "{name}");
        }
    }
    let prices = workshop(&[]).policy.mkba;
    for (a, b) in roomy.runs.iter().zip(&double.runs) {
        let cost = |run: &wijksim::runner::RunResult, category: &str| -> f64 {
            mkba::run_flows(run, &prices)
                .iter()
                .filter(|f| CATEGORIES[f.category].0 == category)
                .map(|f| f.cost_eur)
                .sum()
        };
        let posts = |run: &wijksim::runner::RunResult| -> f64 {
            run.years
                .iter()
                .map(|y| y.post_weeks[2] as f64)
                .sum::<f64>()
                / 52.0
        };
        let extra_posts = posts(b) - posts(a);
        assert!(extra_posts > 1.0, "{extra_posts} extra post-years");
        let extra = cost(b, "staff_credit_bank") - cost(a, "staff_credit_bank");
        let want = extra_posts * prices.counsellor_eur_per_year;
        assert!((extra - want).abs() < 1e-6 * want, "{extra} against {want}");
        for &(c, _) in CATEGORIES {
            if c != "staff_credit_bank" {
                assert!((cost(a, c) - cost(b, c)).abs() < 1e-6, "{c} changed");
            }
        }
    }
}

#[test]
fn a_credit_bank_that_follows_demand_keeps_its_wait_near_the_norm_as_demand_rises() {
    // docs/ODD.md section 7.14: capacity is a decision. Broad teams detect more debt, and
    // more debt arises: under a fixed bank the wait for an arrangement grows well past
    // the norm; a bank that hires towards the norm keeps it there, and pays for the
    // posts. Switching the rule off (fixed) is the cause switched off.
    use LinkageModel::Broad;
    let ov = |rule: &'static str| {
        [
            "problems.finance.onset_per_year=0.07",
            "debt_help.arrangement_cap=40",
            "run.horizon_weeks=156",
            rule,
        ]
    };
    let fixed = run(&[Broad], 6, &ov("debt_help.capacity_rule=fixed"));
    let follows = run(&[Broad], 6, &ov("debt_help.capacity_rule=follows_demand"));
    let norm = workshop(&[]).policy.debt_help.wait_norm_weeks;
    let wait = |r: &Results| outcome(r, Broad, "arrangement_wait_mean_weeks");
    assert!(
        mean(&wait(&fixed)) > norm + 2.0,
        "the fixed bank must be short of capacity for this test: {:?}",
        wait(&fixed)
    );
    for w in wait(&follows) {
        assert!(
            w <= norm + 2.0,
            "mean wait {w} weeks against a norm of {norm}"
        );
    }
    let posts = |r: &Results| -> f64 {
        r.runs
            .iter()
            .flat_map(|run| run.years.iter())
            .map(|y| y.post_weeks[2] as f64)
            .sum()
    };
    assert!(posts(&follows) > posts(&fixed) * 1.2);
}

#[test]
fn teams_that_follow_demand_keep_their_intake_wait_near_the_norm_when_capacity_falls() {
    // docs/ODD.md section 7.9: from the switch each generalist may carry 20 cases
    // instead of 30, so the same demand needs half as many posts again. Fixed teams
    // build waiting lists far past the norm; teams that hire towards the norm keep
    // the wait near it, and pay for the posts. Switching the rule off (fixed) is the
    // cause switched off.
    use LinkageModel::Separate;
    let ov = |rule: &'static str| ["team.caseload_cap=20", "run.horizon_weeks=156", rule];
    let fixed = run(&[Separate], 6, &ov("team.capacity_rule=fixed"));
    let follows = run(&[Separate], 6, &ov("team.capacity_rule=follows_demand"));
    let norm = workshop(&[]).policy.team.wait_norm_weeks;
    let wait = |r: &Results| outcome(r, Separate, "intake_wait_mean_weeks");
    assert!(
        mean(&wait(&fixed)) > norm + 2.0,
        "the fixed teams must be short of capacity for this test: {:?}",
        wait(&fixed)
    );
    for w in wait(&follows) {
        assert!(
            w <= norm + 2.0,
            "mean wait {w} weeks against a norm of {norm}"
        );
    }
    let posts = |r: &Results| -> f64 {
        r.runs
            .iter()
            .flat_map(|run| run.years.iter())
            .map(|y| y.post_weeks[0] as f64)
            .sum()
    };
    // More post-weeks paid (the ramp-up takes a review and a hiring delay).
    assert!(
        posts(&follows) > posts(&fixed) * 1.1,
        "generalist post-weeks: following {} fixed {}",
        posts(&follows),
        posts(&fixed)
    );
}

#[test]
fn extra_debt_help_capacity_lowers_debt_years_and_benefit_years() {
    // docs/ODD.md sections 7.14 and 8: three times the debt-help capacity (W&I support
    // posts and credit-bank counsellors) gets more households into a breathing space and
    // an arrangement sooner: fewer household-years with unresolved problematic debt, and,
    // as frozen debts lift the barrier to work, fewer on benefit. Paired over 80
    // replications with the same dice (the benefit effect is small beside the noise of
    // ten years of job loss and re-employment).
    let s = workshop(&[
        "population.households=30000",
        "districts.teams=4",
        "run.horizon_weeks=520",
        "run.replications=80",
    ]);
    let r = mkba::extra_debt_help::debt_help_return_by(&s, 3.0, &|| {}).unwrap();
    assert_eq!(r.npv.n, 80);
    assert!(
        r.debt_years.hi < 0.0,
        "unresolved-debt years: {:?}",
        r.debt_years
    );
    assert!(
        r.benefit_years.hi < 0.0,
        "benefit years: {:?}",
        r.benefit_years
    );
    // The extra posts are paid for.
    assert!(r.costs > 0.0);
}
