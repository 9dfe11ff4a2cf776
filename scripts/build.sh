#!/usr/bin/env bash
# Builds the Rust core for wasm32, generates the wasm-bindgen glue into
# ts/core/generated/ (ignored by git), and compiles the TypeScript package
# into dist/. Run scripts/setup.sh once first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

# Debian's rustc has the wasm32 std (built by setup.sh); rustup's does not.
# Debian ships no rust-lld, and its default wasm-ld cannot read LLVM 22
# bitcode, so link with LLVM 22's; ring compiles C for wasm32 with clang.
export RUSTC=/usr/bin/rustc
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
export CC_wasm32_unknown_unknown=clang-22
export AR_wasm32_unknown_unknown=llvm-ar-22

# WebAssembly SIMD (simd128) for the Rust code and ring's C: Node 20, current
# browsers and workerd all run it. Set through CARGO_TARGET_<triple>_RUSTFLAGS
# so that only the wasm32 build sees it (host builds and build scripts do not).
# cpubits="32": RustCrypto's big integers (crypto-bigint) use 32-bit limbs on
# wasm32 instead of 64-bit ones, whose 64x64->128 products WebAssembly lacks;
# RSA verification is about 1.3x faster (docs/performance-wasm.md).
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128 --cfg cpubits=\"32\" ${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-}"
export CFLAGS_wasm32_unknown_unknown="-msimd128 ${CFLAGS_wasm32_unknown_unknown:-}"

# JAM_WASM_TARGET_DIR lets several checkouts share one build directory (cargo
# locks it), so dependencies compile once per machine.
target_dir="${JAM_WASM_TARGET_DIR:-target/wasm}"
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
