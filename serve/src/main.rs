//! `discreet-serve`: the HTTP service on its own (the same as `discreet serve`).

use std::process::ExitCode;

use clap::Parser;

/// Serve the scanner over HTTP.
#[derive(Parser, Debug)]
#[command(name = "discreet-serve", version, about)]
struct Cli {
    #[command(flatten)]
    args: discreet_serve::ServeArgs,
}

fn main() -> ExitCode {
    match discreet_serve::run(Cli::parse().args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("discreet-serve: {e}");
            ExitCode::from(2)
        }
    }
}
