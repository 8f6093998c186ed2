//! Financial help: W&I desks and the debt-help track (docs/ODD.md section 7):
//! queue -> intake and stabilisation with a W&I worker -> queue for the credit bank ->
//! debt arrangement -> resolved, with a drop-out hazard throughout.
//!
//! A W&I desk (a [`FinPool`]: the central department, or the W&I posts in or attached
//! to one team) has real work besides debt help, and its hours go in this order each
//! week: administration, legality checks and enforcement of the benefit households it
//! administers (sized to the per-recipient figure of Berenschot 2018, so this is most
//! of the central department's time); the hours sanctions cost; case consultation with
//! the team (posts in a team only); outreach to early signals and closing the files of
//! drop-outs; then intakes and stabilisation. What is left for cases sets how many the
//! desk can take on, so capacity binds when posts move into teams, and a referral
//! waits in a real queue.
//!
//! Intake and stabilisation sit where the linkage model puts W&I; the arrangement
//! stage stays central in every model (docs/ODD.md section 3.3). A queue is not help: while
//! waiting, debts grow. From the start of stabilisation a statutory breathing space
//! (Wgs art. 5) freezes them for `debt_help.breathing_space_weeks`; a running
//! arrangement freezes them until it ends.

use super::household::Household;
use super::linkage::CENTRAL;
use super::municipality::Municipality;
use super::{Domain, FinTrack, Week, NEVER, NONE};
use crate::rng::Purpose;
use rand_distr::{Distribution, Gamma};
use std::collections::VecDeque;

/// What W&I hours are spent on, in the order a desk spends them (index into
/// [`crate::outcomes::YearFlows::wi_hours`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(usize)]
pub enum WiWork {
    /// Benefit administration, legality checks and ongoing enforcement.
    Administration,
    /// Investigating and deciding sanctions.
    Sanctions,
    /// Case consultation with the team's generalists.
    Consultation,
    /// Reaching out to early signals of arrears.
    Outreach,
    /// Closing the files of households that dropped out of financial help.
    DropoutClosure,
    /// Debt-help intakes.
    Intake,
    /// Stabilisation of the households in the desk's care.
    Stabilisation,
}

impl WiWork {
    /// Every kind of work, in index order.
    pub const ALL: [WiWork; 7] = [
        WiWork::Administration,
        WiWork::Sanctions,
        WiWork::Consultation,
        WiWork::Outreach,
        WiWork::DropoutClosure,
        WiWork::Intake,
        WiWork::Stabilisation,
    ];

    /// Lower-case name as in outputs.
    pub fn name(self) -> &'static str {
        match self {
            WiWork::Administration => "administration",
            WiWork::Sanctions => "sanctions",
            WiWork::Consultation => "consultation",
            WiWork::Outreach => "outreach",
            WiWork::DropoutClosure => "dropout_closure",
            WiWork::Intake => "intake",
            WiWork::Stabilisation => "stabilisation",
        }
    }
}

/// A W&I desk with one queue: the central department, or one team's posts.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct FinPool {
    /// W&I posts (worker indices).
    pub workers: Vec<u16>,
    /// Queue; entries may be stale and are skipped.
    pub queue: VecDeque<(u32, Week)>,
    /// Live entries in the queue.
    pub queue_n: u32,
    /// Outreach hours to early signals that came in this week.
    pub outreach_hours: f64,
    /// Hours of closing the files of this week's drop-outs.
    pub dropout_hours: f64,
    /// Hours of this week's sanctions.
    pub sanction_hours: f64,
    /// This week's hours per filled post left for intakes and stabilisation (set by
    /// [`Municipality::wi_budgets`]).
    pub free_per_post: f64,
    /// Households the desk can have in stabilisation at once this week: the caseload
    /// cap scaled by the share of its hours left for cases.
    pub case_slots: usize,
    /// The most cases one of its posts should carry this week (`case_slots` spread over
    /// the filled posts, rounded up): the cap for hand-overs and overload.
    pub case_cap: usize,
    /// Households that joined the queue since the last capacity review: the demand the
    /// `follows_demand` rule applies its waiting-time norm to (arrivals, not admissions,
    /// so a blocked desk does not look like one without demand).
    #[serde(default)]
    pub arrived: u32,
    /// Hours the desk's work other than intakes and stabilisation asked for this week
    /// (administration, sanctions, consultation, outreach, file closures), whether or
    /// not there were hours to do it.
    #[serde(default)]
    pub overhead_hours: f64,
    /// W&I posts taken out of service (the central desk's list), kept to be opened
    /// again: a desk that follows demand grows and shrinks without new post numbers.
    #[serde(default)]
    pub retired: Vec<u16>,
}

/// The credit bank: runs debt arrangements; central in every model.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CreditBank {
    /// Counsellor posts.
    pub counsellors: Vec<u16>,
    /// Stabilised households waiting for an arrangement.
    pub queue: VecDeque<(u32, Week)>,
    /// Live entries in the queue.
    pub queue_n: u32,
    /// Arrangements running.
    pub active: u32,
    /// Counsellor posts taken out of service, kept to be opened again (a demand-following
    /// bank that grows and shrinks reuses its post numbers).
    #[serde(default)]
    pub retired: Vec<u16>,
}

/// Counsellor posts a credit bank that follows demand aims for (docs/ODD.md section
/// 7.14): enough arrangement slots for those running and for the queue beyond what the
/// norm allows to wait, where `active / arrangement_weeks` slots free up a week. At
/// least one post.
pub fn demand_posts(
    active: u32,
    queue: u32,
    norm_weeks: f64,
    arrangement_weeks: f64,
    cap: u32,
) -> usize {
    let outflow = active as f64 / arrangement_weeks.max(1.0);
    let excess = (queue as f64 - norm_weeks * outflow).max(0.0);
    (((active as f64 + excess) / cap.max(1) as f64).ceil() as usize).max(1)
}

/// W&I posts a department that follows demand aims for (docs/ODD.md section 7.13):
/// the hours its other work asks for (`overhead_hours`, administration first) plus the
/// hours of enough case slots for the households in stabilisation and for the queue
/// beyond what the norm allows to wait, where `arrived_per_week` households join the
/// queue a week (at rest as many leave it). A post gives `hours_per_week`; a case slot takes `hours_per_week / cap`
/// (as in [`case_slots`]). At least one post.
pub fn wi_demand_posts(
    overhead_hours: f64,
    cases: usize,
    queue: u32,
    arrived_per_week: f64,
    norm_weeks: f64,
    hours_per_week: f64,
    cap: u32,
) -> usize {
    let excess = (queue as f64 - norm_weeks * arrived_per_week).max(0.0);
    let slots = cases as f64 + excess;
    let hours = overhead_hours.max(0.0) + slots * hours_per_week / cap.max(1) as f64;
    ((hours / hours_per_week.max(1e-9)).ceil() as usize).max(1)
}

/// Hours of benefit administration a desk must do this week for `recipients`, given
/// the hours it has (the pooling effect: a small desk carries its district's load
/// alone, and administration comes first).
#[inline]
pub fn admin_hours(recipients: u32, hours_per_recipient: f64, capacity: f64) -> f64 {
    (recipients as f64 * hours_per_recipient).min(capacity)
}

/// Case slots of a desk: the caseload cap of a post with all its hours free, scaled by
/// the hours left for cases (a post that spends most of its time on administration
/// carries proportionally fewer cases).
#[inline]
pub fn case_slots(free_hours: f64, hours_per_post: f64, cap: u32) -> usize {
    if hours_per_post <= 0.0 {
        0
    } else {
        (cap as f64 * free_hours / hours_per_post).floor().max(0.0) as usize
    }
}

impl Municipality {
    /// Draw the W&I hours a household's stabilisation will take (gamma, shape 2).
    pub fn draw_stabilisation_hours(&self, h: usize) -> f32 {
        let mean = self.r.p.wi.stabilisation_hours;
        let mut s = self
            .key
            .stream(h as u64, Purpose::DebtHelp, (self.week as u64) << 1);
        Gamma::new(2.0, mean / 2.0)
            .map(|g| g.sample(&mut s) as f32)
            .unwrap_or(mean as f32)
    }

    /// Put household `h` in the queue of W&I desk `pool`.
    pub fn join_fin_queue(&mut self, h: usize, pool: u16) {
        let week = self.week;
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Waiting;
        hh.set_fin_pool(pool);
        hh.fin_timer = NEVER;
        self.pools[pool as usize].queue.push_back((h as u32, week));
        self.pools[pool as usize].queue_n += 1;
        self.pools[pool as usize].arrived += 1;
        self.touch(h);
    }

    /// Early signalling (seed 002): a creditor may signal the household's new arrears;
    /// W&I reaches out (hours from the desk that would receive it) and a share accept
    /// help, going straight into that desk's queue while the debt is still small.
    pub fn early_signal(&mut self, h: usize) {
        let sig = &self.r.p.signalling;
        if sig.coverage <= 0.0 || self.hh[h].fin_track.active() {
            return;
        }
        let k = self.hh[h].events as u64;
        if !self
            .key
            .chance(h as u64, Purpose::Signal, k << 1, sig.coverage)
        {
            return;
        }
        self.rec.signal();
        let pool = self.arrival_pool(self.hh[h].team as usize);
        self.pools[pool as usize].outreach_hours += sig.hours_per_signal;
        if self
            .key
            .chance(h as u64, Purpose::Signal, (k << 1) | 1, sig.acceptance)
        {
            self.rec.signal_accepted();
            let work = self.draw_stabilisation_hours(h);
            let week = self.week;
            let hh = &mut self.hh[h];
            hh.fin_since = week;
            hh.fin_work = work;
            self.join_fin_queue(h, pool);
        }
    }

    /// A household referred to the central desk arrives there (its transit ran out).
    pub fn referral_arrives(&mut self, h: usize) {
        let t = self.hh[h].team as usize;
        // The desk may have no one in post meanwhile.
        let pool = if self.has_filled_post(self.hh[h].fin_pool as u16) {
            self.hh[h].fin_pool as u16
        } else {
            self.arrival_pool(t)
        };
        self.join_fin_queue(h, pool);
    }

    /// Benefit households whose administration and enforcement fall to desk `p`:
    /// central handles the districts whose team does not enforce; a *broad* team's
    /// posts handle their own.
    pub fn admin_catchment(&self, p: usize) -> u32 {
        if p == CENTRAL as usize {
            self.teams
                .iter()
                .filter(|t| !t.model.team_enforces())
                .map(|t| t.benefit_n)
                .sum()
        } else {
            let team = &self.teams[p - 1];
            if team.model.team_enforces() {
                team.benefit_n
            } else {
                0
            }
        }
    }

    /// The desk that administers (and sanctions) household `h`'s district.
    pub fn enforcing_pool(&self, h: usize) -> usize {
        let t = self.hh[h].team as usize;
        if self.teams[t].model.team_enforces() {
            t + 1
        } else {
            CENTRAL as usize
        }
    }

    /// Whether desk `p` has anyone in post.
    pub fn has_filled_post(&self, p: u16) -> bool {
        self.pools[p as usize]
            .workers
            .iter()
            .any(|&w| self.workers[w as usize].filled)
    }

    /// This week's budget of every W&I desk, before the teams' intakes (docs/ODD.md
    /// section 7.13): administration first, then sanctions, then the
    /// consultation hours that put W&I knowledge within reach of a team's generalists
    /// ([`crate::model::team::Team::wi_reach`]), then outreach and file closures; what
    /// is left is for intakes and stabilisation. The hours spent are recorded by kind.
    pub fn wi_budgets(&mut self) {
        let week = self.week;
        let wi = self.r.p.wi.clone();
        for team in &mut self.teams {
            team.wi_reach = 0.0;
        }
        for p in 0..self.pools.len() {
            let (mut n, mut local) = (0.0, 0.0);
            for &w in &self.pools[p].workers {
                if self.workers[w as usize].filled {
                    n += 1.0;
                    local += 0.5 + 0.5 * self.social_map(w);
                }
            }
            let friction = if p == CENTRAL as usize {
                1.0
            } else {
                self.teams[p - 1].hours_factor(week)
            };
            let capacity = n * wi.hours_per_week * friction;
            let recipients = self.admin_catchment(p);
            let asked_admin = recipients as f64 * wi.admin_hours_per_recipient;
            let admin = admin_hours(recipients, wi.admin_hours_per_recipient, capacity);
            let mut rest = capacity - admin;
            let legal = self.pools[p].sanction_hours.min(rest);
            rest -= legal;
            let mut consult = 0.0;
            if p != CENTRAL as usize && n > 0.0 {
                // The W&I people within reach of the team: their consultation hours, how
                // well they know the district (social map), and the team's demand.
                let per_post = (rest / n).min(wi.consult_hours_per_week).max(0.0);
                let offered = per_post * n;
                let t = p - 1;
                let demand = wi.consult_hours_per_case * self.teams[t].intakes_last_week as f64;
                self.teams[t].wi_reach = consult_reach(offered, demand, local / n);
                consult = offered.min(demand);
                rest -= consult;
            }
            let (outreach, dropout) = (self.pools[p].outreach_hours, self.pools[p].dropout_hours);
            let other = (outreach + dropout).min(rest);
            rest -= other;
            let done = |x: f64| {
                if outreach + dropout > 0.0 {
                    other * x / (outreach + dropout)
                } else {
                    0.0
                }
            };
            self.rec.wi_work(WiWork::Administration, admin);
            self.rec.wi_work(WiWork::Sanctions, legal);
            self.rec.wi_work(WiWork::Consultation, consult);
            self.rec.wi_work(WiWork::Outreach, done(outreach));
            self.rec.wi_work(WiWork::DropoutClosure, done(dropout));
            let pool = &mut self.pools[p];
            pool.overhead_hours = asked_admin + pool.sanction_hours + consult + outreach + dropout;
            pool.outreach_hours = 0.0;
            pool.dropout_hours = 0.0;
            pool.sanction_hours = 0.0;
            pool.free_per_post = if n > 0.0 { rest / n } else { 0.0 };
            pool.case_slots = case_slots(rest, wi.hours_per_week, wi.caseload_cap);
            pool.case_cap = if n > 0.0 {
                (pool.case_slots as f64 / n).ceil() as usize
            } else {
                0
            };
        }
    }

    /// Step 8 (first half): W&I desks take households from their queues as their case
    /// slots allow, do their intakes, and stabilise the households in their care with
    /// the hours left.
    pub fn financial_help(&mut self) {
        let max_case = self.r.p.wi.max_hours_per_case;
        let income_effect = self.r.p.wi.income_effect_per_hour;
        let intake_hours = self.r.p.wi.intake_hours;
        for p in 0..self.pools.len() {
            let filled = self.pools[p]
                .workers
                .iter()
                .filter(|&&w| self.workers[w as usize].filled)
                .count();
            if filled == 0 {
                continue;
            }
            let mut cases: usize = self.pools[p]
                .workers
                .iter()
                .map(|&w| self.workers[w as usize].cases.len())
                .sum();
            let mut free = self.pools[p].free_per_post * filled as f64;
            // Admission: first come, first served, to the least loaded post.
            while self.pools[p].queue_n > 0 && cases < self.pools[p].case_slots {
                let Some(w) = self.least_loaded(&self.pools[p].workers, usize::MAX, NONE) else {
                    break;
                };
                let Some((h, joined)) = self.pop_fin_queue(p) else {
                    break;
                };
                self.start_stabilisation(h, w, joined);
                cases += 1;
                let spent = intake_hours.min(free);
                free -= spent;
                self.rec.wi_work(WiWork::Intake, spent);
            }
            let per_post = free / filled as f64;
            for wi in 0..self.pools[p].workers.len() {
                let w = self.pools[p].workers[wi];
                if !self.workers[w as usize].filled {
                    continue;
                }
                let n = self.workers[w as usize].cases.len();
                let hours = super::team::hours_per_case(per_post, n, max_case);
                self.rec.wi_work(WiWork::Stabilisation, hours * n as f64);
                // A W&I worker new to the district (or moved into it) knows fewer local
                // services and works less effectively (docs/ODD.md section 3.3).
                let effective = hours * (0.5 + 0.5 * self.social_map(w));
                let mut i = 0;
                while i < self.workers[w as usize].cases.len() {
                    let h = self.workers[w as usize].cases[i] as usize;
                    self.stabilisation_week(h, effective, income_effect);
                    if self.workers[w as usize].cases.get(i) == Some(&(h as u32)) {
                        i += 1;
                    }
                }
            }
        }
        self.credit_bank_admission();
    }

    /// The next household waiting at desk `p`, with the week it joined the queue.
    fn pop_fin_queue(&mut self, p: usize) -> Option<(usize, Week)> {
        loop {
            let (h, joined) = self.pools[p].queue.pop_front()?;
            let hh = &self.hh[h as usize];
            if hh.fin_track == FinTrack::Waiting && hh.fin_pool as usize == p {
                self.pools[p].queue_n -= 1;
                return Some((h as usize, joined));
            }
        }
    }

    fn start_stabilisation(&mut self, h: usize, w: u16, joined: Week) {
        let week = self.week;
        self.hh[h].advance(&self.r, week);
        self.rec.referral_wait(
            week.saturating_sub(self.hh[h].fin_since),
            week.saturating_sub(joined),
        );
        self.rec.registration(self.hh[h].debt as f64);
        let space = self.r.p.debt_help.breathing_space_weeks.round() as Week;
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Stabilising;
        hh.fin_worker = w;
        hh.fin_timer = week.saturating_add(space).min(NEVER - 1);
        self.workers[w as usize].cases.push(h as u32);
        self.touch(h);
    }

    fn remove_from_worker(&mut self, h: usize) {
        let w = self.hh[h].fin_worker;
        if w != NONE {
            let cases = &mut self.workers[w as usize].cases;
            if let Some(i) = cases.iter().position(|&c| c as usize == h) {
                cases.swap_remove(i);
            }
        }
        self.hh[h].fin_worker = NONE;
    }

    fn stabilisation_week(&mut self, h: usize, hours: f64, income_effect: f64) {
        let week = self.week;
        self.hh[h].advance(&self.r, week);
        let hh = &mut self.hh[h];
        hh.fin_work -= hours as f32;
        let i = Domain::Income.sev_index();
        if hh.sev[i] > 0 {
            let s = super::team::treated(hh.sev(i), income_effect, hours, 1.0);
            let s = if s < self.r.p.problems.resolved_below {
                0.0
            } else {
                s
            };
            hh.set_sev(i, s);
        }
        if hh.fin_work > 0.0 {
            return;
        }
        // Stabilised: a problematic debt goes on to the credit bank's queue if creditors
        // agree; the breathing space runs on (the timer is kept).
        self.remove_from_worker(h);
        if self.hh[h].problematic(&self.r, week) {
            if self.key.chance(
                h as u64,
                Purpose::DebtHelp,
                ((week as u64) << 1) | 1,
                self.r.p.debt_help.settle_share,
            ) {
                self.hh[h].fin_track = FinTrack::ArrangementWaiting;
                self.bank.queue.push_back((h as u32, week));
                self.bank.queue_n += 1;
            } else {
                self.hh[h].fin_track = FinTrack::Dropped;
                self.hh[h].fin_timer = NEVER;
                self.rec.no_settlement();
            }
        } else {
            self.hh[h].fin_track = FinTrack::Done;
            self.hh[h].fin_timer = NEVER;
        }
        self.touch(h);
    }

    /// Step 8 (second half): the credit bank starts arrangements as capacity allows,
    /// first come first served; the wait is recorded.
    fn credit_bank_admission(&mut self) {
        let week = self.week;
        let capacity = self.bank_capacity();
        while self.bank.active < capacity && self.bank.queue_n > 0 {
            let Some((h, since)) = self.bank.queue.pop_front() else {
                break;
            };
            let h = h as usize;
            if self.hh[h].fin_track != FinTrack::ArrangementWaiting {
                continue;
            }
            self.bank.queue_n -= 1;
            self.hh[h].advance(&self.r, week);
            self.rec.arrangement_wait(week.saturating_sub(since));
            self.start_arrangement(h, week);
        }
    }

    /// The credit bank's capacity rule (docs/ODD.md section 7.14), at each review after
    /// the switch: under `follows_demand` the municipality opens posts (filled after the
    /// hiring delay) or closes them (vacant ones first) towards [`demand_posts`]. Each
    /// filled post costs its year, busy or idle (`counsellor_post_weeks`).
    pub fn review_bank_capacity(&mut self) {
        let dh = &self.r.p.debt_help;
        if dh.capacity_rule != crate::scenario::params::CapacityRule::FollowsDemand
            || !self.rec.on
            || !(self.week - self.switch_week)
                .is_multiple_of(dh.capacity_review_weeks.max(1) as Week)
        {
            return;
        }
        let target = demand_posts(
            self.bank.active,
            self.bank.queue_n,
            dh.wait_norm_weeks,
            dh.arrangement_weeks,
            dh.arrangement_cap,
        );
        self.resize_bank(target);
    }

    /// The W&I department's capacity rule (docs/ODD.md section 7.13), at each review from
    /// week 0 (the status quo included): under `follows_demand` the municipality opens
    /// posts (filled after the hiring delay) towards [`wi_demand_posts`] over all its
    /// desks, or lets surplus posts go as they fall vacant (attrition: no one is
    /// dismissed, so the rule adds no leavers). The teams' share follows their models
    /// ([`Municipality::place_wi_posts`]). Each filled post costs its year, busy or idle
    /// (`wi_post_weeks`).
    pub fn review_wi_capacity(&mut self) {
        let wi = &self.r.p.wi;
        if wi.capacity_rule != crate::scenario::params::CapacityRule::FollowsDemand
            || !self
                .week
                .is_multiple_of(wi.capacity_review_weeks.max(1) as Week)
        {
            return;
        }
        let (mut overhead, mut cases, mut queue, mut arrived) = (0.0, 0usize, 0u32, 0u32);
        for pool in &mut self.pools {
            overhead += pool.overhead_hours;
            queue += pool.queue_n;
            arrived += std::mem::take(&mut pool.arrived);
            cases += pool
                .workers
                .iter()
                .map(|&w| self.workers[w as usize].cases.len())
                .sum::<usize>();
        }
        let target = wi_demand_posts(
            overhead,
            cases,
            queue,
            arrived as f64 / wi.capacity_review_weeks.max(1) as f64,
            wi.wait_norm_weeks,
            wi.hours_per_week,
            wi.caseload_cap,
        );
        if self.follow_wi_demand(target) {
            self.place_wi_posts(false);
        }
    }

    /// Arrangements the credit bank can run at once with its filled posts.
    pub fn bank_capacity(&self) -> u32 {
        let filled = self
            .bank
            .counsellors
            .iter()
            .filter(|&&c| self.workers[c as usize].filled)
            .count() as u32;
        filled * self.r.p.debt_help.arrangement_cap
    }

    /// Start an arrangement for `h`, running until `week + arrangement_weeks`.
    pub fn start_arrangement(&mut self, h: usize, week: Week) {
        let len = self.r.p.debt_help.arrangement_weeks.round() as Week;
        self.start_arrangement_until(h, week.saturating_add(len));
    }

    /// Start an arrangement that ends at `end` (initialisation uses a partial one).
    pub fn start_arrangement_until(&mut self, h: usize, end: Week) {
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Arrangement;
        hh.fin_timer = end;
        self.bank.active += 1;
        self.touch(h);
    }

    /// The arrangement of `h` ran its full length: the remaining debt is settled.
    pub fn arrangement_completed(&mut self, h: usize) {
        self.bank.active -= 1;
        let week = self.week;
        let settled = self.hh[h].debt as f64;
        if let Some(f) = self.rec.flows() {
            f.settled_eur += settled;
        }
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Done;
        hh.fin_timer = NEVER;
        hh.debt = 0.0;
        hh.set_onset(Domain::Finance, week);
        self.rec.arrangement_completed();
    }

    /// `h`, on its way to or queueing for W&I or the credit bank, no longer needs it (its
    /// debt cleared): it leaves the queue without counting as a drop-out.
    pub fn leave_fin_queue(&mut self, h: usize) {
        match self.hh[h].fin_track {
            FinTrack::Referred => {}
            FinTrack::Waiting => self.pools[self.hh[h].fin_pool as usize].queue_n -= 1,
            FinTrack::ArrangementWaiting => self.bank.queue_n -= 1,
            _ => return,
        }
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Done;
        hh.fin_timer = NEVER;
        self.touch(h);
    }

    /// `h` drops out of financial help at whatever stage it is; debts grow again. The
    /// desk that held it spends hours closing the file.
    pub fn fin_dropout(&mut self, h: usize) {
        let closure = self.r.p.debt_help.dropout_admin_hours;
        match self.hh[h].fin_track {
            FinTrack::Waiting => self.pools[self.hh[h].fin_pool as usize].queue_n -= 1,
            FinTrack::Stabilising => self.remove_from_worker(h),
            FinTrack::ArrangementWaiting => self.bank.queue_n -= 1,
            FinTrack::Arrangement => self.bank.active -= 1,
            _ => {}
        }
        match self.hh[h].fin_track {
            FinTrack::Waiting | FinTrack::Stabilising => {
                self.pools[self.hh[h].fin_pool as usize].dropout_hours += closure;
            }
            // The credit bank closes its own files: priced, but not a W&I desk's load.
            _ => self.rec.wi_work(WiWork::DropoutClosure, closure),
        }
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Dropped;
        hh.fin_timer = NEVER;
        hh.fin_worker = NONE;
        self.rec.fin_dropout();
        self.touch(h);
    }

    /// Weekly drop-out hazard of financial help (docs/ODD.md section 7: higher with
    /// low trust or health problems).
    pub fn fin_dropout_hazard(&self, hh: &Household) -> f64 {
        let base = match hh.fin_track {
            FinTrack::Waiting | FinTrack::Stabilising | FinTrack::ArrangementWaiting => {
                self.r.stabilisation_dropout
            }
            FinTrack::Arrangement => self.r.arrangement_dropout,
            _ => return 0.0,
        };
        let dh = &self.r.p.debt_help;
        base * (1.0 + dh.dropout_health * hh.sev(Domain::Health.sev_index()))
            * (1.0 + dh.dropout_low_trust * (1.0 - hh.trust()))
    }
}

/// Share of a team's new cases that get W&I consultation this week: the W&I hours
/// `offered` against the `demand` of the team's intakes, times how well the W&I
/// people know the district (`local`, 0.5 to 1). No hours, no reach: a team with no
/// one in post (separate, or partial with its post vacant) has only its own skill.
#[inline]
pub fn consult_reach(offered: f64, demand: f64, local: f64) -> f64 {
    if offered <= 0.0 {
        0.0
    } else if demand <= 0.0 {
        local
    } else {
        local * (offered / demand).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bank_that_follows_demand_aims_at_the_running_arrangements_and_the_excess_queue() {
        // 800 running over 160 weeks free 5 slots a week; a norm of 10 weeks lets 50
        // wait: a queue of 50 needs no extra post, a queue of 130 needs 80 more slots.
        assert_eq!(demand_posts(800, 50, 10.0, 160.0, 80), 10);
        assert_eq!(demand_posts(800, 130, 10.0, 160.0, 80), 11);
        assert_eq!(demand_posts(800, 131, 10.0, 160.0, 80), 12);
        // Fewer running arrangements, fewer posts; never none.
        assert_eq!(demand_posts(400, 0, 10.0, 160.0, 80), 5);
        assert_eq!(demand_posts(0, 0, 10.0, 160.0, 80), 1);
    }

    #[test]
    fn wi_demand_posts_cover_other_work_cases_and_the_queue_beyond_the_norm() {
        // 100 h of other work and 50 cases at 24 h / 25 cases: 100 + 48 = 148 h = 7 posts.
        assert_eq!(wi_demand_posts(100.0, 50, 10, 10.0, 1.6, 24.0, 25), 7);
        // A queue within the norm (10 <= 1.6 x 10) adds nothing; beyond it, slots.
        assert_eq!(wi_demand_posts(100.0, 50, 41, 10.0, 1.6, 24.0, 25), 8);
        assert_eq!(wi_demand_posts(0.0, 0, 0, 0.0, 1.6, 24.0, 25), 1);
    }

    #[test]
    fn administration_comes_first_and_is_capped_by_the_hours() {
        assert_eq!(admin_hours(100, 0.5, 1000.0), 50.0);
        assert_eq!(admin_hours(100, 0.5, 20.0), 20.0);
        assert_eq!(admin_hours(0, 0.5, 20.0), 0.0);
    }

    #[test]
    fn case_slots_follow_the_free_hours() {
        // A post with all 24 hours free carries the full cap; administration-heavy
        // posts carry proportionally fewer; no free hours, no cases.
        assert_eq!(case_slots(24.0, 24.0, 25), 25);
        assert_eq!(case_slots(2.4 * 10.0, 24.0, 25), 25);
        assert_eq!(case_slots(12.0, 24.0, 25), 12);
        assert_eq!(case_slots(0.0, 24.0, 25), 0);
        assert_eq!(case_slots(-3.0, 24.0, 25), 0);
    }

    #[test]
    fn reach_needs_people_and_grows_with_their_hours() {
        assert_eq!(consult_reach(0.0, 5.0, 1.0), 0.0);
        assert_eq!(consult_reach(4.0, 0.0, 0.8), 0.8);
        assert!((consult_reach(2.0, 4.0, 1.0) - 0.5).abs() < 1e-12);
        assert_eq!(consult_reach(8.0, 4.0, 1.0), 1.0);
        // A worker new to the district reaches less.
        assert!(consult_reach(8.0, 4.0, 0.65) < consult_reach(8.0, 4.0, 1.0));
    }
}
