#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod core;

#[cfg(target_arch = "wasm32")]
mod js;

#[cfg(target_arch = "wasm32")]
pub use js::bindings::Connect;
