//! The three ways of linking Work & Income to the district teams (docs/ODD.md section 1,
//! seeds 000 and 003), as a matter of **who sits where**: a linkage model moves W&I
//! posts between the central department and the teams, and decides who enforces.
//! Everything else follows from those people and desks, never from a per-model
//! constant (docs/ODD.md section 7: a label is not a mechanism):
//!
//! * *broad*: the department is spread over the teams in proportion to their districts'
//!   benefit recipients; each team's W&I colleagues administer and sanction their own
//!   district (the pooling of one central queue is lost);
//! * *partial*: `linkage.partial.wi_posts_per_team` support posts move into each team;
//!   administration and enforcement stay central;
//! * *separate*: every post stays central.
//!
//! What a team gets from the W&I people within its reach this week
//! ([`super::team::Team::wi_reach`], from their consultation hours, vacancies, load and
//! knowledge of the district) raises the detection of financial problems and makes a
//! referral a warm hand-off inside the team. A referral that has to go to the central
//! desk (separate teams, a partial team whose attached post is vacant or full) takes
//! the household a drawn time to arrive, may leak on the way, and meets privacy
//! friction; then it waits in the central queue. A team whose W&I posts change at the
//! switch loses working hours to reorganisation for a while.

use super::municipality::Municipality;
use super::staff::Role;
use super::{FinTrack, Week, NEVER};
use crate::rng::Purpose;

pub use crate::scenario::params::LinkageModel;
use crate::scenario::params::PrivacyFiles;

/// Index of the central W&I pool.
pub const CENTRAL: u16 = 0;

/// Pool index of team `t`'s own W&I posts.
#[inline]
pub fn team_pool(t: usize) -> u16 {
    (t + 1) as u16
}

/// Chance a household gives up on its way to the central desk, over `weeks` in
/// transit (docs/ODD.md section 7: more likely with low trust or mental-health problems).
pub fn transit_leakage(
    per_week: f64,
    weeks: f64,
    trust: f64,
    health: f64,
    low_trust_factor: f64,
    health_factor: f64,
) -> f64 {
    let hazard =
        per_week * (1.0 + low_trust_factor * (1.0 - trust)) * (1.0 + health_factor * health);
    (-(-hazard * weeks).exp_m1()).min(0.95)
}

/// Chance a worker makes a referral this week: it needs the social map, to the degree
/// that the destination makes it matter (seed 001).
pub fn refer_chance(map_knowledge: f64, map_importance: f64) -> f64 {
    1.0 - map_importance * (1.0 - map_knowledge)
}

impl Municipality {
    /// Put team `t` under `model`.
    pub fn set_team_model(&mut self, t: usize, model: LinkageModel) {
        let changed = self.teams[t].model != model;
        self.teams[t].model = model;
        if changed && self.rec.on {
            self.rec.switched_teams[model as usize] += 1;
        }
    }

    /// How many W&I posts each pool should hold given the teams' models: *partial*
    /// teams get a fixed number each; *broad* teams share the department in proportion
    /// to their districts' benefit recipients, the administration load that comes with
    /// them (the split that loses the pooling of one queue).
    fn wi_targets(&self) -> Vec<usize> {
        let total = self
            .workers
            .iter()
            .filter(|w| w.role == Role::Wi && !w.retired)
            .count();
        let recipients = self
            .teams
            .iter()
            .map(|t| t.benefit_n as f64)
            .sum::<f64>()
            .max(1.0);
        let mut targets = vec![0usize; self.pools.len()];
        let per_partial = self.r.p.linkage.partial.wi_posts_per_team as usize;
        for (t, team) in self.teams.iter().enumerate() {
            targets[team_pool(t) as usize] = match team.model {
                LinkageModel::Partial => per_partial,
                LinkageModel::Broad => {
                    (total as f64 * team.benefit_n as f64 / recipients).round() as usize
                }
                LinkageModel::Separate => 0,
            };
        }
        // Never plan more posts than exist: trim the largest team allocations.
        while targets.iter().sum::<usize>() > total {
            let (i, _) = targets
                .iter()
                .enumerate()
                .max_by_key(|&(i, &v)| (v, std::cmp::Reverse(i)))
                .expect("pools exist");
            targets[i] -= 1;
        }
        targets[CENTRAL as usize] = total - targets.iter().sum::<usize>();
        targets
    }

    /// Move W&I posts between the central department and the teams to match the teams'
    /// models. A moving post keeps its holder, tenure and current cases, but the holder
    /// loses part of the social map of the new district (docs/ODD.md section 3.3). With
    /// `friction`, a team whose posts change loses working hours for its model's
    /// friction period (lost hours, not a multiplier on outcomes); a partial team that
    /// receives no post changes nothing and loses nothing.
    pub fn place_wi_posts(&mut self, friction: bool) {
        let targets = self.wi_targets();
        let before: Vec<usize> = self.pools.iter().map(|p| p.workers.len()).collect();
        // First release surplus posts from teams back to central, then fill teams from central.
        for pass in 0..2 {
            #[allow(clippy::needless_range_loop)] // `p` indexes pools and targets alike
            for p in 1..self.pools.len() {
                let have = self.pools[p].workers.len();
                let want = targets[p];
                if pass == 0 && have > want {
                    for _ in 0..have - want {
                        let w = self.pools[p].workers.pop().expect("surplus post");
                        self.move_wi_post(w, CENTRAL);
                    }
                } else if pass == 1 && have < want {
                    for _ in 0..want - have {
                        // Take the most recently listed central post (deterministic).
                        let Some(w) = self.pools[CENTRAL as usize].workers.pop() else {
                            break;
                        };
                        self.move_wi_post(w, p as u16);
                    }
                }
            }
        }
        if friction {
            for t in 0..self.teams.len() {
                let p = team_pool(t) as usize;
                if self.pools[p].workers.len() != before[p] {
                    let lp = self.r.linkage(self.teams[t].model);
                    self.teams[t].lost_share = lp.lost_hours_share;
                    self.teams[t].friction_until =
                        self.week.saturating_add(lp.friction_weeks.round() as Week);
                }
            }
        }
        // Households waiting at a desk that has lost all its posts keep their place in
        // order, at the desk their team now refers to.
        for p in 0..self.pools.len() {
            if self.pools[p].workers.is_empty() && self.pools[p].queue_n > 0 {
                self.requeue_elsewhere(p);
            }
        }
    }

    /// Move the queue of desk `p` (which has no one to serve it) to the desks the
    /// households' teams refer to now, keeping their order and the week they joined.
    pub fn requeue_elsewhere(&mut self, p: usize) {
        let queue = std::mem::take(&mut self.pools[p].queue);
        self.pools[p].queue_n = 0;
        for (h, since) in queue {
            let hh = &self.hh[h as usize];
            if hh.fin_track != FinTrack::Waiting || hh.fin_pool as usize != p {
                continue;
            }
            let dest = self.arrival_pool(hh.team as usize);
            if dest as usize == p {
                // Nowhere better to go: keep the place here.
                self.pools[p].queue.push_back((h, since));
                self.pools[p].queue_n += 1;
                continue;
            }
            self.hh[h as usize].set_fin_pool(dest);
            self.pools[dest as usize].queue.push_back((h, since));
            self.pools[dest as usize].queue_n += 1;
        }
    }

    fn move_wi_post(&mut self, w: u16, pool: u16) {
        let loss = self.r.p.staff.map_loss_on_move;
        let week = self.week;
        let worker = &mut self.workers[w as usize];
        worker.home = pool;
        if worker.filled {
            let known = worker.map_weeks(week);
            worker.map_offset = (known * (1.0 - loss) - worker.tenure(week)) as f32;
        }
        self.pools[pool as usize].workers.push(w);
    }

    /// The desk a referral from team `t` goes to: the team's own W&I colleagues when
    /// someone is in post (for an attached worker: with room for another case), else the
    /// central desk, or, when no desk has anyone in post, the team's own.
    pub fn arrival_pool(&self, t: usize) -> u16 {
        let own = team_pool(t);
        let in_team = self.has_filled_post(own)
            && (self.teams[t].model != LinkageModel::Partial || self.pool_has_room(own));
        if in_team {
            own
        } else if self.has_filled_post(CENTRAL) {
            CENTRAL
        } else if self.has_filled_post(own) {
            own
        } else {
            CENTRAL
        }
    }

    /// Whether desk `p` has case slots left beyond the households already queueing.
    fn pool_has_room(&self, p: u16) -> bool {
        let pool = &self.pools[p as usize];
        let cases: usize = pool
            .workers
            .iter()
            .map(|&w| self.workers[w as usize].cases.len())
            .sum();
        pool.case_slots > cases + pool.queue_n as usize
    }

    /// Refer household `h` from its team's care to financial help. A desk in or
    /// attached to the team takes the household in its queue at once (a warm hand-off:
    /// nothing leaks, files are shared). The central desk is reached after a transit
    /// of drawn length, during which the household may give up; without shared files
    /// the W&I worker redoes the intake and the team hears nothing back. Returns
    /// whether the team now regards the question as handed off.
    pub fn refer_to_financial_help(&mut self, h: usize) -> bool {
        let week = self.week;
        let t = self.hh[h].team as usize;
        let pool = self.arrival_pool(t);
        let central = pool == CENTRAL;
        let rp = &self.r.p.referral;
        // Files follow the desk (seed 000): the team and a W&I colleague in it share
        // them; the central desk does not, unless the privacy lever says otherwise.
        let shared = match self.r.p.privacy.files {
            PrivacyFiles::Shared => true,
            PrivacyFiles::NotShared => false,
            PrivacyFiles::ByDesk => !central,
        };
        let (duplicate_hours, early_closure) = if shared {
            (0.0, false)
        } else {
            (rp.central_duplicate_intake_hours, rp.central_early_closure)
        };
        let mut transit: Week = 0;
        if central {
            let draw = self
                .key
                .exp1(h as u64, Purpose::Transit, (week as u64) << 1);
            transit = (draw * rp.central_handoff_weeks).round().clamp(1.0, 520.0) as Week;
            let hh = self.hh[h];
            let leak = transit_leakage(
                rp.transit_leakage_per_week,
                transit as f64,
                hh.trust(),
                hh.sev(super::Domain::Health.sev_index()),
                rp.leakage_low_trust,
                rp.leakage_health,
            );
            if self
                .key
                .chance(h as u64, Purpose::Transit, (week as u64) << 1 | 1, leak)
            {
                self.rec.count_leakage();
                // Without shared files the team hears nothing back and counts the
                // question as dealt with (seed 000); with feedback it will try again.
                return early_closure;
            }
        }
        let work = self.draw_stabilisation_hours(h) + duplicate_hours as f32;
        let hh = &mut self.hh[h];
        hh.set_fin_pool(pool);
        hh.fin_since = week;
        hh.fin_work = work;
        if transit == 0 {
            self.join_fin_queue(h, pool);
        } else {
            let hh = &mut self.hh[h];
            hh.fin_track = FinTrack::Referred;
            hh.fin_timer = week.saturating_add(transit);
            self.wake_by(h, hh_timer(&self.hh[h]));
        }
        true
    }
}

fn hh_timer(h: &super::Household) -> Week {
    if h.fin_track == FinTrack::Referred {
        h.fin_timer
    } else {
        NEVER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transit_leakage_rises_with_time_distrust_and_health() {
        let base = transit_leakage(0.2, 1.0, 1.0, 0.0, 1.0, 1.0);
        assert!((base - (1.0 - (-0.2f64).exp())).abs() < 1e-12);
        assert!(transit_leakage(0.2, 3.0, 1.0, 0.0, 1.0, 1.0) > base);
        assert!(transit_leakage(0.2, 1.0, 0.2, 0.0, 1.0, 1.0) > base);
        assert!(transit_leakage(0.2, 1.0, 1.0, 0.8, 1.0, 1.0) > base);
        assert_eq!(transit_leakage(0.2, 0.0, 1.0, 0.0, 1.0, 1.0), 0.0);
        assert!(transit_leakage(5.0, 10.0, 0.0, 1.0, 5.0, 5.0) <= 0.95);
    }

    #[test]
    fn social_map_matters_for_the_central_desk() {
        let new_worker = 0.3;
        assert!(refer_chance(new_worker, 1.0) < refer_chance(new_worker, 0.1));
        assert_eq!(refer_chance(1.0, 1.0), 1.0);
    }

    #[test]
    fn only_broad_teams_enforce() {
        assert!(LinkageModel::Broad.team_enforces());
        assert!(!LinkageModel::Partial.team_enforces());
        assert!(!LinkageModel::Separate.team_enforces());
    }
}
