// Compiled with `tsc --strict` against the installed package: every function and type is
// declared, and misuse is a type error.
import {
  classify,
  classify_json,
  dm_link,
  dm_reply,
  init,
  initSync,
  redact,
  warm_up,
  type Action,
  type Category,
  type Finding,
  type Reason,
  type Redaction,
  type SpanMap,
  type Verdict,
} from "discreet";

export async function lint(text: string): Promise<string[]> {
  await init();
  warm_up();
  const v: Verdict = classify(text, "outgoing");
  const action: Action = v.action;
  const marks = v.findings.map((f: Finding) => `${f.category}/${f.kind}: ${text.slice(f.start, f.end)}`);
  const asked: Category[] = v.solicits;
  const why = v.reasons.map((r: Reason) => (r.category ?? "length") + " " + r.message);
  const red: Redaction = redact(text);
  const spans: SpanMap[] = red.spans;
  const json: string = classify_json(text, "");
  const reply: string | undefined = dm_reply(text, "incoming", null);
  const link: string = dm_link("783214", reply ?? "");
  return [action, ...marks, ...asked, ...why, String(spans.length), json, link];
}

export function syncStart(bytes: Uint8Array): void {
  initSync(bytes);
}

// @ts-expect-error: not a direction
classify("x", "sideways");
// @ts-expect-error: findings have no `value` field
export const bad = (v: Verdict) => v.findings[0].value;
