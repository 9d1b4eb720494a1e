// The installed package, as a project uses it: `import ... from "discreet"` in Node.js
// (synchronous init), the README example, and UTF-16 offsets on random texts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

import { classify, classify_json, redact, dm_reply, dm_link, set_brand, warm_up, init } from "discreet";

test("the README example runs as written", async () => {
  await init(); // a no-op in Node.js: the module loaded at import
  warm_up();
  const text = "🙈 So sorry! We refunded the card 4111 1111 1111 1111 used for your order.";
  const v = classify(text, "outgoing");
  assert.equal(v.action, "require_dm");
  const f = v.findings[0];
  assert.equal(text.slice(f.start, f.end), "4111 1111 1111 1111");
  assert.equal(`${f.category}/${f.kind}`, "billing/card_number");
  assert.deepEqual(Object.keys(v), ["action", "findings", "solicits", "reasons", "weighted_length"]);
  assert.deepEqual(JSON.parse(classify_json(text, "outgoing")), v);

  const ask = classify("Sorry! Can you reply with your order number?", "outgoing");
  assert.equal(ask.action, "suggest_dm");
  assert.deepEqual(ask.solicits, ["purchase"]);

  const r = redact("mail me at jo@example.org 👋");
  assert.equal(r.text, "mail me at [EMAIL] 👋");
  const s = r.spans[0];
  assert.equal(r.text.slice(s.replacement.start, s.replacement.end), "[EMAIL]");

  assert.equal(dm_reply("love the app", "incoming", "@jo"), undefined);
  assert.match(dm_reply(text, "incoming", "@jo"), /^@jo .*DM/);
  assert.equal(
    dm_link("783214", "Hi!"),
    "https://twitter.com/messages/compose?recipient_id=783214&text=Hi%21",
  );
  assert.throws(() => classify("x", "sideways"), /sideways/);
  assert.throws(() => dm_link("@jo", "x"));
});

test("the package declares its entry points and types", () => {
  const require = createRequire(import.meta.url);
  const pkg = JSON.parse(readFileSync(require.resolve("discreet/package.json"), "utf8"));
  assert.equal(pkg.type, "module");
  assert.equal(pkg.exports["."].types, "./index.d.ts");
  assert.equal(pkg.exports["."].node, "./node.js");
  assert.equal(pkg.exports["."].browser, "./web.js");
});

// Pieces that are hard on offsets: emoji, ZWJ sequences, flags, skin tones, combining
// marks, CJK, right-to-left text.
const NOISE = [
  "😀", "👨‍👩‍👧‍👦", "🇫🇷", "👍🏽", "e\u0301", "A\u030a", "東京", "注文", "שלום", "ok ", " ", "!",
  "\u200d", "ñ", "🧑‍💻", "한국어",
];
const VALUES = ["jo@example.org", "4111 1111 1111 1111", "415-555-0132", "maría.lópez@correo.es"];

/** A small seeded generator (mulberry32), so a failing case replays. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test("slicing with the returned offsets gives exactly the value (random texts)", () => {
  for (let seed = 1; seed <= 300; seed++) {
    const r = rng(seed);
    const pick = (a) => a[Math.floor(r() * a.length)];
    let text = "";
    const values = [];
    for (let k = 1 + Math.floor(r() * 3); k > 0; k--) {
      for (let n = Math.floor(r() * 10); n > 0; n--) text += pick(NOISE);
      const v = pick(VALUES);
      values.push(v);
      text += ` mail ${v} 🙂 `;
    }
    const verdict = classify(text, r() < 0.5 ? "incoming" : "outgoing");
    const found = verdict.findings.map((f) => text.slice(f.start, f.end));
    for (const v of values) assert.ok(found.includes(v), `seed ${seed}: ${v} not in ${JSON.stringify(found)}`);
    for (const reason of verdict.reasons) {
      if (reason.code === "discloses") assert.ok(found.includes(text.slice(reason.start, reason.end)), `seed ${seed}`);
    }
    const red = redact(text);
    assert.ok(red.spans.length >= values.length, `seed ${seed}`);
    for (const s of red.spans) {
      assert.ok(VALUES.includes(text.slice(s.original.start, s.original.end)), `seed ${seed}`);
      assert.match(red.text.slice(s.replacement.start, s.replacement.end), /^\[[A-Z]+\]$/, `seed ${seed}`);
    }
  }
});

test("a brand profile keeps the brand's own contact points out of the findings", () => {
  const text = "I called (512) 555-0170 twice, my email is jo@example.org";
  set_brand('name = "Acme"\nphones = ["(512) 555-0170"]\n');
  try {
    const found = classify(text, "incoming").findings.map((f) => text.slice(f.start, f.end));
    assert.deepEqual(found, ["jo@example.org"]);
    assert.throws(() => set_brand("phones = ["));
  } finally {
    set_brand("");
  }
  assert.equal(classify(text, "incoming").findings.length, 2);
});
