#!/usr/bin/env bash
# Load test of `discreet serve` on loopback, next to `discreet scan` on the same tweets.
# Reports tweets/s through /v1/scan (JSON Lines batches) and p50/p99 latency of /v1/classify
# at a fixed number of clients: closed loop (each client sends as soon as it has its answer:
# latency is then mostly queueing, clients / throughput) and paced (PACE requests/s per
# client, latency from the scheduled send time). Bounded: COUNT tweets, REQUESTS classify
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
target/release/examples/load "$addr" "$dir/tweets.jsonl" "$concurrency" "$requests" "$batch"
target/release/examples/load "$addr" "$dir/tweets.jsonl" "$concurrency" $((requests / 5)) "$batch" "$pace"
# The service's own view (arrival to last byte written), free of the load generator's
# scheduling delays; and how busy the machine was.
curl -s "http://$addr/metrics" | awk '
  /^discreet_http_request_duration_seconds_bucket\{route="\/v1\/classify",le="0.001"\}/ { le = $2 }
  /^discreet_http_request_duration_seconds_count\{route="\/v1\/classify"\}/ { n = $2 }
  END { if (n > 0) printf "server side: %d of %d /v1/classify requests (%.2f%%) took at most 1 ms\n", le, n, 100 * le / n }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
