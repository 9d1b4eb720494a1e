#!/usr/bin/env bash
# Load test of `discreet serve` on loopback, next to `discreet scan` on the same tweets.
# Reports tweets/s through /v1/scan (JSON Lines batches) and p50/p99/p99.9 latency of
# /v1/classify over CONCURRENCY keep-alive connections, twice:
# - closed loop: each connection sends as soon as it has its answer. This measures
#   throughput; its latency is mostly queueing (connections / throughput, Little's law).
# - open loop: PACE requests/s per connection on a fixed schedule, answers or not. This is
#   the latency figure: measured from each write, with the generator's timer lateness
#   reported apart, and the service's own histogram for the same requests beside it.
# The machine's load average is printed around each phase: on a shared machine, other
# processes' CPU time shows up as latency here. Bounded: COUNT tweets, REQUESTS classify
# calls, at most 60 s per phase.
# Usage: scripts/load-serve.sh [COUNT=100000] [CONCURRENCY=64] [REQUESTS=50000] [BATCH=1000] [PACE=50]
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-100000}
concurrency=${2:-64}
requests=${3:-50000}
batch=${4:-1000}
pace=${5:-50}
cargo build --release -q -p discreet-cli
cargo build --release -q -p discreet-serve --example load
bin=target/release/discreet
dir=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
$bin generate --count "$count" --format jsonl > "$dir/tweets.jsonl"

start=$(date +%s.%N)
$bin scan --quiet --threads 1 "$dir/tweets.jsonl" > /dev/null
end=$(date +%s.%N)
printf 'discreet scan %d tweets in %.2f s: %.0f tweets/s (1 thread)\n' "$count" \
  "$(echo "$end - $start" | bc -l)" "$(echo "$count / ($end - $start)" | bc -l)"
start=$(date +%s.%N)
$bin scan --quiet "$dir/tweets.jsonl" > /dev/null
end=$(date +%s.%N)
printf 'discreet scan %d tweets in %.2f s: %.0f tweets/s (default threads)\n' "$count" \
  "$(echo "$end - $start" | bc -l)" "$(echo "$count / ($end - $start)" | bc -l)"

# Limits wide enough for the batches and the clients; the port is the kernel's choice.
$bin serve --listen 127.0.0.1:0 --max-concurrent 1024 --max-items "$batch" \
  --max-body-bytes $((batch * 2048)) 2> "$dir/serve.log" &
server=$!
for _ in $(seq 100); do
  addr=$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$dir/serve.log")
  [ -n "$addr" ] && break
  sleep 0.1
done
[ -n "$addr" ] || { cat "$dir/serve.log"; exit 1; }
load() { target/release/examples/load "$addr" "$dir/tweets.jsonl" "$concurrency" "$@"; }
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
load "$requests" "$batch"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
load $((requests / 5)) "$batch" "$pace"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
