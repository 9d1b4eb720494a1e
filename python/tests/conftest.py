"""Shared fixtures: the `discreet` command (for parity tests) and the example data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "spark"

#: Tweets for the batch tests: disclosures, a reply that asks for details, nothing to find,
#: emoji and accents (where code points and bytes differ).
TEXTS = [
    "@AcmeAir my card 4111 1111 1111 1111 was charged twice, call me on 415-555-0132",
    "thanks, all good now 👍",
    "Sorry about that! Can you reply with your order number?",
    "mail me at jo@example.org",
    "I was charged twice this month",
    "où est mon colis ? 📦 commande 48213377",
]


def _cli_path():
    p = os.environ.get("DISCREET_CLI")
    if p:
        return Path(p)
    for cand in (ROOT / "target" / "release" / "discreet", ROOT / "target" / "debug" / "discreet"):
        if cand.exists():
            return cand
    return None


@pytest.fixture(scope="session")
def cli():
    """The `discreet` binary; the test is skipped without it, unless DISCREET_REQUIRE_CLI=1
    (CI), where a missing binary fails."""
    p = _cli_path()
    if p is None or not p.exists():
        if os.environ.get("DISCREET_REQUIRE_CLI") == "1":
            pytest.fail("the discreet binary is missing (cargo build --release -p discreet-cli)")
        pytest.skip("no discreet binary (cargo build --release -p discreet-cli)")
    return p


def as_contract(d):
    """A Python result dict with the contract's byte offsets in ``start``/``end`` (Python
    gives ``str`` indices there and the bytes as ``start_byte``/``end_byte``)."""
    if "findings" not in d:
        return d
    out = dict(d)
    for key in ("findings", "reasons"):
        out[key] = [
            {k: (x["start_byte"] if k == "start" else x["end_byte"] if k == "end" else v)
             for k, v in x.items() if k not in ("start_byte", "end_byte")}
            for x in d[key]
        ]
    return out


def run_cli(cli, args, stdin: bytes = b""):
    return subprocess.run([str(cli), *args], input=stdin, capture_output=True, timeout=300)


@pytest.fixture(scope="session")
def tweets(tmp_path_factory):
    """600 generated tweets (JSON Lines), two of them without a text."""
    out = tmp_path_factory.mktemp("data") / "tweets.jsonl"
    subprocess.run(
        [sys.executable, str(EXAMPLES / "make_tweets.py"), "600", str(out), "--missing-text", "2"],
        check=True,
    )
    return out
