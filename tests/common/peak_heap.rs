//! A global allocator that counts live heap bytes, for tests that bound peak memory. A test
//! binary that uses it should hold only such tests: others running beside it disturb the count.
//!
//! Include it with `#[path = "common/peak_heap.rs"] mod peak_heap;` and register it:
//! `#[global_allocator] static ALLOCATOR: peak_heap::Counting = peak_heap::Counting;`.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(live, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

/// Starts a measurement: the bytes live now, from which [`peak_since`] counts.
pub fn start() -> usize {
    let before = LIVE.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    before
}

/// The most heap bytes live at once since [`start`] returned `before`, above `before`.
pub fn peak_since(before: usize) -> usize {
    PEAK.load(Ordering::SeqCst) - before
}
