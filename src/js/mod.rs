//! The wasm side: everything that touches JavaScript. It does I/O (fetch, timers,
//! signals) and conversion, and drives the pure [`crate::core`].
//!
//! Layers, each using only those below it: `bindings` (the `connect` class) → `client`
//! (drives the core's session) → `convert` (JS values to and from core types),
//! `transport` (fetch, deadlines) → `error` (the one conversion of an error to JS) and
//! `guard` (the panic guard); `heap` is the allocator.

pub mod bindings;
mod client;
mod convert;
mod error;
mod guard;
mod heap;
pub(crate) mod mask;
mod transport;

#[global_allocator]
static HEAP: heap::SizeClasses<heap::Linear> = heap::SizeClasses::new(heap::Linear);
