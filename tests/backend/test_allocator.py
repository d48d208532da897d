"""The allocator tuning that keeps freed memory for reuse."""

import os
import subprocess
import sys

import pytest

from axon.backend.allocator import keep_freed_memory

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc tuning is Linux-only")

# Allocate and free a training step's worth of multi-megabyte arrays, ten times,
# and count the page faults of the repeats.
STEPS = """
import resource, sys, numpy as np
if sys.argv[1] == "tuned":
    from axon.backend.allocator import keep_freed_memory
    assert keep_freed_memory()
sizes = [3 << 20, 800 << 10, 5 << 20, 1 << 20, 3 << 20]
arrays = [np.ones(s, np.uint8) for s in sizes]
del arrays
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(10):
    arrays = [np.ones(s, np.uint8) for s in sizes]
    del arrays
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _faults(mode: str) -> int:
    env = {**os.environ, "AXON_MALLOC_TUNING": "1" if mode == "tuned" else "0"}
    out = subprocess.run([sys.executable, "-c", STEPS, mode], env=env, capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


@linux_only
def test_applied_on_linux():
    assert keep_freed_memory() is True


def test_can_be_switched_off(monkeypatch):
    monkeypatch.setenv("AXON_MALLOC_TUNING", "0")
    assert keep_freed_memory() is False


@linux_only
def test_repeated_large_temporaries_reuse_their_pages():
    untuned, tuned = _faults("plain"), _faults("tuned")
    assert untuned > 5000, untuned  # every step faults its arrays in again
    assert tuned < untuned / 10, (tuned, untuned)


@linux_only
def test_arrays_above_the_threshold_go_back_to_the_system_when_freed():
    """A dataset's staging copy must not stay in the process once dropped."""
    code = """
import numpy as np
from axon.backend.allocator import keep_freed_memory
assert keep_freed_memory()
def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 >> 20
before = rss()
big = np.ones(48 << 20, np.uint8)  # above the 32 MiB threshold
held = rss()
del big
print(held - before, rss() - before)
"""
    out = subprocess.run([sys.executable, "-c", code], env={**os.environ, "AXON_MALLOC_TUNING": "1"},
                         capture_output=True, text=True, check=True)
    held, after = map(int, out.stdout.split())
    assert held >= 40 and after < 8, (held, after)
