#!/usr/bin/env bash
# The Python package and the Spark example, as CI runs them (call from anywhere; it works
# from the repository root):
#   1. a virtual environment in target/pyenv with pinned maturin, pytest, pyarrow, pandas
#      and pyspark;
#   2. the package installed with the README's command (`pip install ./python`);
#   3. its tests (pytest), with the `discreet` command for the parity tests;
#   4. a Java runtime (Debian's openjdk-17-jre-headless, only if `java` is missing);
#   5. the Spark job in local mode (local[2]) on 2,000 generated tweets, as JSON Lines and
#      as Parquet, each output checked against `discreet scan` on the same input, line
#      for line;
#   6. the figures: per-call overhead, batch throughput against the command, Spark
#      throughput.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
step() { printf '\n=== python: %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/target}"
venv="$root/target/pyenv"
work="$root/target/python-ci"
cli="$CARGO_TARGET_DIR/release/discreet"
py="$venv/bin/python"
rm -rf "$work"
mkdir -p "$work"

step "virtual environment ($venv)"
if [ ! -x "$py" ]; then
  python3 -m venv "$venv"
fi
"$py" -m pip install -q --disable-pip-version-check \
  maturin==1.16.0 pytest==9.2.0 pyarrow==26.0.1 pandas==2.3.3 pyspark==4.3.0
"$py" --version

step "install the package: pip install ./python"
"$py" -m pip install -q --disable-pip-version-check --force-reinstall ./python
(cd "$work" && "$py" -c 'import discreet; print("discreet", discreet.__version__, "from", discreet.__file__)')

step "the discreet command (for the parity checks)"
cargo build --release -p discreet-cli
"$cli" --version

step "pytest"
DISCREET_CLI="$cli" DISCREET_REQUIRE_CLI=1 "$py" -m pytest -q -p no:cacheprovider python/tests

step "Java runtime"
if ! java -version >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1

step "data: 2,000 generated tweets (two without a text), JSON Lines and Parquet"
"$py" examples/spark/make_tweets.py 2000 "$work/tweets.jsonl" --missing-text 2
"$py" examples/spark/make_tweets.py 2000 "$work/tweets.parquet" --missing-text 2
redact=()
if "$cli" scan --help | grep -q -- '--redact'; then
  redact=(--redact)
fi
# Exit status 2: the two lines without a text are error lines, as intended.
status=0
"$cli" scan "${redact[@]}" "$work/tweets.jsonl" >"$work/cli.jsonl" || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 2 ]; then
  echo "discreet scan failed with status $status" >&2
  exit 1
fi
wc -l <"$work/cli.jsonl"

export PATH="$venv/bin:$PATH"
export PYSPARK_PYTHON="$py" PYSPARK_DRIVER_PYTHON="$py" SPARK_LOCAL_IP=127.0.0.1
for fmt in jsonl parquet; do
  step "Spark job, local[2], $fmt input ${redact[*]}"
  "$py" examples/spark/discreet_job.py --master 'local[2]' --jsonl "${redact[@]}" \
    --input "$work/tweets.$fmt" --output "$work/out-$fmt" 2> >(grep -v -E '^(WARNING|Using|Setting|To adjust)|WARN ' >&2) \
    >"$work/summary-$fmt.txt"
  "$py" examples/spark/check_output.py "$work/cli.jsonl" "$work/out-$fmt"
done

step "figures (the machine may be shared: see the load average)"
"$py" python/benches/bench.py --n 100000 --cli "$cli" --json "$work/bench.json"
"$py" - "$work/out-jsonl/summary.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
print(f"Spark local[2] job on {s['items_read']} tweets: {s['items_per_second']} tweets/s "
      f"({s['seconds']} s for the scan and the Parquet write, JVM start not counted)")
EOF

step "done"
