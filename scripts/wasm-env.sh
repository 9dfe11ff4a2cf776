# Sourced by build.sh and lint.sh: the environment every wasm32 cargo command
# runs in, so that the build and wasm32 clippy share one set of flags (and one
# target/wasm directory without rebuilding each other's dependencies).
# shellcheck shell=bash

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
