#!/usr/bin/env bash
# Prepares a fresh Debian 12 machine of this project's kind to build and test
# jam-jose: Debian packages, the wasm32 standard library built from Debian's
# rust source, wasm-bindgen-cli pinned to the crate's wasm-bindgen, and the npm
# dependencies. Idempotent: each step checks before it works, so a warm
# machine passes through in seconds. See docs/toolchain.md for the why.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

log() { printf '[setup] %s\n' "$*"; }

# 1. Debian packages: Debian's rustc 1.96 (with std source) and its clippy
#    (the wasm32 lint gate), LLVM 22 for wasm-ld and clang (ring compiles C
#    for wasm32), redis-server for the list tests, chromium for the browser
#    tests, python3-venv for Python jam (step 4).
packages=(rustc-web cargo-web rust-web-src rust-web-clippy lld-22 clang-22 llvm-22 redis-server chromium python3-venv)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" >/dev/null
else
  log "Debian packages present"
fi

# 2. The wasm32 standard library, built once from Debian's vendored source and
#    installed into /usr's sysroot; rebuilt when rustc's version changes.
RUSTC=/usr/bin/rustc
sysroot_lib=/usr/lib/rustlib/wasm32-unknown-unknown/lib
stamp="$sysroot_lib/.jam-jose-stamp"
want="$($RUSTC --version)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  log "building std for wasm32 ($want)"
  work="$(mktemp -d)"
  mkdir -p "$work/src" "$work/.cargo"
  cat > "$work/Cargo.toml" <<'TOML'
[package]
name = "stdbuild"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
  echo '#![no_std]' > "$work/src/lib.rs"
  cat > "$work/.cargo/config.toml" <<'TOML'
[source.crates-io]
replace-with = "vendored-std"
[source.vendored-std]
directory = "/usr/lib/rustlib/src/rust/library/vendor"
TOML
  (cd "$work" && RUSTC=$RUSTC RUSTC_BOOTSTRAP=1 /usr/bin/cargo build --offline --release -q \
      -Zbuild-std=std,panic_abort --target wasm32-unknown-unknown)
  rm -rf "$sysroot_lib"
  mkdir -p "$sysroot_lib"
  find "$work/target/wasm32-unknown-unknown/release/deps" -name 'lib*.rlib' ! -name 'libstdbuild-*' \
    -exec cp {} "$sysroot_lib/" \;
  echo "$want" > "$stamp"
  rm -rf "$work"
else
  log "wasm32 std present ($want)"
fi

# 3. wasm-bindgen-cli, exactly the version Cargo.lock pins (the glue and the
#    crate must agree byte for byte on the ABI).
wbg_version="$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/"/,"",$3); print $3; exit}' Cargo.lock)"
export PATH="$HOME/.cargo/bin:$PATH"
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wbg_version"; then
  log "installing wasm-bindgen-cli $wbg_version (a few minutes)"
  # --locked first (reproducible); its lockfile has at times named crates the
  # registry no longer serves, so fall back to a fresh resolution.
  cargo install -q wasm-bindgen-cli --version "=$wbg_version" --locked 2>/dev/null \
    || cargo install -q wasm-bindgen-cli --version "=$wbg_version"
else
  log "wasm-bindgen-cli $wbg_version present"
fi

# 3b. cargo-fuzz for scripts/fuzz.sh (the fuzz step of npm test); it drives
#     libFuzzer through the crate libfuzzer-sys, so no other tool is needed.
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (about a minute)"
  cargo install -q cargo-fuzz --locked 2>/dev/null || cargo install -q cargo-fuzz
else
  log "cargo-fuzz present ($(cargo fuzz --version))"
fi


# 4. Python jam (PyPI jamlib, pinned) in .venv-jam/, for test/jam/: the real
#    library the compatibility tests make and open tokens with, with the
#    extras its Redis and JSON lists need. Reinstalled only when the pin moves.
jamlib_version=4.2.1
venv=.venv-jam
if ! "$venv/bin/python" -c "import importlib.metadata as m, sys; sys.exit(m.version('jamlib') != '$jamlib_version')" \
    2>/dev/null || ! "$venv/bin/python" -c "import redis, tinydb, yaml, toml" 2>/dev/null; then
  log "creating $venv with jamlib $jamlib_version"
  /usr/bin/python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check "jamlib[redis,json,yaml,toml]==$jamlib_version"
else
  log "jamlib $jamlib_version present in $venv"
fi

# 5. npm dependencies (lockfile exact).
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "npm ci"
  npm ci --no-audit --no-fund --loglevel=error
else
  log "node_modules present"
fi
log "done"
