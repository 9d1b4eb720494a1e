#!/usr/bin/env python3
"""Checks the Spark job's output against `discreet scan` on the same input, line for line.

    python check_output.py CLI_OUTPUT.jsonl SPARK_OUT_DIR

CLI_OUTPUT.jsonl is what `discreet scan INPUT` wrote (one line per input line, in order);
SPARK_OUT_DIR is the job's `--output` folder, run with `--jsonl`. Spark writes its lines in
part files, so each CLI line is matched with the Spark line of the same `id` (ids must be
unique). Two lines are equal when they hold the same keys in the same order with the same
values (numbers compared as numbers, since Spark and serde print floats their own way).
One difference is expected and allowed: the CLI's error messages start with "line N: ",
and Spark, which reads no line numbers, has the rest of the message only.

Also checks the job's summary.json against counts made from the CLI output. Exit status 0
when everything matches, 1 otherwise.
"""

from __future__ import annotations

import glob
import json
import os
import re
import sys
from collections import Counter


def pairs(line: str):
    """The JSON value with objects as lists of (key, value): key order matters."""
    return json.loads(line, object_pairs_hook=list)


def get(obj, key):
    for k, v in obj:
        if k == key:
            return v
    return None


def show(obj) -> str:
    def plain(o):
        if isinstance(o, list) and all(isinstance(p, tuple) and len(p) == 2 for p in o) and o:
            return {k: plain(v) for k, v in o}
        if isinstance(o, list):
            return [plain(x) for x in o]
        return o

    return json.dumps(plain(obj), ensure_ascii=False)


LINE_PREFIX = re.compile(r"^(line|item|record) \d+: ")


def main() -> int:
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    cli_path, out_dir = sys.argv[1], sys.argv[2]
    with open(cli_path, encoding="utf-8") as f:
        cli = [pairs(l) for l in f if l.strip()]
    spark = {}
    parts = sorted(glob.glob(os.path.join(out_dir, "verdicts", "part-*")))
    if not parts:
        print(f"no part files in {out_dir}/verdicts: was the job run with --jsonl?")
        return 1
    dup = total = 0
    for p in parts:
        with open(p, encoding="utf-8") as f:
            for l in f:
                if not l.strip():
                    continue
                obj = pairs(l)
                total += 1
                key = json.dumps(get(obj, "id"))
                dup += key in spark
                spark[key] = obj
    mismatches = []
    for i, want in enumerate(cli, 1):
        key = json.dumps(get(want, "id"))
        got = spark.pop(key, None)
        if get(want, "error") is not None:
            want = [(k, LINE_PREFIX.sub("", v) if k == "error" else v) for k, v in want]
        if got != want:
            mismatches.append((i, want, got))
    extra = len(spark)
    print(f"compared {len(cli)} CLI lines with {total} Spark lines: "
          f"{len(mismatches)} differ, {extra} Spark lines without a CLI line, {dup} duplicate ids")
    for i, want, got in mismatches[:5]:
        print(f"  line {i}:\n    cli:   {show(want)}\n    spark: {show(got) if got else None}")

    ok = not mismatches and not extra and not dup

    summary_path = os.path.join(out_dir, "summary.json")
    if os.path.exists(summary_path):
        with open(summary_path, encoding="utf-8") as f:
            summary = json.load(f)
        actions, categories, errors = Counter(), Counter(), 0
        for obj in cli:
            if get(obj, "error") is not None:
                errors += 1
                continue
            actions[get(obj, "action")] += 1
            for finding in get(obj, "findings"):
                categories[get(finding, "category")] += 1
        want = {
            "items_read": len(cli),
            "items_with_errors": errors,
            "actions": {a: actions.get(a, 0) for a in ("ok", "suggest_dm", "require_dm")},
            "categories": dict(sorted(categories.items())),
        }
        got = {k: summary.get(k) for k in want}
        if got != want:
            print(f"summary differs:\n  from the CLI: {want}\n  spark:        {got}")
            ok = False
        else:
            print(f"summary matches: {json.dumps(want)}")
    else:
        print(f"no {summary_path}")
        ok = False
    print("OK: the Spark output equals `discreet scan`" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
