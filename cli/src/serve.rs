//! `discreet serve`: the HTTP service, which lives in the `discreet-serve` crate.

use std::process::ExitCode;

use crate::Outcome;

/// Arguments of `discreet serve`.
pub(crate) type Args = discreet_serve::ServeArgs;

pub(crate) fn run(args: Args) -> Outcome {
    discreet_serve::run(args)
        .map(|()| ExitCode::SUCCESS)
        .map_err(|e| e.to_string())
}
