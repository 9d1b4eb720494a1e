"""The batch call over a list of str: same answers as one call at a time, in order, on
any number of threads, with error rows instead of exceptions for bad rows."""

from __future__ import annotations

import json

import pytest

import discreet
from conftest import TEXTS, as_contract


def many(n):
    return [TEXTS[i % len(TEXTS)] + f" #{i}" for i in range(n)]


def test_batch_equals_one_at_a_time():
    dirs = ["outgoing" if i % 3 == 0 else "incoming" for i in range(len(TEXTS))]
    ids = [f"t{i}" for i in range(len(TEXTS))]
    out = discreet.scan_batch(TEXTS, dirs, ids)
    assert out == [discreet.scan(t, d, i) for t, d, i in zip(TEXTS, dirs, ids)]
    assert discreet.scan_batch(TEXTS) == [discreet.scan(t) for t in TEXTS]
    assert discreet.scan_batch(TEXTS, "outgoing") == [discreet.scan(t, "outgoing") for t in TEXTS]
    assert discreet.scan_batch([]) == []
    assert discreet.scan_batch(iter(TEXTS)) == discreet.scan_batch(TEXTS)


@pytest.mark.parametrize("threads", [1, 2, 3, 8])
def test_order_is_kept_on_every_thread_count(threads):
    texts = many(5000)
    ids = list(range(len(texts)))
    out = discreet.scan_batch(texts, ids=ids, threads=threads)
    assert [o["id"] for o in out] == ids
    assert out == discreet.scan_batch(texts, ids=ids, threads=1)
    sample = [0, 1, 2, 2500, 4999]
    assert [out[i] for i in sample] == [discreet.scan(texts[i], id=i) for i in sample]


def test_bad_rows_are_error_rows():
    out = discreet.scan_batch(
        ["fine", None, 42, "fine", "\ud800 lone surrogate"],
        [None, "incoming", "incoming", "sideways", "incoming"],
        ids=["a", "b", "c", "d", "e"],
    )
    assert out[0]["action"] == "ok"
    assert out[1] == {"id": "b", "error": '"text" is missing'}
    assert out[2] == {"id": "c", "error": '"text" must be a string'}
    assert out[3] == {"id": "d", "error": '"direction" must be "incoming" or "outgoing", got "sideways"'}
    assert out[4] == {"id": "e", "error": '"text" is not valid UTF-8'}
    out = discreet.scan_batch(["x"], [7])
    assert out[0]["error"] == '"direction" must be "incoming" or "outgoing", got 7'


def test_bad_calls_raise():
    with pytest.raises(TypeError):
        discreet.scan_batch("not a list")
    with pytest.raises(ValueError, match="directions has 1 items for 2 texts"):
        discreet.scan_batch(["a", "b"], ["incoming"])
    with pytest.raises(ValueError, match="ids has 3 items for 2 texts"):
        discreet.scan_batch(["a", "b"], ids=[1, 2, 3])
    with pytest.raises(ValueError, match="threads must be at least 1"):
        discreet.scan_batch(["a"], threads=0)
    with pytest.raises(discreet.DiscreetError, match="direction must be"):
        discreet.scan_batch(["a"], "sideways")


def test_redacted_text_is_added_when_asked():
    out = discreet.scan_batch(TEXTS, redact=True)
    assert [list(o)[-1] for o in out] == ["redacted"] * len(TEXTS)
    assert out[3]["redacted"] == "mail me at [EMAIL]"
    assert out[1]["redacted"] == TEXTS[1]
    s = discreet.Scanner(policy={"category": {"email": "partial"}})
    assert s.scan_batch(["mail jo@example.org"], redact=True)[0]["redacted"] == "mail ***@example.org"
    for o in out:
        del o["redacted"]
    assert out == discreet.scan_batch(TEXTS)


def test_scanner_batch_uses_its_rules():
    s = discreet.Scanner(allow=["help@acme.example"])
    out = s.scan_batch(["write to help@acme.example", "write to jo@example.org"])
    assert [o["action"] for o in out] == ["ok", "require_dm"]


def test_scan_jsonl_is_the_contract():
    lines = [
        json.dumps({"id": "t1", "text": TEXTS[0]}),
        json.dumps({"id": 2, "text": TEXTS[2], "direction": "outgoing"}),
        '{"id": "t3"}',
        "not json",
        "",
        b'{"text": "bytes work too"}',
    ]
    out = discreet.scan_jsonl(lines)
    assert len(out) == len(lines)
    first = json.loads(out[0])
    assert first == as_contract(discreet.scan(TEXTS[0], id="t1"))
    assert json.loads(out[1]) == as_contract(discreet.scan(TEXTS[2], "outgoing", id=2))
    assert json.loads(out[2]) == {"id": "t3", "error": 'line 3: "text" is missing'}
    assert json.loads(out[3])["error"].startswith("line 4: not a JSON object")
    assert json.loads(out[4])["error"] == "line 5: empty line: expected a JSON object"
    assert json.loads(out[5])["action"] == "ok"
    with pytest.raises(TypeError):
        discreet.scan_jsonl("a string")
