//! The pure core: models, input checks, request building, response classification,
//! field rules and the sans-IO session. Nothing here knows about wasm or JavaScript, so
//! all of it builds and is tested natively (`scripts/test.sh` checks that no wasm-only
//! crate is imported here).
//!
//! Modules are listed one per line so that new pure modules (e.g. masks) slot in.
#![forbid(unsafe_code)]

pub mod cache;
pub mod details;
pub mod error;
pub mod mask;
pub mod models;
pub mod product;
pub mod reload;
pub mod request;
pub mod response;
pub mod rules;
pub mod session;
pub mod snapshot;
pub mod text;
pub mod validate;
