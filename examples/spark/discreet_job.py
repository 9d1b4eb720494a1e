#!/usr/bin/env python3
"""Scan an archive of tweets with Spark: findings, verdicts and redacted text.

    spark-submit discreet_job.py --input tweets.jsonl --output out/ [--redact]
    python discreet_job.py --master 'local[2]' --input tweets.parquet --output out/

Reads JSON Lines or Parquet with columns ``id``, ``text`` and ``direction`` (``id`` and
``direction`` optional; a null direction means incoming), runs ``discreet``'s Arrow batch
call on every Arrow batch (``mapInArrow``: no row goes through Python objects), and writes:

- ``OUT/results/``: Parquet, one row per tweet: ``id``, ``action``, ``findings`` (a list of
  structs ``start, end, category, kind, rule, confidence``), ``solicits``, ``reasons``,
  ``weighted_length``, ``redacted`` (with ``--redact``) and ``error``;
- ``OUT/verdicts/`` (with ``--jsonl``): the same as JSON Lines, one object per tweet, in the
  exact shape of ``discreet scan`` (``{"id", "error"}`` for rows that could not be judged);
- ``OUT/summary.json`` (on the driver's file system) and on standard output: counts by
  action, category, kind and rule, errors, and throughput.

Every executor needs the ``discreet`` package: see python/README.md, "Spark".
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

# The configuration the executors use to build their scanner (sent with the function).
_SCANNER = None


def scanner_for(config: dict):
    """One scanner per Python worker process, built on first use."""
    global _SCANNER
    if _SCANNER is None:
        import discreet

        key = os.environ.get(config["key_env"]) if config.get("key_env") else None
        _SCANNER = discreet.Scanner(
            rules=config["rules"] or None,
            disable=config["disable"] or None,
            allow=config["allow"] or None,
            policy=config["policy"],
            key=key,
        )
    return _SCANNER


def result_struct():
    """The Spark schema of the results (the Arrow schema of ``discreet.result_schema``)."""
    from pyspark.sql.types import (
        ArrayType,
        DoubleType,
        LongType,
        StringType,
        StructField,
        StructType,
    )

    finding = StructType(
        [
            StructField("start", LongType(), False),
            StructField("end", LongType(), False),
            StructField("category", StringType(), False),
            StructField("kind", StringType(), False),
            StructField("rule", StringType(), False),
            StructField("confidence", DoubleType(), False),
        ]
    )
    reason = StructType(
        [
            StructField("code", StringType(), False),
            StructField("category", StringType(), True),
            StructField("start", LongType(), False),
            StructField("end", LongType(), False),
            StructField("message", StringType(), False),
        ]
    )
    return finding, reason, [
        StructField("action", StringType(), True),
        StructField("findings", ArrayType(finding, False), True),
        StructField("solicits", ArrayType(StringType(), False), True),
        StructField("reasons", ArrayType(reason, False), True),
        StructField("weighted_length", LongType(), True),
    ]


def read_tweets(spark, path: str, fmt: str):
    from pyspark.sql import functions as F

    if fmt == "auto":
        fmt = "parquet" if path.rstrip("/").endswith(".parquet") else "jsonl"
    if fmt == "jsonl":
        # An explicit schema: no pass over the data to infer one, and other fields ignored.
        df = spark.read.schema("id STRING, text STRING, direction STRING").json(path)
    else:
        df = spark.read.parquet(path)
    for col in ("id", "direction"):
        if col not in df.columns:
            df = df.withColumn(col, F.lit(None).cast("string"))
    if "text" not in df.columns:
        raise SystemExit(f"{path}: no column named text")
    # Ids are written as strings (a numeric id in the input becomes its decimal text).
    return df.select(
        F.col("id").cast("string"), F.col("text").cast("string"), F.col("direction").cast("string")
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Scan tweets with discreet on Spark.")
    ap.add_argument("--input", required=True, help="JSON Lines or Parquet (file or folder)")
    ap.add_argument("--output", required=True, help="output folder (replaced)")
    ap.add_argument("--format", choices=["auto", "jsonl", "parquet"], default="auto")
    ap.add_argument("--master", help="e.g. local[2]; default: what spark-submit says")
    ap.add_argument("--redact", action="store_true", help="add the redacted text")
    ap.add_argument("--policy", help="redaction policy file (TOML or JSON), on every node")
    ap.add_argument("--key-env", help="environment variable holding the pseudonym key")
    ap.add_argument("--rules", action="append", default=[], help="extra rule file (repeatable)")
    ap.add_argument("--disable", action="append", default=[], help="rule id to disable")
    ap.add_argument("--allow", action="append", default=[], help="brand contact point")
    ap.add_argument("--threads", type=int, help="threads per task (default: all cores)")
    ap.add_argument("--batch-size", type=int, default=10_000, help="rows per Arrow batch")
    ap.add_argument("--jsonl", action="store_true", help="also write verdicts/ as JSON Lines")
    args = ap.parse_args(argv)

    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType, StructField, StructType

    builder = SparkSession.builder.appName("discreet-scan")
    if args.master:
        builder = builder.master(args.master)
    spark = (
        builder.config("spark.sql.execution.arrow.maxRecordsPerBatch", str(args.batch_size))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("WARN")

    tweets = read_tweets(spark, args.input, args.format)
    _, _, verdict_fields = result_struct()
    fields = [StructField("id", StringType(), True)] + verdict_fields
    if args.redact:
        fields.append(StructField("redacted", StringType(), True))
    fields.append(StructField("error", StringType(), True))
    schema = StructType(fields)

    config = {
        "rules": [os.path.abspath(p) for p in args.rules],
        "disable": args.disable,
        "allow": args.allow,
        "policy": os.path.abspath(args.policy) if args.policy else None,
        "key_env": args.key_env,
    }
    redact, threads = args.redact, args.threads

    def judge(batches):
        scanner = scanner_for(config)
        for batch in batches:
            yield scanner.scan_arrow(
                batch.column("text"),
                batch.column("direction"),
                batch.column("id"),
                redact=redact,
                threads=threads,
            )

    out = args.output.rstrip("/")
    started = time.perf_counter()
    results = tweets.mapInArrow(judge, schema)
    results.write.mode("overwrite").parquet(f"{out}/results")
    scanned = time.perf_counter() - started

    stored = spark.read.parquet(f"{out}/results")
    if args.jsonl:
        # The `discreet scan` shape: the verdict's fields in order (nulls kept), or
        # {"id", "error"} for a row that could not be judged.
        keep = ["id", "action", "findings", "solicits", "reasons", "weighted_length"]
        if args.redact:
            keep.append("redacted")
        line = F.when(
            F.col("error").isNull(),
            F.to_json(F.struct(*keep), {"ignoreNullFields": "false"}),
        ).otherwise(F.to_json(F.struct("id", "error"), {"ignoreNullFields": "false"}))
        stored.select(line.alias("value")).write.mode("overwrite").text(f"{out}/verdicts")

    summary = summarise(stored, scanned)
    text = json.dumps(summary, indent=2, ensure_ascii=False)
    print(text)
    if "://" not in out:
        with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
            f.write(text + "\n")
    spark.stop()
    return 0


def summarise(stored, seconds: float) -> dict:
    """Counts over the stored results, named as in `discreet scan --summary-json`: two
    small Spark jobs (rows by action, findings by category, kind and rule)."""
    from pyspark.sql import functions as F

    by_action = stored.groupBy("action").agg(
        F.count(F.lit(1)).alias("items"), F.count("error").alias("errors")
    ).collect()
    found = (
        stored.select(F.explode("findings").alias("f"))
        .groupBy("f.category", "f.kind", "f.rule")
        .count()
        .collect()
    )
    items = sum(r["items"] for r in by_action)
    actions = {r["action"]: r["items"] for r in by_action if r["action"] is not None}
    categories, kinds, rules = {}, {}, {}
    for r in found:
        categories[r["category"]] = categories.get(r["category"], 0) + r["count"]
        kinds[r["kind"]] = kinds.get(r["kind"], 0) + r["count"]
        rules[r["rule"]] = rules.get(r["rule"], 0) + r["count"]
    top = sorted(rules.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    return {
        "items_read": items,
        "items_with_errors": sum(r["errors"] for r in by_action),
        "actions": {a: actions.get(a, 0) for a in ("ok", "suggest_dm", "require_dm")},
        "categories": dict(sorted(categories.items())),
        "kinds": dict(sorted(kinds.items())),
        "top_rules": [{"rule": r, "findings": n} for r, n in top],
        "seconds": round(seconds, 3),
        "items_per_second": round(items / seconds, 1) if seconds > 0 else None,
    }


if __name__ == "__main__":
    sys.exit(main())
