/**
 * discreet: find private data in tweets and draft replies, redact it, and know when a
 * conversation belongs in a Direct Message. Runs locally (WebAssembly): nothing is sent.
 *
 * Offsets are UTF-16 indices, a JavaScript string's own: `text.slice(f.start, f.end)` is
 * the value, and DOM ranges take them as they are.
 */

/** Who wrote the text: a customer (`incoming`) or the brand's draft (`outgoing`). */
export type Direction = "incoming" | "outgoing";

/** What the agent should do. */
export type Action = "ok" | "suggest_dm" | "require_dm";

/** The seven categories of data that belong in a DM. */
export type Category =
  | "email"
  | "phone"
  | "address"
  | "billing"
  | "account"
  | "purchase"
  | "verification";

/** Why a verdict is what it is. */
export type ReasonCode = "discloses" | "solicits" | "too_long" | "needs_private_details";

/** One piece of sensitive data. */
export interface Finding {
  /** UTF-16 index of the value's first code unit. */
  start: number;
  /** UTF-16 index one past the value's last code unit. */
  end: number;
  category: Category;
  /** The kind within the category, e.g. `card_number`. */
  kind: string;
  /** The id of the rule that found it, e.g. `billing.card_number`. */
  rule: string;
  /** How sure the rule is, 0..1. */
  confidence: number;
}

/** One reason behind a verdict, with the span that triggered it. */
export interface Reason {
  code: ReasonCode;
  /** `null` for a reply that is only too long. */
  category: Category | null;
  start: number;
  end: number;
  /** A short sentence for a person (never quotes the text). */
  message: string;
}

/** The judgement on one text: the fields of a `discreet scan` output line. */
export interface Verdict {
  action: Action;
  findings: Finding[];
  /** The categories the text asks for in public, sorted. */
  solicits: Category[];
  reasons: Reason[];
  /** The twitter-text v3 weighted length (a tweet allows 280). */
  weighted_length: number;
}

/** A UTF-16 range. */
export interface Span {
  start: number;
  end: number;
}

/** One replaced value: where it was, and where its placeholder is. */
export interface SpanMap {
  /** The range in the original text. */
  original: Span;
  /** The placeholder's range in the redacted text. */
  replacement: Span;
  category: Category;
  kind: string;
}

/** A redacted text. */
export interface Redaction {
  text: string;
  spans: SpanMap[];
  weighted_length: number;
}

/**
 * Loads the module. Browsers and bundlers: `await init()` before any other call (an
 * optional URL, `Response` or bytes overrides where the .wasm comes from). Node.js: the
 * module is loaded at import and this does nothing.
 */
export function init(moduleOrPath?: unknown): Promise<void>;

/** Loads the module synchronously from its bytes or a compiled `WebAssembly.Module`. */
export function initSync(module?: ArrayBuffer | ArrayBufferView | object): void;

/** Compiles the rules now instead of on the first call. */
export function warm_up(): void;

/**
 * The verdict on `text`. `direction`: `"incoming"` (also `""`) or `"outgoing"`; anything
 * else throws.
 */
export function classify(text: string, direction: Direction | ""): Verdict;

/** {@link classify} as JSON text. */
export function classify_json(text: string, direction: Direction | ""): string;

/** `text` with every finding replaced by its category's placeholder (`[EMAIL]`). */
export function redact(text: string): Redaction;

/**
 * The short public reply that points to a DM (`handle`, e.g. `@jo`, starts it), or
 * `undefined` when the text is fine in public.
 */
export function dm_reply(
  text: string,
  direction: Direction | "",
  handle?: string | null,
): string | undefined;

/** The DM deep link to `recipientId` (a numeric user id) with `text` pre-filled. */
export function dm_link(recipientId: string, text: string): string;

/**
 * Sets the brand profile (the TOML of `discreet --brand`: name, handles, domains, phones,
 * addresses, mailboxes): what it names never counts as disclosed. `""` clears it.
 * Throws on a profile that does not parse.
 */
export function set_brand(toml: string): void;
