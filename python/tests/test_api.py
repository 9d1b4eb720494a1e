"""The one-text API: scan, classify, findings, redact, Scanner, and errors."""

from __future__ import annotations

import json
import pickle
import threading

import pytest

import discreet
from discreet import DiscreetError

CARD = "@AcmeAir my card 4111 1111 1111 1111 was charged twice, call me on 415-555-0132"
CONTRACT_KEYS = ["id", "action", "findings", "solicits", "reasons", "weighted_length"]


def test_scan_is_the_contract_object():
    d = discreet.scan(CARD)
    assert list(d) == CONTRACT_KEYS
    assert d["id"] is None
    assert d["action"] == "require_dm"
    assert [(f["category"], CARD[f["start"] : f["end"]]) for f in d["findings"]] == [
        ("billing", "4111 1111 1111 1111"),
        ("phone", "415-555-0132"),
    ]
    assert list(d["findings"][0]) == [
        "start", "end", "start_byte", "end_byte", "category", "kind", "rule", "confidence"
    ]
    assert d["findings"][0]["rule"] == "billing.card_number"
    assert list(d["reasons"][0]) == [
        "code", "category", "start", "end", "start_byte", "end_byte", "message"
    ]
    assert d["reasons"][0]["code"] == "discloses"
    assert d["weighted_length"] == 79
    json.dumps(d)  # plain JSON types only


def test_scan_id_passes_through_and_directions():
    assert discreet.scan("hello", id=42)["id"] == 42
    assert discreet.scan("hello", id="t1")["id"] == "t1"
    out = discreet.scan("Sorry about that! Can you reply with your order number?", "outgoing")
    assert out["action"] == "suggest_dm"
    assert out["solicits"] == ["purchase"]
    assert discreet.scan("I was charged twice this month")["action"] == "suggest_dm"
    assert discreet.scan("thanks, all good now")["action"] == "ok"


def test_classify_gives_a_verdict_equal_to_scan():
    v = discreet.classify(CARD)
    assert isinstance(v, discreet.Verdict)
    assert v.action == "require_dm" and v.needs_dm
    assert v.to_dict() == discreet.scan(CARD)
    assert v.to_dict(id="x")["id"] == "x"
    f = v.findings[0]
    assert isinstance(f, discreet.Finding)
    assert (f.category, f.kind, f.rule) == ("billing", "card_number", "billing.card_number")
    assert 0 < f.confidence <= 1
    assert f.value(CARD) == "4111 1111 1111 1111"
    assert f.to_dict() == discreet.scan(CARD)["findings"][0]
    assert f == discreet.classify(CARD).findings[0]
    r = v.reasons[0]
    assert isinstance(r, discreet.Reason)
    assert (r.code, r.category) == ("discloses", "billing")
    assert r.to_dict() == discreet.scan(CARD)["reasons"][0]
    assert "require_dm" in repr(v) and "card_number" in repr(f)
    assert v.entities[0] == {"kind": "mention", "start": 0, "end": 8, "start_byte": 0, "end_byte": 8}
    assert v == discreet.classify(CARD)


def test_offsets_are_str_indices_with_the_bytes_beside():
    text = "😀 mail jo@example.org"
    f = discreet.findings(text)[0]
    assert text[f.start : f.end] == "jo@example.org"
    assert (f.start, f.end) == (7, 21)
    assert text.encode()[f.start_byte : f.end_byte] == b"jo@example.org"
    assert (f.start_byte, f.end_byte) == (10, 24)
    assert f.value(text) == "jo@example.org"
    assert f.value("short") is None
    d = discreet.scan(text)
    assert (d["findings"][0]["start"], d["findings"][0]["start_byte"]) == (7, 10)
    assert (d["reasons"][0]["start"], d["reasons"][0]["end_byte"]) == (7, 24)
    # The JSON Lines contract keeps bytes.
    line = json.loads(discreet.scan_jsonl([json.dumps({"text": text})])[0])
    assert (line["findings"][0]["start"], line["findings"][0]["end"]) == (10, 24)


def test_redact():
    assert discreet.redact("mail me at jo@example.org") == "mail me at [EMAIL]"
    assert discreet.redact("nothing here") == "nothing here"
    policy = {"category": {"billing": {"style": "mask", "keep-last": 4}, "email": "partial"}}
    text = "card 4111 1111 1111 1111, mail jo.doe@example.com"
    assert discreet.redact(text, policy=policy) == "card •••• •••• •••• 1111, mail ***@example.com"


def test_redact_policy_file_and_pseudonyms(tmp_path):
    p = tmp_path / "policy.toml"
    p.write_text('default = "pseudonym"\n')
    key = b"an archive-wide secret key"
    a = discreet.redact("mail jo.doe@example.com", policy=p, key=key)
    b = discreet.redact("JO.DOE@example.com is mine", policy=str(p), key=key.decode())
    assert a.startswith("mail [email:")
    assert a[5:] == b[: len(a) - 5]
    key_file = tmp_path / "secret.key"
    key_file.write_bytes(key + b"\n")  # whitespace around a key file is ignored
    assert discreet.redact("mail jo.doe@example.com", policy=p, key=key_file) == a
    with pytest.raises(DiscreetError) as e:
        discreet.redact("x", policy=p, key=tmp_path / "missing.key")
    assert e.value.kind == "io" and e.value.path == str(tmp_path / "missing.key")
    s = discreet.Scanner(policy=p, key=key)
    assert s.redact("mail jo.doe@example.com") == a
    details = s.redaction("mail jo.doe@example.com")
    assert details["text"] == a
    assert details["spans"][0]["original"] == {"start": 5, "end": 23, "start_byte": 5, "end_byte": 23}
    r = s.redaction("é 🙈 jo.doe@example.com ok")
    span = r["spans"][0]
    assert "é 🙈 jo.doe@example.com ok"[span["original"]["start"] : span["original"]["end"]] == "jo.doe@example.com"
    red = r["text"]
    assert red[span["replacement"]["start"] : span["replacement"]["end"]].startswith("[email:")
    assert red.encode()[span["replacement"]["start_byte"] : span["replacement"]["end_byte"]].startswith(b"[email:")
    assert details["spans"][0]["category"] == "email"


def test_scanner_options():
    brand = discreet.Scanner(allow=["help@acme.example"])
    assert brand.scan("write to help@acme.example")["action"] == "ok"
    assert brand.scan("write to jo@example.org")["findings"][0]["category"] == "email"
    ids = [r["id"] for r in discreet.Scanner().rules()]
    assert "email.address" in ids
    no_email = discreet.Scanner(disable=["email.address"])
    assert "email.address" not in [r["id"] for r in no_email.rules()]
    assert all(f["rule"] != "email.address" for f in no_email.scan("jo@example.org")["findings"])
    mine = discreet.Scanner(
        rules_toml=[
            '[[rule]]\nid = "acme.loyalty"\ncategory = "account"\nkind = "loyalty_number"\n'
            "regex = '\\bACM-[0-9]{8}\\b'\nscore = 0.9\nexamples = [\"my card ACM-12345678\"]\n"
        ]
    )
    assert mine.scan("points missing on ACM-12345678")["findings"][0]["rule"] == "acme.loyalty"
    only = discreet.Scanner(builtin=False, rules_toml=[])
    assert only.rules() == [] and only.scan(CARD)["findings"] == []
    strict = discreet.Scanner(min_score=0.99)
    assert len(strict.scan(CARD)["findings"]) <= len(discreet.scan(CARD)["findings"])


def test_scanner_rule_files(tmp_path):
    good = tmp_path / "acme.toml"
    good.write_text(
        '[[rule]]\nid = "acme.loyalty"\ncategory = "account"\nkind = "loyalty_number"\n'
        "regex = '\\bACM-[0-9]{8}\\b'\nscore = 0.9\n"
    )
    s = discreet.Scanner(rules=[good])
    assert s.findings("ACM-12345678 please")[0].rule == "acme.loyalty"


def test_scanner_pickles(tmp_path):
    s = discreet.Scanner(allow=["help@acme.example"], disable=["email.address"], min_score=0.6)
    t = pickle.loads(pickle.dumps(s))
    assert isinstance(t, discreet.Scanner)
    assert t.rules() == s.rules()
    assert t.scan(CARD) == s.scan(CARD)


def test_errors_are_discreet_errors_with_the_rust_message(tmp_path):
    assert issubclass(DiscreetError, ValueError)
    with pytest.raises(DiscreetError) as e:
        discreet.Scanner(disable=["nope"])
    assert str(e.value) == 'cannot disable rule "nope": no rule has that id'
    assert e.value.kind == "config" and e.value.path is None and e.value.rule_id is None

    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x.bad"\ncategory = "email"\nkind = "k"\nregex = "(unclosed"\nscore = 0.5\n')
    with pytest.raises(DiscreetError) as e:
        discreet.Scanner(rules=[bad])
    assert str(e.value).startswith(f"{bad}: rule x.bad: invalid regex: ")
    assert (e.value.kind, e.value.path, e.value.rule_id) == ("invalid_regex", str(bad), "x.bad")

    with pytest.raises(DiscreetError, match="unknown category"):
        discreet.Scanner(rules_toml=['[[rule]]\nid = "x.y"\ncategory = "nope"\nkind = "k"\nregex = "a"\nscore = 0.5\n'])
    with pytest.raises(DiscreetError, match="cannot read"):
        discreet.Scanner(rules=[tmp_path / "missing.toml"])
    with pytest.raises(DiscreetError) as e:
        discreet.scan("x", "sideways")
    assert str(e.value) == 'direction must be "incoming" or "outgoing", got "sideways"'
    with pytest.raises(DiscreetError, match="min score must be between 0 and 1"):
        discreet.Scanner(min_score=2)
    with pytest.raises(DiscreetError, match="key too short: 5 bytes"):
        discreet.redact("x", key="short")
    with pytest.raises(DiscreetError, match="pseudonym"):
        discreet.redact("x", policy={"default": "pseudonym"})
    with pytest.raises(DiscreetError) as e:
        discreet.redact("x", policy={"default": "bogus"})
    assert e.value.kind == "syntax"
    with pytest.raises(TypeError):
        discreet.scan(42)
    with pytest.raises(TypeError):
        discreet.Scanner(rules="one.toml")
    with pytest.raises(TypeError):
        discreet.redact("x", policy=42)


def test_error_messages_equal_the_command(cli, tmp_path):
    from conftest import run_cli

    bad = tmp_path / "bad.toml"
    bad.write_text('[[rule]]\nid = "x.bad"\ncategory = "email"\nkind = "k"\nregex = "(unclosed"\nscore = 0.5\n')
    for args, make in [
        (["--disable", "nope"], lambda: discreet.Scanner(disable=["nope"])),
        (["--rules", str(bad)], lambda: discreet.Scanner(rules=[bad])),
    ]:
        r = run_cli(cli, ["scan", *args])
        with pytest.raises(DiscreetError) as e:
            make()
        assert r.returncode == 2
        assert r.stderr.decode().strip() == f"discreet: {e.value}"


def test_scan_releases_the_gil():
    """Another Python thread keeps running while a batch is judged."""
    # Texts with data to find: the native part dominates the call (about 80 us a text,
    # against under 1 us to build each result dict while holding the GIL).
    texts = [CARD] * 10_000
    done = threading.Event()
    took = []

    def work():
        import time

        t = time.perf_counter()
        try:
            discreet.scan_batch(texts, threads=1)
        finally:
            took.append(time.perf_counter() - t)
            done.set()

    import time

    th = threading.Thread(target=work)
    th.start()
    ticks, gap, last = 0, 0.0, time.perf_counter()
    while not done.is_set():
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
        ticks += 1
    th.join()
    assert ticks > 1000
    # Holding the GIL through the native part would stop this thread for most of the call.
    assert gap < max(0.5 * took[0], 0.05), (gap, took)


def test_brand_profile_contact_points_are_not_disclosed(tmp_path):
    profile = tmp_path / "brand.toml"
    profile.write_text(
        'name = "Acme Air"\n'
        'domains = ["acme-air.com"]\n'
        'phones = ["+1 888 555 0188"]\n'
    )
    s = discreet.Scanner(brand=str(profile))
    text = "Write to care@acme-air.com or call +1 888 555 0188, or DM jo@example.org"
    found = [text[f.start:f.end] for f in s.findings(text)]
    assert found == ["jo@example.org"]
    with pytest.raises(discreet.DiscreetError):
        discreet.Scanner(brand=str(tmp_path / "missing.toml"))


def test_a_policy_may_name_the_kinds_of_custom_rules():
    rules = (
        '[[rule]]\nid = "acme.points"\ncategory = "account"\nkind = "loyalty_points"\n'
        "regex = '\\bLP-[0-9]{8}\\b'\nscore = 0.9\n"
    )
    s = discreet.Scanner(rules_toml=[rules], policy={"kind": {"loyalty_points": "remove"}})
    assert s.redact("points on LP-12345678?") == "points on ?"


def test_extra_phrase_files_add_to_the_built_in_ones(tmp_path):
    phrases = tmp_path / "acme.toml"
    phrases.write_text(
        "[[phrase]]\n"
        "id = 'acme.solicit_stars'\n"
        "role = 'solicit'\n"
        "category = 'account'\n"
        "regex = '''(?i)\\bstars code (?:pls|please|here|below)'''\n"
        "examples = ['stars code pls, and we will sort it']\n"
    )
    draft = "Happy to check! stars code pls, and we will sort it"
    assert discreet.Scanner().scan(draft, "outgoing")["action"] == "ok"
    s = discreet.Scanner(phrases=[phrases])
    assert s.scan(draft, "outgoing")["solicits"] == ["account"]
    # Built-in phrases still apply, and the scanner pickles with its phrases.
    assert s.scan("Can you reply with your order number?", "outgoing")["solicits"] == ["purchase"]
    import pickle

    again = pickle.loads(pickle.dumps(s))
    assert again.scan(draft, "outgoing")["solicits"] == ["account"]
    with pytest.raises(TypeError):
        discreet.Scanner(phrases=str(phrases))
