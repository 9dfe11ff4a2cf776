#!/usr/bin/env bash
# The project's test command (`npm test`): lint and format gates, Rust tests
# on the host, the wasm build, a strict type check, every TypeScript test
# against the built WebAssembly. Fails on the first failing step.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

bash scripts/lint.sh

echo "== cargo test (host)"
cargo test -p jam-jose-core -j 2 ${CARGO_QUIET:+-q}

echo "== build (wasm + TypeScript)"
bash scripts/build.sh

echo "== tsc --noEmit (strict)"
npx tsc -p tsconfig.json

echo "== vitest"
# The default reporter for people, a JSON report for the closing summary line.
mkdir -p target
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=target/vitest-report.json "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync("target/vitest-report.json", "utf8"));
  console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' || true
exit $status
