//! Counters and histograms, written out in the Prometheus text format by hand.
//!
//! Every label comes from a closed set (routes, status codes, categories, actions, limit
//! names), so no label can carry a text or a value, and the number of series is bounded.

use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering::Relaxed};
use std::time::Duration;

use discreet::line::Judged;
use discreet::{Category, Verdict};

/// The routes requests are counted under; anything else is `other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Route {
    Classify,
    Redact,
    Scan,
    Healthz,
    Readyz,
    Metrics,
    Other,
}

impl Route {
    const ALL: [Route; 7] = [
        Route::Classify,
        Route::Redact,
        Route::Scan,
        Route::Healthz,
        Route::Readyz,
        Route::Metrics,
        Route::Other,
    ];

    pub(crate) fn from_path(path: &str) -> Route {
        match path {
            "/v1/classify" => Route::Classify,
            "/v1/redact" => Route::Redact,
            "/v1/scan" => Route::Scan,
            "/healthz" => Route::Healthz,
            "/readyz" => Route::Readyz,
            "/metrics" => Route::Metrics,
            _ => Route::Other,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Route::Classify => "/v1/classify",
            Route::Redact => "/v1/redact",
            Route::Scan => "/v1/scan",
            Route::Healthz => "/healthz",
            Route::Readyz => "/readyz",
            Route::Metrics => "/metrics",
            Route::Other => "other",
        }
    }

    /// The routes that do work on texts: held to the token, the slots and the timeout.
    pub(crate) fn is_api(self) -> bool {
        matches!(self, Route::Classify | Route::Redact | Route::Scan)
    }
}

/// A limit a request can exceed; its name is what the JSON error and the metric say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Limit {
    MaxBodyBytes,
    MaxItems,
    MaxItemBytes,
    RequestTimeout,
    MaxConcurrent,
}

impl Limit {
    const ALL: [Limit; 5] = [
        Limit::MaxBodyBytes,
        Limit::MaxItems,
        Limit::MaxItemBytes,
        Limit::RequestTimeout,
        Limit::MaxConcurrent,
    ];

    pub(crate) fn name(self) -> &'static str {
        match self {
            Limit::MaxBodyBytes => "max_body_bytes",
            Limit::MaxItems => "max_items",
            Limit::MaxItemBytes => "max_item_bytes",
            Limit::RequestTimeout => "request_timeout",
            Limit::MaxConcurrent => "max_concurrent",
        }
    }
}

/// Upper bounds of the latency buckets, in microseconds: fine below a millisecond, where
/// /v1/classify lives, coarse above, where big batches do.
const BUCKETS_US: [u64; 16] = [
    50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000, 500_000,
    1_000_000, 2_500_000, 10_000_000,
];

#[derive(Debug, Default)]
struct Histogram {
    /// Observations per bucket (not cumulative), the last one past every bound.
    buckets: [AtomicU64; BUCKETS_US.len() + 1],
    sum_us: AtomicU64,
    count: AtomicU64,
}

const ACTIONS: [&str; 3] = ["ok", "suggest_dm", "require_dm"];

/// The statuses the service answers with; anything else (none today) is counted as 500.
const STATUSES: [u16; 10] = [200, 400, 401, 404, 405, 408, 413, 415, 500, 503];

/// The service's counters, shared by every request.
#[derive(Debug, Default)]
pub(crate) struct Metrics {
    requests: [[AtomicU64; STATUSES.len()]; Route::ALL.len()],
    latency: [Histogram; Route::ALL.len()],
    in_flight: AtomicI64,
    items_verdict: AtomicU64,
    items_error: AtomicU64,
    findings: [AtomicU64; Category::ALL.len()],
    actions: [AtomicU64; ACTIONS.len()],
    limits: [AtomicU64; Limit::ALL.len()],
    reloads_ok: AtomicU64,
    reloads_failed: AtomicU64,
}

impl Metrics {
    pub(crate) fn started(&self) {
        self.in_flight.fetch_add(1, Relaxed);
    }

    pub(crate) fn finished(&self, route: Route, status: u16, took: Duration) {
        self.in_flight.fetch_sub(1, Relaxed);
        let s = STATUSES
            .iter()
            .position(|&s| s == status)
            .unwrap_or(STATUSES.len() - 2);
        self.requests[route as usize][s].fetch_add(1, Relaxed);
        let us = u64::try_from(took.as_micros()).unwrap_or(u64::MAX);
        let h = &self.latency[route as usize];
        let i = BUCKETS_US
            .iter()
            .position(|&b| us <= b)
            .unwrap_or(BUCKETS_US.len());
        h.buckets[i].fetch_add(1, Relaxed);
        h.sum_us.fetch_add(us, Relaxed);
        h.count.fetch_add(1, Relaxed);
    }

    pub(crate) fn verdict(&self, v: &Verdict) {
        self.items_verdict.fetch_add(1, Relaxed);
        for f in &v.findings {
            if let Some(i) = Category::ALL.iter().position(|c| *c == f.category) {
                self.findings[i].fetch_add(1, Relaxed);
            }
        }
        if let Some(i) = ACTIONS.iter().position(|a| *a == v.action.as_str()) {
            self.actions[i].fetch_add(1, Relaxed);
        }
    }

    pub(crate) fn judged(&self, j: &Judged) {
        match j {
            Judged::Verdict(v) => self.verdict(v),
            Judged::Error => self.item_error(),
        }
    }

    pub(crate) fn item_error(&self) {
        self.items_error.fetch_add(1, Relaxed);
    }

    pub(crate) fn limit_hit(&self, limit: Limit) {
        self.limits[limit as usize].fetch_add(1, Relaxed);
    }

    pub(crate) fn reloaded(&self, ok: bool) {
        if ok {
            &self.reloads_ok
        } else {
            &self.reloads_failed
        }
        .fetch_add(1, Relaxed);
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub(crate) fn render(&self) -> String {
        let mut o = String::with_capacity(8 << 10);
        head(
            &mut o,
            "discreet_http_requests_total",
            "counter",
            "HTTP requests answered, by route and status.",
        );
        for route in Route::ALL {
            for (i, status) in STATUSES.iter().enumerate() {
                let n = self.requests[route as usize][i].load(Relaxed);
                if n > 0 {
                    let _ = writeln!(
                        o,
                        "discreet_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                        route.label()
                    );
                }
            }
        }
        head(
            &mut o,
            "discreet_http_request_duration_seconds",
            "histogram",
            "Time from a request's arrival to the end of its response.",
        );
        for route in Route::ALL {
            let h = &self.latency[route as usize];
            let count = h.count.load(Relaxed);
            if count == 0 {
                continue;
            }
            let label = route.label();
            let mut cumulative = 0;
            for (i, bound) in BUCKETS_US.iter().enumerate() {
                cumulative += h.buckets[i].load(Relaxed);
                let _ = writeln!(
                    o,
                    "discreet_http_request_duration_seconds_bucket{{route=\"{label}\",le=\"{}\"}} {cumulative}",
                    *bound as f64 / 1e6
                );
            }
            cumulative += h.buckets[BUCKETS_US.len()].load(Relaxed);
            let _ = writeln!(o, "discreet_http_request_duration_seconds_bucket{{route=\"{label}\",le=\"+Inf\"}} {cumulative}");
            let _ = writeln!(
                o,
                "discreet_http_request_duration_seconds_sum{{route=\"{label}\"}} {}",
                h.sum_us.load(Relaxed) as f64 / 1e6
            );
            let _ = writeln!(
                o,
                "discreet_http_request_duration_seconds_count{{route=\"{label}\"}} {count}"
            );
        }
        head(
            &mut o,
            "discreet_http_requests_in_flight",
            "gauge",
            "Requests being served now.",
        );
        let _ = writeln!(
            o,
            "discreet_http_requests_in_flight {}",
            self.in_flight.load(Relaxed)
        );
        head(
            &mut o,
            "discreet_items_total",
            "counter",
            "Items judged, by result (a verdict, or an error line).",
        );
        let _ = writeln!(
            o,
            "discreet_items_total{{result=\"verdict\"}} {}",
            self.items_verdict.load(Relaxed)
        );
        let _ = writeln!(
            o,
            "discreet_items_total{{result=\"error\"}} {}",
            self.items_error.load(Relaxed)
        );
        head(
            &mut o,
            "discreet_findings_total",
            "counter",
            "Sensitive data found, by category.",
        );
        for (i, c) in Category::ALL.iter().enumerate() {
            let _ = writeln!(
                o,
                "discreet_findings_total{{category=\"{}\"}} {}",
                c.as_str(),
                self.findings[i].load(Relaxed)
            );
        }
        head(
            &mut o,
            "discreet_verdicts_total",
            "counter",
            "Verdicts given, by action.",
        );
        for (i, a) in ACTIONS.iter().enumerate() {
            let _ = writeln!(
                o,
                "discreet_verdicts_total{{action=\"{a}\"}} {}",
                self.actions[i].load(Relaxed)
            );
        }
        head(
            &mut o,
            "discreet_limit_rejections_total",
            "counter",
            "Requests refused for exceeding a limit, by limit.",
        );
        for l in Limit::ALL {
            let _ = writeln!(
                o,
                "discreet_limit_rejections_total{{limit=\"{}\"}} {}",
                l.name(),
                self.limits[l as usize].load(Relaxed)
            );
        }
        head(
            &mut o,
            "discreet_config_reloads_total",
            "counter",
            "Configuration reloads, by result (a failed one keeps the running configuration).",
        );
        let _ = writeln!(
            o,
            "discreet_config_reloads_total{{result=\"ok\"}} {}",
            self.reloads_ok.load(Relaxed)
        );
        let _ = writeln!(
            o,
            "discreet_config_reloads_total{{result=\"failed\"}} {}",
            self.reloads_failed.load(Relaxed)
        );
        o
    }
}

fn head(o: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(o, "# HELP {name} {help}\n# TYPE {name} {kind}");
}
