"""Offsets are ``str`` indices: slicing the Python string with them gives exactly the value,
whatever comes before it (emoji, ZWJ sequences, flags, skin tones, combining marks, CJK,
right-to-left text). Random texts, a fixed seed per case so a failure replays."""

from __future__ import annotations

import random

import pytest

import discreet

NOISE = [
    "😀", "👨\u200d👩\u200d👧\u200d👦", "🇫🇷", "👍🏽", "e\u0301", "A\u030a", "東京", "注文",
    "שלום", "ok ", " ", "!", "\u200d", "ñ", "🙈🙉", "\U0001f9d1\u200d\U0001f4bb", "한국어",
]
VALUES = ["jo@example.org", "4111 1111 1111 1111", "415-555-0132", "maría.lópez@correo.es"]


def noisy(rng: random.Random) -> tuple[str, list[str]]:
    text, values = "", []
    for _ in range(rng.randint(1, 3)):
        text += "".join(rng.choice(NOISE) for _ in range(rng.randint(0, 10)))
        v = rng.choice(VALUES)
        text += f" mail {v} 🙂 "
        values.append(v)
    text += "".join(rng.choice(NOISE) for _ in range(rng.randint(0, 5)))
    return text, values


@pytest.mark.parametrize("seed", range(200))
def test_slicing_with_offsets_gives_the_value(seed):
    rng = random.Random(seed)
    text, values = noisy(rng)
    raw = text.encode()
    v = discreet.classify(text, rng.choice(["incoming", "outgoing"]))
    found = [text[f.start : f.end] for f in v.findings]
    for value in values:
        assert value in found, (text, found)
    for f in v.findings:
        assert f.value(text) == text[f.start : f.end]
        assert raw[f.start_byte : f.end_byte].decode() == text[f.start : f.end]
    d = v.to_dict()
    for f in d["findings"]:
        assert raw[f["start_byte"] : f["end_byte"]].decode() == text[f["start"] : f["end"]]
    for r in v.reasons:
        assert raw[r.start_byte : r.end_byte].decode() == text[r.start : r.end]
    for e in v.entities:
        assert raw[e["start_byte"] : e["end_byte"]].decode() == text[e["start"] : e["end"]]
    for f in discreet.findings(text):
        assert raw[f.start_byte : f.end_byte].decode() == text[f.start : f.end]


@pytest.mark.parametrize("seed", range(50))
def test_redaction_span_maps_slice_both_texts(seed):
    text, _ = noisy(random.Random(seed))
    r = discreet.Scanner().redaction(text)
    assert r["spans"], text
    for s in r["spans"]:
        o, p = s["original"], s["replacement"]
        assert text.encode()[o["start_byte"] : o["end_byte"]].decode() == text[o["start"] : o["end"]]
        red = r["text"][p["start"] : p["end"]]
        assert red == r["text"].encode()[p["start_byte"] : p["end_byte"]].decode()
        assert red.startswith("[") and red.endswith("]")
