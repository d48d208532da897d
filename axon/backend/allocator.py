"""Keeping freed memory for reuse, so large temporaries cost no page faults.

A training step allocates and frees the same multi-megabyte arrays (activations,
masks, gradients) every batch. By default glibc hands freed blocks above its
mmap threshold back to the operating system, and the next step pays a page
fault for every 4 KiB page of the new array: on the course CNN that was about a
fifth of the step (a ReLU on a 3 MB activation took 1.8 ms instead of 0.65 ms).
Fixing the mmap threshold at 32 MiB and raising the trim threshold keeps that
memory in the process for reuse, while arrays above 32 MiB still go back to the
operating system when freed.

These settings are the whole process's, so a library must not make them behind
its host program's back: ``import axon`` leaves the allocator alone. They are
applied by ``axon train`` / ``axon evaluate`` (whose process is axon's own), by
``axon.config.enable_malloc_tuning()``, and at import when the environment says
``AXON_MALLOC_TUNING=1``; ``AXON_MALLOC_TUNING=0`` keeps them off everywhere,
the command line included.
"""

from __future__ import annotations

import ctypes
import os
import sys

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 2**20


ENV = "AXON_MALLOC_TUNING"


def requested_by_environment() -> bool | None:
    """``AXON_MALLOC_TUNING``: True for ``1``, False for ``0``, None when unset.

    Raises:
        ValueError: for any other value.
    """
    value = os.environ.get(ENV, "").strip()
    if value in ("", "1", "0"):
        return None if not value else value == "1"
    raise ValueError(f"{ENV} must be 1 (tune the allocator) or 0 (leave it alone). Received: {value!r}")


def keep_freed_memory() -> bool:
    """Raise glibc's mmap and trim thresholds (Linux only); True when applied.

    Does nothing (False) when ``AXON_MALLOC_TUNING=0``.
    """
    if requested_by_environment() is False or not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):  # not glibc (e.g. musl): nothing to tune
        return False
    # Up to 32 MiB (glibc's own largest automatic threshold) from the heap and
    # reused; larger arrays (a whole dataset, its uint8 copy as loaded, the widest
    # weight matrices) are mapped apart and given back when freed. A threshold of
    # 1 GiB kept the course CNN's process 13 MB bigger at its peak (the dataset's
    # staging arrays stayed) for no gain in its step.
    mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    return bool(mallopt(_M_TRIM_THRESHOLD, 1 << 30))
