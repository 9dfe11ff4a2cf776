#!/usr/bin/env bash
# Fuzzes the Rust core with cargo-fuzz (libFuzzer + AddressSanitizer): every
# target in crate/fuzz/fuzz_targets for a bounded time each, on top of a seed
# corpus generated from the RFC vectors and key fixtures (make-corpus.mjs).
#
#   npm run fuzz                        every target, 180 s each
#   npm run fuzz -- --time 600 jws_verify
#   JAM_FUZZ_SECONDS=30 bash scripts/fuzz.sh   (what scripts/test.sh runs in CI)
#
# The stable toolchain builds the sanitizer flags with RUSTC_BOOTSTRAP=1 (no
# nightly needed). Inputs libFuzzer finds interesting are added to
# crate/fuzz/corpus/ (git-ignored; regenerate the seeds at any time); a crash,
# a panic or a run over 10 s is written to crate/fuzz/artifacts/<target>/ and
# fails this script. A finding becomes a regression test in crate/tests/
# (docs/fuzzing.md). The last line per target is libFuzzer's
# "Done N runs in S second(s)"; the summary repeats it.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${JAM_FUZZ_SECONDS:-180}"
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --time) seconds="$2"; shift 2 ;;
    --time=*) seconds="${1#--time=}"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) targets+=("$1"); shift ;;
  esac
done
fuzz_dir=crate/fuzz
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$fuzz_dir"/fuzz_targets/*.rs; do targets+=("$(basename "$f" .rs)"); done
fi
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is missing: run scripts/setup.sh" >&2; exit 1; }

export RUSTC_BOOTSTRAP=1
# JAM_FUZZ_TARGET_DIR lets several checkouts share one (sanitizer) build directory.
target_dir="${JAM_FUZZ_TARGET_DIR:-$fuzz_dir/target}"
build=(--fuzz-dir "$fuzz_dir" --target-dir "$target_dir" -O --debug-assertions)

echo "== fuzz: seed corpus"
node "$fuzz_dir/make-corpus.mjs"
echo "== fuzz: build (release, debug assertions, AddressSanitizer)"
cargo fuzz build "${build[@]}" ${CARGO_QUIET:+--quiet}

logs="$fuzz_dir/logs"
mkdir -p "$logs"
status=0
summary=()
for t in "${targets[@]}"; do
  echo "== fuzz: $t for ${seconds}s"
  mkdir -p "$fuzz_dir/artifacts/$t"
  # -timeout: one input over 10 s is a hang; -rss_limit_mb: a blow-up is a finding.
  if cargo fuzz run "${build[@]}" "$t" "$fuzz_dir/corpus/$t" -- \
      -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$fuzz_dir/artifacts/$t/" >"$logs/$t.log" 2>&1; then
    result="$(grep -E '^Done [0-9]+ runs' "$logs/$t.log" | tail -1)"
  else
    status=1
    result="FAILED: see $logs/$t.log and $fuzz_dir/artifacts/$t/"
    tail -40 "$logs/$t.log" >&2
  fi
  corpus="$(find "$fuzz_dir/corpus/$t" -type f | wc -l)"
  summary+=("$t: $result; corpus $corpus inputs")
done
echo "== fuzz summary"
printf '  %s\n' "${summary[@]}"
exit $status
