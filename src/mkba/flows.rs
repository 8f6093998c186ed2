//! What each run costs and saves, in euros: every quantity the recorder keeps per year
//! ([`YearFlows::quantities`]) has one entry in [`PRICING`], which prices it for a
//! stakeholder, books it as a transfer, or says why it is not priced (docs/ODD.md
//! section 8: every flow that can differ between models is priced, or marked "not
//! priced" with the reason). A test walks the recorder's quantities and fails on any
//! without an entry.
//!
//! Conventions (docs/ODD.md section 8):
//! * **Capacity per post, use per use.** Every staffed capacity (team generalists, W&I
//!   posts, central or in a team, and the credit bank's counsellors) costs its
//!   post-year whenever the post is filled, busy or idle: capacity is a decision the
//!   municipality pays for, so idle hours are never free in one model and charged in
//!   another. What the posts do (W&I hours by activity, running arrangements) is
//!   recorded but not priced again. Per-use prices are kept for costs that really
//!   arise per use (care episodes, evictions, the levers' spending).
//! * **Marginal, not average.** The IBO's societal cost of problematic debt (about
//!   11,600 euro per household-year, Panteia/HU/Nibud 2024) is an average total; it is
//!   split into its parts and each part is kept only for what the model does not
//!   simulate itself, at the share a year less of debt avoids (see each price's
//!   source): productivity at half, primary care only (specialist mental-health care
//!   is simulated), collection whole, social support not at all (team support, debt
//!   help and Wmo provisions are simulated and priced as such).
//! * **Transfers** (benefits, sanctions, settled debts) appear twice with opposite
//!   signs and net to zero for society. The output a household on benefit does not
//!   produce is a real cost, priced apart from the benefit ([`EXTRA_PRICES`]).

use crate::model::LinkageModel;
use crate::runner::RunResult;
use crate::scenario::params::{Mkba, MkbaModel};

/// Who pays or gains (a stakeholder effect map as in Dutch social-domain MKBA practice).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stakeholder {
    /// The municipality (team and W&I staff, youth care, shelter, Wmo).
    Municipality,
    /// Health insurers (mental-health care, primary care costs of debt).
    HealthInsurer,
    /// Central government (benefits paid).
    CentralGovernment,
    /// Creditors, landlords included (collection, evictions, settled debts).
    Creditors,
    /// Households (lost productivity and earnings, benefits received, sanctions).
    Households,
}

impl Stakeholder {
    /// All stakeholders, in report order.
    pub const ALL: [Stakeholder; 5] = [
        Stakeholder::Municipality,
        Stakeholder::HealthInsurer,
        Stakeholder::CentralGovernment,
        Stakeholder::Creditors,
        Stakeholder::Households,
    ];

    /// Name in outputs.
    pub fn name(self) -> &'static str {
        match self {
            Stakeholder::Municipality => "municipality",
            Stakeholder::HealthInsurer => "health_insurer",
            Stakeholder::CentralGovernment => "central_government",
            Stakeholder::Creditors => "creditors",
            Stakeholder::Households => "households",
        }
    }
}

/// Cost categories, with whether each is a transfer. Real categories are resource
/// costs; transfers net to zero.
pub const CATEGORIES: &[(&str, bool)] = &[
    ("staff_generalists", false),
    ("staff_wi", false),
    ("staff_credit_bank", false),
    ("reorganisation", false),
    ("training", false),
    ("flexible_budget", false),
    ("ggz", false),
    ("youth_care", false),
    ("shelter", false),
    ("eviction", false),
    ("planned_ggz", false),
    ("planned_youth_care", false),
    ("wmo", false),
    ("debt_productivity", false),
    ("debt_primary_care", false),
    ("debt_collection_other", false),
    ("benefit_lost_output", false),
    ("benefit_payments", true),
    ("sanctions", true),
    ("debt_settlement", true),
];

/// Index of a category in [`CATEGORIES`].
pub fn category(name: &str) -> usize {
    CATEGORIES
        .iter()
        .position(|c| c.0 == name)
        .unwrap_or_else(|| unreachable!("unknown MKBA category {name}"))
}

/// How one recorded quantity enters the MKBA.
#[derive(Debug, Clone, Copy)]
pub enum Pricing {
    /// A real cost: quantity × `unit` × the price at `price` (a registry key), borne by
    /// `who`, in `category`.
    Priced {
        /// Registry key of the price.
        price: &'static str,
        /// Conversion of the quantity to the price's unit (1/52: weeks to years).
        unit: f64,
        /// Who bears it.
        who: Stakeholder,
        /// Category name.
        category: &'static str,
    },
    /// A real cost already in euros.
    Euros {
        /// Who bears it.
        who: Stakeholder,
        /// Category name.
        category: &'static str,
    },
    /// A transfer from `payer` to `receiver` (× the price at `price` per unit, or already
    /// in euros when `price` is empty).
    Transfer {
        /// Registry key of the price, or "" for euros.
        price: &'static str,
        /// Conversion of the quantity to the price's unit.
        unit: f64,
        /// Who pays.
        payer: Stakeholder,
        /// Who receives.
        receiver: Stakeholder,
        /// Category name.
        category: &'static str,
    },
    /// Not priced, and why.
    NotPriced(&'static str),
}

const WEEKS: f64 = 1.0 / 52.0;
/// Why W&I hours by activity carry no price of their own.
const WI_HOURS: &str =
    "part of the W&I post-years (wi_post_weeks), priced busy or idle; recorded to show what the posts do";
use Stakeholder::{CentralGovernment, Creditors, HealthInsurer, Households, Municipality};

/// How each quantity of [`YearFlows::quantities`] is priced, in the same order.
#[rustfmt::skip]
pub const PRICING: &[(&str, Pricing)] = &[
    ("generalist_post_weeks", Pricing::Priced { price: "mkba.generalist_eur_per_year", unit: WEEKS, who: Municipality, category: "staff_generalists" }),
    ("wi_post_weeks", Pricing::Priced { price: "mkba.wi_post_eur_per_year", unit: WEEKS, who: Municipality, category: "staff_wi" }),
    ("counsellor_post_weeks", Pricing::Priced { price: "mkba.counsellor_eur_per_year", unit: WEEKS, who: Municipality, category: "staff_credit_bank" }),
    ("ggz_household_weeks", Pricing::Priced { price: "mkba.ggz_eur_per_year", unit: WEEKS, who: HealthInsurer, category: "ggz" }),
    ("ggz_episodes", Pricing::NotPriced("the care is priced per household-week of the episode")),
    ("youth_care_household_weeks", Pricing::Priced { price: "mkba.youth_care_eur_per_year", unit: WEEKS, who: Municipality, category: "youth_care" }),
    ("youth_care_episodes", Pricing::NotPriced("the care is priced per household-week of the episode")),
    ("shelter_household_weeks", Pricing::Priced { price: "mkba.shelter_eur_per_year", unit: WEEKS, who: Municipality, category: "shelter" }),
    ("evictions", Pricing::Priced { price: "mkba.eviction_eur", unit: 1.0, who: Creditors, category: "eviction" }),
    ("planned_ggz_household_weeks", Pricing::Priced { price: "mkba.planned_ggz_eur_per_year", unit: WEEKS, who: HealthInsurer, category: "planned_ggz" }),
    ("planned_ggz_episodes", Pricing::NotPriced("the care is priced per household-week of the episode")),
    ("planned_youth_household_weeks", Pricing::Priced { price: "mkba.planned_youth_eur_per_year", unit: WEEKS, who: Municipality, category: "planned_youth_care" }),
    ("planned_youth_episodes", Pricing::NotPriced("the care is priced per household-week of the episode")),
    ("wmo_household_weeks", Pricing::Priced { price: "mkba.wmo_eur_per_year", unit: WEEKS, who: Municipality, category: "wmo" }),
    ("wmo_episodes", Pricing::NotPriced("the provision is priced per household-week")),
    ("unresolved_debt_household_weeks", Pricing::Priced { price: "mkba.debt_productivity_eur_per_year", unit: WEEKS, who: Households, category: "debt_productivity" }),
    ("benefit_household_weeks", Pricing::Transfer { price: "mkba.benefit_eur_per_year", unit: WEEKS, payer: CentralGovernment, receiver: Households, category: "benefit_payments" }),
    ("team_care_household_weeks", Pricing::NotPriced("team support is priced as the generalists' post-years (generalist_post_weeks)")),
    ("arrangement_weeks", Pricing::NotPriced("the credit bank's counsellors are priced per post-year, busy or idle (counsellor_post_weeks)")),
    ("sanction_eur", Pricing::Transfer { price: "", unit: 1.0, payer: Households, receiver: CentralGovernment, category: "sanctions" }),
    ("settled_debt_eur", Pricing::Transfer { price: "", unit: 1.0, payer: Creditors, receiver: Households, category: "debt_settlement" }),
    ("debt_help_trajectories", Pricing::NotPriced("their W&I time is part of the W&I post-years (wi_post_weeks)")),
    ("flexible_budget_eur", Pricing::Euros { who: Municipality, category: "flexible_budget" }),
    ("trained_workers", Pricing::NotPriced("priced as training_eur")),
    ("training_eur", Pricing::Euros { who: Municipality, category: "training" }),
    ("wi_hours_administration", Pricing::NotPriced(WI_HOURS)),
    ("wi_hours_sanctions", Pricing::NotPriced(WI_HOURS)),
    ("wi_hours_consultation", Pricing::NotPriced(WI_HOURS)),
    ("wi_hours_outreach", Pricing::NotPriced(WI_HOURS)),
    ("wi_hours_dropout_closure", Pricing::NotPriced(WI_HOURS)),
    ("wi_hours_intake", Pricing::NotPriced(WI_HOURS)),
    ("wi_hours_stabilisation", Pricing::NotPriced(WI_HOURS)),
];

/// Further prices on a quantity that [`PRICING`] already prices or books: the parts
/// of the IBO's composite cost of problematic debt besides productivity, priced per
/// household-year of unresolved debt, and the output not produced while on benefit (the
/// benefit itself is a transfer). Each: quantity, price key, who bears it, category.
pub const EXTRA_PRICES: &[(&str, &str, Stakeholder, &str)] = &[
    (
        "unresolved_debt_household_weeks",
        "mkba.debt_health_eur_per_year",
        HealthInsurer,
        "debt_primary_care",
    ),
    (
        "unresolved_debt_household_weeks",
        "mkba.debt_other_eur_per_year",
        Creditors,
        "debt_collection_other",
    ),
    (
        "benefit_household_weeks",
        "mkba.work_output_eur_per_year",
        Households,
        "benefit_lost_output",
    ),
];

/// Declares the price keys of [`Mkba`] that the analysis reads and varies, with their
/// fields, so that reading and varying by key cannot drift apart.
macro_rules! prices {
    ($($key:literal => $($field:ident).+),* $(,)?) => {
        /// Every price key that can be read or varied ([`price`], [`price_mut`]).
        pub const PRICE_KEYS: &[&str] = &[$($key),*];

        /// The price at `key` (a registry key of an `mkba.*` price).
        pub fn price(m: &Mkba, key: &str) -> Option<f64> {
            match key {
                $($key => Some(m.$($field).+),)*
                _ => None,
            }
        }

        /// A price that can be varied in the sensitivity analysis.
        pub fn price_mut<'a>(m: &'a mut Mkba, key: &str) -> Option<&'a mut f64> {
            match key {
                $($key => Some(&mut m.$($field).+),)*
                _ => None,
            }
        }
    };
}

prices! {
    "mkba.generalist_eur_per_year" => generalist_eur_per_year,
    "mkba.wi_post_eur_per_year" => wi_post_eur_per_year,
    "mkba.counsellor_eur_per_year" => counsellor_eur_per_year,
    "mkba.broad.reorganisation_eur" => broad.reorganisation_eur,
    "mkba.partial.reorganisation_eur" => partial.reorganisation_eur,
    "mkba.separate.reorganisation_eur" => separate.reorganisation_eur,
    "mkba.broad.training_eur" => broad.training_eur,
    "mkba.partial.training_eur" => partial.training_eur,
    "mkba.separate.training_eur" => separate.training_eur,
    "mkba.ggz_eur_per_year" => ggz_eur_per_year,
    "mkba.youth_care_eur_per_year" => youth_care_eur_per_year,
    "mkba.shelter_eur_per_year" => shelter_eur_per_year,
    "mkba.eviction_eur" => eviction_eur,
    "mkba.planned_ggz_eur_per_year" => planned_ggz_eur_per_year,
    "mkba.planned_youth_eur_per_year" => planned_youth_eur_per_year,
    "mkba.wmo_eur_per_year" => wmo_eur_per_year,
    "mkba.debt_productivity_eur_per_year" => debt_productivity_eur_per_year,
    "mkba.debt_health_eur_per_year" => debt_health_eur_per_year,
    "mkba.debt_other_eur_per_year" => debt_other_eur_per_year,
    "mkba.benefit_eur_per_year" => benefit_eur_per_year,
    "mkba.work_output_eur_per_year" => work_output_eur_per_year,
}

/// One priced flow: a cost to `stakeholder` in `year` (negative: a receipt).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Flow {
    /// Year after the switch (0-based).
    pub year: u32,
    /// Who pays (or, when negative, receives).
    pub stakeholder: Stakeholder,
    /// Index into [`CATEGORIES`].
    pub category: usize,
    /// Euros (constant prices); positive = cost.
    pub cost_eur: f64,
}

impl Flow {
    /// Whether the category is a transfer.
    pub fn transfer(&self) -> bool {
        CATEGORIES[self.category].1
    }
}

/// Discount factor of year `year` at `rate`.
#[inline]
pub fn discount(year: u32, rate: f64) -> f64 {
    (1.0 + rate).powi(-(year as i32))
}

/// The one-off prices of moving a team to `model`.
pub fn model_prices(m: &Mkba, model: LinkageModel) -> &MkbaModel {
    match model {
        LinkageModel::Broad => &m.broad,
        LinkageModel::Partial => &m.partial,
        LinkageModel::Separate => &m.separate,
    }
}

/// Years appraised: the scenario's MKBA horizon, or the simulated years.
pub fn horizon(run: &RunResult, m: &Mkba) -> u32 {
    if m.horizon_years > 0 {
        m.horizon_years
    } else {
        run.years.len() as u32
    }
}

/// Whole simulated years after the switch whose mean stands for every year beyond the
/// simulation: a steady-state extrapolation (docs/ODD.md section 8), never the last
/// year repeated. Three years average out a year's noise and an arrangement's cycle
/// while staying close to the end state; fewer when fewer were simulated.
pub const STEADY_STATE_YEARS: usize = 3;

/// Whole years simulated in `run` (a partial last year is not used for appraisal
/// beyond the simulation).
pub fn simulated_years(run: &RunResult) -> u32 {
    (run.horizon_weeks as usize / 52).min(run.years.len()) as u32
}

/// The quantities that stand for every year beyond the simulation: the mean of the
/// last [`STEADY_STATE_YEARS`] whole simulated years (the steady state the status quo is
/// calibrated to keep; each replication extrapolates its own, so the interval over
/// replications carries the extrapolation's own noise). `None` when no whole year was
/// simulated (the loader refuses such horizons).
fn steady_state(run: &RunResult) -> Option<Vec<(&'static str, f64)>> {
    let whole = simulated_years(run) as usize;
    let k = STEADY_STATE_YEARS.min(whole);
    if k == 0 {
        return None;
    }
    let mut mean = run.years[whole - k].quantities();
    for f in &run.years[whole - k + 1..whole] {
        for (m, (_, q)) in mean.iter_mut().zip(f.quantities()) {
            m.1 += q;
        }
    }
    for m in &mut mean {
        m.1 /= k as f64;
    }
    Some(mean)
}

/// Price the yearly quantities of one run, over the MKBA horizon.
pub fn run_flows(run: &RunResult, m: &Mkba) -> Vec<Flow> {
    let years = horizon(run, m);
    let mut out = Vec::with_capacity(years as usize * CATEGORIES.len() + 6);
    let mut push = |year: u32, s: Stakeholder, c: &str, eur: f64| {
        if eur != 0.0 {
            out.push(Flow {
                year,
                stakeholder: s,
                category: category(c),
                cost_eur: eur,
            });
        }
    };
    // One-off costs of the teams that changed model, in year 0.
    for model in LinkageModel::ALL {
        let n = run.switched_teams[model as usize] as f64;
        let p = model_prices(m, model);
        push(0, Municipality, "reorganisation", n * p.reorganisation_eur);
        push(0, Municipality, "training", n * p.training_eur);
    }
    // Computed once for all the years beyond the simulation.
    let steady = (years as usize > run.years.len())
        .then(|| steady_state(run))
        .flatten();
    for y in 0..years {
        let quantities = match (run.years.get(y as usize), &steady) {
            (Some(f), _) => f.quantities(),
            (None, Some(s)) => s.clone(),
            (None, None) => break,
        };
        for ((name, q), (pname, pricing)) in quantities.into_iter().zip(PRICING) {
            debug_assert_eq!(
                name, *pname,
                "PRICING is in the order of YearFlows::quantities"
            );
            if q == 0.0 {
                continue;
            }
            let at = |key: &str| price(m, key).unwrap_or(0.0);
            match *pricing {
                Pricing::Priced {
                    price,
                    unit,
                    who,
                    category,
                } => {
                    push(y, who, category, q * unit * at(price));
                }
                // The levers' running spending (training new hires, the flexible
                // budget) goes on in the steady state as well.
                Pricing::Euros { who, category } => push(y, who, category, q),
                Pricing::Transfer {
                    price,
                    unit,
                    payer,
                    receiver,
                    category,
                } => {
                    let eur = if price.is_empty() {
                        q * unit
                    } else {
                        q * unit * at(price)
                    };
                    push(y, payer, category, eur);
                    push(y, receiver, category, -eur);
                }
                Pricing::NotPriced(_) => {}
            }
            for &(quantity, key, who, category) in EXTRA_PRICES {
                if quantity == name {
                    push(y, who, category, q * WEEKS * at(key));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcomes::YearFlows;
    use crate::scenario::registry;

    #[test]
    fn discounting_at_the_dutch_rate() {
        assert_eq!(discount(0, 0.0225), 1.0);
        assert!((discount(1, 0.0225) - 1.0 / 1.0225).abs() < 1e-12);
        assert!((discount(10, 0.0225) - 1.0225f64.powi(-10)).abs() < 1e-12);
    }

    #[test]
    fn every_recorded_flow_has_a_price_or_a_reason() {
        // The recorder's quantities, in order, each with exactly one pricing entry.
        let names: Vec<&str> = YearFlows::default()
            .quantities()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        let priced: Vec<&str> = PRICING.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            names, priced,
            "PRICING must list YearFlows::quantities in order"
        );
        let defaults = crate::scenario::load_default(&[]).unwrap().policy.mkba;
        for (name, pricing) in PRICING {
            match pricing {
                Pricing::Priced {
                    price: key,
                    category: c,
                    ..
                }
                | Pricing::Transfer {
                    price: key,
                    category: c,
                    ..
                } => {
                    let _ = category(c);
                    if !key.is_empty() {
                        let spec = registry::spec(key).unwrap_or_else(|| panic!("{name}: {key}"));
                        assert!(spec.source.len() > 3, "{key} has no source");
                        assert!(price(&defaults, key).is_some(), "{key} cannot be read");
                    }
                }
                Pricing::Euros { category: c, .. } => {
                    let _ = category(c);
                }
                Pricing::NotPriced(reason) => assert!(reason.len() > 10, "{name}: no reason"),
            }
        }
    }

    #[test]
    fn every_staffed_capacity_is_priced_per_post_and_extra_help_by_use() {
        // docs/ODD.md section 8: a post costs its year busy or idle; every extra piece of
        // help a model causes that is not a post's time has a price of its own.
        let defaults = crate::scenario::load_default(&[]).unwrap().policy.mkba;
        for flow in [
            "generalist_post_weeks",
            "wi_post_weeks",
            "counsellor_post_weeks",
            "planned_ggz_household_weeks",
            "planned_youth_household_weeks",
            "wmo_household_weeks",
        ] {
            let (_, pricing) = PRICING.iter().find(|(n, _)| *n == flow).unwrap();
            let Pricing::Priced { price: key, .. } = pricing else {
                panic!("{flow} is not priced");
            };
            let spec = registry::spec(key).unwrap();
            assert!(!spec.source.is_empty() && spec.source != "-", "{key}");
            assert!(
                price(&defaults, key).unwrap() > 0.0,
                "{flow}: {key} is zero"
            );
        }
        // Nothing a post does is priced a second time.
        for (name, pricing) in PRICING {
            if name.starts_with("wi_hours_") || *name == "arrangement_weeks" {
                assert!(matches!(pricing, Pricing::NotPriced(_)), "{name}");
            }
        }
    }

    #[test]
    fn every_price_key_is_a_registry_key() {
        for key in PRICE_KEYS {
            assert!(registry::spec(key).is_some(), "{key}");
        }
        for (quantity, key, _, c) in EXTRA_PRICES {
            assert!(PRICE_KEYS.contains(key));
            assert!(PRICING.iter().any(|(n, _)| n == quantity), "{quantity}");
            let _ = category(c);
        }
    }
}
