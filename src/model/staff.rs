//! Workers and staff turnover (docs/ODD.md section 7).
//!
//! A worker may quit each week (higher when over its caseload cap); the post then
//! stays vacant for a hiring delay and its cases are handed over — to colleagues, who
//! may go over cap, or back to the waiting list — and each hand-over risks the
//! household dropping out (seed 001: "wisseling van de wacht"). A new worker starts
//! with low skill in spotting problems and little knowledge of the social map, both
//! of which grow with tenure (seed 001, Den Bosch).

use super::municipality::Municipality;
use super::{FinTrack, TeamTrack, Week, NONE};
use crate::rng::Purpose;

/// What a post does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Role {
    /// District-team generalist.
    Generalist,
    /// W&I worker: income support, debt-help intake and stabilisation, enforcement.
    Wi,
    /// Credit-bank debt counsellor (arrangements; central in every model).
    Counsellor,
}

impl Role {
    /// Name as in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Role::Generalist => "generalist",
            Role::Wi => "wi_worker",
            Role::Counsellor => "debt_counsellor",
        }
    }
}

/// A post and its holder.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Worker {
    /// Role of the post.
    pub role: Role,
    /// Team index (generalists) or pool index (W&I); 0 for counsellors.
    pub home: u16,
    /// Whether the post has a holder.
    pub filled: bool,
    /// Week the holder started.
    pub start: Week,
    /// Social-map weeks the holder knew on starting here (negative after a move).
    pub map_offset: f32,
    /// Week a vacant post is filled.
    pub vacant_until: Week,
    /// Post taken out of service (staff cut at the switch).
    pub retired: bool,
    /// Trained in spotting financial problems (the training lever); lost when the
    /// holder leaves.
    pub trained: bool,
    /// Households in this worker's care (generalist) or stabilisation (W&I).
    pub cases: Vec<u32>,
    /// Key of the post's dice (quitting, hiring delay): its role, the desk it was
    /// created at and its number among that desk's posts of that role, so a post
    /// opened elsewhere (another package's credit bank) does not change its dice.
    #[serde(default)]
    pub dice: u64,
}

impl Worker {
    /// A filled post whose holder started at `start`.
    pub fn new(role: Role, home: u16, start: Week, cap: usize) -> Self {
        Worker {
            role,
            home,
            filled: true,
            start,
            map_offset: 0.0,
            vacant_until: 0,
            retired: false,
            trained: false,
            cases: Vec::with_capacity(cap * 2),
            dice: 0,
        }
    }

    /// Weeks in post.
    #[inline]
    pub fn tenure(&self, week: Week) -> f64 {
        week.saturating_sub(self.start) as f64
    }

    /// Effective weeks of social-map learning in the current district.
    #[inline]
    pub fn map_weeks(&self, week: Week) -> f64 {
        (self.tenure(week) + self.map_offset as f64).max(0.0)
    }
}

/// Learning curve: `start + (1 - start)(1 - e^{-weeks/tau})`.
#[inline]
pub fn learning(start: f64, weeks: f64, tau: f64) -> f64 {
    start + (1.0 - start) * (1.0 - (-weeks / tau).exp())
}

/// Weekly chance of quitting.
#[inline]
pub fn quit_chance(weekly_rate: f64, over_cap: bool, overload_factor: f64) -> f64 {
    let rate = if over_cap {
        weekly_rate * overload_factor
    } else {
        weekly_rate
    };
    1.0 - (-rate).exp()
}

impl Municipality {
    /// Skill of worker `w` in spotting problems, relative to an experienced worker.
    pub fn skill(&self, w: u16) -> f64 {
        let s = &self.r.p.staff;
        learning(
            s.skill_start,
            self.workers[w as usize].tenure(self.week),
            s.skill_weeks,
        )
    }

    /// Social-map knowledge of worker `w`, 0..1.
    pub fn social_map(&self, w: u16) -> f64 {
        let s = &self.r.p.staff;
        learning(
            s.map_start,
            self.workers[w as usize].map_weeks(self.week),
            s.map_weeks,
        )
    }

    /// Step 1 of the week: quits, hand-overs, vacancies filled.
    pub fn staff_turnover(&mut self) {
        let week = self.week;
        for w in 0..self.workers.len() {
            let worker = &self.workers[w];
            if worker.retired {
                continue;
            }
            if !worker.filled {
                self.rec.vacancy_week();
                if week >= worker.vacant_until {
                    // A newcomer starts at `map_start` knowledge: zero weeks of learning.
                    let train = self.rec.on
                        && self.r.p.training.enabled
                        && self.r.p.training.new_hires
                        && self.workers[w].role == Role::Generalist;
                    let worker = &mut self.workers[w];
                    worker.filled = true;
                    worker.start = week;
                    worker.map_offset = 0.0;
                    worker.trained = false;
                    if train {
                        self.train_worker(w as u16);
                    }
                }
                continue;
            }
            self.rec.post_week();
            let cap = match worker.role {
                Role::Generalist => self.policy_caseload_cap(),
                Role::Wi => self.pools[worker.home as usize].case_cap,
                Role::Counsellor => usize::MAX,
            };
            let p = quit_chance(
                self.r.quit,
                worker.cases.len() > cap,
                self.r.p.staff.overload_quit_factor,
            );
            if self
                .key
                .chance(worker.dice, Purpose::Staff, week as u64 * 2, p)
            {
                self.worker_leaves(w as u16);
            }
        }
    }

    /// Train worker `w` (the training lever), counting it and its cost.
    pub fn train_worker(&mut self, w: u16) {
        self.workers[w as usize].trained = true;
        let price = self.r.p.training.eur_per_worker;
        if self.rec.on {
            self.rec.trained_workers += 1;
        }
        if let Some(f) = self.rec.flows() {
            f.trained_workers += 1;
            f.training_eur += price;
        }
    }

    /// The filled post among `posts` (other than `except`) with the fewest cases, if it
    /// has fewer than `limit`; ties go to the lowest post number (deterministic).
    pub fn least_loaded(&self, posts: &[u16], limit: usize, except: u16) -> Option<u16> {
        posts
            .iter()
            .copied()
            .filter(|&w| {
                w != except
                    && self.workers[w as usize].filled
                    && self.workers[w as usize].cases.len() < limit
            })
            .min_by_key(|&w| (self.workers[w as usize].cases.len(), w))
    }

    /// Caseload cap of generalists.
    pub fn policy_caseload_cap(&self) -> usize {
        self.r.p.team.caseload_cap as usize
    }

    /// The holder of post `w` leaves: the post falls vacant and the cases are handed over.
    pub fn worker_leaves(&mut self, w: u16) {
        let week = self.week;
        self.rec.leaver();
        let delay = self.r.p.staff.hiring_delay_weeks
            * (0.5
                + self.key.uniform(
                    self.workers[w as usize].dice,
                    Purpose::Staff,
                    week as u64 * 2 + 1,
                ));
        let cases = {
            let worker = &mut self.workers[w as usize];
            worker.filled = false;
            worker.vacant_until = week.saturating_add(delay.round() as Week);
            std::mem::take(&mut worker.cases)
        };
        let role = self.workers[w as usize].role;
        for (i, &h) in cases.iter().enumerate() {
            let dropped = self.key.chance(
                h as u64,
                Purpose::Handover,
                ((week as u64) << 8) | (i as u64 & 0xff),
                self.r.p.staff.handover_dropout,
            );
            match role {
                Role::Generalist => self.hand_over_care(h as usize, w, dropped),
                Role::Wi => self.hand_over_stabilisation(h as usize, w, dropped),
                Role::Counsellor => {}
            }
        }
        // A team desk left with no one in post (an attached worker's vacancy) passes its
        // queue on to the desk its team now refers to: the team works as a separate one
        // until the post is filled.
        let home = self.workers[w as usize].home;
        if role == Role::Wi && home != super::linkage::CENTRAL && !self.has_filled_post(home) {
            self.requeue_elsewhere(home as usize);
        }
        // Give the vector back so its capacity is reused by the next holder.
        let mut cases = cases;
        cases.clear();
        self.workers[w as usize].cases = cases;
    }

    fn hand_over_care(&mut self, h: usize, from: u16, dropped: bool) {
        let t = self.hh[h].team as usize;
        if dropped {
            self.hh[h].worker = NONE;
            self.end_care(h, TeamTrack::Closed);
            self.rec.dropout();
            return;
        }
        let limit =
            (self.policy_caseload_cap() as f64 * self.r.p.team.overflow_factor).floor() as usize;
        let colleague = self.least_loaded(&self.teams[t].generalists, limit, from);
        match colleague {
            Some(c) => {
                self.workers[c as usize].cases.push(h as u32);
                self.hh[h].worker = c;
            }
            None => {
                // The care episode ends; the household goes to the front of the waiting
                // list and is assessed afresh at its next intake.
                self.hh[h].worker = NONE;
                self.end_care(h, TeamTrack::Waiting);
                self.hh[h].queue_since = self.week;
                self.teams[t].waiting.push_front((h as u32, self.week));
                self.teams[t].waiting_n += 1;
            }
        }
    }

    fn hand_over_stabilisation(&mut self, h: usize, from: u16, dropped: bool) {
        let pool = self.workers[from as usize].home as usize;
        if dropped {
            self.hh[h].fin_worker = NONE;
            self.fin_dropout(h);
            return;
        }
        let limit =
            (self.pools[pool].case_cap as f64 * self.r.p.team.overflow_factor).floor() as usize;
        let colleague = self.least_loaded(&self.pools[pool].workers, limit, from);
        match colleague {
            Some(c) => {
                self.workers[c as usize].cases.push(h as u32);
                self.hh[h].fin_worker = c;
            }
            None => {
                // Back to the front of the desk's queue.
                let hh = &mut self.hh[h];
                hh.fin_worker = NONE;
                hh.fin_track = FinTrack::Waiting;
                hh.set_fin_pool(pool as u16);
                self.pools[pool].queue.push_front((h as u32, self.week));
                self.pools[pool].queue_n += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_grows_from_start_to_one() {
        assert!((learning(0.6, 0.0, 52.0) - 0.6).abs() < 1e-12);
        assert!(learning(0.6, 52.0, 52.0) > 0.8);
        assert!(learning(0.6, 1e4, 52.0) > 0.999);
    }

    #[test]
    fn overload_raises_quitting() {
        let r = 0.22 / 52.0;
        assert!(quit_chance(r, true, 1.5) > quit_chance(r, false, 1.5));
        let yearly = 1.0 - (1.0 - quit_chance(r, false, 1.5)).powi(52);
        assert!((yearly - (1.0 - (-0.22f64).exp())).abs() < 1e-9);
    }
}
