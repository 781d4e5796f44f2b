//! The gloo-net transport, and the deadline that bounds every call (a timer and the
//! caller's `AbortSignal`, with no Rust closures to leak).

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use gloo_net::http::Request;
use js_sys::{Function, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

use crate::request::Built;

#[wasm_bindgen]
extern "C" {
    // The global timer functions exist in windows and workers alike.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(handler: &Function, ms: u32, arg: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
}

/// An HTTP answer: status and body text.
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The whole body.
    pub text: String,
}

/// Sends `built` with `headers`; `Err` when no complete HTTP answer arrived (network,
/// CORS, reset, or `signal` aborted).
pub async fn send(
    built: &Built,
    headers: &[(&str, &str)],
    signal: &AbortSignal,
) -> Result<Answer, ()> {
    let mut builder = match built.body {
        Some(_) => Request::post(&built.url),
        None => Request::get(&built.url),
    };
    for (name, value) in headers {
        builder = builder.header(name, value);
    }
    builder = builder.abort_signal(Some(signal));
    let request = match &built.body {
        Some(body) => builder.body(body.as_str()),
        None => builder.build(),
    }
    .map_err(drop)?;
    let response = request.send().await.map_err(drop)?;
    let status = response.status();
    let text = response.text().await.map_err(drop)?;
    Ok(Answer { status, text })
}

/// Why a [`Deadline`] fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fired {
    /// The timer ran out.
    Timeout,
    /// The caller's signal aborted.
    Abort,
}

/// A future that completes when `ms` pass or `signal` aborts, whichever is first.
/// Dropping it clears the timer and removes the listener.
pub struct Deadline {
    fired: JsFuture,
    timer: JsValue,
    wake: Function,
    signal: Option<AbortSignal>,
}

impl Deadline {
    /// Starts the timer and listens to `signal`.
    pub fn new(ms: u32, signal: Option<AbortSignal>) -> Deadline {
        let mut wake = JsValue::UNDEFINED;
        let promise = Promise::new(&mut |resolve, _reject| wake = resolve.into());
        let wake: Function = wake.unchecked_into();
        // The timer resolves with a number, the abort event with an Event.
        let timer = set_timeout(&wake, ms, &JsValue::from(1));
        if let Some(s) = &signal {
            let _ = s.add_event_listener_with_callback("abort", &wake);
        }
        Deadline {
            fired: JsFuture::from(promise),
            timer,
            wake,
            signal,
        }
    }
}

impl Future for Deadline {
    type Output = Fired;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Fired> {
        match Pin::new(&mut self.fired).poll(cx) {
            Poll::Ready(Ok(v)) if v.as_f64().is_some() => Poll::Ready(Fired::Timeout),
            Poll::Ready(_) => Poll::Ready(Fired::Abort),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl Drop for Deadline {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some(s) = &self.signal {
            let _ = s.remove_event_listener_with_callback("abort", &self.wake);
        }
    }
}

/// The outcome of [`first`].
pub enum Either<A, B> {
    /// The first future finished first.
    Left(A),
    /// The second future finished first.
    Right(B),
}

/// Waits for whichever of two futures finishes first (the first wins a tie).
pub async fn first<A, B>(a: A, b: B) -> Either<A::Output, B::Output>
where
    A: Future + Unpin,
    B: Future + Unpin,
{
    Race { a, b }.await
}

struct Race<A, B> {
    a: A,
    b: B,
}

impl<A: Future + Unpin, B: Future + Unpin> Future for Race<A, B> {
    type Output = Either<A::Output, B::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(v) = Pin::new(&mut self.a).poll(cx) {
            return Poll::Ready(Either::Left(v));
        }
        if let Poll::Ready(v) = Pin::new(&mut self.b).poll(cx) {
            return Poll::Ready(Either::Right(v));
        }
        Poll::Pending
    }
}
