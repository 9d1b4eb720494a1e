#!/usr/bin/env bash
# The WebAssembly build and the compose page, checked end to end. Run from anywhere (CI
# calls it from the repo root); installs what it needs; exits non-zero on any failure.
#
#   1. the wasm32 target, wasm-bindgen-cli at the version pinned in wasm/Cargo.toml, Chromium
#      (Debian package) and the page's npm dependencies, each only if missing;
#   2. format, lints and tests of the wasm crate: native (`cargo test`) and in wasm under
#      Node (`wasm-bindgen-test-runner`);
#   3. the release build into examples/web/pkg/, and its size, raw and gzipped;
#   4. the npm package (wasm/npm/): assembled with the same build, `npm pack`ed, the tarball
#      installed into a scratch project, its Node test (node:test) run there and its
#      TypeScript declarations compiled with `tsc --strict` (TypeScript from the npm
#      registry, pinned below);
#   5. the browser test: headless Chromium types drafts into the page and checks the
#      verdict and the highlights; screenshots and timing.json in target/web-artifacts/.
#
# CARGO_TARGET_DIR is honoured (default: wasm/target). CHROMIUM overrides /usr/bin/chromium.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
export CARGO_TERM_COLOR=never
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$root/wasm/target}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
artifacts="$root/target/web-artifacts"
wasm_out="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/discreet_wasm.wasm"
pkg="$root/examples/web/pkg"
npm_dir="$CARGO_TARGET_DIR/npm"
typescript_version=5.9.3
step() { printf '\n=== wasm: %s (%s)\n' "$*" "$(date -u +%H:%M:%S)"; }

step "tools"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  rustup target add wasm32-unknown-unknown
fi
# wasm-bindgen-cli must match the wasm-bindgen crate exactly (the schema is versioned):
# the version pinned in wasm/Cargo.toml.
wb_version="$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' wasm/Cargo.toml)"
[ -n "$wb_version" ] || { echo "no wasm-bindgen = \"=x.y.z\" pin in wasm/Cargo.toml" >&2; exit 1; }
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wb_version" ]; then
  # From source, from crates.io. --locked first; a registry that lacks one of the locked
  # versions gets a fresh resolution within the same wasm-bindgen-cli release.
  cargo install wasm-bindgen-cli --version "$wb_version" --locked ||
    cargo install wasm-bindgen-cli --version "$wb_version"
fi
wasm-bindgen --version
if [ ! -x "$CHROMIUM" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi
"$CHROMIUM" --version
node --version
if [ ! -f examples/web/node_modules/playwright-core/package.json ] ||
  [ examples/web/package-lock.json -nt examples/web/node_modules/.package-lock.json ]; then
  (cd examples/web && npm ci --no-audit --no-fund)
fi

# No --locked for the crate itself: wasm/Cargo.lock follows the library's dependencies
# as they change (wasm-bindgen stays at the version pinned in Cargo.toml).
step "format and lints (clippy on wasm32, tests included)"
(cd wasm && cargo fmt --package discreet-wasm -- --check)
(cd wasm && cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings)

step "native tests of the API logic"
(cd wasm && cargo test)

step "release build into examples/web/pkg"
(cd wasm && cargo build --release --target wasm32-unknown-unknown)
rm -rf "$pkg"
wasm-bindgen --target web --remove-name-section --remove-producers-section --out-dir "$pkg" "$wasm_out"
ls -l "$pkg"

step "the JavaScript API in wasm (wasm-bindgen-test, under Node)"
# The release profile shares the dependencies just built for the page.
(cd wasm && CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --release --target wasm32-unknown-unknown)

step "npm package: pack, install the tarball in a scratch project, node:test, tsc --strict"
rm -rf "$npm_dir"
mkdir -p "$npm_dir/discreet" "$npm_dir/scratch"
cp wasm/npm/package.json wasm/npm/README.md wasm/npm/index.d.ts wasm/npm/node.js wasm/npm/web.js \
  "$pkg/discreet_wasm.js" "$pkg/discreet_wasm_bg.wasm" "$npm_dir/discreet/"
tarball="$npm_dir/$(cd "$npm_dir/discreet" && npm pack --silent --pack-destination "$npm_dir")"
ls -l "$tarball"
cp wasm/npm/test/package.test.mjs wasm/npm/test/types.ts wasm/npm/test/tsconfig.json "$npm_dir/scratch/"
printf '{ "name": "scratch", "private": true, "type": "module" }\n' >"$npm_dir/scratch/package.json"
(cd "$npm_dir/scratch" &&
  npm install --no-audit --no-fund --silent "$tarball" "typescript@$typescript_version" &&
  node --test --test-reporter=spec package.test.mjs &&
  npx --no-install tsc -p tsconfig.json &&
  echo "tsc --strict: the declarations compile")

step "browser test (headless Chromium)"
rm -rf "$artifacts"
mkdir -p "$artifacts"
(cd examples/web && ARTIFACTS="$artifacts" node --test --test-reporter=spec tests/)
[ -s "$artifacts/screenshot.png" ] || { echo "no screenshot was saved" >&2; exit 1; }

step "report"
wasm="$pkg/discreet_wasm_bg.wasm"
raw=$(wc -c <"$wasm")
gz=$(gzip -9 -c "$wasm" | wc -c)
js=$(wc -c <"$pkg/discreet_wasm.js")
awk -v r="$raw" -v g="$gz" -v j="$js" 'BEGIN {
  printf "wasm size: %d bytes raw (%.0f KiB), %d bytes gzipped (%.0f KiB); JS glue %d bytes\n", r, r / 1024, g, g / 1024, j }'
tgz=$(wc -c <"$tarball")
unpacked=$(tar -xOzf "$tarball" | wc -c)
echo "npm package: $tgz bytes packed (gzipped tarball, $(basename "$tarball")), $unpacked bytes unpacked"
node -e '
  const t = require(process.argv[1]);
  const us = (ms) => (ms * 1000).toFixed(1) + " µs";
  console.log(`per-keystroke verdict, ${t.chars}-character draft (${t.weighted_length} weighted), median of ` +
    `${t.rounds} averages of ${t.calls} classify calls in Chromium: ${us(t.classify_clean_ms)} clean, ` +
    `${us(t.classify_card_ms)} with a card number, ${us(t.classify_phone_ms)} with a phone number; ` +
    `whole keystroke (verdict, DM suggestion, redraw): ${us(t.keystroke_update_ms)}`);
  const k = t.typed;
  console.log(`verdict time of the ${k.keystrokes} keystrokes the browser test typed: median ${us(k.median_ms)}, ` +
    `p90 ${us(k.p90_ms)}, p99 ${us(k.p99_ms)}, max ${us(k.max_ms)}`);
' "$artifacts/timing.json"
echo "screenshot: $artifacts/screenshot.png"
step "done"
