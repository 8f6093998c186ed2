//! The place for a parameter sweep's sections (not yet written; sweeps do
//! not write their outputs yet).
//!
//! When a sweep folder's files exist, parse them in `report::data` (add their
//! names to `data::files::ALL` and an `Option` field to `RunData`) and build
//! the sections here, each `None` without its data, in this order:
//!
//! * **Screening (Morris)**: μ* against σ per parameter as a scatter
//!   (`charts::scatter`), the most influential named;
//! * **Variance decomposition (Sobol)**: first-order and total indices with
//!   their bootstrap intervals as a forest plot (`charts::dot_intervals`);
//! * **Best model map**: for a two-axis grid, the best model per cell
//!   (`charts::heatmap_categorical`);
//! * **Discovery boxes (PRIM)**: the parameter ranges in which a model wins,
//!   with coverage and density, as a table.
//!
//! `sections::all` already calls [`sections`] between the sensitivity and
//! the municipalities, so new sections appear there in the report and its
//! table of contents without touching the page.

use super::{Ctx, Section};

/// The sweep's sections: none until sweeps write their outputs.
pub(super) fn sections(_cx: &Ctx<'_>) -> Vec<Section> {
    Vec::new()
}
