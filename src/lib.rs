#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

pub mod cache;
pub mod error;
pub mod mask;
pub mod product;
pub mod reload;
pub mod request;
pub mod response;
pub mod rules;
pub mod session;
pub mod validate;

#[cfg(target_arch = "wasm32")]
pub mod bindings;
#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(target_arch = "wasm32")]
pub mod guard;
#[cfg(target_arch = "wasm32")]
pub mod heap;
#[cfg(target_arch = "wasm32")]
pub mod mask_bindings;

#[cfg(target_arch = "wasm32")]
#[global_allocator]
static HEAP: heap::SizeClasses = heap::SizeClasses::new();
#[cfg(target_arch = "wasm32")]
pub mod transport;
