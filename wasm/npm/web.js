// Browser and bundler entry point. `await init()` fetches and compiles the module (the
// `new URL(..., import.meta.url)` inside lets Vite, webpack 5, esbuild and Parcel ship the
// .wasm file); `initSync({ module })` does it synchronously from bytes you already have.
import wasmInit, * as glue from "./discreet_wasm.js";

let ready = false;

function needInit() {
  if (!ready) {
    throw new Error("discreet: call `await init()` (or `initSync`) before using the module");
  }
}

export async function init(moduleOrPath) {
  await wasmInit(moduleOrPath === undefined ? undefined : { module_or_path: moduleOrPath });
  ready = true;
}

export function initSync(module) {
  glue.initSync({ module });
  ready = true;
}

export function classify(text, direction) {
  needInit();
  return glue.classify(text, direction);
}

export function classify_json(text, direction) {
  needInit();
  return glue.classify_json(text, direction);
}

export function redact(text) {
  needInit();
  return glue.redact(text);
}

export function dm_reply(text, direction, handle) {
  needInit();
  return glue.dm_reply(text, direction, handle);
}

export function dm_link(recipientId, text) {
  needInit();
  return glue.dm_link(recipientId, text);
}

export function set_brand(toml) {
  needInit();
  glue.set_brand(toml);
}

export function warm_up() {
  needInit();
  glue.warm_up();
}
