//! Parallel map over a slice on all cores, in order, on threads that outlive the call.
//!
//! The threads persist (one rayon pool per thread count) because the library keeps
//! per-thread caches (recent phone-number answers, regex caches): threads spawned for each
//! call would start cold every time, which made a two-thread batch of tweets with phone
//! numbers slower than one thread. A pool is rebuilt after a `fork` (its threads do not
//! exist in the child).

use std::sync::{Arc, Mutex};

use rayon::prelude::*;

/// Rows handed to a thread at a time: large enough that handing out costs nothing, small
/// enough that a core slowed by other work does not hold up the others.
const BLOCK: usize = 256;

/// Up to this many rows the work is done on the calling thread: handing it to the pool
/// costs more than it saves.
const INLINE: usize = 2 * BLOCK;

/// The number of threads to use: `requested`, or every core.
pub(crate) fn threads(requested: Option<usize>) -> usize {
    requested
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1)
}

/// The pool with `threads` threads, built on first use in this process.
fn pool(threads: usize) -> Option<Arc<rayon::ThreadPool>> {
    static POOLS: Mutex<Vec<(u32, usize, Arc<rayon::ThreadPool>)>> = Mutex::new(Vec::new());
    let pid = std::process::id();
    let mut pools = POOLS.lock().unwrap_or_else(|e| e.into_inner());
    // Pools made before a fork have no threads in this process: forget them (leaked, as
    // their threads cannot be joined here).
    pools.retain(|(p, _, pool)| {
        if *p != pid {
            std::mem::forget(Arc::clone(pool));
        }
        *p == pid
    });
    if let Some((_, _, p)) = pools.iter().find(|(_, n, _)| *n == threads) {
        return Some(Arc::clone(p));
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("discreet-{i}"))
            .build()
            .ok()?,
    );
    pools.push((pid, threads, Arc::clone(&p)));
    Some(p)
}

/// `items.iter().enumerate().map(f).collect()`, on `threads` threads; the output is in
/// input order.
///
/// A panic in `f` (the library promises none) is resumed on the calling thread, where PyO3
/// turns it into a Python exception.
pub(crate) fn map<T, R, F>(items: &[T], threads: usize, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(usize, &T) -> R + Sync,
{
    let inline = || items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    if threads <= 1 || items.len() <= INLINE {
        return inline();
    }
    match pool(threads) {
        Some(pool) => pool.install(|| {
            items
                .par_iter()
                .enumerate()
                .with_min_len(BLOCK)
                .map(|(i, t)| f(i, t))
                .collect()
        }),
        // No threads could be started: do the work here.
        None => inline(),
    }
}
