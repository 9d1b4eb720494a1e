"""The Arrow batch call: string columns in, result columns out."""

from __future__ import annotations

import pytest

pa = pytest.importorskip("pyarrow")

import discreet
from conftest import TEXTS, as_contract


def batch_dicts(*args, **kwargs):
    """`scan_batch` with the byte offsets Arrow columns hold (the JSON contract's)."""
    return [as_contract(d) for d in discreet.scan_batch(*args, **kwargs)]


def rows_of(batch):
    """Rows as the batch dicts: `error` dropped, `id` set, error rows as {id, error}."""
    out = []
    for r in batch.to_pylist():
        err = r.pop("error")
        r.setdefault("id", None)
        if err is not None:
            out.append({"id": r["id"], "error": err})
        else:
            out.append({"id": r.pop("id"), **r})
    return out


def test_columns_equal_the_batch_dicts():
    dirs = ["outgoing" if i % 2 else None for i in range(len(TEXTS))]
    ids = [f"t{i}" for i in range(len(TEXTS))]
    batch = discreet.scan_arrow(pa.array(TEXTS), pa.array(dirs, pa.string()), pa.array(ids))
    assert isinstance(batch, pa.RecordBatch)
    assert batch.schema == discreet.result_schema(pa.string())
    assert batch.column_names == ["id", "action", "findings", "solicits", "reasons", "weighted_length", "error"]
    assert rows_of(batch) == batch_dicts(TEXTS, dirs, ids)


@pytest.mark.parametrize(
    "make",
    [
        lambda t: pa.array(t, pa.string()),
        lambda t: pa.array(t, pa.large_string()),
        lambda t: pa.chunked_array([t[:2], t[2:]], pa.string()),
        lambda t: pa.array(t, pa.string()).dictionary_encode(),
        lambda t: t,
        lambda t: tuple(t),
    ],
    ids=["string", "large_string", "chunked", "dictionary", "list", "tuple"],
)
def test_input_kinds(make):
    batch = discreet.scan_arrow(make(TEXTS))
    assert rows_of(batch) == batch_dicts(TEXTS)


def test_string_view():
    if not hasattr(pa, "string_view"):
        pytest.skip("pyarrow without string_view")
    batch = discreet.scan_arrow(pa.array(TEXTS, pa.string_view()))
    assert rows_of(batch) == batch_dicts(TEXTS)


def test_sliced_arrays_and_nulls():
    full = pa.array(["pad", None, *TEXTS, None, "pad"])
    part = full.slice(1, len(TEXTS) + 2)
    assert part.offset == 1
    batch = discreet.scan_arrow(part)
    want = batch_dicts([None, *TEXTS, None])
    assert rows_of(batch) == want
    assert batch.column("error").to_pylist()[0] == '"text" is missing'
    assert batch.column("action").null_count == 2
    assert batch.column("findings").to_pylist()[0] is None


def test_directions_column_with_bad_values():
    dirs = pa.array(["incoming", "sideways", None, "outgoing", "incoming", "incoming"])
    batch = discreet.scan_arrow(TEXTS, dirs)
    rows = rows_of(batch)
    assert rows[1] == {"id": None, "error": '"direction" must be "incoming" or "outgoing", got "sideways"'}
    assert rows == batch_dicts(TEXTS, dirs.to_pylist())
    assert rows_of(discreet.scan_arrow(TEXTS, "outgoing")) == batch_dicts(TEXTS, "outgoing")


def test_ids_of_any_type_pass_through():
    batch = discreet.scan_arrow(TEXTS, ids=pa.array(range(len(TEXTS)), pa.int64()))
    assert batch.schema.field("id").type == pa.int64()
    assert batch.column("id").to_pylist() == list(range(len(TEXTS)))


def test_redacted_column():
    batch = discreet.scan_arrow(TEXTS, redact=True)
    assert batch.schema == discreet.result_schema(None, redact=True)
    red = batch.column("redacted").to_pylist()
    assert red == [o["redacted"] for o in batch_dicts(TEXTS, redact=True)]
    assert red[3] == "mail me at [EMAIL]"


@pytest.mark.parametrize("threads", [1, 2, 4])
def test_many_rows_on_many_threads(threads):
    texts = [TEXTS[i % len(TEXTS)] + f" #{i}" for i in range(20_000)]
    texts[777] = None
    batch = discreet.scan_arrow(pa.array(texts), threads=threads)
    assert batch.num_rows == len(texts)
    assert rows_of(batch) == batch_dicts(texts, threads=1)
    batch.validate(full=True)


def test_empty_and_all_null():
    assert discreet.scan_arrow(pa.array([], pa.string())).num_rows == 0
    assert discreet.scan_arrow([]).num_rows == 0
    b = discreet.scan_arrow(pa.array([None, None]))
    assert b.column("error").to_pylist() == ['"text" is missing'] * 2
    b.validate(full=True)


def test_bad_inputs():
    with pytest.raises(TypeError):
        discreet.scan_arrow(pa.array([1, 2, 3]))
    with pytest.raises(TypeError):
        discreet.scan_arrow("one text")
    with pytest.raises(ValueError, match="directions has 1 items for 6 texts"):
        discreet.scan_arrow(pa.array(TEXTS), pa.array(["incoming"]))
    with pytest.raises(ValueError, match="ids has 2 items"):
        discreet.scan_arrow(TEXTS, ids=[1, 2])


def test_scanner_scan_arrow_uses_its_rules():
    s = discreet.Scanner(allow=["help@acme.example"])
    b = s.scan_arrow(pa.array(["write to help@acme.example", "write to jo@example.org"]))
    assert b.column("action").to_pylist() == ["ok", "require_dm"]


def test_native_side_checks_buffers():
    s = discreet.Scanner()
    # Offsets past the data buffer: an error row, not a crash.
    import struct

    offsets = struct.pack("<3i", 0, 4, 400)
    b = s._scan_buffers((None, offsets, b"abcdefgh", 0, 2, False), None, False, 1)
    assert b["length"] == 2
    with pytest.raises(ValueError, match="offsets buffer too short"):
        s._scan_buffers((None, offsets, b"abcdefgh", 0, 5, False), None, False, 1)
    with pytest.raises(ValueError, match="validity bitmap too short"):
        s._scan_buffers((b"", offsets, b"abcdefgh", 0, 2, False), None, False, 1)
    bad_utf8 = struct.pack("<2i", 0, 2)
    cols = s._scan_buffers((None, bad_utf8, b"\xff\xfe", 0, 1, False), None, False, 1)
    assert cols["length"] == 1
