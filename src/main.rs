//! The `wijksim` binary: a thin shell over the library. Exit codes: 0 success,
//! 1 runtime failure (e.g. the output folder cannot be written), 2 bad input
//! (scenario file, key, value, warm-up file or command-line usage), 130 stopped by
//! Ctrl-C (a sweep, resumable).

mod cli;

use std::process::ExitCode;
use wijksim::comparison::ComparisonError;
use wijksim::output::{AmendError, VerifyError};
use wijksim::report::ReportError;
use wijksim::scenario::ScenarioError;
use wijksim::serve::warmfile::WarmFileError;
use wijksim::sweep::run::SweepError;

fn main() -> ExitCode {
    match cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.downcast_ref::<cli::Interrupted>().is_some() => {
            eprintln!("{e}");
            ExitCode::from(130)
        }
        Err(e) => {
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            if e.chain().any(|c| {
                c.downcast_ref::<ScenarioError>().is_some()
                    || c.downcast_ref::<cli::CliError>().is_some()
                    || c.downcast_ref::<WarmFileError>().is_some()
                    || c.downcast_ref::<ComparisonError>()
                        .is_some_and(|e| e.is_bad_input())
                    || c.downcast_ref::<SweepError>()
                        .is_some_and(|e| e.is_bad_input())
                    || c.downcast_ref::<ReportError>()
                        .is_some_and(|e| e.is_bad_input())
                    // A run folder whose files no longer match its manifest is bad
                    // input to `report`; failing to read it is the machine's.
                    || c.downcast_ref::<AmendError>().is_some_and(|e| {
                        matches!(e, AmendError::Verify(v) if !matches!(v, VerifyError::Io { .. }))
                    })
            }) {
                ExitCode::from(2)
            } else {
                ExitCode::from(1)
            }
        }
    }
}
