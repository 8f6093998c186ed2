//! District teams: waiting list, intake, assessment, support and closure
//! (docs/ODD.md section 7).

use super::household::{
    F_CRISIS, F_DEBT_PRESENT, F_EVER_IN_CARE, F_FIN_DETECTED, F_FIN_HANDLED, F_FIN_PRESENT,
    F_FLEX_USED, F_LEGAL_DONE,
};
use super::linkage::{refer_chance, LinkageModel};
use super::municipality::Municipality;
use super::{Domain, TeamTrack, Week, NEVER, NONE};
use crate::rng::Purpose;
use crate::scenario::params::LegalMode;
use std::collections::VecDeque;

/// Generalist posts a team that follows demand aims for (docs/ODD.md section 7.9):
/// enough caseload slots (`cap` each) for the households in care and for the waiting
/// list beyond what the norm allows to wait, where `arrived_per_week` households join
/// it a week (the credit bank's rule, [`crate::model::debt_help::demand_posts`]). No
/// allowance for vacancies: a team works short while a post stands empty, and the
/// list it then builds is what the next review hires for. At least one post.
pub fn team_demand_posts(
    in_care: usize,
    waiting: u32,
    arrived_per_week: f64,
    norm_weeks: f64,
    cap: usize,
) -> usize {
    let excess = (waiting as f64 - norm_weeks * arrived_per_week).max(0.0);
    (((in_care as f64 + excess) / cap.max(1) as f64).ceil() as usize).max(1)
}

/// One district team.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Team {
    /// Linkage model in force.
    pub model: LinkageModel,
    /// Generalist posts (worker indices).
    pub generalists: Vec<u16>,
    /// Waiting list for crises (taken first).
    pub crisis: VecDeque<(u32, Week)>,
    /// Waiting list, first come first served. Entries may be stale (the household
    /// left the list); they are skipped when reached.
    pub waiting: VecDeque<(u32, Week)>,
    /// Live entries on both lists.
    pub waiting_n: u32,
    /// Reorganisation friction lasts until this week.
    pub friction_until: Week,
    /// Share of hours lost while friction lasts.
    pub lost_share: f64,
    /// Households in the district.
    pub households: u32,
    /// Benefit households in the district (W&I administration load).
    pub benefit_n: u32,
    /// District deprivation multiplier.
    pub deprivation: f64,
    /// Fractional intakes carried to next week.
    pub intake_credit: f64,
    /// Flexible budget left this year, euro.
    pub flex_left: f64,
    /// Hours the team lost this week to warm hand-overs (taken from next support step).
    pub extra_hours: f64,
    /// W&I expertise within reach of the team's generalists this week, 0..1: the share
    /// of new cases a W&I colleague in or attached to the team can be consulted on,
    /// from their consultation hours, the team's intakes and how well they know the
    /// district (set by [`Municipality::wi_budgets`]; 0 with no one in post).
    pub wi_reach: f64,
    /// Intakes last week: the demand for W&I consultation this week.
    pub intakes_last_week: u32,
    /// Households that joined the waiting lists since the last capacity review (the
    /// demand the `follows_demand` rule applies its norm to).
    #[serde(default)]
    pub arrived: u32,
    /// Generalist posts taken out of service, kept to be opened again.
    #[serde(default)]
    pub retired: Vec<u16>,
}

impl Team {
    /// An empty team.
    pub fn new(model: LinkageModel, deprivation: f64) -> Self {
        Team {
            model,
            generalists: Vec::new(),
            crisis: VecDeque::new(),
            waiting: VecDeque::new(),
            waiting_n: 0,
            friction_until: 0,
            lost_share: 0.0,
            households: 0,
            benefit_n: 0,
            deprivation,
            intake_credit: 0.0,
            flex_left: 0.0,
            extra_hours: 0.0,
            wi_reach: 0.0,
            intakes_last_week: 0,
            arrived: 0,
            retired: Vec::new(),
        }
    }

    /// Share of working hours available this week.
    #[inline]
    pub fn hours_factor(&self, week: Week) -> f64 {
        if week < self.friction_until {
            1.0 - self.lost_share
        } else {
            1.0
        }
    }
}

/// Hours per case: the worker's hours shared over the caseload, at most `max_per_case`.
#[inline]
pub fn hours_per_case(hours: f64, caseload: usize, max_per_case: f64) -> f64 {
    if caseload == 0 {
        0.0
    } else {
        (hours / caseload as f64).min(max_per_case)
    }
}

/// Severity after a week of treatment with `hours` of effort; `damping` < 1 while
/// unresolved finance blocks progress (seed 000).
#[inline]
pub fn treated(severity: f64, effect_per_hour: f64, hours: f64, damping: f64) -> f64 {
    severity * (-effect_per_hour * hours * damping).exp()
}

/// What a generalist brings to each of their cases this week.
struct WorkerWeek {
    /// The post.
    g: u16,
    /// Skill (detection), from tenure.
    skill: f64,
    /// Knowledge of the social map (referral), from tenure.
    map: f64,
}

/// The money domains: debts and income. "Financial problems" in the field's figures
/// (seed 000: 60-70% of team clients) are either.
pub const MONEY: u8 = 1 << Domain::Finance as u8 | 1 << Domain::Income as u8;

impl Municipality {
    /// Whether household `h` has a financial problem now: a debt or an income problem.
    fn has_money_problem(&self, h: usize) -> bool {
        let x = &self.hh[h];
        x.has(Domain::Finance, &self.r, self.week) || x.has(Domain::Income, &self.r, self.week)
    }

    /// Chance worker `g` of team `t` detects domain `d` at assessment. Financial
    /// problems: the worker's own chance (skill from tenure; training finds a share of
    /// what it would miss), plus what a W&I colleague within the team's reach finds of
    /// the rest (seed 000: finance is not raised unless the primary question prompts it,
    /// and W&I knowledge in the team changes that). Other domains: the worker's skill.
    fn detection_chance(&self, d: Domain, t: usize, g: u16) -> f64 {
        self.detection_chance_with(d, t, g, self.skill(g))
    }

    /// [`Self::detection_chance`] given the worker's skill this week.
    fn detection_chance_with(&self, d: Domain, t: usize, g: u16, skill: f64) -> f64 {
        let tp = &self.r.p.team;
        if d.bit() & MONEY == 0 {
            return tp.detect_other * skill;
        }
        let mut own = tp.finance_detection_own * skill;
        if self.workers[g as usize].trained {
            own = 1.0 - (1.0 - own) * (1.0 - self.r.p.training.boost);
        }
        own + (1.0 - own) * self.teams[t].wi_reach * self.r.p.wi.consult_detection
    }

    /// Chance a worker with social-map knowledge `map` in team `t` refers a detected
    /// financial problem this week: to a W&I colleague within reach it needs little of
    /// the social map, to the central desk all of it (seed 001).
    fn wi_referral_chance(&self, t: usize, map: f64) -> f64 {
        let rp = &self.r.p.referral;
        let reach = self.teams[t].wi_reach;
        reach * refer_chance(map, rp.map_importance_internal)
            + (1.0 - reach) * refer_chance(map, rp.map_importance_central)
    }

    /// A household asks its team for help with `primary` as its question.
    pub fn join_waiting_list(&mut self, h: usize, primary: Domain, crisis: bool) {
        let week = self.week;
        let t = self.hh[h].team as usize;
        let hh = &mut self.hh[h];
        if hh.flags & F_EVER_IN_CARE != 0 {
            self.rec.reintake();
        }
        hh.team_track = TeamTrack::Waiting;
        hh.queue_since = week;
        hh.set_primary(primary);
        if crisis {
            hh.flags |= F_CRISIS;
            self.teams[t].crisis.push_back((h as u32, week));
        } else {
            hh.flags &= !F_CRISIS;
            self.teams[t].waiting.push_back((h as u32, week));
        }
        self.teams[t].waiting_n += 1;
        self.teams[t].arrived += 1;
    }

    /// Leave care or the waiting list, with the bookkeeping: the worker's caseload, the
    /// detection tally of the care episode, and the household's next wake-up.
    pub fn end_care(&mut self, h: usize, to: TeamTrack) {
        let t = self.hh[h].team as usize;
        match self.hh[h].team_track {
            TeamTrack::Waiting => self.teams[t].waiting_n -= 1,
            TeamTrack::InCare => {
                let w = self.hh[h].worker;
                if w != NONE {
                    let cases = &mut self.workers[w as usize].cases;
                    if let Some(i) = cases.iter().position(|&c| c as usize == h) {
                        cases.swap_remove(i);
                    }
                }
                let f = self.hh[h].flags;
                self.rec.care_episode_ended(
                    t,
                    f & F_FIN_PRESENT != 0,
                    f & F_DEBT_PRESENT != 0,
                    f & F_FIN_DETECTED != 0,
                );
                self.rec.care_count(-1);
            }
            _ => {}
        }
        let hh = &mut self.hh[h];
        hh.team_track = to;
        hh.worker = NONE;
        hh.detected = 0;
        hh.flags &= !(F_FIN_HANDLED
            | F_FIN_PRESENT
            | F_DEBT_PRESENT
            | F_FIN_DETECTED
            | F_CRISIS
            | F_LEGAL_DONE
            | F_FLEX_USED);
        self.touch(h);
    }

    /// The teams' capacity rule (docs/ODD.md section 7.9), at each review from week 0
    /// (the status quo included): under `follows_demand` each team gets the generalist
    /// posts [`team_demand_posts`] asks for, opened vacant (filled after the hiring
    /// delay) or retired as they fall vacant (attrition: nobody is dismissed). Each
    /// filled post costs its year, busy or idle (`generalist_post_weeks`).
    pub fn review_team_capacity(&mut self) {
        let tp = &self.r.p.team;
        let every = tp.capacity_review_weeks.max(1);
        // Verification (7.23) compares with M/M/c: a fixed number of servers.
        if tp.capacity_rule != crate::scenario::params::CapacityRule::FollowsDemand
            || self.r.mmc.is_some()
            || !self.week.is_multiple_of(every as Week)
        {
            return;
        }
        let (norm, cap) = (tp.wait_norm_weeks, self.policy_caseload_cap());
        for t in 0..self.teams.len() {
            let in_care: usize = self.teams[t]
                .generalists
                .iter()
                .map(|&g| self.workers[g as usize].cases.len())
                .sum();
            let arrived = std::mem::take(&mut self.teams[t].arrived);
            let target = team_demand_posts(
                in_care,
                self.teams[t].waiting_n,
                arrived as f64 / every as f64,
                norm,
                cap,
            );
            self.follow_team_demand(t, target);
        }
    }

    /// Step 5: free capacity takes households from the waiting list, crises first.
    pub fn intake(&mut self) {
        let cap = self.policy_caseload_cap();
        let per_worker = self.r.p.team.intakes_per_worker_week;
        for t in 0..self.teams.len() {
            let filled = self.teams[t]
                .generalists
                .iter()
                .filter(|&&g| self.workers[g as usize].filled)
                .count();
            let budget = filled as f64 * per_worker;
            self.teams[t].intake_credit =
                (self.teams[t].intake_credit + budget).min(budget.max(1.0));
            let mut intakes = 0;
            while self.teams[t].intake_credit >= 1.0 && self.teams[t].waiting_n > 0 {
                let worker = self.least_loaded(&self.teams[t].generalists, cap, NONE);
                let Some(g) = worker else { break };
                let Some(h) = self.pop_waiting(t) else { break };
                self.teams[t].intake_credit -= 1.0;
                self.start_care(h, g);
                intakes += 1;
            }
            self.teams[t].intakes_last_week = intakes;
        }
    }

    fn pop_waiting(&mut self, t: usize) -> Option<usize> {
        loop {
            let team = &mut self.teams[t];
            let (h, since) = team
                .crisis
                .pop_front()
                .or_else(|| team.waiting.pop_front())?;
            let hh = &self.hh[h as usize];
            if hh.team_track == TeamTrack::Waiting && hh.queue_since == since {
                self.teams[t].waiting_n -= 1;
                return Some(h as usize);
            }
        }
    }

    /// Intake and assessment (vraagverheldering, step 6): the primary question is known;
    /// each other open domain is detected with a chance set by the worker's skill and
    /// the W&I expertise within the team's reach.
    fn start_care(&mut self, h: usize, g: u16) {
        let week = self.week;
        self.hh[h].advance(&self.r, week);
        self.rec.intake_wait(
            self.hh[h].team as usize,
            week.saturating_sub(self.hh[h].queue_since),
        );
        let t = self.hh[h].team as usize;
        let mut detected = 0u8;
        let primary = self.hh[h].primary();
        // A domain in planned second-line care is that care's, not the team's.
        let referred = self.hh[h].planned_domain_bit();
        for d in Domain::ALL {
            if !self.hh[h].has(d, &self.r, week) || d.bit() & referred != 0 {
                continue;
            }
            let found = d == primary
                || self.key.chance(
                    h as u64,
                    Purpose::Detection,
                    ((week as u64) << 4) | d as u64,
                    self.detection_chance(d, t, g),
                );
            if found {
                detected |= d.bit();
            }
        }
        let fin = self.has_money_problem(h);
        let debt = self.hh[h].has(Domain::Finance, &self.r, week);
        let hh = &mut self.hh[h];
        hh.team_track = TeamTrack::InCare;
        hh.worker = g;
        hh.detected = detected;
        hh.flags |= F_EVER_IN_CARE;
        hh.flags &= !(F_FIN_HANDLED | F_FIN_PRESENT | F_DEBT_PRESENT | F_FIN_DETECTED);
        if fin {
            hh.flags |= F_FIN_PRESENT;
        }
        if debt {
            hh.flags |= F_DEBT_PRESENT;
        }
        if detected & Domain::Finance.bit() != 0 {
            hh.flags |= F_FIN_DETECTED;
        }
        self.workers[g as usize].cases.push(h as u32);
        self.rec.care_count(1);
        self.touch(h);
    }

    /// Step 7 and 11: each generalist shares its hours over its caseload; detected
    /// domains improve with effort, finance blocks the rest, finance goes to W&I; a case
    /// closes when nothing detected is left open.
    pub fn support(&mut self) {
        let week = self.week;
        let hours = self.r.p.team.hours_per_week;
        let max_case = self.r.p.team.max_hours_per_case;
        for t in 0..self.teams.len() {
            let factor = self.teams[t].hours_factor(week);
            // Hours spent on warm hand-overs last week, shared over the filled posts.
            let filled = self.teams[t]
                .generalists
                .iter()
                .filter(|&&g| self.workers[g as usize].filled)
                .count();
            let lost = if filled > 0 {
                std::mem::take(&mut self.teams[t].extra_hours) / filled as f64
            } else {
                0.0
            };
            for gi in 0..self.teams[t].generalists.len() {
                let g = self.teams[t].generalists[gi];
                if !self.workers[g as usize].filled {
                    continue;
                }
                let n = self.workers[g as usize].cases.len();
                self.rec.caseload(n);
                let per_case = hours_per_case((hours * factor - lost).max(0.0), n, max_case);
                // The worker's skill and social map are the same for each of their
                // cases this week: computed once, not per case and domain.
                let worker = WorkerWeek {
                    g,
                    skill: self.skill(g),
                    map: self.social_map(g),
                };
                let mut i = 0;
                while i < self.workers[g as usize].cases.len() {
                    let h = self.workers[g as usize].cases[i] as usize;
                    if let Some(&next) = self.workers[g as usize].cases.get(i + 2) {
                        super::municipality::prefetch(&self.hh[next as usize]);
                    }
                    let fin_sev = self.care_week(h, &worker, per_case);
                    if self.hh[h].team_track == TeamTrack::InCare {
                        self.refresh(h, fin_sev);
                    }
                    if self.workers[g as usize].cases.get(i) == Some(&(h as u32)) {
                        i += 1;
                    }
                }
            }
        }
    }

    /// One week of care for household `h`. Returns its finance severity now when care
    /// left its debt and income as they were (so the hazards after care need no `exp`).
    fn care_week(&mut self, h: usize, worker: &WorkerWeek, hours: f64) -> Option<f64> {
        let week = self.week;
        let g = worker.g;
        if let Some((_, closure)) = self.r.mmc {
            // Verification: geometric service, nothing else happens in care.
            if self.key.chance(
                h as u64,
                Purpose::Detection,
                ((week as u64) << 4) | 15,
                closure,
            ) {
                self.rec.closure();
                self.end_care(h, TeamTrack::Closed);
            }
            return None;
        }
        self.hh[h].advance(&self.r, week);
        let t = self.hh[h].team as usize;
        // Finance severity once (an `exp`), for every test below: as `Household::has`.
        let fin_sev = self.hh[h].finance_severity(&self.r, week);
        let (debt0, income0) = (self.hh[h].debt, self.hh[h].income);
        let has = |x: &super::Household, d: Domain| x.has_given(d, &self.r, fin_sev);
        if has(&self.hh[h], Domain::Finance) || has(&self.hh[h], Domain::Income) {
            self.hh[h].flags |= F_FIN_PRESENT;
        }
        if fin_sev >= self.r.p.problems.resolved_below {
            self.hh[h].flags |= F_DEBT_PRESENT;
        }
        // Problems that arise or come to light during care (not one that planned
        // second-line care has taken over).
        let referred = self.hh[h].planned_domain_bit();
        for d in Domain::ALL {
            if self.hh[h].detected & d.bit() == 0 && d.bit() & referred == 0 && has(&self.hh[h], d)
            {
                let p = self.r.p.team.ongoing_detection_per_week
                    * self.detection_chance_with(d, t, g, worker.skill);
                if self.key.chance(
                    h as u64,
                    Purpose::Detection,
                    ((week as u64) << 4) | 8 | d as u64,
                    p,
                ) {
                    self.hh[h].detected |= d.bit();
                    if d == Domain::Finance {
                        self.hh[h].flags |= F_FIN_DETECTED;
                    }
                }
            }
        }
        // Finance and income need W&I or debt help (step 7).
        let money = MONEY;
        let threshold = self.r.p.team.referral_severity;
        let needs_wi = (self.hh[h].detected & Domain::Finance.bit() != 0 && fin_sev >= threshold)
            || (self.hh[h].detected & Domain::Income.bit() != 0
                && self.hh[h].sev(Domain::Income.sev_index()) >= threshold);
        if needs_wi && self.hh[h].flags & F_FIN_HANDLED == 0 {
            if self.hh[h].fin_track.active() {
                self.hh[h].flags |= F_FIN_HANDLED;
            } else {
                let p = self.wi_referral_chance(t, worker.map);
                if self
                    .key
                    .chance(h as u64, Purpose::Referral, (week as u64) << 1, p)
                    && self.refer_to_financial_help(h)
                {
                    self.hh[h].flags |= F_FIN_HANDLED;
                }
            }
        }
        self.legal_advice(h, worker.map);
        if !self.planned_referral(h, worker.map) {
            return None; // the referral failed and the case was closed
        }
        // Treatment: hours shared over the detected open domains the team can work on.
        let tp = &self.r.p.team;
        let blocks = fin_sev >= tp.finance_block_threshold && !self.hh[h].debt_frozen(week);
        let damping = if blocks {
            tp.finance_block_damping
        } else {
            1.0
        };
        let resolved = self.r.p.problems.resolved_below;
        let hh = &mut self.hh[h];
        let treatable = [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ];
        let n = treatable
            .iter()
            .filter(|d| hh.detected & d.bit() != 0 && hh.sev[d.sev_index()] > 0)
            .count();
        if n > 0 {
            let each = hours / n as f64;
            // One `exp` per effect size rather than per domain (as `treated`).
            let factor = |effect: f64| (-effect * each * damping).exp();
            let (f_other, f_income) = (
                factor(tp.effect_per_hour),
                if hh.detected & Domain::Income.bit() != 0 {
                    factor(tp.effect_per_hour * tp.income_effect)
                } else {
                    1.0
                },
            );
            for d in treatable {
                let i = d.sev_index();
                if hh.detected & d.bit() == 0 || hh.sev[i] == 0 {
                    continue;
                }
                let s = hh.sev(i)
                    * if d == Domain::Income {
                        f_income
                    } else {
                        f_other
                    };
                if s < resolved {
                    hh.sev[i] = 0;
                    hh.detected &= !d.bit();
                } else {
                    hh.set_sev(i, s);
                }
            }
        }
        if hh.detected & Domain::Finance.bit() != 0 && fin_sev < resolved {
            hh.detected &= !Domain::Finance.bit();
        }
        if self.flexible_budget(h) {
            return None;
        }
        let hh = &mut self.hh[h];
        // Closure: nothing detected remains open, or only money matters that were handed off.
        let open = if hh.flags & F_FIN_HANDLED != 0 {
            hh.detected & !money
        } else {
            hh.detected
        };
        if open == 0 {
            self.rec.closure();
            self.end_care(h, TeamTrack::Closed);
        }
        // Still this week's finance severity unless a social-legal advisor lowered the
        // debt (or anything else moved debt or income).
        let x = &self.hh[h];
        (x.debt == debt0 && x.income == income0).then_some(fin_sev)
    }

    /// Planned referral to second-line care (docs/ODD.md section 7): a detected
    /// health, youth or housing problem beyond the team's reach is referred with a
    /// weekly chance that needs the social map. Better detection therefore raises the
    /// use of planned care. Returns whether the household is still in the team's care.
    fn planned_referral(&mut self, h: usize, social_map: f64) -> bool {
        let x = &self.hh[h];
        if x.episode != super::Episode::None {
            return true;
        }
        let sl = &self.r.p.second_line;
        let p = sl.planned_per_week
            * refer_chance(social_map, self.r.p.referral.map_importance_central);
        let threshold = sl.planned_severity;
        for d in [Domain::Health, Domain::Youth, Domain::Housing] {
            if x.detected & d.bit() == 0 || x.sev(d.sev_index()) < threshold {
                continue;
            }
            if self.key.chance(
                h as u64,
                Purpose::PlannedReferral,
                (self.week as u64) << 3 | d as u64,
                p,
            ) {
                return self.refer_planned(h, d);
            }
        }
        true
    }

    /// Social-legal advice (seed 001): a worker who has found an income or debt problem
    /// may refer to an advisor — far more readily when the advisor is embedded in the
    /// team ("proximity pays") than at a central desk, which needs the social map.
    /// Advisors' weekly capacity is limited; their case removes part of the income
    /// problem and of the debt (benefits claimed, unjust claims contested).
    fn legal_advice(&mut self, h: usize, social_map: f64) {
        let lp = &self.r.p.legal;
        let importance = match lp.mode {
            LegalMode::Embedded => lp.embedded_importance,
            LegalMode::Central => lp.central_importance,
            LegalMode::None => return,
        };
        let x = &self.hh[h];
        if self.legal_capacity < 1.0 || x.flags & F_LEGAL_DONE != 0 || x.detected & MONEY == 0 {
            return;
        }
        let p = refer_chance(social_map, importance);
        if !self
            .key
            .chance(h as u64, Purpose::Legal, self.week as u64, p)
        {
            return;
        }
        self.legal_capacity -= 1.0;
        self.rec.legal_case();
        let (income_effect, debt_effect) = (lp.income_effect, lp.debt_effect);
        let x = &mut self.hh[h];
        x.flags |= F_LEGAL_DONE;
        let i = Domain::Income.sev_index();
        let s = x.sev(i) * (1.0 - income_effect);
        x.set_sev(
            i,
            if s < self.r.p.problems.resolved_below {
                0.0
            } else {
                s
            },
        );
        x.debt = (x.debt as f64 * (1.0 - debt_effect)) as f32;
    }

    /// Flexible budget (seed 004): a case stuck for long with a severe problem may be
    /// broken by spending from the team's yearly budget. Returns whether the case was
    /// closed as a result (never: it only lowers severity; closure follows as usual).
    fn flexible_budget(&mut self, h: usize) -> bool {
        let fb = &self.r.p.flexible_budget;
        let t = self.hh[h].team as usize;
        if fb.eur_per_team_year <= 0.0 || self.teams[t].flex_left < fb.eur_per_case {
            return false;
        }
        let x = &self.hh[h];
        if x.flags & F_FLEX_USED != 0
            || (self.week.saturating_sub(x.queue_since) as f64) < fb.stuck_weeks
        {
            return false;
        }
        let worst = [
            Domain::Income,
            Domain::Health,
            Domain::Youth,
            Domain::Housing,
        ]
        .into_iter()
        .filter(|d| x.detected & d.bit() != 0)
        .max_by_key(|d| x.sev[d.sev_index()]);
        let Some(d) = worst else { return false };
        if x.sev(d.sev_index()) < fb.stuck_severity {
            return false;
        }
        let (cost, effect) = (fb.eur_per_case, fb.effect);
        self.teams[t].flex_left -= cost;
        if self.rec.on {
            self.rec.flexible_budget_cases += 1;
        }
        if let Some(f) = self.rec.flows() {
            f.flexible_budget_eur += cost;
        }
        let x = &mut self.hh[h];
        x.flags |= F_FLEX_USED;
        let i = d.sev_index();
        let s = x.sev(i) * (1.0 - effect);
        x.set_sev(i, s);
        false
    }

    /// Make sure household `h` is looked at again next week at the latest.
    #[inline]
    pub fn touch(&mut self, h: usize) {
        self.wake_by(h, self.week.saturating_add(1));
    }

    /// Make sure household `h` is looked at by `week` at the latest.
    #[inline]
    pub fn wake_by(&mut self, h: usize, week: Week) {
        if week != NEVER && week < self.wake[h] {
            self.wake[h] = week;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_demand_posts_cover_care_and_the_list_beyond_the_norm() {
        // 300 in care at a cap of 30: 10 posts; a list within the norm (30 <= 3 x 10).
        assert_eq!(super::team_demand_posts(300, 30, 10.0, 3.0, 30), 10);
        // 31 beyond the norm: one more post's worth and a bit, so 12.
        assert_eq!(super::team_demand_posts(300, 61, 10.0, 3.0, 30), 12);
        assert_eq!(super::team_demand_posts(0, 0, 0.0, 3.0, 30), 1);
    }

    #[test]
    fn hours_are_shared_and_capped() {
        assert_eq!(hours_per_case(24.0, 0, 4.0), 0.0);
        assert_eq!(hours_per_case(24.0, 3, 4.0), 4.0);
        assert!((hours_per_case(24.0, 30, 4.0) - 0.8).abs() < 1e-12);
    }

    #[test]
    fn finance_above_threshold_damps_progress() {
        let free = treated(0.6, 0.06, 1.0, 1.0);
        let blocked = treated(0.6, 0.06, 1.0, 0.3);
        assert!(free < blocked && blocked < 0.6);
    }
}
