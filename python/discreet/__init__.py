"""Find sensitive data in short social-media texts, redact it, and know when a customer
conversation belongs in a Direct Message.

Python bindings of the ``discreet`` Rust library. Results are dicts shaped like the JSON
contract of ``discreet scan`` (or small classes with ``to_dict()``), with ``str`` indices in
``start``/``end`` (``text[start:end]`` is the value) and the contract's UTF-8 byte offsets
in ``start_byte``/``end_byte``; errors are ``DiscreetError`` (a ``ValueError``) with the
Rust error's message.

>>> import discreet
>>> discreet.scan("refund 5555 5555 5555 4444 please")["action"]
'require_dm'
>>> discreet.redact("mail me at jo@example.org")
'mail me at [EMAIL]'
"""

from __future__ import annotations

from typing import Any, Iterable, Optional, Union
import os

from . import _discreet as _native
from ._discreet import (
    CATEGORIES,
    DiscreetError,
    Finding,
    Reason,
    Verdict,
    classify,
    findings,
    redact,
    scan,
    scan_batch,
    scan_jsonl,
)
from ._arrow import result_schema

__version__: str = _native.__version__

__all__ = [
    "ACTIONS",
    "CATEGORIES",
    "DiscreetError",
    "Finding",
    "Reason",
    "Scanner",
    "Verdict",
    "classify",
    "findings",
    "redact",
    "result_schema",
    "scan",
    "scan_arrow",
    "scan_batch",
    "scan_jsonl",
]

#: The three actions, mildest first.
ACTIONS = ("ok", "suggest_dm", "require_dm")

PathLike = Union[str, "os.PathLike[str]"]


def _rebuild(kwargs: dict) -> "Scanner":
    return Scanner(**kwargs)


class Scanner(_native.Scanner):
    """A compiled scanner: the built-in rules (unless ``builtin=False``), extra rule files
    (``rules``: paths of TOML files or folders; ``rules_toml``: rule files as strings),
    rule ids to ``disable``, an ``allow`` list of the brand's own handles, emails, URLs and
    phone numbers, a ``brand`` profile file (TOML, as ``discreet --brand``), extra verdict
    ``phrases`` files or folders (the ``rules/judge`` format, as ``discreet --phrases``,
    added to the built-in ones), a ``min_score``
    threshold (default 0.5), and the redaction ``policy``
    (a dict in the policy file's shape, or a policy file's path) and ``key`` (bytes or str,
    16 bytes at least, for pseudonyms) that ``redact`` and ``redact=True`` batches use.

    Build one and reuse it; it is immutable and safe to share between threads. It pickles
    (by its arguments, so rule and policy files must exist where it is unpickled).

    >>> s = Scanner(allow=["help@acme.example"])
    >>> s.scan("write to help@acme.example")["action"]
    'ok'
    """

    def __new__(
        cls,
        rules: Optional[Iterable[PathLike]] = None,
        disable: Optional[Iterable[str]] = None,
        allow: Optional[Iterable[str]] = None,
        *,
        builtin: bool = True,
        min_score: Optional[float] = None,
        rules_toml: Optional[Iterable[str]] = None,
        policy: Union[None, dict, PathLike] = None,
        key: Union[None, bytes, str, "os.PathLike[str]"] = None,
        brand: Optional[PathLike] = None,
        phrases: Optional[Iterable[PathLike]] = None,
    ) -> "Scanner":
        def listed(v, what):
            if v is None:
                return None
            if isinstance(v, (str, bytes)):
                raise TypeError(f"{what} must be a list, not a {type(v).__name__}")
            return list(v)

        rules = listed(rules, "rules")
        phrases = listed(phrases, "phrases")
        kwargs = dict(
            rules=None if rules is None else [os.fspath(p) for p in rules],
            disable=listed(disable, "disable"),
            allow=listed(allow, "allow"),
            builtin=builtin,
            min_score=min_score,
            rules_toml=listed(rules_toml, "rules_toml"),
            policy=os.fspath(policy) if isinstance(policy, os.PathLike) else policy,
            key=key,
            brand=None if brand is None else os.fspath(brand),
            phrases=None if phrases is None else [os.fspath(p) for p in phrases],
        )
        self = super().__new__(cls, **kwargs)
        # Kept to pickle the scanner (it is rebuilt from them).
        self._kwargs = kwargs
        return self

    def __reduce__(self):
        return (_rebuild, (self._kwargs,))

    def scan_arrow(
        self,
        texts: Any,
        directions: Any = None,
        ids: Any = None,
        *,
        redact: bool = False,
        threads: Optional[int] = None,
    ):
        """Judges a column of texts on all cores without the GIL; see
        ``discreet.scan_arrow``."""
        from ._arrow import scan_arrow as _scan_arrow

        return _scan_arrow(self, texts, directions, ids, redact=redact, threads=threads)


def scan_arrow(
    texts: Any,
    directions: Any = None,
    ids: Any = None,
    *,
    redact: bool = False,
    threads: Optional[int] = None,
):
    """Judges a column of texts with the built-in rules, on all cores, without the GIL.

    ``texts``: a ``pyarrow`` string array (``string``, ``large_string``, ``string_view``
    or dictionary-encoded; a ``ChunkedArray`` is fine) or a sequence of str. Nulls are
    error rows. ``directions``: ``None`` (incoming), one str for every row, or a column
    (null means incoming). ``ids``: a column passed through as the first column.

    Returns a ``pyarrow.RecordBatch`` (schema: ``result_schema``) with one row per text:
    ``id`` (when given), ``action``, ``findings`` (list of structs ``start, end, category,
    kind, rule, confidence``), ``solicits``, ``reasons`` (list of structs ``code, category,
    start, end, message``), ``weighted_length``, ``redacted`` (when ``redact=True``) and
    ``error`` (null unless the row could not be judged, and then the others are null).
    ``batch.to_pylist()`` gives, per row, the ``discreet scan`` object plus ``error``.
    """
    from ._arrow import scan_arrow as _scan_arrow

    return _scan_arrow(
        _native._default_scanner(), texts, directions, ids, redact=redact, threads=threads
    )
