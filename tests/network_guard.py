"""No test may reach the network: a pytest plugin (loaded by ``tests/conftest.py``).

An audit hook (PEP 578) sees every socket connect, send and name lookup in the test process.
One that leaves the machine (not AF_UNIX, not a loopback address, as Qt's socket pairs and
local helpers are) is refused with ``OSError`` and recorded; the test that made it fails, even
if it swallowed the error. ``python -m pytest -p tests.network_guard`` uses it anywhere.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
import sys

import pytest

_LOCAL_NAMES = {"", "localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_LOOKUPS = ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
            "socket.gethostbyaddr")
_violations: list[str] = []


def _is_local(host: object) -> bool:
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip("[]").split("%")[0].lower()
    if name in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> None:
    _violations.append(what)
    raise OSError(errno.ENETUNREACH, f"network access is blocked in the tests: {what}")


def _audit(event: str, args: tuple) -> None:
    if event in ("socket.connect", "socket.sendto"):
        sock, address = args[0], args[1]
        if getattr(sock, "family", None) == getattr(socket, "AF_UNIX", object()):
            return
        host = address[0] if isinstance(address, tuple) else address
        if not _is_local(host):
            _refuse(f"{event} to {address!r}")
    elif event in _LOOKUPS and not _is_local(args[0]):
        _refuse(f"{event} of {args[0]!r}")


sys.addaudithook(_audit)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item):
    """Fail the test if it tried to reach the network (even if it caught the error)."""
    start = len(_violations)
    result = yield
    tried = _violations[start:]
    if tried:
        raise pytest.fail.Exception(
            "the test tried to reach the network: " + "; ".join(tried), pytrace=False)
    return result
