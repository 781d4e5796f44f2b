//! A small allocator for the wasm build: power-of-two size classes, each with a free
//! list, carved from a bump pointer over linear memory. It replaces dlmalloc (about 8 KB
//! of code) with a few hundred bytes. Freed blocks are reused by their class, so a steady
//! workload stops growing memory; blocks are never merged or returned, which suits an
//! SDK whose allocations are small and short-lived (request strings, error paths).
//!
//! The wasm build is single-threaded, so the state needs no locking. The linear memory
//! is behind the [`Memory`] trait, so the same code runs in native tests over a buffer.
//! In the release wasm it is about 600 bytes of code (twiggy: `alloc` 275, `realloc`
//! 199, `dealloc` 84, `class_of` 48), against about 8 kB for dlmalloc.

use core::alloc::{GlobalAlloc, Layout};
use core::cell::UnsafeCell;
use core::ptr;

/// Linear memory: where it starts, how many pages it has, and growing it.
pub(crate) trait Memory {
    /// Address of byte 0.
    fn base(&self) -> usize;
    /// Current size, in 64 KiB pages.
    fn pages(&self) -> usize;
    /// Grows by `pages`; the old size, or `usize::MAX` when it cannot grow.
    fn grow(&self, pages: usize) -> usize;
}

/// The wasm instance's own linear memory.
#[cfg(target_arch = "wasm32")]
pub(crate) struct Linear;

#[cfg(target_arch = "wasm32")]
impl Memory for Linear {
    fn base(&self) -> usize {
        0
    }
    fn pages(&self) -> usize {
        core::arch::wasm32::memory_size(0)
    }
    fn grow(&self, pages: usize) -> usize {
        core::arch::wasm32::memory_grow(0, pages)
    }
}

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

/// The allocator over memory `M`; installed as `#[global_allocator]` in `js/mod.rs`.
pub(crate) struct SizeClasses<M> {
    memory: M,
    state: UnsafeCell<State>,
}

// SAFETY: wasm32-unknown-unknown without threads runs on one thread only; the native
// tests use each allocator from one thread.
unsafe impl<M> Sync for SizeClasses<M> {}

impl<M> SizeClasses<M> {
    /// An allocator over `memory` that has not touched it yet.
    pub(crate) const fn new(memory: M) -> Self {
        SizeClasses {
            memory,
            state: UnsafeCell::new(State {
                free: [ptr::null_mut(); CLASSES],
                top: 0,
                end: 0,
            }),
        }
    }
}

/// The class of a layout: blocks of `2^class` bytes, aligned to their size.
fn class_of(layout: Layout) -> Option<usize> {
    let size = layout.size().max(layout.align()).max(1 << MIN_CLASS);
    let class = size.checked_next_power_of_two()?.trailing_zeros() as usize;
    (class < CLASSES).then_some(class)
}

unsafe impl<M: Memory> GlobalAlloc for SizeClasses<M> {
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
            state.top = self.memory.base() + self.memory.pages() * PAGE;
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
            if self.memory.grow(pages) == usize::MAX {
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

// Native only: the wasm build's tests run the allocator for real.
#[cfg(all(test, not(target_arch = "wasm32")))]
#[allow(clippy::expect_used, clippy::panic, clippy::indexing_slicing)]
mod tests {
    use super::*;
    use std::cell::Cell;

    /// A buffer standing in for linear memory: `used` pages are "the linker's", and it
    /// grows up to `max` pages.
    struct Buffer {
        base: usize,
        pages: Cell<usize>,
        max: usize,
    }

    impl Buffer {
        fn new(used: usize, max: usize) -> Buffer {
            let layout = Layout::from_size_align(max * PAGE, PAGE).expect("layout");
            // SAFETY: a non-zero size; leaked on purpose (the test's whole memory).
            let base = unsafe { std::alloc::alloc_zeroed(layout) } as usize;
            assert_ne!(base, 0);
            Buffer {
                base,
                pages: Cell::new(used),
                max,
            }
        }
    }

    impl Memory for Buffer {
        fn base(&self) -> usize {
            self.base
        }
        fn pages(&self) -> usize {
            self.pages.get()
        }
        fn grow(&self, pages: usize) -> usize {
            let old = self.pages.get();
            if old + pages > self.max {
                return usize::MAX;
            }
            self.pages.set(old + pages);
            old
        }
    }

    fn layout(size: usize, align: usize) -> Layout {
        Layout::from_size_align(size, align).expect("layout")
    }

    #[test]
    fn blocks_are_aligned_disjoint_and_inside_memory() {
        let heap = SizeClasses::new(Buffer::new(1, 64));
        let start = heap.memory.base + PAGE;
        let mut blocks = Vec::new();
        for (size, align) in [
            (1, 1),
            (8, 8),
            (24, 8),
            (100, 4),
            (4096, 16),
            (70_000, 8),
            (3, 64),
        ] {
            // SAFETY: a valid layout; the block is written and freed below.
            let p = unsafe { heap.alloc(layout(size, align)) } as usize;
            assert_ne!(p, 0);
            assert_eq!(p % align, 0, "{size}/{align}");
            assert!(p >= start, "not over the linker's pages");
            assert!(p + size <= heap.memory.base + heap.memory.pages() * PAGE);
            // SAFETY: the block is `size` bytes, ours alone.
            unsafe { ptr::write_bytes(p as *mut u8, 0xAB, size) };
            blocks.push((p, size));
        }
        for (i, a) in blocks.iter().enumerate() {
            for b in blocks.iter().skip(i + 1) {
                assert!(a.0 + a.1 <= b.0 || b.0 + b.1 <= a.0, "{a:?} overlaps {b:?}");
            }
        }
    }

    #[test]
    fn freed_blocks_are_reused_so_a_steady_workload_stops_growing() {
        let heap = SizeClasses::new(Buffer::new(1, 8));
        for _ in 0..10_000 {
            // SAFETY: each block is freed with its own layout.
            unsafe {
                let a = heap.alloc(layout(40, 8));
                let b = heap.alloc(layout(300, 8));
                assert!(!a.is_null() && !b.is_null());
                heap.dealloc(a, layout(40, 8));
                heap.dealloc(b, layout(300, 8));
            }
        }
        assert_eq!(heap.memory.pages(), 2, "one page grown, then reused");
    }

    #[test]
    fn realloc_keeps_the_bytes_and_stays_in_place_within_a_class() {
        let heap = SizeClasses::new(Buffer::new(1, 8));
        // SAFETY: the block is used within its layouts, then freed.
        unsafe {
            let p = heap.alloc(layout(10, 1));
            for i in 0..10 {
                p.add(i).write(i as u8);
            }
            assert_eq!(
                heap.realloc(p, layout(10, 1), 16),
                p,
                "same class: in place"
            );
            let q = heap.realloc(p, layout(16, 1), 1000);
            assert_ne!(q, p);
            for i in 0..10 {
                assert_eq!(q.add(i).read(), i as u8);
            }
            heap.dealloc(q, layout(1000, 1));
        }
    }

    #[test]
    fn out_of_memory_and_absurd_layouts_give_null() {
        let heap = SizeClasses::new(Buffer::new(1, 2));
        // SAFETY: valid layouts; nothing is dereferenced.
        unsafe {
            assert!(
                heap.alloc(layout(3 * PAGE, 8)).is_null(),
                "cannot grow enough"
            );
            assert!(
                heap.alloc(layout(1 << 40, 8)).is_null(),
                "no class that large"
            );
            assert!(
                !heap.alloc(layout(PAGE / 2, 8)).is_null(),
                "still usable after"
            );
        }
    }
}
