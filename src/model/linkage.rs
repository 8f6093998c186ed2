//! The three ways of linking Work & Income to the district teams (MODEL.md section 1,
//! seeds 000 and 003), and what each changes: who detects finance, where a referral
//! goes and how it may leak, who enforces, where W&I posts sit (pooling), and the
//! reorganisation friction of switching.

use super::municipality::Municipality;
use super::staff::Role;
use super::{Week, NEVER};
use crate::rng::Purpose;

/// A linkage model.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
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

    /// Whether referrals for finance go to the team's own W&I pool.
    pub fn w_and_i_in_team(self) -> bool {
        self != LinkageModel::Separate
    }
}

/// Index of the central W&I pool.
pub const CENTRAL: u16 = 0;

/// Pool index of team `t`'s own W&I posts.
#[inline]
pub fn team_pool(t: usize) -> u16 {
    (t + 1) as u16
}

/// Chance a referral never arrives (MODEL.md section 3: more likely with low trust or
/// mental-health problems).
pub fn leakage(
    base: f64,
    trust: f64,
    health: f64,
    low_trust_factor: f64,
    health_factor: f64,
) -> f64 {
    (base * (1.0 + low_trust_factor * (1.0 - trust)) * (1.0 + health_factor * health)).min(0.95)
}

/// Chance a worker makes a referral this week: it needs the social map, to the degree
/// that the model makes it matter (seed 001).
pub fn refer_chance(map_knowledge: f64, map_importance: f64) -> f64 {
    1.0 - map_importance * (1.0 - map_knowledge)
}

impl Municipality {
    /// Put team `t` under `model`. With `friction`, the switch costs working hours for
    /// the model's friction period (MODEL.md section 6: lost hours, not a multiplier).
    pub fn set_team_model(&mut self, t: usize, model: LinkageModel, friction: bool) {
        let changed = self.teams[t].model != model;
        self.teams[t].model = model;
        if changed && self.rec.on {
            self.rec.switched_teams[model as usize] += 1;
        }
        if friction && changed {
            let lp = self.r.linkage(model);
            self.teams[t].lost_share = lp.lost_hours_share;
            self.teams[t].friction_until =
                self.week.saturating_add(lp.friction_weeks.round() as Week);
        }
    }

    /// How many W&I posts each pool should hold given the teams' models: *partial*
    /// teams get a fixed number each; *broad* teams share the department in proportion
    /// to their district's size (the split that loses the pooling of one queue).
    fn wi_targets(&self) -> Vec<usize> {
        let total = self.workers.iter().filter(|w| w.role == Role::Wi).count();
        let n_hh = self.hh.len().max(1) as f64;
        let mut targets = vec![0usize; self.pools.len()];
        let per_partial = self.r.p.linkage.partial.wi_posts_per_team as usize;
        for (t, team) in self.teams.iter().enumerate() {
            targets[team_pool(t) as usize] = match team.model {
                LinkageModel::Partial => per_partial,
                LinkageModel::Broad => {
                    (total as f64 * team.households as f64 / n_hh).round() as usize
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
    /// loses part of the social map of the new district (MODEL.md section 6).
    pub fn place_wi_posts(&mut self) {
        let targets = self.wi_targets();
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
        // Households waiting in a pool that has lost all its posts keep their place in
        // order, in the pool of their own team (or central).
        for p in 0..self.pools.len() {
            if self.pools[p].workers.is_empty() && self.pools[p].queue_n > 0 {
                let queue = std::mem::take(&mut self.pools[p].queue);
                self.pools[p].queue_n = 0;
                for (h, since) in queue {
                    let hh = &self.hh[h as usize];
                    if hh.fin_track != super::FinTrack::Waiting || hh.fin_pool as usize != p {
                        continue;
                    }
                    let dest = self.arrival_pool(hh.team as usize);
                    self.hh[h as usize].set_fin_pool(dest);
                    self.pools[dest as usize].queue.push_back((h, since));
                    self.pools[dest as usize].queue_n += 1;
                }
            }
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

    /// The pool a referral from team `t` goes to under the team's model; if that pool
    /// has no posts at all, the central one (or, failing that, the team's own).
    pub fn arrival_pool(&self, t: usize) -> u16 {
        let own = team_pool(t);
        let preferred = match self.teams[t].model {
            LinkageModel::Broad => own,
            // The attached worker is the first stop; when it is full the hand-off goes on
            // to the central department, which keeps the rest of the W&I posts.
            LinkageModel::Partial
                if self.pool_has_room(own) || self.pools[CENTRAL as usize].workers.is_empty() =>
            {
                own
            }
            LinkageModel::Partial | LinkageModel::Separate => CENTRAL,
        };
        if !self.pools[preferred as usize].workers.is_empty() {
            preferred
        } else if !self.pools[CENTRAL as usize].workers.is_empty() {
            CENTRAL
        } else {
            own
        }
    }

    /// Whether pool `p` has a filled post with room to take a household without queueing.
    fn pool_has_room(&self, p: u16) -> bool {
        let cap = self.r.p.wi.caseload_cap as usize;
        let room: usize = self.pools[p as usize]
            .workers
            .iter()
            .map(|&w| &self.workers[w as usize])
            .filter(|w| w.filled)
            .map(|w| cap.saturating_sub(w.cases.len()))
            .sum();
        room > self.pools[p as usize].queue_n as usize
    }

    /// Refer household `h` from its team's care to financial help: delay, leakage and
    /// privacy friction as the team's model prescribes. Returns whether the team now
    /// regards the question as handed off.
    pub fn refer_to_financial_help(&mut self, h: usize) -> bool {
        let week = self.week;
        let t = self.hh[h].team as usize;
        let model = self.teams[t].model;
        let lp = self.r.linkage(model).clone();
        // Files shared between W&I and the team, or not (seed 000): by default only the
        // separate model keeps them apart; the privacy lever can set it for all models.
        let sep = &self.r.p.linkage.separate;
        let (duplicate_hours, early_closure) = match self.r.p.privacy.files.as_str() {
            "shared" => (0.0, false),
            "not_shared" => (sep.duplicate_intake_hours, sep.early_closure),
            _ => (lp.duplicate_intake_hours, lp.early_closure),
        };
        let hh = self.hh[h];
        let leak = leakage(
            lp.leakage,
            hh.trust(),
            hh.sev(super::Domain::Health.sev_index()),
            self.r.p.referral.leakage_low_trust,
            self.r.p.referral.leakage_health,
        );
        let leaked = self
            .key
            .chance(h as u64, Purpose::Referral, (week as u64) << 1 | 1, leak);
        if leaked {
            self.rec.count_leakage();
            // Without shared files the team hears nothing back and counts the question as
            // dealt with (seed 000); with feedback it will try again.
            return early_closure;
        }
        let pool = self.arrival_pool(t);
        let work = self.draw_stabilisation_hours(h) + duplicate_hours as f32;
        let hh = &mut self.hh[h];
        hh.set_fin_pool(pool);
        hh.fin_since = week;
        hh.fin_work = work;
        let delay = lp.referral_delay_weeks.round() as Week;
        if delay == 0 {
            self.join_fin_queue(h, pool);
        } else {
            let hh = &mut self.hh[h];
            hh.fin_track = super::FinTrack::Referred;
            hh.fin_timer = week.saturating_add(delay);
            self.wake_by(h, hh_timer(&self.hh[h]));
        }
        true
    }
}

fn hh_timer(h: &super::Household) -> Week {
    if h.fin_track == super::FinTrack::Referred {
        h.fin_timer
    } else {
        NEVER
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leakage_rises_with_distrust_and_health() {
        let base = leakage(0.2, 1.0, 0.0, 1.0, 1.0);
        assert!((base - 0.2).abs() < 1e-12);
        assert!(leakage(0.2, 0.2, 0.0, 1.0, 1.0) > base);
        assert!(leakage(0.2, 1.0, 0.8, 1.0, 1.0) > base);
        assert!(leakage(0.9, 0.0, 1.0, 5.0, 5.0) <= 0.95);
    }

    #[test]
    fn social_map_matters_most_when_separate() {
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
