//! Work on every core for the steps of a build that treat each court alone (reading court
//! files, publishing): a rebuild that renders no notice spends most of its time in them.
//! And one helper thread beside the caller's own work, on another core.

mod placement;

/// Runs `f` on a new thread of `scope`, on another core than the caller's where there is one.
///
/// A thread spawned while its caller runs is often queued on the caller's core, and on a
/// virtual machine it can wait there until the caller blocks: the kernel does not place work
/// on a virtual core the host has descheduled while it was idle. The work meant to run beside
/// then runs after (one letter: 0.6 ms more in about four runs of ten). So the caller yields
/// once, letting the new thread run, and the thread moves itself to another core, after which
/// it may again run on any.
pub fn spawn_beside<'scope, T: Send + 'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    f: impl FnOnce() -> T + Send + 'scope,
) -> std::thread::ScopedJoinHandle<'scope, T> {
    let home = placement::current_core();
    let handle = scope.spawn(move || {
        if let Some(home) = home {
            placement::move_off(home);
        }
        f()
    });
    std::thread::yield_now();
    handle
}

/// How many threads can run at once here, asked once: each asking reads the cgroup's files.
pub fn cores() -> usize {
    static CORES: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// `f` of each of `items`, in their order, the items shared out among the cores.
pub fn map_in_order<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let workers = cores().min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let share = items.len().div_ceil(workers);
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(share)
            .map(|chunk| scope.spawn(|| chunk.iter().map(&f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| match handle.join() {
                Ok(results) => results,
                Err(panic) => std::panic::resume_unwind(panic),
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_order_of_the_items() {
        for count in [0, 1, 2, 3, 7, 100] {
            let items: Vec<usize> = (0..count).collect();
            let squares: Vec<usize> = items.iter().map(|n| n * n).collect();
            assert_eq!(map_in_order(&items, |n| n * n), squares);
        }
    }

    #[test]
    fn a_thread_spawned_beside_returns_what_it_made() {
        let made = std::thread::scope(|scope| spawn_beside(scope, || 6 * 7).join());
        assert_eq!(made.ok(), Some(42));
    }
}
