//! Escalation to heavier care (MODEL.md section 3, step 10, and "escalation episodes").
//!
//! An escalated household leaves the team's caseload for an episode of drawn length;
//! its other domains keep evolving. At the end the escalated domain drops to a
//! post-care severity; eviction (a shelter episode) is followed by re-housing with
//! higher vulnerability. The household can come back to the team.

use super::municipality::Municipality;
use super::{Domain, Episode, TeamTrack, Week};
use crate::rng::Purpose;
use rand_distr::{Distribution, Gamma};

/// Episode kinds in escalation-index order.
pub const KINDS: [Episode; 3] = [Episode::Ggz, Episode::YouthCare, Episode::Shelter];

/// The domain each episode kind comes from.
pub fn domain_of(e: Episode) -> Domain {
    match e {
        Episode::Ggz => Domain::Health,
        Episode::YouthCare => Domain::Youth,
        Episode::Shelter | Episode::None => Domain::Housing,
    }
}

impl Municipality {
    /// Household `h` escalates to heavier care of kind `k` (index into [`KINDS`]).
    pub fn escalate(&mut self, h: usize, k: usize) {
        let week = self.week;
        let kind = KINDS[k];
        let sl = self.r.p.second_line.clone();
        let in_care = self.hh[h].team_track == TeamTrack::InCare;
        let t = self.hh[h].team as usize;
        if sl.warm_handover && in_care {
            self.teams[t].extra_hours += sl.warm_handover_hours;
        }
        // A referral to heavier care may fail (seed 004): no-show, refusal, rules. The
        // case was closed, so the household must start again from intake, worse off —
        // unless a warm hand-over kept the case open.
        let events = self.hh[h].events as u64;
        if sl.failure > 0.0
            && self
                .key
                .chance(h as u64, Purpose::SecondLine, events, sl.failure)
        {
            self.rec.failed_referral();
            if !(sl.warm_handover && in_care) {
                if in_care {
                    self.end_care(h, TeamTrack::Closed);
                }
                let d = domain_of(kind);
                let s = self.hh[h].sev(d.sev_index());
                self.set_problem(h, d, s + sl.worsening);
            }
            return;
        }
        let mean = match kind {
            Episode::Ggz => self.r.p.escalation.ggz.duration_weeks,
            Episode::YouthCare => self.r.p.escalation.youth.duration_weeks,
            _ => self.r.p.escalation.eviction.duration_weeks,
        };
        let mut s = self
            .key
            .stream(h as u64, Purpose::Episode, self.hh[h].events as u64);
        let weeks = Gamma::new(2.0, mean / 2.0)
            .map(|g| g.sample(&mut s))
            .unwrap_or(mean)
            .round()
            .max(1.0);
        self.rec.escalation(self.hh[h].team as usize, k);
        self.episodes_active[k] += 1;
        if matches!(
            self.hh[h].team_track,
            TeamTrack::InCare | TeamTrack::Waiting
        ) {
            let to = if self.hh[h].team_track == TeamTrack::InCare {
                TeamTrack::Closed
            } else {
                TeamTrack::None
            };
            self.end_care(h, to);
        }
        let hh = &mut self.hh[h];
        hh.episode = kind;
        hh.episode_end = week.saturating_add(weeks.min(5_000.0) as Week);
    }

    /// The heavier-care episode of `h` ends.
    pub fn end_episode(&mut self, h: usize) {
        let kind = self.hh[h].episode;
        if let Some(k) = KINDS.iter().position(|&e| e == kind) {
            self.episodes_active[k] -= 1;
        }
        let post = self.r.p.escalation.post_severity;
        if kind == Episode::Shelter {
            let f = self.r.p.escalation.eviction.vulnerability_factor;
            let v = self.hh[h].vuln();
            self.hh[h].set_vuln(v * f);
        }
        let d = domain_of(kind);
        self.hh[h].sev[d.sev_index()] = 0;
        if post > 0.0 {
            self.set_problem(h, d, post);
        }
        let hh = &mut self.hh[h];
        hh.episode = Episode::None;
        hh.episode_end = super::NEVER;
    }
}
