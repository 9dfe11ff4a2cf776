#!/usr/bin/env bash
# Builds the primitive benchmark for wasm32 with the package's flags
# (scripts/build.sh) into ./pkg. Extra RUSTFLAGS come from $EXTRA; OUT
# names the output directory.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export RUSTC=/usr/bin/rustc CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld
export CC_wasm32_unknown_unknown=clang-22 AR_wasm32_unknown_unknown=llvm-ar-22
export CFLAGS_wasm32_unknown_unknown="-msimd128"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-C target-feature=+simd128 --cfg cpubits=\"32\" ${EXTRA:-}"
target="${JAM_WASM_TARGET_DIR:-../../../target/wasm}/primitives"
/usr/bin/cargo build --release --target wasm32-unknown-unknown --target-dir "$target" -q
wasm-bindgen --target nodejs --out-dir "${OUT:-pkg}" "$target/wasm32-unknown-unknown/release/cryptobench.wasm"
# The glue is CommonJS; the repository's package.json says "module".
echo '{ "type": "commonjs" }' > "${OUT:-pkg}/package.json"
