//! A municipality: its households, teams, W&I pools and credit bank, the
//! initialisation of today's state, the order of the week, the switch to a linkage
//! model, and the end-of-run measurements.

use super::debt_help::{CreditBank, FinPool};
use super::household::Household;
use super::linkage::{LinkageModel, CENTRAL};
use super::problems::composition;
use super::rates::Rates;
use super::staff::{Role, Worker};
use super::team::Team;
use super::{FinTrack, IncomeSource, Week, HISTORY_WEEKS, NEVER};
use crate::outcomes::{series, EndState, Recorder};
use crate::rng::{Purpose, RepKey};
use crate::scenario::Params;
use rand_distr::{Distribution, LogNormal, Normal};

/// The state of one municipality in one replication.
#[derive(Debug, Clone)]
pub struct Municipality {
    /// Rates in force (status quo before the switch, policy after).
    pub r: Rates,
    /// Key of this replication's random draws.
    pub key: RepKey,
    /// Current week.
    pub week: Week,
    /// Week of the switch (equals the end of warm-up).
    pub switch_week: Week,
    /// Households.
    pub hh: Vec<Household>,
    /// Week each household is next looked at (kept apart: the weekly scan reads only this).
    pub wake: Vec<Week>,
    /// Posts of every role.
    pub workers: Vec<Worker>,
    /// District teams.
    pub teams: Vec<Team>,
    /// W&I pools: central first, then one per team.
    pub pools: Vec<FinPool>,
    /// The credit bank.
    pub bank: CreditBank,
    /// Outcome counters.
    pub rec: Recorder,
    /// Households in a heavier-care episode, by kind ([`super::Episode::index`]).
    pub episodes_active: [u32; 6],
    /// W&I posts sized at the start to the benefit recipients' administration
    /// (`wi.admin_hours_per_recipient`); the support posts come on top.
    pub wi_admin_posts: u32,
    /// Social-legal advisor cases still available this week.
    pub legal_capacity: f64,
    /// Scratch list of the households due this week (kept to avoid allocating weekly).
    pub due: Vec<u32>,
}

/// A municipality's state without what can be rebuilt: its rates (from the parameters)
/// and the weekly scratch list. What a warm-up file keeps (`wijksim warmup`, the
/// workshop server); [`Municipality::from_snapshot`] restores it exactly.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)] // the fields are those of `Municipality`, documented there
pub struct Snapshot {
    pub key: RepKey,
    pub week: Week,
    pub switch_week: Week,
    pub hh: Vec<Household>,
    pub wake: Vec<Week>,
    pub workers: Vec<Worker>,
    pub teams: Vec<Team>,
    pub pools: Vec<FinPool>,
    pub bank: CreditBank,
    pub rec: Recorder,
    pub episodes_active: [u32; 6],
    pub wi_admin_posts: u32,
    pub legal_capacity: f64,
}

impl Municipality {
    /// A copy of the state for saving (see [`Snapshot`]).
    pub fn snapshot(&self) -> Snapshot {
        Snapshot {
            key: self.key,
            week: self.week,
            switch_week: self.switch_week,
            hh: self.hh.clone(),
            wake: self.wake.clone(),
            workers: self.workers.clone(),
            teams: self.teams.clone(),
            pools: self.pools.clone(),
            bank: self.bank.clone(),
            rec: self.rec.clone(),
            episodes_active: self.episodes_active,
            wi_admin_posts: self.wi_admin_posts,
            legal_capacity: self.legal_capacity,
        }
    }

    /// The municipality a [`Snapshot`] was taken of, with its rates rebuilt from `p`
    /// (the parameters it ran under). Sizes are checked against `p`, so a snapshot of
    /// another municipality is refused rather than indexed out of bounds later.
    pub fn from_snapshot(s: Snapshot, p: &Params) -> Result<Self, String> {
        let teams = p.districts.teams as usize;
        let checks = [
            (s.hh.len() == p.population.households as usize, "households"),
            (s.wake.len() == s.hh.len(), "wake-up weeks"),
            (s.teams.len() == teams, "teams"),
            (s.pools.len() == teams + 1, "W&I pools"),
            (s.workers.len() <= u16::MAX as usize, "posts"),
        ];
        if let Some((_, what)) = checks.iter().find(|(ok, _)| !ok) {
            return Err(format!(
                "the saved state's {what} do not match the scenario"
            ));
        }
        Ok(Municipality {
            r: Rates::new(p),
            key: s.key,
            week: s.week,
            switch_week: s.switch_week,
            hh: s.hh,
            wake: s.wake,
            workers: s.workers,
            teams: s.teams,
            pools: s.pools,
            bank: s.bank,
            rec: s.rec,
            episodes_active: s.episodes_active,
            wi_admin_posts: s.wi_admin_posts,
            legal_capacity: s.legal_capacity,
            due: Vec::new(),
        })
    }
}

/// Households whose wake-up week is `week` or earlier, in index order, into `due`.
///
/// The scan reads two bytes per household per week and was a sixth of all instructions
/// as a plain filter. In blocks of 16 the "any due?" test (the block's minimum) compiles
/// to a few vector instructions, and most blocks have none due.
pub fn due_households(wake: &[Week], week: Week, due: &mut Vec<u32>) {
    const BLOCK: usize = 16;
    due.clear();
    for (b, block) in wake.chunks(BLOCK).enumerate() {
        if block.iter().fold(Week::MAX, |m, &w| m.min(w)) <= week {
            for (i, &w) in block.iter().enumerate() {
                if w <= week {
                    due.push((b * BLOCK + i) as u32);
                }
            }
        }
    }
}

/// How many visits ahead a household's state is prefetched.
const PREFETCH_AHEAD: usize = 8;

/// Ask the CPU to bring `x` into cache ahead of its use. A hint only: it never faults
/// and changes no result.
#[inline(always)]
pub fn prefetch<T>(x: &T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is a cache hint; it does not dereference the pointer in
    // a way that can fault, and `x` is a valid reference anyway.
    unsafe {
        std::arch::x86_64::_mm_prefetch(
            (x as *const T).cast::<i8>(),
            std::arch::x86_64::_MM_HINT_T0,
        );
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = x;
}

/// Split `n` into parts proportional to `weights` (largest remainder), each at least 1
/// when `n` allows.
pub fn apportion(n: u32, weights: &[f64]) -> Vec<u32> {
    let total: f64 = weights.iter().sum();
    let k = weights.len() as u32;
    let spare = n.saturating_sub(k);
    let exact: Vec<f64> = weights.iter().map(|w| spare as f64 * w / total).collect();
    let mut parts: Vec<u32> = exact.iter().map(|x| x.floor() as u32).collect();
    let mut rest = spare - parts.iter().sum::<u32>();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| {
        (exact[b] - exact[b].floor())
            .total_cmp(&(exact[a] - exact[a].floor()))
            .then(a.cmp(&b))
    });
    for &i in order.iter().cycle().take(weights.len() * 2) {
        if rest == 0 {
            break;
        }
        parts[i] += 1;
        rest -= 1;
    }
    parts.iter().map(|p| p + u32::from(n >= k)).collect()
}

impl Municipality {
    /// Today's municipality (docs/ODD.md section 3.3, initialisation): problems and debts at
    /// the field's prevalence, staff with a stationary spread of tenure, every team
    /// under its status-quo model. Queues and caseloads fill during the warm-up.
    pub fn new(p: &Params, key: RepKey) -> Self {
        Self::new_in(p, key, RepKey::new(p.districts.seed, u64::MAX))
    }

    /// [`Municipality::new`] with the key of its districts given: one municipality of
    /// many keys its districts apart from the others'.
    pub fn new_in(p: &Params, key: RepKey, district_key: RepKey) -> Self {
        let r = Rates::new(p);
        let w0 = HISTORY_WEEKS;
        let n = p.population.households;
        let n_teams = p.districts.teams as usize;

        // Districts: size and deprivation. They belong to the municipality, not to the
        // replication nor to the run: keyed by `districts.seed` alone, so team 3 is the
        // same district in every replication and under every `--seed`, `pilot_teams`
        // names real places, and a calibration holds for the town, not for one seed.
        let mut sizes = Vec::with_capacity(n_teams);
        let mut dep = Vec::with_capacity(n_teams);
        for t in 0..n_teams {
            let mut s = district_key.stream(t as u64, Purpose::District, 0);
            let sd = p.districts.size_sd;
            sizes.push(
                LogNormal::new(-sd * sd / 2.0, sd)
                    .map(|d| d.sample(&mut s))
                    .unwrap_or(1.0),
            );
            let sd = p.districts.deprivation_sd;
            dep.push(
                LogNormal::new(-sd * sd / 2.0, sd)
                    .map(|d| d.sample(&mut s))
                    .unwrap_or(1.0),
            );
        }
        let counts = apportion(n, &sizes);
        let mean_dep = counts
            .iter()
            .zip(&dep)
            .map(|(&c, &d)| c as f64 * d)
            .sum::<f64>()
            / n as f64;
        let mut teams: Vec<Team> = dep
            .iter()
            .map(|d| Team::new(LinkageModel::Separate, d / mean_dep))
            .collect();

        // Households, district by district (contiguous: cache-friendly team loops).
        let pop = &p.population;
        let shares = [
            pop.share_single,
            pop.share_single_parent,
            pop.share_couple,
            pop.share_couple_children,
            pop.share_elderly,
        ];
        let vsd = pop.vulnerability_sd;
        let vuln_dist = LogNormal::new(-vsd * vsd / 2.0, vsd).expect("validated sd");
        let trust_dist = Normal::new(pop.trust_mean, pop.trust_sd).expect("validated sd");
        let mut hh = Vec::with_capacity(n as usize);
        for (t, &c) in counts.iter().enumerate() {
            teams[t].households = c;
            let d = teams[t].deprivation;
            for _ in 0..c {
                let i = hh.len() as u64;
                let mut s = key.stream(i, Purpose::InitHousehold, 0);
                let comp = composition(key.uniform(i, Purpose::InitHousehold, 1), shares);
                let vuln = vuln_dist.sample(&mut s) * d;
                let trust = trust_dist.sample(&mut s).clamp(0.05, 1.0);
                let u = key.uniform(i, Purpose::InitHousehold, 2);
                let income = if comp == super::Composition::Elderly {
                    IncomeSource::Pension
                } else if u < (pop.share_benefit * d).min(0.9) {
                    IncomeSource::Benefit
                } else if u < (pop.share_benefit * d).min(0.9) + pop.share_sickness {
                    IncomeSource::Sickness
                } else {
                    IncomeSource::Work
                };
                if income == IncomeSource::Benefit {
                    teams[t].benefit_n += 1;
                }
                let mut h = Household::new(t as u16, comp, income, vuln, trust, w0);
                h.threshold = key.exp1(i, Purpose::EventThreshold, 0) as f32;
                hh.push(h);
            }
        }

        let mut m = Municipality {
            r,
            key,
            week: w0,
            switch_week: w0,
            wake: vec![NEVER; hh.len()],
            hh,
            workers: Vec::new(),
            teams,
            pools: vec![FinPool::default(); n_teams + 1],
            bank: CreditBank::default(),
            rec: Recorder::default(),
            episodes_active: [0; 6],
            wi_admin_posts: 0,
            legal_capacity: 0.0,
            due: Vec::new(),
        };
        m.init_problems();
        m.init_staff();
        let sq = p.run.status_quo_model;
        for t in 0..n_teams {
            let num = t as u32 + 1;
            let model = if p.run.status_quo_broad_teams.contains(&num) {
                LinkageModel::Broad
            } else if p.run.status_quo_partial_teams.contains(&num) {
                LinkageModel::Partial
            } else {
                sq
            };
            m.set_team_model(t, model);
        }
        m.place_wi_posts(false);
        m.init_arrangements();
        for h in 0..m.hh.len() {
            m.reschedule(h);
        }
        m
    }

    /// Initial problems and debts at the field's prevalence. Problematic debt is more
    /// likely with higher vulnerability and on benefit; over half of it is three years
    /// old or more (CBS).
    fn init_problems(&mut self) {
        let p = self.r.p.clone();
        let w0 = HISTORY_WEEKS;
        let income_weight = |s: IncomeSource| match s {
            IncomeSource::Work => 1.0,
            IncomeSource::Benefit => 3.0,
            IncomeSource::Sickness => 2.0,
            IncomeSource::Pension => 0.5,
        };
        let weights: Vec<f64> = self
            .hh
            .iter()
            .map(|h| h.vuln() * income_weight(h.income))
            .collect();
        let k = p.debt.initial_problematic_share * self.hh.len() as f64
            / weights.iter().sum::<f64>().max(1e-12);
        let debt_dist = LogNormal::new(p.debt.initial_debt_median_eur.ln(), p.debt.initial_debt_sd)
            .expect("validated");
        let small_dist =
            LogNormal::new(p.debt.shock_median_eur.ln(), p.debt.shock_sd).expect("validated");
        let domains = [
            (super::Domain::Income, p.problems.income.initial_prevalence),
            (super::Domain::Health, p.problems.health.initial_prevalence),
            (super::Domain::Youth, p.problems.youth.initial_prevalence),
            (
                super::Domain::Housing,
                p.problems.housing.initial_prevalence,
            ),
        ];
        #[allow(clippy::needless_range_loop)] // `i` is the household and its draws' entity
        for i in 0..self.hh.len() {
            let key = self.key;
            let u = |j: u64| key.uniform(i as u64, Purpose::InitProblems, j);
            let mut s = key.stream(i as u64, Purpose::InitProblems, 100);
            let v = self.hh[i].vuln();
            for (j, &(d, prev)) in domains.iter().enumerate() {
                if d == super::Domain::Youth && !self.hh[i].comp().has_children() {
                    continue;
                }
                if u(j as u64) < (prev * v).min(1.0) {
                    let age = (-104.0 * (1.0 - u(10 + j as u64)).ln()).min(w0 as f64) as Week;
                    let h = &mut self.hh[i];
                    h.set_sev(d.sev_index(), 0.2 + 0.6 * u(20 + j as u64));
                    h.set_onset(d, w0 - age);
                }
            }
            let repay = self.r.repay_per_year(self.hh[i].income);
            let line = p.debt.problematic_years * repay;
            if u(5) < (k * weights[i]).min(1.0) {
                let debt = debt_dist
                    .sample(&mut s)
                    .max(1.05 * line)
                    .min(p.debt.max_eur);
                let age = (-234.0 * (1.0 - u(6)).ln()).min(w0 as f64) as Week;
                let h = &mut self.hh[i];
                h.debt = debt as f32;
                h.set_onset(super::Domain::Finance, w0 - age);
            } else if u(7) < (p.debt.initial_small_debt_share * v).min(1.0) {
                let debt = small_dist.sample(&mut s).min(0.9 * line.max(1.0));
                // Younger than the step to collection: these arrears are not (yet) problematic.
                let age = (0.9 * p.debt.collection_weeks * u(8)) as Week;
                let h = &mut self.hh[i];
                h.debt = debt as f32;
                h.set_onset(super::Domain::Finance, w0 - age);
            }
        }
    }

    /// Posts: generalists per team, W&I (all central until models place them), and
    /// credit-bank counsellors. Tenures start spread as turnover would leave them.
    fn init_staff(&mut self) {
        let p = self.r.p.clone();
        for t in 0..self.teams.len() {
            let target = posts_for(p.team.generalists_per_1000, self.teams[t].households);
            for _ in 0..target {
                let w = self.add_post(Role::Generalist, t as u16, p.team.caseload_cap as usize);
                self.teams[t].generalists.push(w);
            }
        }
        let n = self.hh.len() as u32;
        // The W&I department: administration posts sized to today's benefit recipients
        // (Berenschot's per-recipient cost, `wi.admin_hours_per_recipient`), plus the
        // support posts for income support and debt help.
        let recipients: u32 = self.teams.iter().map(|t| t.benefit_n).sum();
        self.wi_admin_posts = admin_posts(
            recipients,
            p.wi.admin_hours_per_recipient,
            p.wi.hours_per_week,
        );
        for _ in 0..self.wi_admin_posts + posts_for(p.wi.support_posts_per_1000, n) {
            let w = self.add_post(Role::Wi, CENTRAL, p.wi.caseload_cap as usize);
            self.pools[CENTRAL as usize].workers.push(w);
        }
        for _ in 0..posts_for(p.debt_help.counsellors_per_1000, n) {
            let w = self.add_post(Role::Counsellor, 0, 0);
            self.bank.counsellors.push(w);
        }
    }

    fn add_post(&mut self, role: Role, home: u16, cap: usize) -> u16 {
        let id = self.workers.len();
        let dice = self.post_dice(role, home);
        let mean_tenure = 52.0 / self.r.p.staff.quit_per_year.max(0.05);
        let u = self.key.uniform(dice, Purpose::InitStaff, 0);
        let tenure = (-mean_tenure * (1.0 - u).ln()).min(HISTORY_WEEKS as f64) as Week;
        let mut w = Worker::new(role, home, self.week - tenure, cap);
        w.dice = dice;
        self.workers.push(w);
        id as u16
    }

    /// The dice key of a new post of `role` at desk `home`: role, desk and the number of
    /// posts that desk has had of that role (common random numbers across packages
    /// that open different numbers of posts elsewhere).
    fn post_dice(&self, role: Role, home: u16) -> u64 {
        let prefix = ((role as u64 + 1) << 16) | home as u64;
        let serial = self
            .workers
            .iter()
            .filter(|w| w.dice >> 24 == prefix)
            .count() as u64;
        (prefix << 24) | serial
    }

    /// Households already in an arrangement at the start (`debt_help.initial_share` of
    /// problematic-debt households), up to 90% of the credit bank's capacity.
    fn init_arrangements(&mut self) {
        let problematic: Vec<usize> = (0..self.hh.len())
            .filter(|&h| self.hh[h].problematic(&self.r, self.week))
            .collect();
        if problematic.is_empty() {
            return;
        }
        let wanted = (self.r.p.debt_help.initial_share * problematic.len() as f64)
            .min(0.9 * self.bank_capacity() as f64);
        let share = wanted / problematic.len() as f64;
        let len = self.r.p.debt_help.arrangement_weeks;
        for h in problematic {
            if self.key.uniform(h as u64, Purpose::InitProblems, 30) < share {
                let left = (1.0
                    + (len - 1.0) * self.key.uniform(h as u64, Purpose::InitProblems, 31))
                .round() as Week;
                self.start_arrangement_until(h, self.week + left);
            }
        }
    }

    /// One week, in the order of docs/ODD.md section 3.2: turnover; life events of households due
    /// (problem dynamics, help-seeking, enforcement, escalation, timers); the W&I
    /// desks' budgets (what is within the teams' reach); intake and assessment; support,
    /// referral and closure; W&I and debt help; recording.
    pub fn step(&mut self) {
        if self.rec.on {
            self.rec.set_week(self.week - self.switch_week);
        }
        self.staff_turnover();
        let week = self.week;
        self.weekly_budgets();
        // Collect who is due first, then visit them while prefetching the households a
        // few visits ahead: a visit's first touch of its household was a cache miss
        // that cost a fifth of the run time (docs/PERFORMANCE.md).
        let mut due = std::mem::take(&mut self.due);
        due_households(&self.wake, week, &mut due);
        for (i, &h) in due.iter().enumerate() {
            if let Some(&ahead) = due.get(i + PREFETCH_AHEAD) {
                prefetch(&self.hh[ahead as usize]);
            }
            self.visit(h as usize);
        }
        self.due = due;
        self.review_team_capacity();
        self.review_wi_capacity();
        self.review_bank_capacity();
        self.wi_budgets();
        self.intake();
        self.support();
        self.financial_help();
        self.record_week();
        self.week += 1;
    }

    /// Budgets of the levers: advisors' cases each week, the flexible budget each year.
    fn weekly_budgets(&mut self) {
        let p = &self.r.p;
        self.legal_capacity = if p.legal.mode == crate::scenario::params::LegalMode::None {
            0.0
        } else {
            posts_for(p.legal.advisors_per_1000, self.hh.len() as u32) as f64
                * p.legal.cases_per_advisor_week
        };
        if (self.week - HISTORY_WEEKS).is_multiple_of(52) || self.week == self.switch_week {
            let budget = p.flexible_budget.eur_per_team_year;
            for team in &mut self.teams {
                team.flex_left = budget;
            }
        }
    }

    /// Run `weeks` weeks.
    pub fn run_weeks(&mut self, weeks: u32) {
        for _ in 0..weeks {
            self.step();
        }
    }

    /// Switch on `model` (docs/ODD.md section 3.3): policy parameters take effect, the
    /// switching teams change model (with reorganisation friction), staff levels follow
    /// the policy, W&I posts move, and flows start to be counted.
    pub fn switch(&mut self, policy: &Params, model: LinkageModel) {
        self.r = Rates::new(policy);
        self.switch_week = self.week;
        let p = self.r.p.clone();
        // Teams and a department that follow demand keep the posts their rules have
        // reached; the rules go on reviewing them (docs/ODD.md sections 7.9, 7.13).
        if p.team.capacity_rule == crate::scenario::params::CapacityRule::Fixed {
            for t in 0..self.teams.len() {
                let target = posts_for(p.team.generalists_per_1000, self.teams[t].households);
                self.resize_team(t, target as usize);
            }
        }
        let n = self.hh.len() as u32;
        if p.wi.capacity_rule == crate::scenario::params::CapacityRule::Fixed {
            self.resize_wi(
                (self.wi_admin_posts + posts_for(p.wi.support_posts_per_1000, n)) as usize,
            );
        }
        self.resize_bank(posts_for(p.debt_help.counsellors_per_1000, n) as usize);
        // Counting starts after staff changes: posts cut by policy are not turnover.
        self.rec
            .start(policy.run.horizon_weeks as usize, self.teams.len());
        let pilot = &p.policy.pilot_teams;
        for t in 0..self.teams.len() {
            if pilot.is_empty() || pilot.contains(&(t as u32 + 1)) {
                self.set_team_model(t, model);
                if p.training.enabled {
                    for gi in 0..self.teams[t].generalists.len() {
                        let g = self.teams[t].generalists[gi];
                        if self.workers[g as usize].filled && !self.workers[g as usize].trained {
                            self.train_worker(g);
                        }
                    }
                }
            }
        }
        self.place_wi_posts(true);
        for team in &self.teams {
            self.rec.teams_by_model[team.model as usize] += 1;
        }
        // Sleeping households hold hazards (or bounds) computed under the status-quo
        // rates: everyone is looked at in the switch week, so the policy acts at once.
        let week = self.week;
        for w in &mut self.wake {
            *w = (*w).min(week);
        }
    }

    fn new_vacant_post(&mut self, role: Role, home: u16, cap: usize) -> u16 {
        self.open_post(None, role, home, cap)
    }

    /// Open a vacant post of `role` at desk `home` (filled after the hiring delay):
    /// `retired`, a post number taken out of service, opened again with its dice, or a
    /// new post number. Demand-following teams, W&I and the credit bank grow this way
    /// without their post numbers growing with every review.
    fn open_post(&mut self, retired: Option<u16>, role: Role, home: u16, cap: usize) -> u16 {
        let mut w = Worker::new(role, home, self.week, cap);
        w.filled = false;
        w.vacant_until = self
            .week
            .saturating_add(self.r.p.staff.hiring_delay_weeks.round() as Week);
        match retired {
            Some(id) => {
                w.dice = self.workers[id as usize].dice;
                self.workers[id as usize] = w;
                id
            }
            None => {
                w.dice = self.post_dice(role, home);
                self.workers.push(w);
                (self.workers.len() - 1) as u16
            }
        }
    }

    /// Take up to `n` posts that stand vacant now out of `posts`, from the back
    /// (attrition: a rule that follows demand lets posts go only as they fall vacant),
    /// retire them and return them in the order taken.
    fn retire_vacant(&mut self, posts: &mut Vec<u16>, n: usize) -> Vec<u16> {
        let mut taken = Vec::new();
        let mut i = posts.len();
        while taken.len() < n && i > 0 {
            i -= 1;
            if !self.workers[posts[i] as usize].filled {
                taken.push(posts.remove(i));
            }
        }
        for &w in &taken {
            self.retire_post(w);
        }
        taken
    }

    /// Remove post `w` from service: its holder (if any) leaves with a hand-over, and the
    /// post is never filled again.
    fn retire_post(&mut self, w: u16) {
        if self.workers[w as usize].filled {
            self.worker_leaves(w);
        }
        self.workers[w as usize].filled = false;
        self.workers[w as usize].retired = true;
    }

    fn resize_team(&mut self, t: usize, target: usize) {
        let cap = self.r.p.team.caseload_cap as usize;
        while self.teams[t].generalists.len() < target {
            let w = self.new_vacant_post(Role::Generalist, t as u16, cap);
            self.teams[t].generalists.push(w);
        }
        while self.teams[t].generalists.len() > target {
            let w = self.teams[t].generalists.pop().expect("len > target");
            self.retire_post(w);
        }
    }

    fn resize_wi(&mut self, target: usize) {
        let cap = self.r.p.wi.caseload_cap as usize;
        let mut have: usize = self.pools.iter().map(|p| p.workers.len()).sum();
        while have < target {
            let w = self.new_vacant_post(Role::Wi, CENTRAL, cap);
            self.pools[CENTRAL as usize].workers.push(w);
            have += 1;
        }
        while have > target {
            let p = (0..self.pools.len())
                .max_by_key(|&p| (self.pools[p].workers.len(), std::cmp::Reverse(p)))
                .expect("pools");
            let w = self.pools[p].workers.pop().expect("non-empty pool");
            self.retire_post(w);
            have -= 1;
        }
    }

    /// Move team `t` towards `target` generalist posts: open the missing ones vacant
    /// (reusing the team's retired post numbers first), or retire surplus posts that
    /// are vacant now (attrition).
    pub(crate) fn follow_team_demand(&mut self, t: usize, target: usize) {
        let cap = self.r.p.team.caseload_cap as usize;
        for _ in self.teams[t].generalists.len()..target {
            let reuse = self.teams[t].retired.pop();
            let w = self.open_post(reuse, Role::Generalist, t as u16, cap);
            self.teams[t].generalists.push(w);
        }
        let surplus = self.teams[t].generalists.len().saturating_sub(target);
        let mut posts = std::mem::take(&mut self.teams[t].generalists);
        let gone = self.retire_vacant(&mut posts, surplus);
        self.teams[t].generalists = posts;
        self.teams[t].retired.extend(gone);
    }

    /// Move the W&I department towards `target` posts at work: open the missing ones vacant at
    /// the central desk (reusing retired post numbers first), or retire surplus posts
    /// that are vacant now (attrition). Returns whether any post opened or closed.
    pub(crate) fn follow_wi_demand(&mut self, target: usize) -> bool {
        let have: usize = self.pools.iter().map(|p| p.workers.len()).sum();
        // The target is in posts at work; the establishment adds the share of posts a
        // department expects to stand vacant (leavers a year x the weeks a post stays
        // empty), as municipal staffing plans do: a desk whose administration takes most
        // of its hours loses a large share of its case slots with each vacancy.
        let staff = &self.r.p.staff;
        let vacant = (staff.quit_per_year * staff.hiring_delay_weeks / 52.0).clamp(0.0, 0.5);
        let target = (target as f64 / (1.0 - vacant)).ceil() as usize;
        let cap = self.r.p.wi.caseload_cap as usize;
        let mut changed = false;
        for _ in have..target {
            let reuse = self.pools[CENTRAL as usize].retired.pop();
            let w = self.open_post(reuse, Role::Wi, CENTRAL, cap);
            self.pools[CENTRAL as usize].workers.push(w);
            changed = true;
        }
        let mut surplus = have.saturating_sub(target);
        for p in 0..self.pools.len() {
            let mut posts = std::mem::take(&mut self.pools[p].workers);
            let gone = self.retire_vacant(&mut posts, surplus);
            self.pools[p].workers = posts;
            surplus -= gone.len();
            changed |= !gone.is_empty();
            self.pools[CENTRAL as usize].retired.extend(gone);
        }
        changed
    }

    /// Bring the credit bank to `target` posts: new posts open vacant (filled after the
    /// hiring delay), reusing retired post numbers first; posts close vacant ones first.
    pub(crate) fn resize_bank(&mut self, target: usize) {
        while self.bank.counsellors.len() < target {
            let reuse = self.bank.retired.pop();
            let w = self.open_post(reuse, Role::Counsellor, 0, 0);
            self.bank.counsellors.push(w);
        }
        while self.bank.counsellors.len() > target {
            let i = self
                .bank
                .counsellors
                .iter()
                .rposition(|&c| !self.workers[c as usize].filled)
                .unwrap_or(self.bank.counsellors.len() - 1);
            let w = self.bank.counsellors.remove(i);
            self.retire_post(w);
            self.bank.retired.push(w);
        }
    }

    /// A copy of household `h` brought forward to now (for measuring without changing).
    fn current(&self, h: usize) -> Household {
        let mut x = self.hh[h];
        x.advance(&self.r, self.week);
        x
    }

    fn record_week(&mut self) {
        if !self.rec.on {
            return;
        }
        let wk = self.week - self.switch_week;
        let waiting: u32 = self.teams.iter().map(|t| t.waiting_n).sum();
        let (mut cases, mut filled, mut vacant) = (0usize, 0usize, 0usize);
        let mut post_weeks = [0u64; 3];
        for w in &self.workers {
            if w.filled {
                post_weeks[w.role as usize] += 1;
                if w.role == Role::Generalist {
                    cases += w.cases.len();
                    filled += 1;
                }
            } else if !w.retired {
                vacant += 1;
            }
        }
        let benefit: u64 = self.teams.iter().map(|t| t.benefit_n as u64).sum();
        self.rec.benefit_weeks += benefit;
        // Sampled every 13 weeks (an O(households) pass), standing for the 13 weeks that follow.
        let sample = wk.is_multiple_of(13).then(|| {
            let (mut all, mut unresolved) = (0u64, 0u64);
            for x in &self.hh {
                if x.problematic_at(&self.r, self.week) {
                    all += 1;
                    if x.fin_track != FinTrack::Arrangement {
                        unresolved += 1;
                    }
                }
            }
            (all, unresolved)
        });
        let (episodes, in_care, active) =
            (self.episodes_active, self.rec.in_care, self.bank.active);
        if let Some(f) = self.rec.flows() {
            for (total, week) in f.post_weeks.iter_mut().zip(post_weeks) {
                *total += week;
            }
            for (total, running) in f.episode_weeks.iter_mut().zip(episodes) {
                *total += running as u64;
            }
            f.benefit_weeks += benefit;
            f.care_weeks += in_care as u64;
            f.arrangement_weeks += active as u64;
            f.problematic_weeks += sample.map_or(0, |s| s.1) * 13;
        }
        let wi_queue: u32 = self.pools.iter().map(|p| p.queue_n).sum();
        let in_care = self.rec.in_care as f64;
        let arrangements = self.bank.active as f64;
        self.rec.point(wk, series::WAITING_LIST, waiting as f64);
        self.rec.point(wk, series::IN_CARE, in_care);
        if self.rec.on {
            self.rec.caseload_posts.push(filled as u32);
        }
        self.rec.point(
            wk,
            series::MEAN_CASELOAD,
            if filled > 0 {
                cases as f64 / filled as f64
            } else {
                0.0
            },
        );
        self.rec.point(wk, series::WI_QUEUE, wi_queue as f64);
        self.rec
            .point(wk, series::ARRANGEMENT_QUEUE, self.bank.queue_n as f64);
        self.rec.point(wk, series::ARRANGEMENTS, arrangements);
        self.rec.point(wk, series::VACANT_POSTS, vacant as f64);
        let (crises, planned) = (
            self.rec.escalations.iter().sum::<u64>(),
            self.rec.planned.iter().sum::<u64>(),
        );
        self.rec
            .point(wk, series::ESCALATIONS_CUMULATIVE, crises as f64);
        self.rec
            .point(wk, series::PLANNED_CARE_CUMULATIVE, planned as f64);
        let every = self.rec.snapshot_weeks;
        if every > 0 && (wk + 1).is_multiple_of(every) {
            let mut teams = self.rec.teams.clone();
            for (t, team) in self.teams.iter().enumerate() {
                teams[t].households = team.households;
            }
            for x in &self.hh {
                if x.problematic_at(&self.r, self.week) && x.fin_track != FinTrack::Arrangement {
                    teams[x.team as usize].unresolved += 1;
                }
            }
            self.rec.snapshots.push((wk + 1, teams));
        }
        if let Some((all, unresolved)) = sample {
            self.rec.point(wk, series::PROBLEMATIC_DEBT, all as f64);
            self.rec
                .point(wk, series::UNRESOLVED_DEBT, unresolved as f64);
        }
    }

    /// Stocks at the end of the run.
    pub fn end_state(&self) -> EndState {
        let mut e = EndState {
            households: self.hh.len() as u64,
            waiting_list: self.teams.iter().map(|t| t.waiting_n as u64).sum(),
            arrangement_queue: self.bank.queue_n as u64,
            horizon_weeks: (self.week - self.switch_week) as u64,
            ..EndState::default()
        };
        for h in 0..self.hh.len() {
            let x = self.current(h);
            if !x.problematic(&self.r, self.week) {
                continue;
            }
            e.problematic_households += 1;
            if x.fin_track.active() {
                e.problematic_in_debt_help += 1;
            }
            // Only a running arrangement is reported apart from unresolved debt: a
            // household queueing for one (or for W&I) still has it (docs/ODD.md section 7,
            // step 8).
            if x.fin_track == FinTrack::Arrangement {
                e.arrangement_households += 1;
            } else {
                e.unresolved_debt_households += 1;
                e.unresolved_debt_eur += x.debt as f64;
            }
        }
        e
    }
}

/// W&I administration posts for `recipients` benefit households at
/// `hours_per_recipient` a week each, with `hours_per_post` client hours a post.
pub fn admin_posts(recipients: u32, hours_per_recipient: f64, hours_per_post: f64) -> u32 {
    if hours_per_post <= 0.0 {
        0
    } else {
        (recipients as f64 * hours_per_recipient / hours_per_post).round() as u32
    }
}

/// Posts for `per_1000` per thousand of `households`, rounded, at least one where any.
pub fn posts_for(per_1000: f64, households: u32) -> u32 {
    if per_1000 <= 0.0 {
        0
    } else {
        ((per_1000 * households as f64 / 1000.0).round() as u32).max(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_households_are_those_whose_week_has_come() {
        // Lengths around the block size, so the remainder is exercised too.
        for n in [0usize, 1, 15, 16, 17, 40] {
            let wake: Vec<Week> = (0..n).map(|i| (i * 7 % 11) as Week).collect();
            let mut due = Vec::new();
            due_households(&wake, 4, &mut due);
            let want: Vec<u32> = (0..n as u32).filter(|&h| wake[h as usize] <= 4).collect();
            assert_eq!(due, want, "n = {n}");
        }
    }

    #[test]
    fn apportion_sums_and_gives_each_one() {
        let parts = apportion(100, &[1.0, 2.0, 7.0]);
        assert_eq!(parts.iter().sum::<u32>(), 100);
        assert!(parts.iter().all(|&p| p >= 1));
        assert_eq!(apportion(3, &[1.0, 100.0, 1.0]), vec![1, 1, 1]);
    }

    /// District sizes and deprivation of a municipality built with `overrides`.
    fn town(overrides: &[(&str, &str)]) -> Vec<(u32, f64, usize)> {
        let o: Vec<crate::scenario::Override> = overrides
            .iter()
            .map(|(k, v)| crate::scenario::Override {
                key: k.to_string(),
                value: v.to_string(),
            })
            .collect();
        let mut sc = crate::scenario::load_default(&o).unwrap();
        let part = sc.parts.remove(0);
        let p = part.warmup;
        let m = Municipality::new(&p, RepKey::new(p.run.seed, 0));
        m.teams
            .iter()
            .map(|t| (t.households, t.deprivation, t.generalists.len()))
            .collect()
    }

    #[test]
    fn the_town_is_data_and_the_seed_is_dice() {
        // docs/ODD.md section 5: `--seed` changes the dice, never the districts.
        let base = town(&[("population.households", "3000")]);
        for seed in ["2", "3", "77"] {
            assert_eq!(
                town(&[("population.households", "3000"), ("run.seed", seed)]),
                base,
                "run seed {seed} changed the town"
            );
        }
        let other = town(&[("population.households", "3000"), ("districts.seed", "2")]);
        assert_ne!(other, base, "districts.seed must draw another town");
        // Staff follow households (the stated rule): posts per household alike in every
        // district, whatever the draw.
        for (hh, _, g) in other.iter().chain(&base) {
            let want = (*hh as f64 * 1.5 / 1000.0).round();
            assert!(
                (*g as f64 - want).abs() <= 1.0,
                "{hh} households, {g} posts"
            );
        }
    }
}
