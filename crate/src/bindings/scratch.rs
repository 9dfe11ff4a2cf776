//! Two regions of WebAssembly memory that the hot JWS calls share with
//! TypeScript (ts/core/scratch.ts), so that a sign or a verify allocates
//! nothing across the boundary: TypeScript writes its text straight into
//! the input region with `TextEncoder.encodeInto`, the core writes its answer
//! into the output region, and TypeScript reads it from there. wasm-bindgen's
//! own string passing costs a `malloc`, a JavaScript loop over the
//! characters and a `free` per argument and per result.
//!
//! The regions hold what crosses the boundary anyway (token text, protected
//! headers, payloads), never key material. A region grown past `KEEP` by a
//! rare large token is released at the next call that needs less, instead of
//! pinning memory; never during its own call, whose answer (and input, for
//! the native backend's signing input) TypeScript reads afterwards.

use core::cell::RefCell;

use wasm_bindgen::prelude::*;

use super::to_js_error;
use crate::error::{Code, Error, Result as CoreResult};

/// Size a region may keep between calls.
const KEEP: usize = 64 * 1024;

/// Largest input region a call may ask for: the boundary's argument cap
/// (128 Mi UTF-16 units, ts/core/boundary.ts) at three UTF-8 bytes each.
const MAX_INPUT: usize = 3 * 128 * 1024 * 1024;

thread_local! {
    static INPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    static OUTPUT: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

fn too_large() -> Error {
    Error::new(Code::InvalidArgument, "input too large for the core")
}

/// Makes the input region at least `len` bytes long and returns its address
/// in WebAssembly memory (which may have grown: views must be refreshed).
#[wasm_bindgen]
pub fn scratch_input(len: u32) -> Result<u32, JsError> {
    let len = len as usize;
    INPUT.with_borrow_mut(|input| {
        if len > MAX_INPUT {
            return Err(to_js_error(too_large()));
        }
        // A region a large token grew is released here, at the next call,
        // never right after its own call: TypeScript may still read it then.
        if input.len() > KEEP && len <= KEEP {
            *input = Vec::new();
        }
        if input.len() < len {
            // try_reserve: an allocation that fails is an error, not a trap.
            input.try_reserve_exact(len - input.len()).map_err(|_| to_js_error(too_large()))?;
            input.resize(len, 0);
        }
        Ok(input.as_mut_ptr() as u32)
    })
}

/// The address of the output region, whose first bytes are the answer of the
/// last scratch call (its length is what that call returned).
#[wasm_bindgen]
pub fn scratch_output() -> u32 {
    OUTPUT.with_borrow_mut(|output| output.as_mut_ptr() as u32)
}

/// Runs `operation` on the first `len` bytes of the input region, leaves its
/// answer in the output region and returns the answer's length.
pub(crate) fn with_scratch(
    len: u32,
    operation: impl FnOnce(&[u8], &mut Vec<u8>) -> CoreResult<()>,
) -> Result<u32, JsError> {
    INPUT.with_borrow_mut(|input| {
        OUTPUT.with_borrow_mut(|output| {
            if output.capacity() > KEEP {
                *output = Vec::new();
            }
            output.clear();
            let result = match input.get(..len as usize) {
                Some(bytes) => operation(bytes, output),
                None => Err(Error::new(Code::InvalidArgument, "input longer than the scratch region")),
            };
            result.map(|()| output.len() as u32).map_err(to_js_error)
        })
    })
}
