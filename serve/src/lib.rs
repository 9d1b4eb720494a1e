//! `discreet serve`: the scanner as an HTTP service that any support tool can call.
//!
//! # Overview
//! - `POST /v1/classify`: one item (`{"id", "text", "direction"}`) in, one verdict out,
//!   with exactly the fields of a `discreet scan` line ([`discreet::line`]).
//! - `POST /v1/redact`: the same, plus `"redacted"` by the policy named in `"policy"`.
//! - `POST /v1/scan`: a batch (a JSON array, or `application/x-ndjson`), streamed back as
//!   JSON Lines in order, one line per item, error lines as in the contract.
//! - `GET /healthz`, `GET /readyz`, `GET /metrics` (Prometheus text).
//!
//! The scanner is built once and shared; [`Handle::reload`] (SIGHUP under [`run`]) swaps in
//! a new configuration without dropping a request, and keeps the old one when the new one
//! does not load. Every limit ([`Limits`]) answers a JSON error naming it. Logs carry
//! routes, statuses, durations and counts, never a text, a value, a key or a token.
//!
//! # Example: serve on an ephemeral port
//! ```no_run
//! # async fn demo() -> Result<(), discreet_serve::Error> {
//! use discreet_serve::{ServeArgs, Service};
//!
//! let args = ServeArgs { listen: Some("127.0.0.1:0".parse().unwrap()), ..Default::default() };
//! let service = Service::bind(args).await?;
//! println!("listening on {}", service.local_addr());
//! let handle = service.handle();
//! tokio::spawn(service.serve());
//! // … later
//! handle.shutdown();
//! # Ok(()) }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]
#![warn(missing_debug_implementations)]

mod config;
mod engine;
mod error;
mod http;
mod metrics;
mod scanner_opts;
mod server;

pub use config::{Limits, ServeArgs, Settings, DEFAULT_LISTEN};
pub use engine::Engine;
pub use error::{Error, ErrorKind};
pub use http::ROUTES;
pub use scanner_opts::ScannerOpts;
pub use server::{run, Handle, Service};
