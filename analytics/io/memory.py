"""Give memory freed while reading and loading back to the system between the big steps.

While a file is loaded (:func:`loading_memory`) Arrow allocates through the C library's
allocator (its system pool) rather than its default one (mimalloc), which keeps the pages a
parse and the loading steps free for reuse: ~45 MB more at the peak of loading a 45 MB CSV,
~30 MB more for a 47 MB GBK export (bench_memory).
The C allocator keeps freed memory too, but ``malloc_trim`` hands it back, at each step boundary
(:func:`release_freed_memory`). Buffers remember their pool, so columns made while loading
live on unchanged after it.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pyarrow as pa

try:
    try:
        # The GNU C library's name first: find_library runs ``ldconfig -p`` in a new process (~10 ms).
        _LIBC = ctypes.CDLL("libc.so.6")
    except OSError:
        _LIBC = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    _MALLOC_TRIM, _MALLOPT = _LIBC.malloc_trim, _LIBC.mallopt
except (OSError, AttributeError):  # not the GNU C library: nothing to trim
    _MALLOC_TRIM = _MALLOPT = None
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
# While loading, blocks of 1 MB and more (a parsed block, a transcoded one) are mapped on their
# own and unmapped when freed: the C allocator's own threshold grows to 32 MB after such a free,
# after which they come from its heap, whose holes a trim cannot always hand back (~20 MB of a
# 47 MB GBK export). After loading, 32 MB (that grown threshold) again.
_LOADING_MMAP_BYTES = 1024**2
_MMAP_BYTES = 32 * 1024**2
_LOADING_TRIM_BYTES = 256 * 1024**2
# After loading: twice the mapping threshold, as the C allocator keeps them when it grows it.
_TRIM_BYTES = 2 * _MMAP_BYTES

_LOCK = threading.Lock()
_LOADING = 0
_OUTSIDE: pa.MemoryPool | None = None
# Set by keep_freed_memory(): a short-lived process reuses what it frees instead of handing it back.
_KEEP_FREED = False


def keep_freed_memory() -> None:
    """Keep freed memory in this process for reuse: for a command that reads, answers and exits.

    Memory handed back to the system comes back as fresh pages the kernel must zero on first
    touch: a ``summarize`` of a million orders spent ~0.3 s of its ~1.6 s CPU there (half its
    system time), and Arrow's default allocator zeroes whole 2 MB huge pages for small blocks.
    So from here on Arrow allocates from the C library's allocator with its own settings (no
    trims between steps, no 1 MB mapping threshold while loading), which hands freed blocks to
    the next allocations: about half the page faults, for a peak ~60 MB higher (~400 MB instead
    of ~335 MB for that run, benchmarks/bench_summarize.py). A long-lived process (the
    dashboard) never calls it; a command calls it before loading anything.
    """
    global _KEEP_FREED
    if _MALLOC_TRIM is None:
        return
    with _LOCK:
        _KEEP_FREED = True
        pa.set_memory_pool(pa.system_memory_pool())


@contextmanager
def loading_memory() -> Iterator[None]:
    """Allocate Arrow memory from the C library's allocator while loading (nested and threads counted)."""
    global _LOADING, _OUTSIDE
    if _MALLOC_TRIM is None or _KEEP_FREED:
        yield
        return
    with _LOCK:
        if _LOADING == 0:
            _OUTSIDE = pa.default_memory_pool()
            pa.set_memory_pool(pa.system_memory_pool())
            _MALLOPT(_M_MMAP_THRESHOLD, _LOADING_MMAP_BYTES)
            # The heap's top is handed back by the trims between steps only, not after every
            # free: a parse frees and allocates blocks all the time (~40 ms of page faults).
            _MALLOPT(_M_TRIM_THRESHOLD, _LOADING_TRIM_BYTES)
        _LOADING += 1
    try:
        yield
    finally:
        with _LOCK:
            _LOADING -= 1
            if _LOADING == 0 and _OUTSIDE is not None:
                pa.set_memory_pool(_OUTSIDE)
                _OUTSIDE = None
                _MALLOPT(_M_MMAP_THRESHOLD, _MMAP_BYTES)
                _MALLOPT(_M_TRIM_THRESHOLD, _TRIM_BYTES)


def release_freed_memory() -> None:
    """Return the memory the allocators keep after columns were freed to the system.

    Allocators keep freed pages for reuse, so a parse that frees a column before building the
    next one still raises the peak by every intermediate copy. Called after the steps that free
    whole columns (a CSV parse, the row parts of a file), it keeps the peak of loading a file
    near the columns alive at once. It costs a few milliseconds.
    """
    if _KEEP_FREED:
        return
    pa.default_memory_pool().release_unused()
    if _MALLOC_TRIM is not None:
        _MALLOC_TRIM(0)
