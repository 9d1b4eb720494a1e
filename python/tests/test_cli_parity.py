"""The Python results equal `discreet scan` on the same input, byte for byte."""

from __future__ import annotations

import json

import pytest

import discreet
from conftest import as_contract, run_cli

EDGE = [
    b'{"id": "e1", "text": "my card 4111 1111 1111 1111", "direction": "outgoing"}',
    b'{"id": 17, "text": "mail jo@example.org"}',
    b'{"id": "e3"}',
    b'{"id": "e4", "text": 42}',
    b'{"id": "e5", "text": "x", "direction": "sideways"}',
    b'{"id": "e6", "text": "x", "direction": 5}',
    b"not json",
    b"",
    b"[1, 2]",
    b'{"text": "caf\\u00e9 \\ud83d\\ude00 call 415-555-0132"}',
    b'\xff\xfe{"text": "x"}',
    b'{"id": null, "text": "Hi there, could you post your phone number so we can call you?", "direction": "outgoing"}',
]


def test_scan_jsonl_equals_the_command(cli, tweets):
    lines = tweets.read_bytes().splitlines() + EDGE
    r = run_cli(cli, ["scan"], b"\n".join(lines) + b"\n")
    want = r.stdout.decode().splitlines()
    got = discreet.scan_jsonl(lines)
    assert len(got) == len(want) == len(lines)
    for i, (g, w) in enumerate(zip(got, want), 1):
        assert g == w, f"line {i}"


def test_scan_dicts_equal_the_command(cli, tweets):
    r = run_cli(cli, ["scan"], tweets.read_bytes())
    want = [json.loads(l) for l in r.stdout.decode().splitlines()]
    items = [json.loads(l) for l in tweets.read_text().splitlines()]
    for item, w in zip(items, want):
        if "text" in item:
            d = as_contract(
                discreet.scan(item["text"], item.get("direction", "incoming"), id=item["id"])
            )
            # Same keys, order and values, and the same JSON text.
            assert d == w and list(d) == list(w)
            compact = json.dumps(d, ensure_ascii=False, separators=(",", ":"))
            assert compact == json.dumps(w, ensure_ascii=False, separators=(",", ":"))
    batch = discreet.scan_batch(
        [i.get("text") for i in items], [i.get("direction") for i in items], [i["id"] for i in items]
    )
    for b, w in zip(batch, want):
        if "error" in w:
            assert b["error"] == w["error"].split(": ", 1)[1]
        else:
            assert as_contract(b) == w


def test_redacted_equals_the_command(cli, tweets):
    help_text = run_cli(cli, ["scan", "--help"]).stdout.decode()
    if "--redact" not in help_text:
        pytest.skip("this discreet command has no --redact")
    r = run_cli(cli, ["scan", "--redact"], tweets.read_bytes())
    want = [json.loads(l) for l in r.stdout.decode().splitlines()]
    items = [json.loads(l) for l in tweets.read_text().splitlines()]
    batch = discreet.scan_batch(
        [i.get("text") for i in items], [i.get("direction") for i in items], [i["id"] for i in items],
        redact=True,
    )
    for b, w in zip(batch, want):
        if "error" not in w:
            assert as_contract(b) == w
