//! Financial help: W&I income support and the debt-help track (MODEL.md section 3,
//! steps 7-8): queue -> intake and stabilisation with a W&I worker -> debt arrangement
//! at the credit bank -> resolved, with a drop-out hazard throughout.
//!
//! Intake and stabilisation sit where the linkage model puts W&I (a central pool, or
//! the team's own posts); the arrangement stage stays central in every model (MODEL.md
//! section 6). While stabilising and in an arrangement, debts stop growing (no
//! interest, collection costs or new arrears) and shrink by what the household repays.

use super::household::Household;
use super::linkage::CENTRAL;
use super::municipality::Municipality;
use super::{Domain, FinTrack, Week, NEVER, NONE};
use crate::rng::Purpose;
use rand_distr::{Distribution, Gamma};
use std::collections::VecDeque;

/// A pool of W&I posts with one queue: the central department, or one team's posts.
#[derive(Debug, Clone, Default)]
pub struct FinPool {
    /// W&I posts (worker indices).
    pub workers: Vec<u16>,
    /// Queue; entries may be stale and are skipped.
    pub queue: VecDeque<(u32, Week)>,
    /// Live entries in the queue.
    pub queue_n: u32,
    /// Hours of early-signalling outreach to do this week.
    pub signal_hours: f64,
}

/// The credit bank: runs debt arrangements; central in every model.
#[derive(Debug, Clone, Default)]
pub struct CreditBank {
    /// Counsellor posts.
    pub counsellors: Vec<u16>,
    /// Stabilised households waiting for an arrangement.
    pub queue: VecDeque<(u32, Week)>,
    /// Live entries in the queue.
    pub queue_n: u32,
    /// Arrangements running.
    pub active: u32,
}

/// Hours of W&I administration and enforcement one post must do each week for the
/// benefit households in its catchment (the pooling effect: a small team pool carries
/// its own district's load alone).
#[inline]
pub fn admin_hours_per_post(recipients: u32, hours_per_recipient: f64, filled_posts: usize) -> f64 {
    if filled_posts == 0 {
        0.0
    } else {
        recipients as f64 * hours_per_recipient / filled_posts as f64
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

    /// Put household `h` in the queue of W&I pool `pool`.
    pub fn join_fin_queue(&mut self, h: usize, pool: u16) {
        let week = self.week;
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Waiting;
        hh.set_fin_pool(pool);
        hh.fin_timer = NEVER;
        self.pools[pool as usize].queue.push_back((h as u32, week));
        self.pools[pool as usize].queue_n += 1;
        self.touch(h);
    }

    /// Early signalling (seed 002): a creditor may signal the household's new arrears;
    /// W&I reaches out (handling time from the pool) and a share accept help, going
    /// straight into the W&I queue while the debt is still small.
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
        self.pools[pool as usize].signal_hours += sig.hours_per_signal;
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

    /// A referred household arrives at its pool (its timer ran out).
    pub fn referral_arrives(&mut self, h: usize) {
        let t = self.hh[h].team as usize;
        // The pool may have lost its posts at the switch meanwhile.
        let pool = if self.pools[self.hh[h].fin_pool as usize].workers.is_empty() {
            self.arrival_pool(t)
        } else {
            self.hh[h].fin_pool as u16
        };
        self.join_fin_queue(h, pool);
    }

    /// Benefit households whose legality checks fall to pool `p`: central handles the
    /// districts whose team does not enforce; a *broad* team's posts handle their own.
    fn admin_catchment(&self, p: usize) -> u32 {
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

    /// Step 8 (first half): W&I pools take households from their queues and stabilise
    /// them with the hours left after administration.
    pub fn financial_help(&mut self) {
        let week = self.week;
        let cap = self.r.p.wi.caseload_cap as usize;
        let hours = self.r.p.wi.hours_per_week;
        let max_case = self.r.p.wi.max_hours_per_case;
        let income_effect = self.r.p.wi.income_effect_per_hour;
        for p in 0..self.pools.len() {
            // Admission: posts with room take from the queue, first come first served.
            while self.pools[p].queue_n > 0 {
                let worker = self.least_loaded(&self.pools[p].workers, cap, NONE);
                let Some(w) = worker else { break };
                let Some(h) = self.pop_fin_queue(p) else {
                    break;
                };
                self.start_stabilisation(h, w);
            }
            let filled = self.pools[p]
                .workers
                .iter()
                .filter(|&&w| self.workers[w as usize].filled)
                .count();
            let admin = admin_hours_per_post(
                self.admin_catchment(p),
                self.r.p.wi.admin_hours_per_recipient,
                filled,
            );
            let friction = if p == CENTRAL as usize {
                1.0
            } else {
                self.teams[p - 1].hours_factor(week)
            };
            let outreach = if filled > 0 {
                self.pools[p].signal_hours / filled as f64
            } else {
                0.0
            };
            self.pools[p].signal_hours = 0.0;
            let free = (hours * friction - admin - outreach).max(0.0);
            for wi in 0..self.pools[p].workers.len() {
                let w = self.pools[p].workers[wi];
                if !self.workers[w as usize].filled {
                    continue;
                }
                let n = self.workers[w as usize].cases.len();
                // A W&I worker new to the district (or moved into it) knows fewer local
                // services and works less effectively (MODEL.md section 6).
                let local = 0.5 + 0.5 * self.social_map(w);
                let per_case = super::team::hours_per_case(free, n, max_case) * local;
                let mut i = 0;
                while i < self.workers[w as usize].cases.len() {
                    let h = self.workers[w as usize].cases[i] as usize;
                    self.stabilisation_week(h, per_case, income_effect);
                    if self.workers[w as usize].cases.get(i) == Some(&(h as u32)) {
                        i += 1;
                    }
                }
            }
        }
        self.credit_bank_admission();
    }

    fn pop_fin_queue(&mut self, p: usize) -> Option<usize> {
        loop {
            let (h, _) = self.pools[p].queue.pop_front()?;
            let hh = &self.hh[h as usize];
            if hh.fin_track == FinTrack::Waiting && hh.fin_pool as usize == p {
                self.pools[p].queue_n -= 1;
                return Some(h as usize);
            }
        }
    }

    fn start_stabilisation(&mut self, h: usize, w: u16) {
        let week = self.week;
        self.hh[h].advance(&self.r, week);
        self.rec
            .referral_wait(week.saturating_sub(self.hh[h].fin_since));
        self.rec.registration(self.hh[h].debt as f64);
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Stabilising;
        hh.fin_worker = w;
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
        // Stabilised: a problematic debt goes on to the credit bank if creditors agree.
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
                self.rec.no_settlement();
            }
        } else {
            self.hh[h].fin_track = FinTrack::Done;
        }
        self.touch(h);
    }

    /// Step 8 (second half): the credit bank starts arrangements as capacity allows.
    fn credit_bank_admission(&mut self) {
        let week = self.week;
        let capacity = self.bank_capacity();
        while self.bank.active < capacity && self.bank.queue_n > 0 {
            let Some((h, _)) = self.bank.queue.pop_front() else {
                break;
            };
            let h = h as usize;
            if self.hh[h].fin_track != FinTrack::ArrangementWaiting {
                continue;
            }
            self.bank.queue_n -= 1;
            self.start_arrangement(h, week);
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

    /// `h` drops out of financial help at whatever stage it is; debts grow again.
    pub fn fin_dropout(&mut self, h: usize) {
        match self.hh[h].fin_track {
            FinTrack::Waiting => self.pools[self.hh[h].fin_pool as usize].queue_n -= 1,
            FinTrack::Stabilising => self.remove_from_worker(h),
            FinTrack::ArrangementWaiting => self.bank.queue_n -= 1,
            FinTrack::Arrangement => self.bank.active -= 1,
            _ => {}
        }
        let hh = &mut self.hh[h];
        hh.fin_track = FinTrack::Dropped;
        hh.fin_timer = NEVER;
        hh.fin_worker = NONE;
        self.rec.fin_dropout();
        self.touch(h);
    }

    /// Weekly drop-out hazard of financial help (MODEL.md section 3, step 8: higher with
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_pools_carry_their_load_alone() {
        // One post for 100 recipients carries all their admin; ten posts share it.
        assert_eq!(admin_hours_per_post(100, 0.1, 1), 10.0);
        assert_eq!(admin_hours_per_post(100, 0.1, 10), 1.0);
        assert_eq!(admin_hours_per_post(100, 0.1, 0), 0.0);
    }
}
