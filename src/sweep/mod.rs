//! Sweeps and global sensitivity analysis: many runs of a scenario over a design of
//! parameter values, crash-safe, resumable and split over machines.
//!
//! * [`spec`]: the sweep file, validated before anything runs;
//! * [`design`] (with [`sobol`]): grid, Latin hypercube, one at a time, Morris and
//!   Saltelli designs, each row a pure function of (design, index);
//! * [`run`]: the units of work (a design point and a replication: every model from one
//!   warm-up, with common random numbers), in parallel, into a shard's journal
//!   ([`crate::output::journal`]: torn records dropped, resumable);
//! * [`finish`]: the final files from the merged journals, the same bytes whatever the
//!   split: points, runs, indices, scenario discovery;
//! * [`sensitivity`]: Morris and Sobol' indices with bootstrap intervals;
//! * [`discovery`]: PRIM boxes saying where each model is best;
//! * [`slurm`]: a job-array script and a dependent merge job.

pub mod design;
pub mod discovery;
pub mod finish;
pub mod run;
pub mod sensitivity;
pub mod slurm;
pub mod sobol;
pub mod spec;

pub use spec::{load_file, Sweep};
