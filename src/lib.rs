//! wijksim: an agent-based simulator of Dutch district teams and their link to Work & Income.
#![deny(missing_docs)]

pub mod calibration;
pub mod comparison;
pub mod export;
pub mod format;
pub mod mkba;
pub mod model;
pub mod outcomes;
pub mod output;
pub mod pilot;
pub mod report;
pub mod rng;
pub mod runner;
pub mod scenario;
pub mod serve;
pub mod stats;
pub mod sweep;
pub mod text;
