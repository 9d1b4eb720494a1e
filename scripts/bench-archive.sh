#!/usr/bin/env bash
# End-to-end throughput and peak memory of `discreet scan` on generated archives.
# Usage: scripts/bench-archive.sh [COUNT]   (default 1,000,000 tweets; needs /usr/bin/time)
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000000}
cargo build --release -q -p discreet-cli
bin=target/release/discreet
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
$bin generate --count "$count" --format jsonl > "$dir/tweets.jsonl"
$bin generate --count "$count" --format tweets-js > "$dir/tweets.js"
printf '%-10s %-8s %12s %14s %12s\n' format threads seconds tweets/s peak-RSS-MB
for f in tweets.jsonl tweets.js; do
  for t in 1 2; do
    /usr/bin/time -f '%e %M' -o "$dir/time" $bin scan --quiet --threads "$t" "$dir/$f" > /dev/null
    read -r secs kb < "$dir/time"
    printf '%-10s %-8s %12s %14.0f %12.1f\n' "${f#tweets.}" "$t" "$secs" "$(echo "$count / $secs" | bc -l)" "$(echo "$kb / 1024" | bc -l)"
  done
done
