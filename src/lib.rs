#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod js;

// The allocator of the wasm build, tested natively over a buffer.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "js/heap.rs"]
mod heap;

#[cfg(target_arch = "wasm32")]
pub use js::bindings::Connect;
#[cfg(target_arch = "wasm32")]
pub use js::mask::{apply_mask, remove_mask};
