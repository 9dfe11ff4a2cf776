#!/usr/bin/env bash
# Builds the Rust core for wasm32, generates the wasm-bindgen glue into
# ts/core/generated/ (ignored by git), and compiles the TypeScript package
# into dist/. Run scripts/setup.sh once first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

# The wasm32 toolchain environment (Debian's rustc, LLVM 22, simd128).
source scripts/wasm-env.sh

target_dir=target/wasm
/usr/bin/cargo build --release --target wasm32-unknown-unknown -p jam-jose-core \
  --target-dir "$target_dir" ${CARGO_QUIET:+-q}
wasm="$target_dir/wasm32-unknown-unknown/release/jam_jose.wasm"

# --target web: one ESM glue whose initSync/init every runtime loader drives
# (Node reads the file, browsers stream, Workers import a module).
# --weak-refs: key handles are freed when their JS owner is collected.
wasm-bindgen --target web --weak-refs --out-dir ts/core/generated --out-name jam_jose "$wasm"

if [ "${1:-}" != "--wasm-only" ]; then
  rm -rf dist
  npx tsc -p tsconfig.build.json
  mkdir -p dist/core/generated
  cp ts/core/generated/jam_jose.js ts/core/generated/jam_jose.d.ts ts/core/generated/jam_jose_bg.wasm dist/core/generated/
fi

# --- packaging (see docs/runtimes.md) ---------------------------------------
# wasm-opt -Oz (binaryen, a devDependency) after wasm-bindgen: it drops the
# name section and shrinks code (raw -27%, gzip -7%; docs/runtimes.md has the
# measurements), with no speed difference we could measure. The feature flags are the ones rustc
# enables by default for wasm32, plus SIMD (the input uses it, see above).
# JAM_WASM_OPT=0 skips it for a quicker local build.
if [ "${JAM_WASM_OPT:-1}" != "0" ]; then
  npx --no-install wasm-opt -Oz \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-nontrapping-float-to-int \
    --enable-sign-ext --enable-reference-types --enable-multivalue --enable-mutable-globals --enable-simd \
    ts/core/generated/jam_jose_bg.wasm -o ts/core/generated/jam_jose_bg.wasm
fi

if [ "${1:-}" != "--wasm-only" ]; then
  cp ts/core/generated/jam_jose_bg.wasm dist/core/generated/
  # CommonJS bundles and .d.cts declarations for `require` consumers.
  node scripts/build-package.mjs
fi
