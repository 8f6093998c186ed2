//! The recorder: aggregates, not raw events (docs/ODD.md section 7
//! section 4). Flows are counted from the switch week on; stocks are read at the end.
//! Everything here is a plain number so that a run's result is small and cheap to
//! collect from many threads.

/// Declares the outcome columns: each column's name and the expression of its value
/// stand on one line, so a column can never be labelled with another's value.
macro_rules! outcomes {
    ($rec:ident, $end:ident; $( $name:literal => $value:expr ),* $(,)?) => {
        /// Names of the per-run outcomes, in column order (units and meanings in docs/OUTPUTS.md).
        pub const OUTCOMES: &[&str] = &[$($name),*];

        /// The outcome values of one run, in [`OUTCOMES`] order.
        fn outcome_values($rec: &Recorder, $end: &EndState) -> Vec<f64> {
            vec![$($value),*]
        }
    };
}

/// `x / d`, or 0 when there is nothing to divide by.
fn per(x: f64, d: f64) -> f64 {
    if d > 0.0 {
        x / d
    } else {
        0.0
    }
}

/// Years after the switch.
fn years(end: &EndState) -> f64 {
    end.horizon_weeks as f64 / 52.0
}

/// A count over the horizon as a rate per 1,000 households per year.
fn per_1000_year(end: &EndState, x: u64) -> f64 {
    per(x as f64, end.households as f64 / 1000.0 * years(end))
}

/// Household-years in team care after the switch: the exposure of the planned-care
/// route (docs/ODD.md section 7.17), so that a model with fewer households in care is
/// not credited with fewer referrals it could never have made.
fn care_years(rec: &Recorder) -> f64 {
    rec.years.iter().map(|y| y.care_weeks).sum::<u64>() as f64 / 52.0
}

outcomes! { rec, end;
    "households" => end.households as f64,
    "unresolved_debt_households" => end.unresolved_debt_households as f64,
    "unresolved_debt_eur" => end.unresolved_debt_eur,
    "arrangement_households" => end.arrangement_households as f64,
    "problematic_debt_share" => per(end.problematic_households as f64, end.households as f64),
    "debt_help_share" => per(end.problematic_in_debt_help as f64, end.problematic_households as f64),
    "escalations_per_1000" => per_1000_year(end, rec.escalations.iter().sum()),
    "escalations_ggz" => per_1000_year(end, rec.escalations[0]),
    "escalations_youth" => per_1000_year(end, rec.escalations[1]),
    "escalations_eviction" => per_1000_year(end, rec.escalations[2]),
    "planned_care_per_1000" => per_1000_year(end, rec.planned.iter().sum()),
    "planned_ggz" => per_1000_year(end, rec.planned[0]),
    "planned_youth" => per_1000_year(end, rec.planned[1]),
    "planned_wmo" => per_1000_year(end, rec.planned[2]),
    "planned_care_per_care_year" => per(rec.planned.iter().sum::<u64>() as f64, care_years(rec)),
    "escalations_per_care_year" => per(rec.escalations.iter().sum::<u64>() as f64, care_years(rec)),
    "intake_wait_mean_weeks" => rec.intake_waits.mean(),
    "intake_wait_p90_weeks" => rec.intake_waits.quantile(0.9),
    "referral_wait_mean_weeks" => rec.referral_waits.mean(),
    "referral_wait_p90_weeks" => rec.referral_waits.quantile(0.9),
    "wi_queue_wait_mean_weeks" => rec.wi_queue_waits.mean(),
    "arrangement_wait_mean_weeks" => rec.arrangement_waits.mean(),
    "arrangement_wait_p90_weeks" => rec.arrangement_waits.quantile(0.9),
    "arrangement_queue_end" => end.arrangement_queue as f64,
    "finance_detected_share" => per(rec.fin_detected as f64, rec.fin_present as f64),
    "finance_present_share" => per(rec.money_present as f64, rec.care_episodes as f64),
    "intakes_per_1000" => per_1000_year(end, rec.intake_waits.count()),
    "reintakes" => rec.reintakes as f64,
    "dropouts" => rec.dropouts as f64,
    "sanction_dropouts" => rec.sanction_dropouts as f64,
    "debt_help_intakes" => rec.referral_waits.count() as f64,
    "debt_help_dropouts" => rec.fin_dropouts as f64,
    "referral_leakage" => rec.leakage as f64,
    "sanctions" => rec.sanctions as f64,
    "arrangements_started" => rec.arrangement_waits.count() as f64,
    "arrangements_completed" => rec.arrangements_completed as f64,
    "mean_debt_at_registration_eur" => per(rec.registration_debt, rec.registrations as f64),
    "staff_turnover" => per(rec.leavers as f64, (rec.post_weeks + rec.vacancy_weeks) as f64 / 52.0),
    "vacancy_weeks" => rec.vacancy_weeks as f64,
    "mean_caseload" => per(rec.caseload_sum as f64, rec.caseload_n as f64),
    "waiting_list_end" => end.waiting_list as f64,
    "benefit_household_years" => rec.benefit_weeks as f64 / 52.0,
    "wi_hours_per_year" => per(rec.wi_hours.iter().sum(), years(end)),
    "signals" => rec.signals as f64,
    "signals_accepted" => rec.signals_accepted as f64,
    "legal_cases" => rec.legal_cases as f64,
    "flexible_budget_cases" => rec.flexible_budget_cases as f64,
    "failed_referrals" => rec.failed_referrals as f64,
    "deferred_sanctions" => rec.deferred_sanctions as f64,
    "trained_workers" => rec.trained_workers as f64,
}

/// Index of an outcome by name (compile-time list above).
pub fn outcome_index(name: &str) -> Option<usize> {
    OUTCOMES.iter().position(|&o| o == name)
}

/// Weekly series names, in metric-id order.
pub const SERIES: &[&str] = &[
    "waiting_list",
    "in_care",
    "mean_caseload",
    "wi_queue",
    "arrangement_queue",
    "arrangements",
    "vacant_posts",
    "escalations_cumulative",
    "planned_care_cumulative",
    "problematic_debt_households",
    "unresolved_debt_households",
];

/// Metric ids of [`SERIES`].
#[allow(missing_docs)]
pub mod series {
    pub const WAITING_LIST: u8 = 0;
    pub const IN_CARE: u8 = 1;
    pub const MEAN_CASELOAD: u8 = 2;
    pub const WI_QUEUE: u8 = 3;
    pub const ARRANGEMENT_QUEUE: u8 = 4;
    pub const ARRANGEMENTS: u8 = 5;
    pub const VACANT_POSTS: u8 = 6;
    pub const ESCALATIONS_CUMULATIVE: u8 = 7;
    pub const PLANNED_CARE_CUMULATIVE: u8 = 8;
    pub const PROBLEMATIC_DEBT: u8 = 9;
    pub const UNRESOLVED_DEBT: u8 = 10;
}

/// One point of a weekly series: week after the switch, metric id, value.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Point {
    /// Weeks since the switch.
    pub week: u16,
    /// Index into [`SERIES`].
    pub metric: u8,
    /// Value.
    pub value: f64,
}

/// A histogram of whole-week waits, for exact means and percentiles.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Histogram {
    bins: Vec<u64>,
    sum: u64,
    n: u64,
}

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            bins: vec![0; 1024],
            sum: 0,
            n: 0,
        }
    }
}

impl Histogram {
    /// Add one wait of `weeks`.
    #[inline]
    pub fn add(&mut self, weeks: u16) {
        let i = (weeks as usize).min(self.bins.len() - 1);
        self.bins[i] += 1;
        self.sum += weeks as u64;
        self.n += 1;
    }

    /// Mean, or 0 when empty.
    pub fn mean(&self) -> f64 {
        if self.n == 0 {
            0.0
        } else {
            self.sum as f64 / self.n as f64
        }
    }

    /// The smallest wait `w` such that at least `q` of waits are `<= w`; 0 when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return 0.0;
        }
        let target = (q * self.n as f64).ceil().max(1.0) as u64;
        let mut acc = 0;
        for (i, &c) in self.bins.iter().enumerate() {
            acc += c;
            if acc >= target {
                return i as f64;
            }
        }
        (self.bins.len() - 1) as f64
    }

    /// Number of waits recorded.
    pub fn count(&self) -> u64 {
        self.n
    }

    /// Add another histogram's waits to this one.
    pub fn absorb(&mut self, o: &Histogram) {
        for (a, b) in self.bins.iter_mut().zip(&o.bins) {
            *a += b;
        }
        self.sum += o.sum;
        self.n += o.n;
    }
}

impl YearFlows {
    /// Add another municipality's flows of the same year.
    pub fn absorb(&mut self, o: &YearFlows) {
        for k in 0..3 {
            self.post_weeks[k] += o.post_weeks[k];
        }
        for k in 0..6 {
            self.episode_weeks[k] += o.episode_weeks[k];
            self.episodes_started[k] += o.episodes_started[k];
        }
        for k in 0..self.wi_hours.len() {
            self.wi_hours[k] += o.wi_hours[k];
        }
        self.problematic_weeks += o.problematic_weeks;
        self.benefit_weeks += o.benefit_weeks;
        self.care_weeks += o.care_weeks;
        self.arrangement_weeks += o.arrangement_weeks;
        self.sanction_eur += o.sanction_eur;
        self.settled_eur += o.settled_eur;
        self.trajectories += o.trajectories;
        self.flexible_budget_eur += o.flexible_budget_eur;
        self.trained_workers += o.trained_workers;
        self.training_eur += o.training_eur;
    }

    /// Every quantity of the year by name (units in the names), for the MKBA's
    /// bookkeeping and its test that every flow is priced or has a reason not to be.
    /// Written as a destructuring, so a field added to the struct and not listed here
    /// is a compile error.
    pub fn quantities(&self) -> Vec<(&'static str, f64)> {
        let YearFlows {
            post_weeks,
            episode_weeks,
            episodes_started,
            problematic_weeks,
            benefit_weeks,
            care_weeks,
            arrangement_weeks,
            sanction_eur,
            settled_eur,
            trajectories,
            flexible_budget_eur,
            trained_workers,
            training_eur,
            wi_hours,
        } = self;
        let mut out = vec![
            ("generalist_post_weeks", post_weeks[0] as f64),
            ("wi_post_weeks", post_weeks[1] as f64),
            ("counsellor_post_weeks", post_weeks[2] as f64),
        ];
        for k in 0..6 {
            out.push((EPISODE_WEEKS[k], episode_weeks[k] as f64));
            out.push((EPISODES_STARTED[k], episodes_started[k] as f64));
        }
        out.extend([
            ("unresolved_debt_household_weeks", *problematic_weeks as f64),
            ("benefit_household_weeks", *benefit_weeks as f64),
            ("team_care_household_weeks", *care_weeks as f64),
            ("arrangement_weeks", *arrangement_weeks as f64),
            ("sanction_eur", *sanction_eur),
            ("settled_debt_eur", *settled_eur),
            ("debt_help_trajectories", *trajectories as f64),
            ("flexible_budget_eur", *flexible_budget_eur),
            ("trained_workers", *trained_workers as f64),
            ("training_eur", *training_eur),
        ]);
        for k in 0..WI_HOURS.len() {
            out.push((WI_HOURS[k], wi_hours[k]));
        }
        out
    }
}

/// Names of the episode-week quantities, in [`crate::model::Episode::index`] order.
pub const EPISODE_WEEKS: [&str; 6] = [
    "ggz_household_weeks",
    "youth_care_household_weeks",
    "shelter_household_weeks",
    "planned_ggz_household_weeks",
    "planned_youth_household_weeks",
    "wmo_household_weeks",
];

/// Names of the episodes-started quantities, in [`crate::model::Episode::index`] order.
pub const EPISODES_STARTED: [&str; 6] = [
    "ggz_episodes",
    "youth_care_episodes",
    "evictions",
    "planned_ggz_episodes",
    "planned_youth_episodes",
    "wmo_episodes",
];

/// Names of the W&I hours, in [`crate::model::debt_help::WiWork`] order.
pub const WI_HOURS: [&str; 7] = [
    "wi_hours_administration",
    "wi_hours_sanctions",
    "wi_hours_consultation",
    "wi_hours_outreach",
    "wi_hours_dropout_closure",
    "wi_hours_intake",
    "wi_hours_stabilisation",
];

/// Flows of one year after the switch, the raw material of the MKBA (quantities, not
/// euros: prices are applied by [`crate::mkba`]).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct YearFlows {
    /// Filled post-weeks by role: generalist, W&I, debt counsellor.
    pub post_weeks: [u64; 3],
    /// Household-weeks in heavier care, by [`crate::model::Episode::index`].
    pub episode_weeks: [u64; 6],
    /// Episodes started, by [`crate::model::Episode::index`] (shelter: evictions).
    pub episodes_started: [u64; 6],
    /// Household-weeks with unresolved problematic debt, i.e. not in a running
    /// arrangement (sampled every 13 weeks).
    pub problematic_weeks: u64,
    /// Household-weeks on benefit.
    pub benefit_weeks: u64,
    /// Household-weeks in team care.
    pub care_weeks: u64,
    /// Arrangement-weeks run by the credit bank.
    pub arrangement_weeks: u64,
    /// Euros of benefit withheld by sanctions.
    pub sanction_eur: f64,
    /// Euros of debt settled (written off by creditors) at the end of arrangements.
    pub settled_eur: f64,
    /// Households that started stabilisation (debt-help trajectories).
    pub trajectories: u64,
    /// Euros of flexible budget spent.
    pub flexible_budget_eur: f64,
    /// Workers trained.
    pub trained_workers: u64,
    /// Euros spent on training workers (the training lever).
    pub training_eur: f64,
    /// W&I hours spent, by [`crate::model::debt_help::WiWork`].
    pub wi_hours: [f64; 7],
}

/// Cumulative counts of one team since the switch (for pilot sizing: a real pilot
/// compares teams, not the same households twice).
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TeamCounts {
    /// Households in the district.
    pub households: u32,
    /// Care episodes ended with a debt problem present.
    pub fin_present: u32,
    /// ... and detected.
    pub fin_detected: u32,
    /// Intakes.
    pub intakes: u32,
    /// Summed intake waits, weeks.
    pub wait_weeks: u64,
    /// Escalations to heavier care.
    pub escalations: u32,
    /// Households with unresolved problematic debt at the snapshot.
    pub unresolved: u32,
}

/// Counts gathered while a run goes.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
#[allow(missing_docs)]
pub struct Recorder {
    /// Flows are counted only once this is on (from the switch).
    pub on: bool,
    /// Households in team care now (a stock, always kept).
    pub in_care: i64,
    pub intake_waits: Histogram,
    pub referral_waits: Histogram,
    /// Waits in a W&I desk's own queue, from arrival at the desk (after the hand-off)
    /// to the start of stabilisation: the desk's part of `referral_waits`.
    #[serde(default)]
    pub wi_queue_waits: Histogram,
    /// Waits from joining the credit bank's queue to the start of an arrangement.
    pub arrangement_waits: Histogram,
    /// Crisis escalations: GGZ, youth care, eviction.
    pub escalations: [u64; 3],
    /// Planned referrals to second-line care: GGZ, youth care, Wmo.
    pub planned: [u64; 3],
    /// W&I hours spent, by [`crate::model::debt_help::WiWork`], since the switch.
    pub wi_hours: [f64; 7],
    pub care_episodes: u64,
    /// Care episodes with a financial problem (debt or income).
    pub money_present: u64,
    /// Care episodes with a debt problem.
    pub fin_present: u64,
    pub fin_detected: u64,
    pub dropouts: u64,
    pub sanction_dropouts: u64,
    pub fin_dropouts: u64,
    pub leakage: u64,
    pub no_settlement: u64,
    pub reintakes: u64,
    pub closures: u64,
    pub sanctions: u64,
    pub leavers: u64,
    pub post_weeks: u64,
    pub vacancy_weeks: u64,
    pub caseload_sum: u64,
    pub caseload_n: u64,
    pub arrangements_completed: u64,
    pub registrations: u64,
    pub registration_debt: f64,
    pub benefit_weeks: u64,
    pub signals: u64,
    pub signals_accepted: u64,
    pub legal_cases: u64,
    pub flexible_budget_cases: u64,
    pub failed_referrals: u64,
    pub deferred_sanctions: u64,
    pub trained_workers: u64,
    pub series: Vec<Point>,
    /// Flows per year after the switch.
    pub years: Vec<YearFlows>,
    /// Index of the current year in `years`.
    pub year: usize,
    /// Teams that changed model at the switch, by new model (broad, partial, separate).
    pub switched_teams: [u32; 3],
    /// Teams under each model after the switch (broad, partial, separate).
    pub teams_by_model: [u32; 3],
    /// Per-team counts since the switch.
    pub teams: Vec<TeamCounts>,
    /// Take a per-team snapshot every this many weeks after the switch (0: never).
    pub snapshot_weeks: u16,
    /// Snapshots: weeks since the switch, and the team counts then.
    pub snapshots: Vec<(u16, Vec<TeamCounts>)>,
    /// Filled generalist posts behind each weekly mean-caseload point (to weight it when
    /// municipalities are added up).
    pub caseload_posts: Vec<u32>,
}

macro_rules! counter {
    ($(#[$m:meta])* $name:ident, $field:ident) => {
        $(#[$m])*
        #[inline]
        pub fn $name(&mut self) {
            if self.on {
                self.$field += 1;
            }
        }
    };
}

impl Recorder {
    counter!(/// A referral that never arrived.
        count_leakage, leakage);
    counter!(/// A vacant post-week.
        vacancy_week, vacancy_weeks);
    counter!(/// A filled post-week.
        post_week, post_weeks);
    counter!(/// A worker left.
        leaver, leavers);
    counter!(/// A household dropped out of team care.
        dropout, dropouts);
    counter!(/// A drop-out caused by the team's own sanction.
        sanction_dropout, sanction_dropouts);
    counter!(/// A household came back to the team.
        reintake, reintakes);
    counter!(/// A case closed.
        closure, closures);
    counter!(/// A stabilised debt without an agreed arrangement.
        no_settlement, no_settlement);
    counter!(/// An arrangement completed.
        arrangement_completed, arrangements_completed);
    counter!(/// A drop-out from financial help.
        fin_dropout, fin_dropouts);
    counter!(/// A sanction.
        sanction, sanctions);
    counter!(/// A signal of new arrears.
        signal, signals);
    counter!(/// A signal whose household accepted help.
        signal_accepted, signals_accepted);
    counter!(/// A case taken on by a social-legal advisor.
        legal_case, legal_cases);
    counter!(/// A referral to heavier care that failed.
        failed_referral, failed_referrals);
    counter!(/// A sanction deferred at the team's discretion.
        deferred_sanction, deferred_sanctions);

    /// Set the week (counted from the switch) that flows belong to.
    pub fn set_week(&mut self, weeks_since_switch: u16) {
        self.year = weeks_since_switch as usize / 52;
        while self.years.len() <= self.year {
            self.years.push(YearFlows::default());
        }
    }

    /// This year's flows, when counting.
    #[inline]
    pub fn flows(&mut self) -> Option<&mut YearFlows> {
        if self.on {
            self.years.get_mut(self.year)
        } else {
            None
        }
    }

    /// Change of the in-care stock.
    #[inline]
    pub fn care_count(&mut self, delta: i64) {
        self.in_care += delta;
    }

    /// A care episode ended: was there a financial problem (debt or income), was there
    /// a debt problem, and was the debt problem detected?
    #[inline]
    pub fn care_episode_ended(&mut self, team: usize, money: bool, debt: bool, detected: bool) {
        if self.on {
            let t = &mut self.teams[team];
            t.fin_present += debt as u32;
            t.fin_detected += (debt && detected) as u32;
            self.care_episodes += 1;
            self.money_present += money as u64;
            if debt {
                self.fin_present += 1;
                if detected {
                    self.fin_detected += 1;
                }
            }
        }
    }

    /// A household was taken in after waiting `weeks`.
    #[inline]
    pub fn intake_wait(&mut self, team: usize, weeks: u16) {
        if self.on {
            self.teams[team].intakes += 1;
            self.teams[team].wait_weeks += weeks as u64;
            self.intake_waits.add(weeks);
        }
    }

    /// A stabilised household started its arrangement after `weeks` in the credit
    /// bank's queue.
    #[inline]
    pub fn arrangement_wait(&mut self, weeks: u16) {
        if self.on {
            self.arrangement_waits.add(weeks);
        }
    }

    /// W&I hours spent on `work`.
    #[inline]
    pub fn wi_work(&mut self, work: crate::model::debt_help::WiWork, hours: f64) {
        if let Some(f) = self.flows() {
            f.wi_hours[work as usize] += hours;
        }
        if self.on {
            self.wi_hours[work as usize] += hours;
        }
    }

    /// A referred household started stabilisation `weeks` after its referral, of
    /// which `queued` in the desk's own queue.
    #[inline]
    pub fn referral_wait(&mut self, weeks: u16, queued: u16) {
        if self.on {
            self.referral_waits.add(weeks);
            self.wi_queue_waits.add(queued);
        }
    }

    /// Debt of a household registering for stabilisation.
    #[inline]
    pub fn registration(&mut self, debt: f64) {
        if let Some(f) = self.flows() {
            f.trajectories += 1;
        }
        if self.on && debt > 0.0 {
            self.registrations += 1;
            self.registration_debt += debt;
        }
    }

    /// A generalist's caseload this week.
    #[inline]
    pub fn caseload(&mut self, n: usize) {
        if self.on {
            self.caseload_sum += n as u64;
            self.caseload_n += 1;
        }
    }

    /// A heavier-care episode of `kind` started: a crisis escalation or a planned
    /// referral.
    #[inline]
    pub fn episode_started(&mut self, team: usize, kind: crate::model::Episode) {
        let k = kind.index();
        if let Some(f) = self.flows() {
            f.episodes_started[k] += 1;
        }
        if self.on {
            if kind.is_crisis() {
                self.teams[team].escalations += 1;
                self.escalations[k] += 1;
            } else {
                self.planned[k - 3] += 1;
            }
        }
    }

    /// Start counting flows (the switch week), clearing anything counted before.
    pub fn start(&mut self, horizon_weeks: usize, teams: usize) {
        let in_care = self.in_care;
        let snapshot_weeks = self.snapshot_weeks;
        *self = Recorder {
            on: true,
            in_care,
            snapshot_weeks,
            teams: vec![TeamCounts::default(); teams],
            ..Recorder::default()
        };
        self.series = Vec::with_capacity(horizon_weeks * SERIES.len());
        self.set_week(0);
    }

    /// Add another municipality's counts of the same run (same model, replication and
    /// horizon): flows and stocks add up, the mean caseload is weighted by posts, teams
    /// are listed after this municipality's.
    pub fn absorb(&mut self, o: &Recorder) {
        // Every field named: a field added to the recorder and not added up here is a
        // compile error, not a silently wrong national total.
        let Recorder {
            on: _,
            in_care: _,
            intake_waits: _,
            referral_waits: _,
            wi_queue_waits: _,
            arrangement_waits: _,
            escalations: _,
            planned: _,
            wi_hours: _,
            care_episodes: _,
            money_present: _,
            fin_present: _,
            fin_detected: _,
            dropouts: _,
            sanction_dropouts: _,
            fin_dropouts: _,
            leakage: _,
            no_settlement: _,
            reintakes: _,
            closures: _,
            sanctions: _,
            leavers: _,
            post_weeks: _,
            vacancy_weeks: _,
            caseload_sum: _,
            caseload_n: _,
            arrangements_completed: _,
            registrations: _,
            registration_debt: _,
            benefit_weeks: _,
            signals: _,
            signals_accepted: _,
            legal_cases: _,
            flexible_budget_cases: _,
            failed_referrals: _,
            deferred_sanctions: _,
            trained_workers: _,
            series: _,
            years: _,
            year: _,
            switched_teams: _,
            teams_by_model: _,
            teams: _,
            snapshot_weeks: _,
            snapshots: _,
            caseload_posts: _,
        } = o;
        self.in_care += o.in_care;
        self.intake_waits.absorb(&o.intake_waits);
        self.referral_waits.absorb(&o.referral_waits);
        self.wi_queue_waits.absorb(&o.wi_queue_waits);
        self.arrangement_waits.absorb(&o.arrangement_waits);
        for k in 0..self.wi_hours.len() {
            self.wi_hours[k] += o.wi_hours[k];
        }
        for k in 0..3 {
            self.escalations[k] += o.escalations[k];
            self.planned[k] += o.planned[k];
            self.switched_teams[k] += o.switched_teams[k];
            self.teams_by_model[k] += o.teams_by_model[k];
        }
        macro_rules! add {
            ($($f:ident),*) => { $(self.$f += o.$f;)* };
        }
        add!(
            care_episodes,
            money_present,
            fin_present,
            fin_detected,
            dropouts,
            sanction_dropouts,
            fin_dropouts,
            leakage,
            no_settlement,
            reintakes,
            closures,
            sanctions,
            leavers,
            post_weeks,
            vacancy_weeks,
            caseload_sum,
            caseload_n,
            arrangements_completed,
            registrations,
            registration_debt,
            benefit_weeks,
            signals,
            signals_accepted,
            legal_cases,
            flexible_budget_cases,
            failed_referrals,
            deferred_sanctions,
            trained_workers
        );
        let mut k = 0;
        for (a, b) in self.series.iter_mut().zip(&o.series) {
            debug_assert_eq!((a.week, a.metric), (b.week, b.metric));
            if a.metric == series::MEAN_CASELOAD {
                let (wa, wb) = (self.caseload_posts[k] as f64, o.caseload_posts[k] as f64);
                a.value = if wa + wb > 0.0 {
                    (a.value * wa + b.value * wb) / (wa + wb)
                } else {
                    0.0
                };
                self.caseload_posts[k] += o.caseload_posts[k];
                k += 1;
            } else {
                a.value += b.value;
            }
        }
        for (a, b) in self.years.iter_mut().zip(&o.years) {
            a.absorb(b);
        }
        self.teams.extend_from_slice(&o.teams);
        for ((_, a), (_, b)) in self.snapshots.iter_mut().zip(&o.snapshots) {
            a.extend_from_slice(b);
        }
    }

    /// Add a series point.
    #[inline]
    pub fn point(&mut self, week: u16, metric: u8, value: f64) {
        if self.on {
            self.series.push(Point {
                week,
                metric,
                value,
            });
        }
    }
}

/// End-of-run stocks the recorder cannot count as flows.
#[derive(Debug, Clone, Copy, Default)]
#[allow(missing_docs)]
pub struct EndState {
    pub households: u64,
    pub unresolved_debt_households: u64,
    pub unresolved_debt_eur: f64,
    pub arrangement_households: u64,
    pub problematic_households: u64,
    pub problematic_in_debt_help: u64,
    pub waiting_list: u64,
    /// Households waiting for the credit bank to start an arrangement.
    pub arrangement_queue: u64,
    pub horizon_weeks: u64,
}

impl EndState {
    /// Add another municipality's end state (same horizon).
    pub fn absorb(&mut self, o: &EndState) {
        // Every field named, so that a new one cannot be forgotten (see Recorder::absorb).
        let EndState {
            households: _,
            unresolved_debt_households: _,
            unresolved_debt_eur: _,
            arrangement_households: _,
            problematic_households: _,
            problematic_in_debt_help: _,
            waiting_list: _,
            arrangement_queue: _,
            horizon_weeks: _,
        } = o;
        self.households += o.households;
        self.unresolved_debt_households += o.unresolved_debt_households;
        self.unresolved_debt_eur += o.unresolved_debt_eur;
        self.arrangement_households += o.arrangement_households;
        self.problematic_households += o.problematic_households;
        self.problematic_in_debt_help += o.problematic_in_debt_help;
        self.waiting_list += o.waiting_list;
        self.arrangement_queue += o.arrangement_queue;
    }
}

/// The outcomes of one run (one model, one replication), in [`OUTCOMES`] order.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcomes(pub Vec<f64>);

impl Outcomes {
    /// Combine the recorder's flows with the end state.
    pub fn new(rec: &Recorder, end: &EndState) -> Self {
        Outcomes(outcome_values(rec, end))
    }

    /// Value of a named outcome.
    pub fn get(&self, name: &str) -> Option<f64> {
        outcome_index(name).map(|i| self.0[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_mean_and_p90() {
        let mut h = Histogram::default();
        for w in 1..=10 {
            h.add(w);
        }
        assert_eq!(h.mean(), 5.5);
        assert_eq!(h.quantile(0.9), 9.0);
        assert_eq!(Histogram::default().quantile(0.9), 0.0);
    }

    #[test]
    fn flows_count_only_after_start() {
        let mut r = Recorder::default();
        r.dropout();
        assert_eq!(r.dropouts, 0);
        r.start(10, 1);
        r.dropout();
        assert_eq!(r.dropouts, 1);
    }
}
