"""Record every network destination outside this machine that the process tries to reach.

Loaded by a test that puts this folder first on ``PYTHONPATH`` for a Streamlit server it starts:
name look-ups (``getaddrinfo``) and socket connections or datagrams to an address that is not the
loopback, unspecified or a local socket are appended to the file named by ``RCD_NET_LOG``, one per
line. Nothing is blocked: the test reads the file afterwards and fails on any line.
"""

from __future__ import annotations

import ipaddress
import os
import socket

_LOG = os.environ.get("RCD_NET_LOG")
_LOCAL_NAMES = {"localhost", "ip6-localhost", "ip6-loopback", ""}


def _outside(host: object) -> bool:
    if host is None or isinstance(host, bytes | int):
        return False
    name = str(host).strip("[]").lower()
    if name in _LOCAL_NAMES:
        return False
    try:
        address = ipaddress.ip_address(name.split("%")[0])
    except ValueError:
        return True  # a host name other than localhost: resolving it is a request already
    return not (address.is_loopback or address.is_unspecified)


def _record(kind: str, host: object, port: object = "") -> None:
    if _LOG and _outside(host):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{kind} {host} {port}\n")


if _LOG:
    _getaddrinfo = socket.getaddrinfo
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex
    _sendto = socket.socket.sendto

    def getaddrinfo(host, port, *args, **kwargs):
        _record("lookup", host, port)
        return _getaddrinfo(host, port, *args, **kwargs)

    def connect(self, address):
        if isinstance(address, tuple):
            _record("connect", *address[:2])
        return _connect(self, address)

    def connect_ex(self, address):
        if isinstance(address, tuple):
            _record("connect", *address[:2])
        return _connect_ex(self, address)

    def sendto(self, data, *args):
        address = args[-1]
        if isinstance(address, tuple):
            _record("sendto", *address[:2])
        return _sendto(self, data, *args)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.socket.sendto = sendto
