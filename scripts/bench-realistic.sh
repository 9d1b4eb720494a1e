#!/usr/bin/env bash
# Speed on realistic customer-service tweets (benches/corpus.rs): the same-run comparison
# (naive loop, plain multi-pattern pass, scan, classify) with per-tweet latency, the
# criterion groups realistic/{tweets,bytes}, first-sight phone validation and cold start.
# Usage: scripts/bench-realistic.sh [--full]   (default: criterion --quick)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=--quick
if [ "${1:-}" = "--full" ]; then quick=; fi
cargo build -q --profile bench --example cold_start
for _ in 1 2 3; do target/release/examples/cold_start; done
cargo bench --bench scan -- $quick 'realistic|validate'
