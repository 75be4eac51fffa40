"""Taking a query worker off the network at the operating system level.

Oxigraph runs SERVICE with its own HTTP client, in native code that Python's audit hook never
sees. So each worker moves itself, first thing and before Oxigraph starts any thread, into a
new, empty network namespace: it has no interface but a loopback that is down, and so no route
to any host, this one included. Its pipe to the service was made before and is unaffected.
"""

from __future__ import annotations

import ctypes
import errno
import os
import sys

# From <sched.h>; os.unshare only exists from Python 3.12.
CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


def isolate_network() -> str | None:
    """Move this process into a new network namespace. None when done, else why it could not
    be (the caller reports it: the guard's SERVICE refusal is then the only protection)."""
    if not sys.platform.startswith("linux"):
        return "network namespaces are not available on this system"
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError as error:
        return f"the C library could not be loaded: {error}"
    if libc.unshare(CLONE_NEWNET) == 0:
        return None
    first = ctypes.get_errno()
    # Without CAP_SYS_ADMIN, a new user namespace grants it inside (if the system allows
    # unprivileged user namespaces); it needs a single-threaded process, which a new worker is.
    if first == errno.EPERM and libc.unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0:
        return None
    second = ctypes.get_errno()
    reasons = os.strerror(first)
    if first == errno.EPERM:
        reasons += f"; with a user namespace: {os.strerror(second)}"
    return f"unshare(CLONE_NEWNET) failed: {reasons}"
