//! Societal cost-benefit analysis (MKBA) of the linkage models against a reference
//! (docs/ODD.md section 8; CPB/PBL "Algemene leidraad MKBA"; docs/ODD.md section 8), in
//! seven parts:
//!
//! * [`flows`]: what each run costs and saves, every recorded flow priced for a
//!   stakeholder or marked "not priced" with the reason;
//! * [`appraisal`]: present values, NPV against the reference replication by
//!   replication, by category and stakeholder, break-even, probability best;
//! * [`sensitivity`]: prices and behavioural assumptions varied one at a time over
//!   their plausible ranges;
//! * [`psa`]: the probabilistic sensitivity analysis and the value of information
//!   (what a pilot should measure);
//! * [`extra_debt_help`]: the societal return of extra debt-help capacity, a figure
//!   to hold against the field's own evaluations;
//! * [`packages`]: the same against the reference for packages (a model with what
//!   comes with it), at every horizon;
//! * [`recommendation`]: explicit rules that turn all of it into a recommendation,
//!   rendered in English or Dutch.

pub mod appraisal;
pub mod extra_debt_help;
pub mod flows;
pub mod packages;
pub mod psa;
pub mod recommendation;
pub mod sensitivity;

pub use appraisal::{
    appraise, appraise_at, best_and_gap, probability_best, Appraisal, MkbaResult, ModelSummary,
};
pub use flows::{
    category, discount, horizon, price, price_mut, run_flows, Flow, Stakeholder, CATEGORIES,
    PRICE_KEYS,
};
pub use recommendation::{recommend, Recommendation, Rule};
pub use sensitivity::{behaviour_sensitivity, price_sensitivity, Sensitivity, Varied};
