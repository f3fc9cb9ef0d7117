//! Where the signature threads run. On the project's 2-vCPU KVM machines,
//! Linux queues a new thread on its parent's core and leaves it there for
//! milliseconds while the parent is busy, so a parallel check of a few
//! milliseconds ran mostly serially (docs/PERFORMANCE.md). So the parent
//! notes its core and yields once after spawning; the new thread, given
//! that moment, allows itself every core but that one. Where the kernel
//! already spreads threads this changes nothing; if a call fails, the
//! thread stays where the kernel put it.

/// The core the calling thread is on, if the system says.
#[cfg(target_os = "linux")]
pub(super) fn this_core() -> Option<usize> {
    // SAFETY: no arguments; returns -1 on error.
    usize::try_from(unsafe { libc::sched_getcpu() }).ok()
}

/// Lets the calling thread run anywhere it may, except on `core`.
#[cfg(target_os = "linux")]
pub(super) fn leave_core(core: Option<usize>) {
    let Some(core) = core.filter(|&c| c < libc::CPU_SETSIZE as usize) else {
        return;
    };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // SAFETY: `cpu_set_t` is plain data and all-zero is a valid (empty)
    // set; each call gets a pointer to a live set of the size it is told;
    // pid 0 is the calling thread.
    unsafe {
        let mut allowed: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, size, &mut allowed) != 0 {
            return;
        }
        libc::CPU_CLR(core, &mut allowed);
        if libc::CPU_COUNT(&allowed) > 0 {
            libc::sched_setaffinity(0, size, &allowed);
        }
    }
}

#[cfg(not(target_os = "linux"))]
pub(super) fn this_core() -> Option<usize> {
    None
}

#[cfg(not(target_os = "linux"))]
pub(super) fn leave_core(_core: Option<usize>) {}
