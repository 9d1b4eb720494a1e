"""Type stubs of the native module (``discreet._discreet``); import ``discreet``."""

import os
from typing import Any, Iterable, Literal, Optional, TypedDict, Union, type_check_only

__version__: str
CATEGORIES: list[str]

Direction = Literal["incoming", "outgoing"]
ActionName = Literal["ok", "suggest_dm", "require_dm"]
CategoryName = Literal[
    "email", "phone", "address", "billing", "account", "purchase", "verification"
]
ReasonCode = Literal["discloses", "solicits", "too_long", "needs_private_details"]
PathLike = Union[str, os.PathLike[str]]
Policy = Union[None, dict[str, Any], PathLike]
KeyArg = Union[None, bytes, str, os.PathLike[str]]

class Span(TypedDict):
    """A span: ``text[start:end]`` is the value (``str`` indices, code points);
    ``start_byte``/``end_byte`` are the UTF-8 byte offsets of the JSON contract."""

    start: int
    end: int
    start_byte: int
    end_byte: int

# Findings, reasons and entities hold a span (at run time, keys in the JSON contract's order).

class FindingDict(Span):
    category: CategoryName
    kind: str
    rule: str
    confidence: float

class ReasonDict(Span):
    code: ReasonCode
    category: Optional[CategoryName]
    message: str

class VerdictDict(TypedDict):
    """The ``discreet scan`` output object (plus ``redacted`` in batches with
    ``redact=True``), offsets in code points with the bytes beside them."""

    id: Any
    action: ActionName
    findings: list[FindingDict]
    solicits: list[CategoryName]
    reasons: list[ReasonDict]
    weighted_length: int

class SpanMapDict(TypedDict):
    original: Span
    """The span in the original text."""
    replacement: Span
    """The replacement's span in the redacted text."""
    category: CategoryName
    kind: str

class RedactionDict(TypedDict):
    text: str
    spans: list[SpanMapDict]
    weighted_length: int

class EntityDict(Span):
    kind: Literal["mention", "hashtag", "url", "cashtag"]

class ErrorDict(TypedDict):
    """A row that could not be judged."""

    id: Any
    error: str

class DiscreetError(ValueError):
    """An error from the library; ``str(e)`` is the Rust error's message."""

    kind: str
    """io, syntax, invalid_regex, regex_too_large, unknown_validator, unknown_category,
    duplicate_id, invalid_field, example, config (or other)."""
    path: Optional[str]
    """The rule or policy file involved, if any."""
    rule_id: Optional[str]
    """The id of the rule involved, if any."""

@type_check_only
class _Located:
    """What ``Finding`` and ``Reason`` share (a stub-only base: at run time they have
    none): a span with ``str`` indices (code points) and the UTF-8 byte offsets of the JSON
    contract."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def start_byte(self) -> int: ...
    @property
    def end_byte(self) -> int: ...

class Finding(_Located):
    """One piece of sensitive data: ``text[f.start:f.end]`` is the value (``str`` indices);
    ``start_byte``/``end_byte`` are UTF-8 byte offsets (the JSON contract's)."""

    @property
    def category(self) -> CategoryName: ...
    @property
    def kind(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def confidence(self) -> float: ...
    def value(self, text: str) -> Optional[str]:
        """The matched value, ``text[start:end]`` of the scanned ``text``."""
    def to_dict(self) -> FindingDict: ...

class Reason(_Located):
    """One reason behind a verdict; its span is the text that triggered it."""

    @property
    def code(self) -> ReasonCode: ...
    @property
    def category(self) -> Optional[CategoryName]: ...
    @property
    def message(self) -> str: ...
    def to_dict(self) -> ReasonDict: ...

class Verdict:
    """The judgement on one text."""

    @property
    def action(self) -> ActionName: ...
    @property
    def findings(self) -> list[Finding]: ...
    @property
    def solicits(self) -> list[CategoryName]: ...
    @property
    def reasons(self) -> list[Reason]: ...
    @property
    def weighted_length(self) -> int: ...
    @property
    def entities(self) -> list[EntityDict]:
        """Mentions, hashtags, URLs and cashtags (offsets as in findings)."""
    @property
    def needs_dm(self) -> bool:
        """``action != "ok"``."""
    def to_dict(self, id: Any = None) -> VerdictDict:
        """The ``discreet scan`` output object."""

class Scanner:
    def __new__(
        cls,
        rules: Optional[Iterable[PathLike]] = None,
        disable: Optional[Iterable[str]] = None,
        allow: Optional[Iterable[str]] = None,
        *,
        builtin: bool = True,
        min_score: Optional[float] = None,
        rules_toml: Optional[Iterable[str]] = None,
        policy: Policy = None,
        key: KeyArg = None,
        brand: Optional[PathLike] = None,
        phrases: Optional[Iterable[PathLike]] = None,
    ) -> "Scanner": ...
    def scan(self, text: str, direction: Direction = "incoming", id: Any = None) -> VerdictDict: ...
    def classify(self, text: str, direction: Direction = "incoming") -> Verdict: ...
    def findings(self, text: str) -> list[Finding]: ...
    def redact(self, text: str) -> str: ...
    def redaction(self, text: str) -> RedactionDict: ...
    def scan_batch(
        self,
        texts: Iterable[Optional[str]],
        directions: Union[None, Direction, Iterable[Optional[str]]] = None,
        ids: Optional[Iterable[Any]] = None,
        *,
        redact: bool = False,
        threads: Optional[int] = None,
    ) -> list[Union[VerdictDict, ErrorDict]]: ...
    def scan_jsonl(
        self, lines: Iterable[Union[str, bytes]], *, threads: Optional[int] = None
    ) -> list[str]: ...
    def rules(self) -> list[dict[str, str]]: ...
    def _scan_buffers(
        self,
        texts: Any,
        directions: Any = None,
        redact: bool = False,
        threads: Optional[int] = None,
    ) -> dict[str, Any]: ...

def scan(text: str, direction: Direction = "incoming", id: Any = None) -> VerdictDict:
    """Judges one text with the built-in rules: the ``discreet scan`` output object."""

def classify(text: str, direction: Direction = "incoming") -> Verdict:
    """Judges one text with the built-in rules."""

def findings(text: str) -> list[Finding]:
    """The sensitive data in ``text`` (built-in rules)."""

def redact(text: str, policy: Policy = None, key: KeyArg = None) -> str:
    """``text`` with every finding replaced (default: category placeholders)."""

def scan_batch(
    texts: Iterable[Optional[str]],
    directions: Union[None, Direction, Iterable[Optional[str]]] = None,
    ids: Optional[Iterable[Any]] = None,
    *,
    redact: bool = False,
    threads: Optional[int] = None,
) -> list[Union[VerdictDict, ErrorDict]]:
    """Judges many texts on all cores without the GIL; one dict per text, in order."""

def scan_jsonl(lines: Iterable[Union[str, bytes]], *, threads: Optional[int] = None) -> list[str]:
    """``discreet scan`` over JSON Lines: the command's output lines, byte for byte."""

def _default_scanner() -> Scanner: ...
