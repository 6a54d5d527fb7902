"""Give memory freed by Arrow back to the system between the big steps of reading and loading."""

from __future__ import annotations

import pyarrow as pa


def release_freed_memory() -> None:
    """Return the memory Arrow's allocator keeps after columns were freed to the system.

    Arrow's allocator (mimalloc) keeps freed pages for reuse for a while, so a parse that frees a
    column before building the next one still raises the peak by every intermediate copy. Called
    after the steps that free whole columns (a CSV parse, the row parts of a file), it keeps the
    peak of loading a file near the columns alive at once. It costs a few milliseconds.
    """
    pa.default_memory_pool().release_unused()
