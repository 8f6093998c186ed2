//! Heavier care, by two routes (docs/ODD.md section 7 "escalation episodes").
//!
//! * **Crisis escalation**: an unresolved health, youth or housing problem escalates
//!   (a life event, see `problems.rs`) to specialist mental-health care, youth care
//!   (out-of-home placement) or eviction and shelter. The household leaves the team's
//!   care for the episode. Earlier help lowers this route: treated problems do not
//!   worsen, resolved ones cannot escalate.
//! * **Planned referral**: a generalist who has detected a problem beyond the team's
//!   reach refers it to planned mental-health care, youth care or an individual Wmo
//!   provision. Better detection *raises* this route (CPB 2019 found more individual
//!   Wmo provisions where district teams work). The team goes on with the household's
//!   other problems meanwhile.
//!
//! On either route the referral may fail (seed 004: no-show, refusal, rules): the case
//! is closed and the household must start again from intake, worse off, unless a warm
//! hand-over kept the case open. Episodes have a drawn length; at the end the domain
//! drops to a post-care severity; eviction is followed by re-housing with higher
//! vulnerability. The household can come back to the team.

use super::municipality::Municipality;
use super::{Domain, Episode, TeamTrack, Week};
use crate::rng::Purpose;
use rand_distr::{Distribution, Gamma};

/// Crisis episode kinds in escalation-index order (the hazard array's order).
pub const KINDS: [Episode; 3] = [Episode::Ggz, Episode::YouthCare, Episode::Shelter];

/// The planned care a detected problem of domain `d` is referred to.
pub fn planned_kind(d: Domain) -> Option<Episode> {
    match d {
        Domain::Health => Some(Episode::PlannedGgz),
        Domain::Youth => Some(Episode::PlannedYouth),
        Domain::Housing => Some(Episode::PlannedWmo),
        Domain::Finance | Domain::Income => None,
    }
}

/// The domain each episode kind comes from.
pub fn domain_of(e: Episode) -> Domain {
    e.domain()
}

/// Index of planned-route draws, kept apart from the crisis route's (which are indexed
/// by the household's event count, below 2^16).
const PLANNED_INDEX: u64 = 1 << 32;

impl Municipality {
    /// Household `h` escalates in a crisis to heavier care of kind `k` (index into
    /// [`KINDS`]).
    pub fn escalate(&mut self, h: usize, k: usize) {
        let kind = KINDS[k];
        let events = self.hh[h].events as u64;
        if self.referral_fails(h, kind.domain(), events) {
            return;
        }
        self.start_episode(h, kind, events);
    }

    /// A generalist refers the detected domain `d` of household `h` (in its care) to
    /// planned care. Returns whether the household is still in the team's care.
    pub fn refer_planned(&mut self, h: usize, d: Domain) -> bool {
        let Some(kind) = planned_kind(d) else {
            return true;
        };
        let index = PLANNED_INDEX | (self.week as u64) << 3 | d as u64;
        if self.referral_fails(h, d, index) {
            return self.hh[h].team_track == TeamTrack::InCare;
        }
        // Second-line care takes over this domain; the team no longer treats it.
        self.hh[h].detected &= !d.bit();
        self.start_episode(h, kind, index);
        true
    }

    /// Whether the referral of household `h` for domain `d` fails (seed 004), with its
    /// consequences: a case in team care is closed and the domain worsens, unless a
    /// warm hand-over keeps the case open. A warm hand-over costs team hours whether or
    /// not the referral fails.
    fn referral_fails(&mut self, h: usize, d: Domain, index: u64) -> bool {
        let sl = &self.r.p.second_line;
        let (failure, warm, warm_hours, worsening) = (
            sl.failure,
            sl.warm_handover,
            sl.warm_handover_hours,
            sl.worsening,
        );
        let in_care = self.hh[h].team_track == TeamTrack::InCare;
        if warm && in_care {
            let t = self.hh[h].team as usize;
            self.teams[t].extra_hours += warm_hours;
        }
        if failure <= 0.0
            || !self
                .key
                .chance(h as u64, Purpose::SecondLine, index, failure)
        {
            return false;
        }
        self.rec.failed_referral();
        if !(warm && in_care) {
            if in_care {
                self.end_care(h, TeamTrack::Closed);
            }
            let s = self.hh[h].sev(d.sev_index());
            self.set_problem(h, d, s + worsening);
        }
        true
    }

    /// Start an episode of `kind` for household `h`, its length drawn with `index`.
    fn start_episode(&mut self, h: usize, kind: Episode, index: u64) {
        let week = self.week;
        let sl = &self.r.p.second_line;
        let esc = &self.r.p.escalation;
        let mean = match kind {
            Episode::Ggz => esc.ggz.duration_weeks,
            Episode::YouthCare => esc.youth.duration_weeks,
            Episode::Shelter => esc.eviction.duration_weeks,
            Episode::PlannedGgz => sl.planned_ggz_weeks,
            Episode::PlannedYouth => sl.planned_youth_weeks,
            Episode::PlannedWmo | Episode::None => sl.planned_wmo_weeks,
        };
        let mut s = self.key.stream(h as u64, Purpose::Episode, index);
        let weeks = Gamma::new(2.0, mean / 2.0)
            .map(|g| g.sample(&mut s))
            .unwrap_or(mean)
            .round()
            .max(1.0);
        let t = self.hh[h].team as usize;
        self.rec.episode_started(t, kind);
        self.episodes_active[kind.index()] += 1;
        if kind.is_crisis()
            && matches!(
                self.hh[h].team_track,
                TeamTrack::InCare | TeamTrack::Waiting
            )
        {
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
        if kind == Episode::None {
            return;
        }
        self.episodes_active[kind.index()] -= 1;
        let post = if kind.is_crisis() {
            self.r.p.escalation.post_severity
        } else {
            self.r.p.second_line.planned_post_severity
        };
        if kind == Episode::Shelter {
            let f = self.r.p.escalation.eviction.vulnerability_factor;
            let v = self.hh[h].vuln();
            self.hh[h].set_vuln(v * f);
        }
        let d = kind.domain();
        self.hh[h].sev[d.sev_index()] = 0;
        if post > 0.0 {
            self.set_problem(h, d, post);
        }
        let hh = &mut self.hh[h];
        hh.episode = Episode::None;
        hh.episode_end = super::NEVER;
    }
}
