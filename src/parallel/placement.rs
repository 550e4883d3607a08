//! Which core a thread runs on, and moving the calling thread off one.

/// The core the calling thread is running on, where the system says.
#[cfg(target_os = "linux")]
pub fn current_core() -> Option<usize> {
    // SAFETY: `sched_getcpu` takes nothing and only reads the calling thread's state.
    usize::try_from(unsafe { libc::sched_getcpu() }).ok()
}

#[cfg(not(target_os = "linux"))]
pub fn current_core() -> Option<usize> {
    None
}

/// Moves the calling thread to another of the cores it may run on than `core`, then lets it
/// run on all of them again: the move is done once the first call returns, and a thread kept
/// off a core could be starved there by other work later. Gives the core it was moved to;
/// nothing happens where `core` is the only one allowed, or where the system refuses.
#[cfg(target_os = "linux")]
pub fn move_off(core: usize) -> Option<usize> {
    let allowed = affinity()?;
    if core >= libc::CPU_SETSIZE as usize {
        return None;
    }
    let mut elsewhere = allowed;
    // SAFETY: `core` is below CPU_SETSIZE, the number of cores a `cpu_set_t` holds; the
    // other two only read the sets.
    let (others, same) = unsafe {
        libc::CPU_CLR(core, &mut elsewhere);
        (
            libc::CPU_COUNT(&elsewhere),
            libc::CPU_EQUAL(&elsewhere, &allowed),
        )
    };
    if others == 0 || same || !set_affinity(&elsewhere) {
        return None;
    }
    let moved_to = current_core();
    set_affinity(&allowed);
    moved_to
}

#[cfg(not(target_os = "linux"))]
pub fn move_off(_core: usize) -> Option<usize> {
    None
}

/// The cores the calling thread may run on.
#[cfg(target_os = "linux")]
fn affinity() -> Option<libc::cpu_set_t> {
    // SAFETY: a `cpu_set_t` is a plain bit set, for which all zeros is the empty set.
    let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // SAFETY: the size given is the size of `set`, which the call writes into; 0 is the
    // calling thread.
    let read = unsafe { libc::sched_getaffinity(0, std::mem::size_of_val(&set), &mut set) };
    (read == 0).then_some(set)
}

#[cfg(target_os = "linux")]
fn set_affinity(set: &libc::cpu_set_t) -> bool {
    // SAFETY: the size given is the size of `set`, which the call only reads.
    unsafe { libc::sched_setaffinity(0, std::mem::size_of_val(set), set) == 0 }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn a_thread_moved_off_a_core_may_run_on_every_core_it_could_before() {
        let before = affinity().expect("the thread's cores");
        for core in [
            0,
            1,
            current_core().unwrap_or(0),
            libc::CPU_SETSIZE as usize,
        ] {
            move_off(core);
            let after = affinity().expect("the thread's cores");
            let same = unsafe { libc::CPU_EQUAL(&after, &before) };
            assert!(same, "cores changed after moving off {core}");
        }
    }

    #[test]
    fn a_thread_moved_off_a_core_runs_on_another_while_it_is_kept_off() {
        let allowed = affinity().expect("the thread's cores");
        let home = current_core().expect("a core");
        let moved_to = move_off(home);
        if unsafe { libc::CPU_COUNT(&allowed) } > 1 {
            assert!(
                moved_to.is_some_and(|core| core != home),
                "{moved_to:?} from {home}"
            );
        } else {
            assert_eq!(moved_to, None, "one core: nowhere to go");
        }
    }
}
