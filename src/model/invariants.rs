//! Consistency rules of the state, checked on demand (tests call this every week).
//! A violation names the week, the entity and the rule.

use super::municipality::Municipality;
use super::staff::Role;
use super::{Episode, FinTrack, TeamTrack, NONE};

impl Municipality {
    /// Check every invariant; the first violation is returned as a message.
    pub fn check_invariants(&self) -> Result<(), String> {
        let week = self.week;
        let fail = |what: String| Err(format!("week {week}: {what}"));
        let mut in_care = 0i64;
        let mut waiting = vec![0u32; self.teams.len()];
        for (h, x) in self.hh.iter().enumerate() {
            if x.debt.is_nan() || x.debt < 0.0 {
                return fail(format!("household {h}: debt {} is negative", x.debt));
            }
            // Severities and trust need no check: their fixed point holds them in [0, 1].
            match x.team_track {
                TeamTrack::InCare => {
                    in_care += 1;
                    if x.worker == NONE {
                        return fail(format!("household {h}: in care without a worker"));
                    }
                    let w = &self.workers[x.worker as usize];
                    if !w.filled || w.role != Role::Generalist {
                        return fail(format!("household {h}: in care with worker {} whose post is vacant or not a generalist", x.worker));
                    }
                    if !w.cases.contains(&(h as u32)) {
                        return fail(format!(
                            "household {h}: not in the case list of its worker {}",
                            x.worker
                        ));
                    }
                    if x.episode != Episode::None && x.episode.is_crisis() {
                        return fail(format!(
                            "household {h}: in team care during a crisis episode"
                        ));
                    }
                }
                TeamTrack::Waiting => waiting[x.team as usize] += 1,
                _ => {
                    if x.worker != NONE {
                        return fail(format!("household {h}: has a worker but is not in care"));
                    }
                }
            }
            if x.episode != Episode::None
                && !x.episode.is_crisis()
                && x.detected & x.episode.domain().bit() != 0
            {
                return fail(format!(
                    "household {h}: the team still treats the domain it referred to planned care"
                ));
            }
            if x.fin_track == FinTrack::Stabilising {
                let w = x.fin_worker;
                if w == NONE || !self.workers[w as usize].cases.contains(&(h as u32)) {
                    return fail(format!(
                        "household {h}: stabilising but not in its W&I worker's cases"
                    ));
                }
            }
            if self.wake[h] < week {
                return fail(format!(
                    "household {h}: wake-up week {} is in the past",
                    self.wake[h]
                ));
            }
        }
        if in_care != self.rec.in_care {
            return fail(format!(
                "in-care count {} differs from the {} households in care",
                self.rec.in_care, in_care
            ));
        }
        for (t, team) in self.teams.iter().enumerate() {
            if team.waiting_n != waiting[t] {
                return fail(format!(
                    "team {t}: waiting count {} differs from the {} households waiting",
                    team.waiting_n, waiting[t]
                ));
            }
        }
        for (i, w) in self.workers.iter().enumerate() {
            if !w.filled && !w.cases.is_empty() {
                return fail(format!(
                    "worker {i}: vacant post holds {} cases",
                    w.cases.len()
                ));
            }
        }
        for (k, kind) in Episode::ALL.iter().enumerate() {
            let n = self.hh.iter().filter(|x| x.episode == *kind).count() as u32;
            if n != self.episodes_active[k] {
                return fail(format!(
                    "{} households in episode {:?}, counted {}",
                    n, kind, self.episodes_active[k]
                ));
            }
        }
        let arrangements = self
            .hh
            .iter()
            .filter(|x| x.fin_track == FinTrack::Arrangement)
            .count() as u32;
        if arrangements != self.bank.active {
            return fail(format!(
                "credit bank counts {} arrangements, households {}",
                self.bank.active, arrangements
            ));
        }
        let waiting_bank = self
            .hh
            .iter()
            .filter(|x| x.fin_track == FinTrack::ArrangementWaiting)
            .count() as u32;
        if waiting_bank != self.bank.queue_n {
            return fail(format!(
                "credit bank queue counts {}, households waiting for it {}",
                self.bank.queue_n, waiting_bank
            ));
        }
        for (p, pool) in self.pools.iter().enumerate() {
            let n = self
                .hh
                .iter()
                .filter(|x| x.fin_track == FinTrack::Waiting && x.fin_pool as usize == p)
                .count() as u32;
            if n != pool.queue_n {
                return fail(format!(
                    "W&I pool {p}: queue count {} differs from the {} households waiting",
                    pool.queue_n, n
                ));
            }
        }
        Ok(())
    }
}
