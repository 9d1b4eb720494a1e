// The compose page: judges both boxes on every keystroke with the discreet wasm module.
// Nothing typed here leaves the page.
import init, * as discreet from "./pkg/discreet_wasm.js";

const ACTIONS = {
  ok: "OK",
  suggest_dm: "Suggest DM",
  require_dm: "Require DM",
};

const statusEl = document.getElementById("status");
const handleEl = document.getElementById("handle");
const recipientEl = document.getElementById("recipient");

function escapeHtml(s) {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

/**
 * HTML for `text` with `spans` ({start, end, cls, title} in UTF-16 units) marked. Where
 * spans overlap, the first one given wins (findings are given before solicitations).
 */
function highlightHtml(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  let html = "";
  let open = null;
  let buf = "";
  const flush = () => {
    if (!buf) return;
    html += open
      ? `<mark class="${open.cls}" data-category="${open.category ?? ""}" title="${escapeHtml(open.title)}">${escapeHtml(buf)}</mark>`
      : escapeHtml(buf);
    buf = "";
  };
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i];
    const b = points[i + 1];
    const span = spans.find((s) => s.start <= a && b <= s.end) ?? null;
    if (span !== open) {
      flush();
      open = span;
    }
    buf += text.slice(a, b);
  }
  flush();
  // A trailing line break needs something after it to take up its line, as in the textarea.
  return html + "\n\u200b";
}

// Offsets from the module are UTF-16 indices: they slice `text` and place highlights as
// they are.
function spansOf(text, verdict) {
  const spans = verdict.findings.map((f) => ({
    start: f.start,
    end: f.end,
    cls: `finding cat-${f.category}`,
    category: f.category,
    title: `${f.category}/${f.kind} (rule ${f.rule}, confidence ${f.confidence.toFixed(2)})`,
  }));
  for (const r of verdict.reasons) {
    if (r.code !== "solicits") continue;
    spans.push({
      start: r.start,
      end: r.end,
      cls: "solicit",
      category: r.category,
      title: r.message,
    });
  }
  return spans;
}

class Composer {
  constructor(root) {
    this.root = root;
    this.direction = root.dataset.direction;
    this.input = root.querySelector(".input");
    this.backdrop = root.querySelector(".backdrop");
    this.highlights = root.querySelector(".highlights");
    this.counter = root.querySelector(".counter");
    this.timing = root.querySelector(".timing");
    this.verdictEl = root.querySelector(".verdict");
    this.badge = root.querySelector(".badge");
    this.reasons = root.querySelector(".reasons");
    this.redacted = root.querySelector(".redacted");
    this.dm = root.querySelector(".dm");
    this.dmReply = root.querySelector(".dm-reply");
    this.dmLink = root.querySelector(".dm-link");
    this.dmHint = root.querySelector(".dm-hint");
    this.useReply = root.querySelector(".use-reply");
    this.verdict = null;
    this.onUseReply = null;
    /** Verdict times (ms) of the last keystrokes, for the console and the tests. */
    this.times = [];

    this.input.addEventListener("input", () => this.update());
    this.input.addEventListener("scroll", () => {
      this.backdrop.scrollTop = this.input.scrollTop;
    });
    root.querySelector(".redact-btn").addEventListener("click", () => this.showRedacted());
    this.useReply.addEventListener("click", () => {
      if (this.onUseReply && this.dmReply.textContent) this.onUseReply(this.dmReply.textContent);
    });
  }

  setText(text) {
    this.input.value = text;
    this.update();
  }

  /** Judges the text and redraws everything; runs on every keystroke. */
  update() {
    const t0 = performance.now();
    const text = this.input.value;
    const v = discreet.classify(text, this.direction);
    const t1 = performance.now();
    this.verdict = v;
    if (this.times.push(t1 - t0) > 1000) this.times.shift();

    this.highlights.innerHTML = highlightHtml(text, spansOf(text, v));
    // Reading scrollTop forces a layout: leave it to the next frame.
    requestAnimationFrame(() => {
      this.backdrop.scrollTop = this.input.scrollTop;
    });

    this.counter.textContent = `${v.weighted_length} / 280`;
    this.counter.classList.toggle("over", v.weighted_length > 280);

    this.verdictEl.dataset.action = v.action;
    this.badge.textContent = ACTIONS[v.action] ?? v.action;
    this.reasons.replaceChildren(
      ...v.reasons.map((r) => {
        const li = document.createElement("li");
        li.dataset.code = r.code;
        const quoted = text.slice(r.start, r.end);
        li.textContent = r.message;
        if (r.code !== "too_long" && quoted) {
          const q = document.createElement("q");
          q.textContent = quoted;
          li.append(" ", q);
        }
        return li;
      }),
    );

    this.updateDm(text, v);
    if (!this.redacted.hidden) this.showRedacted();
    const t2 = performance.now();
    this.timing.textContent = `verdict ${(t1 - t0).toFixed(2)} ms, redraw ${(t2 - t1).toFixed(2)} ms`;
  }

  updateDm(text, v) {
    if (v.action === "ok") {
      this.dm.hidden = true;
      return;
    }
    const handle = handleEl.value.trim() || null;
    const reply = discreet.dm_reply(text, this.direction, handle) ?? "";
    this.dmReply.textContent = reply;
    // The DM carries the agent's draft itself (outgoing) or an opener (incoming).
    const dmText =
      this.direction === "outgoing"
        ? text
        : `Hi${handle ? " " + handle : ""}, thanks for reaching out. Let's sort this out here, in private.`;
    let link = null;
    try {
      link = discreet.dm_link(recipientEl.value, dmText);
    } catch {
      link = null;
    }
    if (link) {
      this.dmLink.href = link;
      this.dmLink.hidden = false;
      this.dmHint.hidden = true;
    } else {
      this.dmLink.removeAttribute("href");
      this.dmLink.hidden = true;
      this.dmHint.hidden = false;
    }
    this.dm.hidden = false;
  }

  showRedacted() {
    const r = discreet.redact(this.input.value);
    const spans = r.spans.map((s) => ({
      start: s.replacement.start,
      end: s.replacement.end,
      cls: `replacement cat-${s.category}`,
      category: s.category,
      title: `${s.category}/${s.kind}`,
    }));
    this.redacted.innerHTML = highlightHtml(r.text, spans).replace(/\n\u200b$/, "");
    this.redacted.hidden = false;
  }
}

async function main() {
  try {
    const t0 = performance.now();
    await init();
    const t1 = performance.now();
    discreet.warm_up();
    const t2 = performance.now();
    statusEl.dataset.state = "ready";
    statusEl.textContent = `Ready: module loaded in ${(t1 - t0).toFixed(0)} ms, rules compiled in ${(t2 - t1).toFixed(0)} ms.`;
  } catch (e) {
    statusEl.dataset.state = "error";
    statusEl.textContent = `Could not load the WebAssembly module (${e}). Build it first: see README.md.`;
    throw e;
  }
  const reply = new Composer(document.getElementById("reply"));
  const incoming = new Composer(document.getElementById("incoming"));
  reply.onUseReply = (text) => reply.setText(text);
  incoming.onUseReply = (text) => {
    reply.setText(text);
    reply.input.focus();
  };
  for (const el of [handleEl, recipientEl]) {
    el.addEventListener("input", () => {
      reply.update();
      incoming.update();
    });
  }
  reply.update();
  incoming.update();
  // For tests and the console.
  window.discreet = discreet;
  window.composers = { reply, incoming };
}

window.discreetReady = main();
