//! The simulation model (docs/ODD.md sections 2, 3 and 7): one file per mechanism.
//!
//! State lives in a [`Municipality`]: households (compact, plain data), workers, teams,
//! financial-help pools and the credit bank. Each mechanism file adds the methods for
//! its step of the week to `Municipality`, plus the pure functions it rests on, which
//! carry the unit tests.

pub mod debt_help;
pub mod enforcement;
pub mod escalation;
pub mod household;
pub mod invariants;
pub mod linkage;
pub mod municipality;
pub mod problems;
pub mod rates;
pub mod staff;
pub mod team;

pub use household::Household;
pub use linkage::LinkageModel;
pub use municipality::Municipality;

/// Absolute week number. Week [`HISTORY_WEEKS`] is the start of the warm-up; earlier
/// weeks exist only so that problems and debts present at the start can have an age.
pub type Week = u16;

/// Weeks of pre-history available for the age of initial problems (10 years).
pub const HISTORY_WEEKS: Week = 520;

/// "Never" for wake-up times and timers.
pub const NEVER: Week = Week::MAX;

/// "No worker" / "no pool".
pub const NONE: u16 = u16::MAX;

// The scenario refuses values that would need more posts than this (status quo and
// policy together), so post numbers never wrap.
const _: () = assert!(2 * crate::scenario::MAX_POSTS < NONE as u32);

/// Problem domains (docs/ODD.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Domain {
    /// Debts; severity follows from debt and repayment capacity.
    Finance = 0,
    /// Income (benefit, work).
    Income = 1,
    /// Mental health.
    Health = 2,
    /// Parenting and youth.
    Youth = 3,
    /// Housing.
    Housing = 4,
}

impl Domain {
    /// All domains, in index order.
    pub const ALL: [Domain; 5] = [
        Domain::Finance,
        Domain::Income,
        Domain::Health,
        Domain::Youth,
        Domain::Housing,
    ];

    /// Bit of this domain in a detection mask.
    #[inline]
    pub fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Index into the severity array of domains that have their own severity
    /// (all but finance).
    #[inline]
    pub fn sev_index(self) -> usize {
        debug_assert!(self != Domain::Finance);
        self as usize - 1
    }

    /// Index into [`Household::since`], the onset weeks: finance 0, health 1, youth 2,
    /// housing 3. Income has none: nothing reads how long an income problem has lasted
    /// (it neither escalates nor goes to collection), so its onset is not kept.
    #[inline]
    pub fn since_index(self) -> Option<usize> {
        match self {
            Domain::Finance => Some(0),
            Domain::Income => None,
            Domain::Health => Some(1),
            Domain::Youth => Some(2),
            Domain::Housing => Some(3),
        }
    }

    /// Lower-case name.
    pub fn name(self) -> &'static str {
        ["finance", "income", "health", "youth", "housing"][self as usize]
    }
}

/// Household composition.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum Composition {
    Single,
    SingleParent,
    Couple,
    CoupleChildren,
    Elderly,
}

impl Composition {
    /// All compositions, in discriminant order.
    pub const ALL: [Composition; 5] = [
        Composition::Single,
        Composition::SingleParent,
        Composition::Couple,
        Composition::CoupleChildren,
        Composition::Elderly,
    ];

    /// Whether youth problems can arise.
    #[inline]
    pub fn has_children(self) -> bool {
        matches!(
            self,
            Composition::SingleParent | Composition::CoupleChildren
        )
    }
}

/// Main income source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum IncomeSource {
    Work,
    Benefit,
    Sickness,
    Pension,
}

/// The team track (docs/ODD.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum TeamTrack {
    /// Never been in contact.
    None,
    /// On the team's waiting list.
    Waiting,
    /// In care with a named worker.
    InCare,
    /// Was in care; the case is closed (may come back).
    Closed,
}

/// The financial-help track: W&I income support and debt help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum FinTrack {
    /// Not in financial help.
    None,
    /// Referred to the central desk, on the way there (timer: arrival week).
    Referred,
    /// In a W&I / debt-help queue. Debts keep growing: a queue is not help.
    Waiting,
    /// Intake and stabilisation with a W&I worker. A statutory breathing space (timer:
    /// its end week) stops collection meanwhile.
    Stabilising,
    /// Stabilised, waiting for the credit bank to start an arrangement (timer: end of
    /// the breathing space, after which debts grow again). Still unresolved debt.
    ArrangementWaiting,
    /// In a debt arrangement (timer: end week; debts stop growing).
    Arrangement,
    /// Finished (arrangement completed, or stabilised without problematic debt).
    Done,
    /// Dropped out, or no arrangement could be agreed.
    Dropped,
}

impl FinTrack {
    /// In financial help at all.
    #[inline]
    pub fn active(self) -> bool {
        !matches!(self, FinTrack::None | FinTrack::Done | FinTrack::Dropped)
    }

    /// States whose timer is the end of the breathing space.
    #[inline]
    pub fn has_breathing_space(self) -> bool {
        matches!(self, FinTrack::Stabilising | FinTrack::ArrangementWaiting)
    }
}

/// Heavier-care episodes (docs/ODD.md section 7): the three kinds a crisis leads
/// to, and the three kinds of planned care a team refers to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum Episode {
    /// None.
    None,
    /// Specialist mental-health care (GGZ) after a crisis.
    Ggz,
    /// Youth care (out-of-home placement) after a crisis.
    YouthCare,
    /// Eviction followed by shelter.
    Shelter,
    /// Planned mental-health care after a referral by the team.
    PlannedGgz,
    /// Planned (ambulant) youth care after a referral by the team.
    PlannedYouth,
    /// An individual Wmo provision for a housing problem after a referral by the team.
    PlannedWmo,
}

impl Episode {
    /// Every kind of episode, in index order.
    pub const ALL: [Episode; 6] = [
        Episode::Ggz,
        Episode::YouthCare,
        Episode::Shelter,
        Episode::PlannedGgz,
        Episode::PlannedYouth,
        Episode::PlannedWmo,
    ];

    /// Index 0..6 into per-kind arrays (not for `None`).
    #[inline]
    pub fn index(self) -> usize {
        debug_assert!(self != Episode::None);
        self as usize - 1
    }

    /// A crisis episode (the household leaves the team's care) rather than planned care
    /// (the team goes on with the household's other problems).
    #[inline]
    pub fn is_crisis(self) -> bool {
        matches!(self, Episode::Ggz | Episode::YouthCare | Episode::Shelter)
    }

    /// The domain the episode treats.
    #[inline]
    pub fn domain(self) -> Domain {
        match self {
            Episode::Ggz | Episode::PlannedGgz => Domain::Health,
            Episode::YouthCare | Episode::PlannedYouth => Domain::Youth,
            Episode::Shelter | Episode::PlannedWmo | Episode::None => Domain::Housing,
        }
    }

    /// Lower-case name as in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Episode::None => "none",
            Episode::Ggz => "ggz",
            Episode::YouthCare => "youth_care",
            Episode::Shelter => "shelter",
            Episode::PlannedGgz => "planned_ggz",
            Episode::PlannedYouth => "planned_youth",
            Episode::PlannedWmo => "wmo",
        }
    }
}
