"""The service the tests talk to: its limits, and starting a real `kg serve` process on a free
loopback port for the tests that need a real process."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.settings import ServerSettings

# The limits the tests' services run with, in process (the `app` fixture) and as `kg serve`.
QUERY_TIMEOUT = 3
SERVED = ServerSettings(query_timeout=QUERY_TIMEOUT, max_rows=500, max_body_bytes=100_000)


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen
    output: list[str]  # what the server printed, filled in when it stops


@contextmanager
def kg_serve(data_dir: Path, *options: str) -> Iterator[RunningServer]:
    """`kg --data-dir DATA_DIR serve --port 0 OPTIONS...`, stopped with SIGTERM afterwards,
    which must end it cleanly."""
    kg = Path(sys.executable).parent / "kg"
    process = subprocess.Popen(
        [str(kg), "--data-dir", str(data_dir), "serve", "--port", "0", *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    url = None
    printed = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        printed.append(line)
        match = re.search(r"Serving on (http://\S+)/", line)
        if match:
            url = match.group(1)
            break
    if url is None:
        process.kill()
        pytest.fail(f"kg serve did not start: {''.join(printed)}{process.stdout.read()}")
    running = RunningServer(url, process, printed)
    try:
        yield running
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            out, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            out, _ = process.communicate()
            printed.append(out)
            pytest.fail(f"kg serve did not stop on SIGTERM: {''.join(printed)}")
        printed.append(out)
    assert process.returncode == 0, "".join(printed)
    assert "Stopped." in out
