#!/usr/bin/env bash
# The project's test command (`npm test`): lint and format gates, Rust tests
# on the host, the wasm build, a strict type check, every TypeScript test
# against the built WebAssembly, then each fuzz target for a bounded time
# (JAM_FUZZ_SECONDS, 30 s in CI; JAM_FUZZ_SECONDS=0 skips it locally). Fails
# on the first failing step.
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
summary() {
  node -e '
    const r = JSON.parse(require("fs").readFileSync("target/vitest-report.json", "utf8"));
    console.log(`vitest: ${r.numPassedTests} passed, ${r.numFailedTests} failed`);
  ' || true
}
summary
[ $status -eq 0 ] || exit $status

# Fuzzing last: a regression in the core has already failed above, and the
# corpus grows on top of the seeds each run (scripts/fuzz.sh, docs/fuzzing.md).
if [ "${JAM_FUZZ_SECONDS:-30}" != "0" ]; then
  echo "== fuzz (each target ${JAM_FUZZ_SECONDS:-30} s)"
  JAM_FUZZ_SECONDS="${JAM_FUZZ_SECONDS:-30}" bash scripts/fuzz.sh
fi

# The test count closes the output (the fuzz step prints its own lines above).
summary
