"""The course programs in the shared conformance folder run unchanged and pass their own checks.

Each runs in a subprocess from the repository root, as a user would run it, and
must exit 0 with ``OK <name>`` as its last line. BLAS gets one thread: on a test
machine where other processes hold the cores, two BLAS threads can run ten times
slower (see PERF_NOTES.md), and these tests check results, not speed.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FOLDER = Path(os.environ.get("AXON_CONFORMANCE", ROOT.parent / "shared" / "conformance"))
# s*.py: the Keras course programs; paddle_*.py: the Paddle lecture, run against axon.paddle.
PROGRAMS = sorted(FOLDER.glob("s*.py")) + sorted(FOLDER.glob("paddle_*.py")) if FOLDER.is_dir() else []
FASHION_MNIST = Path("/usr/share/datasets/fashion-mnist")
# Programs known to fail, with the reason (none at present).
KNOWN_FAILURES: dict[str, str] = {}


def needs_fashion_mnist(path: Path) -> bool:
    text = path.read_text(encoding="utf-8")
    return "fashion_mnist" in text or "fashion-mnist" in text


def cases():
    for path in PROGRAMS:
        marks = []
        if needs_fashion_mnist(path) and not FASHION_MNIST.is_dir():
            marks.append(pytest.mark.skip(reason="no Fashion-MNIST: apt-get install dataset-fashion-mnist"))
        if path.stem in KNOWN_FAILURES:
            marks.append(pytest.mark.xfail(reason=KNOWN_FAILURES[path.stem], strict=True))
        yield pytest.param(path, id=path.stem, marks=marks)


@pytest.mark.skipif(not PROGRAMS, reason=f"no conformance programs in {FOLDER}")
@pytest.mark.parametrize("program", list(cases()))
def test_program_runs_unchanged_and_passes_its_checks(program: Path):
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "PYTHONWARNINGS": "error::RuntimeWarning", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    result = subprocess.run([sys.executable, str(program)], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    tail = (result.stdout[-3000:] + "\n" + result.stderr[-3000:]).strip()
    assert result.returncode == 0, tail
    assert result.stdout.strip().splitlines()[-1].startswith(f"OK {program.stem}"), tail
