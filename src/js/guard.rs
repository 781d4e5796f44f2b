//! The panic guard. Nothing in the SDK should panic, but if something ever does, the page
//! must hear about it: every pending promise rejects with a `ConnectInternalError`, the
//! call that panicked throws one, and every later call fails fast the same way instead
//! of touching a wasm instance whose state can no longer be trusted.

use std::cell::{Cell, RefCell};
#[cfg(feature = "test-panic")]
use std::future::Future;
#[cfg(feature = "test-panic")]
use std::pin::Pin;

use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
#[cfg(feature = "test-panic")]
use wasm_bindgen_futures::spawn_local;

use crate::core::error::Error;

thread_local! {
    static POISONED: Cell<bool> = const { Cell::new(false) };
    static HOOKED: Cell<bool> = const { Cell::new(false) };
    static NEXT_ID: Cell<u32> = const { Cell::new(0) };
    /// The reject functions of every promise not yet settled.
    static PENDING: RefCell<Vec<(u32, Function)>> = const { RefCell::new(Vec::new()) };
}

/// Installs the panic hook once.
pub(crate) fn install() {
    if !HOOKED.with(|h| h.replace(true)) {
        std::panic::set_hook(Box::new(|_| on_panic()));
    }
}

fn on_panic() {
    POISONED.with(|p| p.set(true));
    let error = JsValue::from(Error::Internal);
    let pending = PENDING.with(|p| p.try_borrow_mut().map(|mut v| std::mem::take(&mut *v)));
    for (_, reject) in pending.unwrap_or_default() {
        let _ = reject.call1(&JsValue::UNDEFINED, &error);
    }
    // Unwind to the JavaScript caller with a meaningful error instead of a bare trap.
    wasm_bindgen::throw_val(error);
}

/// Throws a `ConnectInternalError` if the SDK has panicked before.
pub(crate) fn check() -> Result<(), JsValue> {
    if POISONED.with(Cell::get) {
        Err(JsValue::from(Error::Internal))
    } else {
        Ok(())
    }
}

/// Runs `future` and returns a native Promise that settles with its result, or rejects
/// with a `ConnectInternalError` should the SDK panic meanwhile. Only the test trigger
/// uses it: the SDK's calls are promises the client settles itself ([`track`]).
#[cfg(feature = "test-panic")]
pub(crate) fn promise<F>(future: F) -> Promise
where
    F: Future<Output = Result<JsValue, JsValue>> + 'static,
{
    boxed(Box::pin(future))
}

/// The non-generic body of [`promise`]: one copy in the wasm for every caller.
#[cfg(feature = "test-panic")]
fn boxed(future: Pin<Box<dyn Future<Output = Result<JsValue, JsValue>>>>) -> Promise {
    if let Err(e) = check() {
        return Promise::reject(&e);
    }
    let (promise, resolve, reject) = deferred();
    let id = track(&reject);
    spawn_local(async move {
        let result = future.await;
        untrack(id);
        let _ = match result {
            Ok(v) => resolve.call1(&JsValue::UNDEFINED, &v),
            Err(e) => reject.call1(&JsValue::UNDEFINED, &e),
        };
    });
    promise
}

/// Registers `reject` to be called should the SDK panic before [`untrack`] is called
/// with the returned id; for a promise the SDK settles itself.
pub(crate) fn track(reject: &Function) -> u32 {
    let id = NEXT_ID.with(|n| {
        let id = n.get().wrapping_add(1);
        n.set(id);
        id
    });
    PENDING.with(|p| {
        if let Ok(mut v) = p.try_borrow_mut() {
            v.push((id, reject.clone()));
        }
    });
    id
}

/// Forgets a reject function registered with [`track`]: its promise is settled.
pub(crate) fn untrack(id: u32) {
    PENDING.with(|p| {
        if let Ok(mut v) = p.try_borrow_mut() {
            if let Some(at) = v.iter().position(|(i, _)| *i == id) {
                v.swap_remove(at);
            }
        }
    });
}

/// A new promise and its resolve and reject functions. The one `Promise::new` of the
/// SDK: every promise it makes comes from here, so the wasm has one closure shim for it.
pub(crate) fn deferred() -> (Promise, Function, Function) {
    let (mut resolve, mut reject) = (JsValue::UNDEFINED, JsValue::UNDEFINED);
    let promise = Promise::new(&mut |res, rej| {
        resolve = res.into();
        reject = rej.into();
    });
    (promise, resolve.unchecked_into(), reject.unchecked_into())
}
