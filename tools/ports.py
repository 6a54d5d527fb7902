"""A free local TCP port for a server a test or a tool starts (Streamlit, PostgreSQL)."""

from __future__ import annotations

import socket


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now, chosen by the system.

    The system hands out a port nobody holds, so two servers started at once (two test workers, a
    developer's own dashboard) never pick the same one, as scanning a fixed range from its start did.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
