//! The simulation model of MODEL.md sections 2-3: one file per mechanism.
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

/// Problem domains (MODEL.md section 2).
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
#[allow(missing_docs)]
pub enum IncomeSource {
    Work,
    Benefit,
    Sickness,
    Pension,
}

/// The team track (MODEL.md section 2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum FinTrack {
    /// Not in financial help.
    None,
    /// Referred, on the way to a queue (timer: arrival week).
    Referred,
    /// In a W&I / debt-help queue.
    Waiting,
    /// Intake and stabilisation with a W&I worker (debts stop growing).
    Stabilising,
    /// Stabilised, waiting for a credit-bank arrangement (debts stop growing).
    ArrangementWaiting,
    /// In a debt arrangement (timer: end week; debts stop growing).
    Arrangement,
    /// Finished (arrangement completed, or stabilised without problematic debt).
    Done,
    /// Dropped out, or no arrangement could be agreed.
    Dropped,
}

impl FinTrack {
    /// Debts do not grow and the finance domain counts as stabilised.
    #[inline]
    pub fn stabilised(self) -> bool {
        matches!(
            self,
            FinTrack::Stabilising | FinTrack::ArrangementWaiting | FinTrack::Arrangement
        )
    }

    /// In financial help at all.
    #[inline]
    pub fn active(self) -> bool {
        !matches!(self, FinTrack::None | FinTrack::Done | FinTrack::Dropped)
    }
}

/// Heavier-care episode types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum Episode {
    /// None.
    None,
    /// Specialist mental-health care (GGZ).
    Ggz,
    /// Youth care (out-of-home placement).
    YouthCare,
    /// Eviction followed by shelter.
    Shelter,
}
