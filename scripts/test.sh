#!/usr/bin/env bash
# The project's test command (`npm test`): Rust tests on the host, the wasm
# build, a strict type check, then every TypeScript test against the built
# WebAssembly. Fails on the first failing step.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

echo "== cargo test (host)"
cargo test -p jam-jose-core -j 2 ${CARGO_QUIET:+-q}

echo "== build (wasm + TypeScript)"
bash scripts/build.sh

echo "== tsc --noEmit (strict)"
npx tsc -p tsconfig.json

echo "== vitest"
npx vitest run "$@"
