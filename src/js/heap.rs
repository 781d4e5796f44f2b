//! A small allocator for the wasm build: power-of-two size classes, each with a free
//! list, carved from a bump pointer over linear memory. It replaces dlmalloc (about 8 KB
//! of code) with a few hundred bytes. Freed blocks are reused by their class, so a steady
//! workload stops growing memory; blocks are never merged or returned, which suits an
//! SDK whose allocations are small and short-lived (request strings, error paths).
//!
//! The wasm build is single-threaded, so the state needs no locking.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const PAGE: usize = 65_536;
/// Smallest block: room for the free-list link.
const MIN_CLASS: u32 = 3;
/// One free list per power of two up to 2^31.
const CLASSES: usize = 32;

struct State {
    /// Head of the free list of each class (a freed block stores the next link).
    free: [*mut u8; CLASSES],
    /// Next unused byte, and the end of memory obtained so far.
    top: usize,
    end: usize,
}

/// The allocator; installed as `#[global_allocator]` in `lib.rs`.
pub(crate) struct SizeClasses {
    state: UnsafeCell<State>,
}

// SAFETY: wasm32-unknown-unknown without threads runs on one thread only.
unsafe impl Sync for SizeClasses {}

impl SizeClasses {
    /// An allocator that has not touched memory yet.
    pub(crate) const fn new() -> Self {
        SizeClasses {
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                top: 0,
                end: 0,
            }),
        }
    }
}

impl Default for SizeClasses {
    fn default() -> Self {
        Self::new()
    }
}

/// The class of a layout: blocks of `2^class` bytes, aligned to their size.
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let class = size.checked_next_power_of_two()?.trailing_zeros() as usize;
    (class < CLASSES).then_some(class)
}

unsafe impl GlobalAlloc for SizeClasses {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let Some(class) = class_of(layout) else {
            return ptr::null_mut();
        };
        // SAFETY: single-threaded; no reference to the state outlives this call.
        let state = unsafe { &mut *self.state.get() };
        if let Some(&head) = state.free.get(class) {
            if !head.is_null() {
                // SAFETY: `head` is a freed block of this class; its first word is the link.
                let next = unsafe { head.cast::<*mut u8>().read() };
                if let Some(slot) = state.free.get_mut(class) {
                    *slot = next;
                }
                return head;
            }
        }
        let size = 1usize << class;
        if state.end == 0 {
            // Start after everything the linker placed (stack, data, previous heap).
            state.top = wasm32::memory_size(0) * PAGE;
            state.end = state.top;
        }
        let Some(start) = state.top.checked_add(size - 1).map(|t| t & !(size - 1)) else {
            return ptr::null_mut();
        };
        let Some(new_top) = start.checked_add(size) else {
            return ptr::null_mut();
        };
        if new_top > state.end {
            let pages = (new_top - state.end).div_ceil(PAGE);
            if wasm32::memory_grow(0, pages) == usize::MAX {
                return ptr::null_mut();
            }
            state.end += pages * PAGE;
        }
        state.top = new_top;
        start as *mut u8
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let Ok(new_layout) = Layout::from_size_align(new_size, layout.align()) else {
            return ptr::null_mut();
        };
        if class_of(new_layout) == class_of(layout) {
            return block;
        }
        // SAFETY: as `GlobalAlloc::realloc` requires; the new block does not overlap.
        unsafe {
            let new_block = self.alloc(new_layout);
            if !new_block.is_null() {
                ptr::copy_nonoverlapping(block, new_block, layout.size().min(new_size));
                self.dealloc(block, layout);
            }
            new_block
        }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        let Some(class) = class_of(layout) else {
            return;
        };
        // SAFETY: single-threaded; `block` came from `alloc` with this layout's class.
        let state = unsafe { &mut *self.state.get() };
        if let Some(slot) = state.free.get_mut(class) {
            // SAFETY: the block is at least 8 bytes and aligned for a pointer.
            unsafe { block.cast::<*mut u8>().write(*slot) };
            *slot = block;
        }
    }
}
