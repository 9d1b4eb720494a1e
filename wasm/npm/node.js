// Node.js entry point: the module is read from disk and instantiated synchronously at
// import, so every function can be called right away (no `await init()`).
import { readFileSync } from "node:fs";
import { initSync as initModule } from "./discreet_wasm.js";

initModule({ module: readFileSync(new URL("./discreet_wasm_bg.wasm", import.meta.url)) });

export { classify, classify_json, redact, dm_reply, dm_link, set_brand, warm_up } from "./discreet_wasm.js";

/** Already done at import; kept so code written for browsers runs unchanged. */
export async function init() {}

/** Already done at import. */
export function initSync() {}
