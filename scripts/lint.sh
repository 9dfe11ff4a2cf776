#!/usr/bin/env bash
# Lint and format gates (`npm run lint`; scripts/test.sh runs it first, so CI
# fails on any of them): rustfmt, clippy for the host and for wasm32 (the
# #[wasm_bindgen] bindings only compile there), and Biome over ts/, test/ and
# scripts/. The strict tsc check needs the generated glue, so test.sh runs it
# after the build. `npm run format` rewrites what the format checks refuse.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

echo "== cargo fmt --check"
cargo fmt --all --check
cargo fmt --check --manifest-path crate/fuzz/Cargo.toml

echo "== cargo clippy (host, all targets)"
cargo clippy -p jam-jose-core --all-targets -j 2 ${CARGO_QUIET:+-q} -- -D warnings

echo "== cargo clippy (wasm32-unknown-unknown)"
# Debian's cargo, rustc and clippy (rust-web-clippy, the same 1.96 as
# rustc-web) with the wasm32 std that setup.sh builds; the same toolchain
# environment as scripts/build.sh (scripts/wasm-env.sh). /usr/bin goes first so that `cargo clippy`
# finds Debian's clippy-driver, not rustup's (whose sysroot has no wasm32 std).
(
  export PATH="/usr/bin:$PATH"
  source scripts/wasm-env.sh
  /usr/bin/cargo clippy --target wasm32-unknown-unknown -p jam-jose-core -j 2 \
    --target-dir target/wasm ${CARGO_QUIET:+-q} -- -D warnings
)

echo "== biome ci (lint + format check: ts/, test/, scripts/)"
npx --no-install biome ci --error-on-warnings
