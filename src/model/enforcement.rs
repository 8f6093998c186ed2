//! Enforcement (docs/ODD.md section 7; seed 000).
//!
//! A benefit household may break a rule (more likely with mental-health problems). The
//! sanction cuts income, which adds arrears. Who imposes it matters: under *broad* the
//! team itself does, trust in the team drops sharply and the household is likely to
//! leave the team's care; under *partial* and *separate* enforcement is central and
//! trust in the team drops little.

use super::municipality::Municipality;
use super::{Domain, TeamTrack};
use crate::rng::Purpose;

/// Trust after a sanction imposed by the team (`by_team`) or centrally.
#[inline]
pub fn trust_after_sanction(trust: f64, by_team: bool, drop_team: f64, drop_central: f64) -> f64 {
    (trust - if by_team { drop_team } else { drop_central }).max(0.0)
}

impl Municipality {
    /// A benefit household breaks a rule and is sanctioned.
    pub fn rule_break(&mut self, h: usize) {
        let week = self.week;
        let e = self.r.p.enforcement.clone();
        let t = self.hh[h].team as usize;
        let by_team = self.teams[t].model.team_enforces();
        // Discretion (seed 000): a team that enforces may defer the sanction while the
        // household is in its care or in debt help. Counted: it is a legality risk.
        let helped =
            matches!(self.hh[h].team_track, TeamTrack::InCare) || self.hh[h].fin_track.active();
        if by_team
            && helped
            && e.discretion > 0.0
            && self.key.chance(
                h as u64,
                Purpose::Enforcement,
                (week as u64) | 1 << 32,
                e.discretion,
            )
        {
            self.rec.deferred_sanction();
            return;
        }
        self.rec.sanction();
        // The hours of investigation, hearing and decision fall on the desk that imposes
        // it: a broad team's own W&I posts or the central department (docs/ODD.md 7.12).
        let desk = self.enforcing_pool(h);
        self.pools[desk].sanction_hours += e.hours_per_sanction;
        if let Some(f) = self.rec.flows() {
            f.sanction_eur += e.sanction_eur;
        }
        {
            let hh = &mut self.hh[h];
            if hh.debt <= 0.0 {
                hh.set_onset(Domain::Finance, week);
            }
            hh.debt = (hh.debt as f64 + e.sanction_eur).min(self.r.p.debt.max_eur) as f32;
            hh.set_trust(trust_after_sanction(
                hh.trust(),
                by_team,
                e.trust_drop_team,
                e.trust_drop_central,
            ));
        }
        let cur = self.hh[h].sev(Domain::Income.sev_index());
        self.set_problem(h, Domain::Income, cur.max(self.r.p.problems.onset_severity));
        if by_team
            && matches!(
                self.hh[h].team_track,
                TeamTrack::InCare | TeamTrack::Waiting
            )
            && self.key.chance(
                h as u64,
                Purpose::Enforcement,
                week as u64,
                e.leave_care_team,
            )
        {
            self.rec.dropout();
            self.rec.sanction_dropout();
            self.end_care(h, TeamTrack::Closed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn team_sanction_costs_more_trust() {
        let by_team = trust_after_sanction(0.6, true, 0.5, 0.05);
        let central = trust_after_sanction(0.6, false, 0.5, 0.05);
        assert!(by_team < central);
        assert_eq!(trust_after_sanction(0.1, true, 0.5, 0.05), 0.0);
    }
}
