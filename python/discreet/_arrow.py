"""The Arrow batch call: string columns in, result columns out, without copying rows
through Python objects.

The native side reads a string column straight from its buffers (validity bitmap, offsets,
UTF-8 data) and writes every result column as raw buffers; this module wraps them with
``pyarrow.Array.from_buffers``. pyarrow is imported only when this path is used.
"""

from __future__ import annotations

from typing import Any, Optional

__all__ = ["scan_arrow", "result_schema"]


def _pa():
    try:
        import pyarrow as pa
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise ImportError(
            "scan_arrow needs pyarrow: pip install pyarrow (or discreet[arrow])"
        ) from e
    return pa


def _finding_type(pa):
    return pa.struct(
        [
            pa.field("start", pa.int64(), nullable=False),
            pa.field("end", pa.int64(), nullable=False),
            pa.field("category", pa.string(), nullable=False),
            pa.field("kind", pa.string(), nullable=False),
            pa.field("rule", pa.string(), nullable=False),
            pa.field("confidence", pa.float64(), nullable=False),
        ]
    )


def _reason_type(pa):
    return pa.struct(
        [
            pa.field("code", pa.string(), nullable=False),
            pa.field("category", pa.string(), nullable=True),
            pa.field("start", pa.int64(), nullable=False),
            pa.field("end", pa.int64(), nullable=False),
            pa.field("message", pa.string(), nullable=False),
        ]
    )


def result_schema(id_type: Any = None, redact: bool = False):
    """The schema of what ``scan_arrow`` returns: ``id`` (when ``id_type`` is given),
    ``action``, ``findings``, ``solicits``, ``reasons``, ``weighted_length``, ``redacted``
    (when ``redact``), ``error``."""
    pa = _pa()
    fields = []
    if id_type is not None:
        fields.append(pa.field("id", id_type))
    fields += [
        pa.field("action", pa.string()),
        pa.field("findings", pa.list_(pa.field("item", _finding_type(pa), nullable=False))),
        pa.field("solicits", pa.list_(pa.field("item", pa.string(), nullable=False))),
        pa.field("reasons", pa.list_(pa.field("item", _reason_type(pa), nullable=False))),
        pa.field("weighted_length", pa.int64()),
    ]
    if redact:
        fields.append(pa.field("redacted", pa.string()))
    fields.append(pa.field("error", pa.string()))
    return pa.schema(fields)


def _as_array(pa, values, what: str):
    """A single pyarrow Array from an Array, a ChunkedArray, or a sequence."""
    if isinstance(values, pa.ChunkedArray):
        if values.num_chunks == 1:
            return values.chunk(0)
        if values.num_chunks == 0:
            return pa.array([], type=values.type)
        return values.combine_chunks()
    if isinstance(values, pa.Array):
        return values
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, TypeError) as e:
        raise TypeError(f"{what} must be a pyarrow string array or a sequence of str: {e}") from e


def _str_column(pa, arr, what: str) -> tuple:
    """(validity | None, offsets, data, offset, length, large) for the native side."""
    t = arr.type
    if pa.types.is_string(t):
        large = False
    elif pa.types.is_large_string(t):
        large = True
    elif pa.types.is_null(t):
        arr = arr.cast(pa.string())
        large = False
    elif (
        pa.types.is_dictionary(t)
        and (pa.types.is_string(t.value_type) or pa.types.is_large_string(t.value_type))
    ) or getattr(pa.types, "is_string_view", lambda _t: False)(t):
        arr = arr.cast(pa.large_string())
        large = True
    else:
        raise TypeError(f"{what} must be a string array, got {t}")
    validity, offsets, data = arr.buffers()
    return (
        validity.to_pybytes() if validity is not None and arr.null_count > 0 else None,
        offsets.to_pybytes() if offsets is not None else b"",
        data.to_pybytes() if data is not None else b"",
        arr.offset,
        len(arr),
        large,
    )


def _buf(pa, b: Optional[bytes]):
    return None if b is None else pa.py_buffer(b)


def _strings(pa, t: tuple, n: int):
    validity, offsets, data = t
    return pa.Array.from_buffers(
        pa.string(), n, [_buf(pa, validity), pa.py_buffer(offsets), pa.py_buffer(data)]
    )


def _int64(pa, values: bytes, n: int, validity: Optional[bytes] = None):
    return pa.Array.from_buffers(pa.int64(), n, [_buf(pa, validity), pa.py_buffer(values)])


def _float64(pa, values: bytes, n: int):
    return pa.Array.from_buffers(pa.float64(), n, [None, pa.py_buffer(values)])


def _list(pa, item_type, parts: tuple, n: int, child):
    validity, offsets, _count, _ = parts
    return pa.Array.from_buffers(
        pa.list_(pa.field("item", item_type, nullable=False)),
        n,
        [_buf(pa, validity), pa.py_buffer(offsets)],
        children=[child],
    )


def _columns(pa, cols: dict, redact: bool):
    n = cols["length"]
    out = {"action": _strings(pa, cols["action"], n)}

    f = cols["findings"]
    k, fields = f[2], f[3]
    ftype = _finding_type(pa)
    findings = pa.StructArray.from_arrays(
        [
            _int64(pa, fields["start"], k),
            _int64(pa, fields["end"], k),
            _strings(pa, fields["category"], k),
            _strings(pa, fields["kind"], k),
            _strings(pa, fields["rule"], k),
            _float64(pa, fields["confidence"], k),
        ],
        fields=list(ftype),
    )
    out["findings"] = _list(pa, ftype, f, n, findings)

    s = cols["solicits"]
    out["solicits"] = _list(pa, pa.string(), s, n, _strings(pa, s[3], s[2]))

    r = cols["reasons"]
    k, fields = r[2], r[3]
    rtype = _reason_type(pa)
    reasons = pa.StructArray.from_arrays(
        [
            _strings(pa, fields["code"], k),
            _strings(pa, fields["category"], k),
            _int64(pa, fields["start"], k),
            _int64(pa, fields["end"], k),
            _strings(pa, fields["message"], k),
        ],
        fields=list(rtype),
    )
    out["reasons"] = _list(pa, rtype, r, n, reasons)

    validity, values = cols["weighted_length"]
    out["weighted_length"] = _int64(pa, values, n, validity)
    if redact:
        out["redacted"] = _strings(pa, cols["redacted"], n)
    out["error"] = _strings(pa, cols["error"], n)
    return out


def _is_arrow(pa, values) -> bool:
    return isinstance(values, (pa.Array, pa.ChunkedArray))


def scan_arrow(
    scanner,
    texts,
    directions=None,
    ids=None,
    *,
    redact: bool = False,
    threads: Optional[int] = None,
):
    """Judges a column of texts; see ``discreet.scan_arrow``."""
    pa = _pa()
    if isinstance(texts, str):
        raise TypeError("texts must be a string array or a list of str, not a str")
    if _is_arrow(pa, texts):
        arr = _as_array(pa, texts, "texts")
        text_arg = _str_column(pa, arr, "texts")
        n = len(arr)
    else:
        # A list of str is read by the native side directly (no conversion to Arrow first).
        text_arg = texts if type(texts) is list else list(texts)
        n = len(text_arg)
    if directions is None or isinstance(directions, str):
        dir_arg = directions
    elif _is_arrow(pa, directions):
        darr = _as_array(pa, directions, "directions")
        if len(darr) != n:
            raise ValueError(f"directions has {len(darr)} items for {n} texts")
        dir_arg = _str_column(pa, darr, "directions")
    else:
        dir_arg = directions if type(directions) is list else list(directions)
    id_arr = None
    if ids is not None:
        id_arr = _as_array(pa, ids, "ids")
        if len(id_arr) != n:
            raise ValueError(f"ids has {len(id_arr)} items for {n} texts")
    cols = scanner._scan_buffers(text_arg, dir_arg, redact, threads)
    out = _columns(pa, cols, redact)
    schema = result_schema(None if id_arr is None else id_arr.type, redact)
    arrays = ([id_arr] if id_arr is not None else []) + list(out.values())
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
