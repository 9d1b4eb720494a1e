#!/usr/bin/env python3
"""Measures the Python bindings: per-call overhead, and batch throughput against the
`discreet scan` command on the same tweets.

    python python/benches/bench.py [--n 1000000] [--cli target/release/discreet] [--threads N]

Generates N tweets with examples/spark/make_tweets.py (cached under target/bench/), then
times, on the same tweets:
- `discreet scan FILE > /dev/null` (the command, all cores);
- `discreet.scan_jsonl(lines)`: the same work from Python (JSON in, JSON out);
- `discreet.scan_arrow(column)`: the Arrow batch call on a pyarrow string column (the
  Spark path), columns out;
- `discreet.scan_batch(texts)`: a list of str in, a list of dicts out;
and the per-call cost of `discreet.scan` on one short tweet, against the per-row cost of
the same tweet in `scan_arrow` on one thread (the library's own work). Prints the load
average, since the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHORT_CLEAN = "@AcmeAir my flight was delayed again, any update? #travel"
SHORT_PII = "@AcmeAir my card 4111 1111 1111 1111 was charged twice, call me on 415-555-0132"


def per_call(discreet, pa) -> dict:
    out = {}
    for name, text in (("clean", SHORT_CLEAN), ("pii", SHORT_PII)):
        n = 20_000 if name == "clean" else 5_000
        call = min(timeit.repeat(lambda: discreet.scan(text), number=n, repeat=5)) / n
        col = pa.array([text] * n)
        native = min(
            timeit.repeat(lambda: discreet.scan_arrow(col, threads=1), number=1, repeat=5)
        ) / n
        out[name] = {
            "scan_us": round(call * 1e6, 2),
            "library_us": round(native * 1e6, 2),
            "overhead_us": round((call - native) * 1e6, 2),
        }
    return out


CPU = {}


def timed(f, child: bool = False):
    """Wall seconds and the result; the CPU seconds used (this process's threads, or the
    child's) are left in CPU["last"]: under load, tweets per CPU second is the steadier
    figure."""
    import resource

    who = resource.RUSAGE_CHILDREN if child else resource.RUSAGE_SELF
    u0 = resource.getrusage(who)
    t = time.perf_counter()
    r = f()
    wall = time.perf_counter() - t
    u1 = resource.getrusage(who)
    CPU["last"] = (u1.ru_utime - u0.ru_utime) + (u1.ru_stime - u0.ru_stime)
    return wall, r


def line(label: str, n: int, secs: float, figures: dict, key: str) -> None:
    cpu = CPU["last"]
    figures[key] = {"tweets_per_s": round(n / secs), "cpu_s": round(cpu, 2),
                    "tweets_per_cpu_s": round(n / cpu) if cpu else None}
    print(f"{label:<32}{n / secs:>10,.0f} tweets/s ({secs:.2f} s; {cpu:.2f} CPU s, "
          f"{n / cpu if cpu else 0:,.0f} tweets per CPU s)")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--cli", default=str(ROOT / "target" / "release" / "discreet"))
    ap.add_argument("--threads", type=int, default=None)
    ap.add_argument("--json", help="also write the figures here")
    args = ap.parse_args()

    import discreet
    import pyarrow as pa

    data = ROOT / "target" / "bench" / f"tweets-{args.n}.jsonl"
    if not data.exists():
        data.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "spark" / "make_tweets.py"), str(args.n), str(data)],
            check=True,
        )
    raw = data.read_bytes()
    lines = raw.splitlines()
    items = [json.loads(l) for l in lines]
    texts = [i["text"] for i in items]
    dirs = [i.get("direction") for i in items]
    col, dcol = pa.array(texts, pa.string()), pa.array(dirs, pa.string())
    n = len(lines)
    cores = os.cpu_count()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {cores} cores; {n} tweets, "
          f"{len(raw) / 1e6:.1f} MB")

    figures = {"n": n, "cores": cores, "load_before": round(os.getloadavg()[0], 2)}
    figures["per_call"] = per_call(discreet, pa)
    for name, f in figures["per_call"].items():
        print(f"discreet.scan, one short tweet ({name}): {f['scan_us']} us per call; the "
              f"library's own work {f['library_us']} us; overhead {f['overhead_us']} us")

    threads = ["--threads", str(args.threads)] if args.threads else []
    if Path(args.cli).exists():
        secs, _ = timed(
            lambda: subprocess.run(
                [args.cli, "scan", *threads, str(data)],
                stdout=subprocess.DEVNULL,
                check=True,
            ),
            child=True,
        )
        line("discreet scan (command):", n, secs, figures, "cli")
    secs, out = timed(lambda: discreet.scan_jsonl(lines, threads=args.threads))
    assert len(out) == n
    line("discreet.scan_jsonl (lines):", n, secs, figures, "scan_jsonl")
    secs, batch = timed(lambda: discreet.scan_arrow(col, dcol, threads=args.threads))
    assert batch.num_rows == n
    line("discreet.scan_arrow (columns):", n, secs, figures, "scan_arrow")
    secs, batch = timed(lambda: discreet.scan_arrow(col, dcol, redact=True, threads=args.threads))
    line("  ... with redact=True:", n, secs, figures, "scan_arrow_redact")
    del batch
    secs, dicts = timed(lambda: discreet.scan_batch(texts, dirs, threads=args.threads))
    assert len(dicts) == n
    line("discreet.scan_batch (dicts):", n, secs, figures, "scan_batch")
    del dicts
    secs, one = timed(lambda: discreet.scan_arrow(col, dcol, threads=1))
    line("discreet.scan_arrow, 1 thread:", n, secs, figures, "scan_arrow_1_thread")
    figures["load_after"] = round(os.getloadavg()[0], 2)
    print(f"load average after: {figures['load_after']:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
