//! The MKBA of packages (docs/ODD.md section 8, "packages, not labels"): each package
//! (a linkage model with what comes with it) against the plain reference model,
//! replication by replication with common random numbers, at every horizon of
//! `mkba.horizons_years` and the main one, with the probability that each package is
//! best and what its capacity came to.

use super::appraisal::{appraise_pair, present_values, probability_best, Appraisal};
use super::flows::simulated_years;
use crate::model::LinkageModel;
use crate::runner::RunResult;
use crate::scenario::params::Mkba;
use crate::scenario::Package;
use crate::stats::{summarise_as, IntervalKind, Summary};

/// One package's runs, in replication order.
#[derive(Debug, Clone, Copy)]
pub struct PackageRuns<'a> {
    /// The package.
    pub package: &'a Package,
    /// Its runs, one per replication, in replication order.
    pub runs: &'a [&'a RunResult],
}

/// One package at one horizon.
#[derive(Debug, Clone)]
pub struct AtHorizon {
    /// Years appraised.
    pub years: u32,
    /// Whether part of them lies beyond the simulated years (a steady-state
    /// extrapolation, docs/ODD.md section 8).
    pub extrapolated: bool,
    /// Societal NPV against the reference package (its interval of the run's kind).
    pub npv: Summary,
    /// The middle 95% of the replications' NPVs (what the report's tables show).
    pub npv_spread: Summary,
    /// Mean present value of the categories where the package gains.
    pub benefits: f64,
    /// Mean present value of the categories where it costs more.
    pub costs: f64,
    /// First year (0-based) from which the mean cumulative net benefit stays >= 0.
    pub break_even_year: Option<u32>,
    /// Share of replications in which the package has the highest NPV of all packages.
    pub probability_best: f64,
    /// NPV per stakeholder, transfers included, in [`super::Stakeholder::ALL`] order.
    pub by_stakeholder: [Summary; 5],
    /// Net benefit per category (the reference's cost minus the package's), in
    /// [`super::CATEGORIES`] order.
    pub by_category: Vec<Summary>,
}

/// One package's summary.
#[derive(Debug, Clone)]
pub struct PackageSummary {
    /// Name.
    pub name: String,
    /// Linkage model.
    pub model: LinkageModel,
    /// Plain words (may be empty).
    pub description: String,
    /// Whether it is a model with nothing added.
    pub plain: bool,
    /// At each horizon, shortest first; the main horizon is [`PackageComparison::main`].
    pub horizons: Vec<AtHorizon>,
    /// Mean filled credit-bank counsellor posts in the last simulated year.
    pub counsellor_posts: f64,
    /// Mean of the replications' mean wait for the credit bank, weeks.
    pub arrangement_wait: f64,
    /// Mean households with unresolved problematic debt at the end.
    pub unresolved_debt: f64,
}

/// The comparison of every package with the reference package.
#[derive(Debug, Clone)]
pub struct PackageComparison {
    /// The reference package's name.
    pub reference: String,
    /// The packages, in scenario order.
    pub packages: Vec<PackageSummary>,
    /// Index into each package's `horizons` of the main horizon (`mkba.horizon_years`).
    pub main: usize,
    /// Which kind of interval the summaries carry.
    pub interval: IntervalKind,
}

impl PackageComparison {
    /// The package with the highest mean NPV at the main horizon (ties: scenario order).
    pub fn best(&self) -> &PackageSummary {
        let npv = |p: &PackageSummary| p.horizons[self.main].npv.mean;
        self.packages.iter().fold(
            &self.packages[0],
            |b, p| if npv(p) > npv(b) { p } else { b },
        )
    }
}

/// Appraise every package against `reference` (the reference package's runs) at each
/// of `horizons` (years; the main horizon is `main_years`), with `prices(rep)` the
/// prices of replication `rep` (drawn under `--psa`).
pub fn appraise_packages(
    packages: &[PackageRuns<'_>],
    reference: PackageRuns<'_>,
    prices: &dyn Fn(u32) -> Mkba,
    horizons: &[u32],
    main_years: u32,
    interval: IntervalKind,
) -> PackageComparison {
    let mut years: Vec<u32> = horizons.to_vec();
    years.push(main_years);
    years.sort_unstable();
    years.dedup();
    let simulated = reference.runs.first().map_or(0, |r| simulated_years(r));
    // [horizon][package][replication]
    let appraisals: Vec<Vec<Vec<Appraisal>>> = years
        .iter()
        .map(|&y| {
            let at = |rep: u32| {
                let mut m = prices(rep);
                m.horizon_years = y;
                m
            };
            let refs: Vec<_> = reference
                .runs
                .iter()
                .map(|r| present_values(r, &at(r.replication)))
                .collect();
            packages
                .iter()
                .map(|p| {
                    p.runs
                        .iter()
                        .zip(&refs)
                        .map(|(r, rv)| appraise_pair(&present_values(r, &at(r.replication)), rv))
                        .collect()
                })
                .collect()
        })
        .collect();
    // [horizon][package][replication], and the chance each package is best, once per
    // horizon.
    let npvs: Vec<Vec<Vec<f64>>> = appraisals
        .iter()
        .map(|h| {
            h.iter()
                .map(|a| a.iter().map(|x| x.npv).collect())
                .collect()
        })
        .collect();
    let best: Vec<Vec<f64>> = npvs.iter().map(|h| probability_best(h)).collect();
    let summaries = packages
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let n = p.runs.len().max(1) as f64;
            let mean_of =
                |f: &dyn Fn(&RunResult) -> f64| p.runs.iter().map(|r| f(r)).sum::<f64>() / n;
            let horizons = years
                .iter()
                .enumerate()
                .map(|(h, &y)| {
                    let a = &appraisals[h][i];
                    let mean = |f: &dyn Fn(&Appraisal) -> f64| a.iter().map(f).sum::<f64>() / n;
                    let column = |xs: &[f64]| summarise_as(xs, interval);
                    let len = a.first().map_or(0, |x| x.cumulative.len());
                    let cum: Vec<f64> = (0..len).map(|t| mean(&|x| x.cumulative[t])).collect();
                    AtHorizon {
                        years: y,
                        extrapolated: y > simulated,
                        npv: summarise_as(&npvs[h][i], interval),
                        npv_spread: summarise_as(&npvs[h][i], IntervalKind::Spread),
                        benefits: mean(&|x| x.benefits),
                        costs: mean(&|x| x.costs),
                        break_even_year: if p.package.is_plain()
                            && p.package.name == reference.package.name
                        {
                            None
                        } else {
                            (0..len)
                                .find(|&t| cum[t..].iter().all(|&c| c >= 0.0))
                                .map(|t| t as u32)
                        },
                        probability_best: best[h][i],
                        by_stakeholder: std::array::from_fn(|k| {
                            column(&a.iter().map(|x| x.by_stakeholder[k]).collect::<Vec<_>>())
                        }),
                        by_category: (0..super::CATEGORIES.len())
                            .map(|c| {
                                column(&a.iter().map(|x| x.by_category[c]).collect::<Vec<_>>())
                            })
                            .collect(),
                    }
                })
                .collect();
            PackageSummary {
                name: p.package.name.clone(),
                model: p.package.model,
                description: p.package.description.clone(),
                plain: p.package.is_plain(),
                horizons,
                counsellor_posts: mean_of(&|r| {
                    r.years
                        .get(simulated_years(r).saturating_sub(1) as usize)
                        .map_or(0.0, |y| y.post_weeks[2] as f64 / 52.0)
                }),
                arrangement_wait: mean_of(&|r| {
                    r.outcomes
                        .get("arrangement_wait_mean_weeks")
                        .unwrap_or(f64::NAN)
                }),
                unresolved_debt: mean_of(&|r| {
                    r.outcomes
                        .get("unresolved_debt_households")
                        .unwrap_or(f64::NAN)
                }),
            }
        })
        .collect();
    PackageComparison {
        reference: reference.package.name.clone(),
        packages: summaries,
        main: years.iter().position(|&y| y == main_years).unwrap_or(0),
        interval,
    }
}
