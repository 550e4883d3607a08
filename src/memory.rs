//! The heap, held to a budget. Running out of memory aborts a Rust program with "memory
//! allocation failed" and exit 134, which tells a clerk nothing; and a template whose value
//! doubles on every pass of a loop (`{% set s = s ~ s %}`) has no other bound, since Tera gives
//! no hook on its operators. The binary installs [`Guarded`] as its allocator: when the heap
//! would pass [`BUDGET`], or the system refuses memory (under `ulimit -v`), it reports what
//! the thread was making and exits with 1. An allocator may not unwind or return an error to
//! the code that asked, so it ends the process itself; the staging folder left in `out/` is
//! the one a killed build leaves, removed by the next build.
//!
//! Below the count, blocks come from mimalloc rather than the C library's malloc: a mailing
//! allocates and frees a few hundred small blocks per letter on every core, and glibc's
//! malloc, free and realloc took a sixth of its time; mimalloc's thread-local pages take
//! a third of that.

use std::alloc::{GlobalAlloc, Layout};
use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The most heap a run may hold: two hundred times what a 10,000-letter mailing needs.
pub const BUDGET: usize = 4 << 30;

/// Blocks from this size up count against the budget: counting every small block would have
/// the rendering threads contend for one counter on every allocation, and a value that
/// doubles without end is a large block after a few passes. The system's refusal still
/// catches the rest.
const COUNTED: usize = 64 << 10;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
/// Set once mimalloc has been told how to commit memory, before its first block.
static CONFIGURED: AtomicBool = AtomicBool::new(false);

/// The allocator below the count.
static SYSTEM: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `mi_option_purge_delay`, `mi_option_arena_reserve` and `mi_option_allow_thp`
/// (by their place in `mi_option_e` in `mimalloc.h`).
const PURGE_DELAY: std::ffi::c_int = 15;
const ARENA_RESERVE: std::ffi::c_int = 23;
const ALLOW_THP: std::ffi::c_int = 43;

// From `mimalloc.h`, linked in by the `mimalloc` crate (its binding declares it only under a
// feature that brings in another crate).
unsafe extern "C" {
    fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
}

/// Tells mimalloc, before its first block, not to ask for transparent huge pages, and to give
/// freed pages back after 2 ms rather than 10. On Linux mimalloc commits each 1 GiB arena
/// whole and lets the kernel fault pages in; with huge pages every first touch brought in
/// 2 MiB, and a mailing that holds 23 MB stayed at 47 MB resident. Committing page by page
/// instead kept the peak down too, but cost a system call for each page, a tenth of a
/// single letter's time. And a mailing's writer frees the blocks its workers made: the
/// longer delay let the peak drift past 32 MB.
///
/// Arenas are reserved 64 MiB at a time instead of 1 GiB: an arena's bitmaps (one per block
/// size among them) grow with it, and zeroing those of a 1 GiB arena touched 35 pages more
/// than a letter's 700, 0.06 ms. The largest runs (a 10,000-letter mailing, 400 courts)
/// hold under 40 MB; a run that needs more reserves another arena.
#[inline]
fn configure() {
    if !CONFIGURED.load(Ordering::Relaxed) {
        // SAFETY: sets process-wide options; mimalloc reads them when it next maps an arena
        // or purges pages.
        unsafe {
            mi_option_set(ALLOW_THP, 0);
            mi_option_set(PURGE_DELAY, 2);
            // In KiB.
            mi_option_set(ARENA_RESERVE, 64 << 10);
        }
        CONFIGURED.store(true, Ordering::Relaxed);
    }
}
/// Set by the first report, so that a report which itself runs short ends the run at once.
static REPORTING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// What this thread is making, for the report ("merging `letter.md` for court `nmd`").
    static TASK: RefCell<String> = const { RefCell::new(String::new()) };
}

/// mimalloc, counted.
pub struct Guarded;

unsafe impl GlobalAlloc for Guarded {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if !reserve(counted(layout.size())) {
            out_of_memory();
        }
        configure();
        // SAFETY: the caller's contract for `alloc` is passed on unchanged.
        let block = unsafe { SYSTEM.alloc(layout) };
        if block.is_null() {
            out_of_memory();
        }
        block
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        if !reserve(counted(layout.size())) {
            out_of_memory();
        }
        configure();
        // SAFETY: as for `alloc`.
        let block = unsafe { SYSTEM.alloc_zeroed(layout) };
        if block.is_null() {
            out_of_memory();
        }
        block
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: Layout) {
        // SAFETY: `block` came from this allocator with this layout.
        unsafe { SYSTEM.dealloc(block, layout) };
        release(counted(layout.size()));
    }

    unsafe fn realloc(&self, block: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let (old, new) = (counted(layout.size()), counted(new_size));
        if new > old && !reserve(new - old) {
            out_of_memory();
        }
        // SAFETY: `block` came from this allocator with `layout`; the caller vouches for
        // `new_size`.
        let moved = unsafe { SYSTEM.realloc(block, layout, new_size) };
        if moved.is_null() {
            out_of_memory();
        }
        if new < old {
            release(old - new);
        }
        moved
    }
}

/// The part of a block of `size` bytes that counts against the budget.
fn counted(size: usize) -> usize {
    if size >= COUNTED { size } else { 0 }
}

/// Counts `size` more bytes in use, unless that would pass the budget.
fn reserve(size: usize) -> bool {
    if size == 0 {
        return true;
    }
    let before = IN_USE.fetch_add(size, Ordering::Relaxed);
    if before.saturating_add(size) > BUDGET {
        IN_USE.fetch_sub(size, Ordering::Relaxed);
        return false;
    }
    true
}

fn release(size: usize) {
    if size > 0 {
        IN_USE.fetch_sub(size, Ordering::Relaxed);
    }
}

/// Runs `work` with `task` named as what this thread is making, for a report if memory runs
/// out meanwhile.
pub fn while_doing<T>(task: impl FnOnce() -> String, work: impl FnOnce() -> T) -> T {
    let task = task();
    let previous = TASK.with(|current| current.replace(task));
    let result = work();
    TASK.with(|current| *current.borrow_mut() = previous);
    result
}

/// Reports and ends the run. Nothing here may allocate: formatting `&str` and integers into
/// the unbuffered standard error does not.
fn out_of_memory() -> ! {
    if REPORTING.swap(true, Ordering::Relaxed) {
        std::process::exit(1);
    }
    let mut stderr = std::io::stderr().lock();
    let _ = write!(stderr, "error: out of memory");
    let _ = TASK.try_with(|task| {
        if let Ok(task) = task.try_borrow()
            && !task.is_empty()
        {
            let _ = write!(stderr, " while {task}");
        }
    });
    let _ = writeln!(
        stderr,
        "\n  = note: a run may hold {} MiB at most, less where the system sets a lower limit\n  = help: a template that makes a value longer on every pass of a \
         loop (`{{% set_global s = s ~ s %}}`) grows without end; build the value from the \
         data instead",
        BUDGET >> 20
    );
    std::process::exit(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_refuses_what_would_pass_it_and_counts_nothing_for_it() {
        let before = IN_USE.load(Ordering::Relaxed);
        assert!(!reserve(BUDGET + 1));
        assert_eq!(IN_USE.load(Ordering::Relaxed), before);
        assert!(reserve(counted(1 << 20)));
        assert_eq!(IN_USE.load(Ordering::Relaxed), before + (1 << 20));
        release(counted(1 << 20));
        assert_eq!(counted(1024), 0, "small blocks are not counted");
    }

    #[test]
    fn a_task_is_named_only_while_it_runs_and_nests() {
        let inner = while_doing(
            || "merging the letter".into(),
            || {
                while_doing(
                    || "merging a partial".into(),
                    || TASK.with(|t| t.borrow().clone()),
                )
            },
        );
        assert_eq!(inner, "merging a partial");
        assert_eq!(TASK.with(|t| t.borrow().clone()), "");
    }
}
