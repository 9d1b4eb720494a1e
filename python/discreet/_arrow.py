"""The Arrow batch call: string columns in, result columns out, without copying rows
through Python objects.

The native side reads a string column straight from its buffers (validity bitmap, offsets,
UTF-8 data) and writes every result column as raw buffers; this module wraps them with
``pyarrow.Array.from_buffers``. pyarrow is imported only when this path is used.
"""

from __future__ import annotations

from typing import Any, Callable, Optional

__all__ = ["scan_arrow", "result_schema"]


def _pa():
    try:
        import pyarrow as pa
    except ImportError as e:  # pragma: no cover - exercised only without pyarrow
        raise ImportError(
            "scan_arrow needs pyarrow: pip install pyarrow (or discreet[arrow])"
        ) from e
    return pa


# The fields of the list items, in column order: (name, Arrow type, nullable). The native
# side sends one buffer (or string column) per field, under the field's name.
_FINDING = (
    ("start", "int64", False),
    ("end", "int64", False),
    ("category", "string", False),
    ("kind", "string", False),
    ("rule", "string", False),
    ("confidence", "float64", False),
)
_REASON = (
    ("code", "string", False),
    ("category", "string", True),
    ("start", "int64", False),
    ("end", "int64", False),
    ("message", "string", False),
)


def _list_type(pa, item_type):
    return pa.list_(pa.field("item", item_type, nullable=False))


def _struct_type(pa, spec):
    return pa.struct([pa.field(name, getattr(pa, t)(), nullable=null) for name, t, null in spec])


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
        pa.field("findings", _list_type(pa, _struct_type(pa, _FINDING))),
        pa.field("solicits", _list_type(pa, pa.string())),
        pa.field("reasons", _list_type(pa, _struct_type(pa, _REASON))),
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
        _list_type(pa, item_type),
        n,
        [_buf(pa, validity), pa.py_buffer(offsets)],
        children=[child],
    )


def _struct_list(pa, spec, parts: tuple, n: int):
    """A list column of structs from ``(validity, offsets, number of items, {field:
    buffers})``."""
    _validity, _offsets, k, fields = parts
    read: dict[str, Callable[..., Any]] = {"int64": _int64, "float64": _float64, "string": _strings}
    stype = _struct_type(pa, spec)
    items = pa.StructArray.from_arrays(
        [read[t](pa, fields[name], k) for name, t, _ in spec], fields=list(stype)
    )
    return _list(pa, stype, parts, n, items)


def _columns(pa, cols: dict, redact: bool):
    n = cols["length"]
    out = {"action": _strings(pa, cols["action"], n)}
    out["findings"] = _struct_list(pa, _FINDING, cols["findings"], n)
    s = cols["solicits"]
    out["solicits"] = _list(pa, pa.string(), s, n, _strings(pa, s[3], s[2]))
    out["reasons"] = _struct_list(pa, _REASON, cols["reasons"], n)
    validity, values = cols["weighted_length"]
    out["weighted_length"] = _int64(pa, values, n, validity)
    if redact:
        out["redacted"] = _strings(pa, cols["redacted"], n)
    out["error"] = _strings(pa, cols["error"], n)
    return out


def _is_arrow(pa, values) -> bool:
    return isinstance(values, (pa.Array, pa.ChunkedArray))


def _column_arg(pa, values, what: str) -> tuple[Any, int]:
    """A column as the native side reads it, and its length: an Arrow array's buffers, or
    a list of str as it is (no conversion to Arrow first)."""
    if _is_arrow(pa, values):
        arr = _as_array(pa, values, what)
        return _str_column(pa, arr, what), len(arr)
    values = values if type(values) is list else list(values)
    return values, len(values)


def _check_len(what: str, got: int, n: int) -> None:
    if got != n:
        raise ValueError(f"{what} has {got} items for {n} texts")


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
    text_arg, n = _column_arg(pa, texts, "texts")
    dir_arg: Any = directions
    if directions is not None and not isinstance(directions, str):
        dir_arg, m = _column_arg(pa, directions, "directions")
        _check_len("directions", m, n)
    id_arr = None
    if ids is not None:
        id_arr = _as_array(pa, ids, "ids")
        _check_len("ids", len(id_arr), n)
    cols = scanner._scan_buffers(text_arg, dir_arg, redact, threads)
    out = _columns(pa, cols, redact)
    schema = result_schema(None if id_arr is None else id_arr.type, redact)
    arrays = ([id_arr] if id_arr is not None else []) + list(out.values())
    return pa.RecordBatch.from_arrays(arrays, schema=schema)
