"""Time axon's core ops against raw NumPy, with and without gradient recording.

For small (32x32) and large (1024x1024) float32 arrays, each op (add, mul,
matmul, exp, sum) is timed four ways: raw NumPy, axon on plain tensors, axon
under ``no_grad()`` on tensors that require gradients, and axon recording the
graph (inputs with ``requires_grad=True``). The table shows the median time per
call, the ratio to NumPy and the per-op overhead (axon minus NumPy) in
microseconds. The variants of one op are interleaved, repeat after repeat, so
that a slow minute on a shared machine hits them all alike.

Run:
    python -m bench.ops            # about half a minute
    python -m bench.ops --quick    # a couple of seconds (CI)

Goals: recording overhead under 5 us per op on small arrays, none measurable
on large ones.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/ops.py`: make `axon` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np  # noqa: E402

import axon  # noqa: E402
from axon import ops  # noqa: E402

SIZES = (32, 1024)
VARIANTS = ("numpy", "plain", "no_grad", "record")
SMALL_GOAL_US = 5.0


def _cases(a: np.ndarray, b: np.ndarray) -> dict[str, dict[str, tuple[Callable[[], object], bool]]]:
    """For each op, a zero-argument callable per variant and whether it runs under ``no_grad``."""
    ta, tb = axon.tensor(a), axon.tensor(b)
    ra, rb = axon.tensor(a, requires_grad=True), axon.tensor(b, requires_grad=True)
    table = {
        "add": (lambda: a + b, lambda x, y: x + y),
        "mul": (lambda: a * b, lambda x, y: x * y),
        "matmul": (lambda: a @ b, lambda x, y: x @ y),
        "exp": (lambda: np.exp(a), lambda x, y: ops.exp(x)),
        "sum": (lambda: a.sum(), lambda x, y: ops.reduce_sum(x)),
    }
    return {
        name: {
            "numpy": (raw, False),
            "plain": (lambda f=fn: f(ta, tb), False),
            "no_grad": (lambda f=fn: f(ra, rb), True),
            "record": (lambda f=fn: f(ra, rb), False),
        }
        for name, (raw, fn) in table.items()
    }


def _per_call(fn: Callable[[], object], number: int, under_no_grad: bool = False) -> float:
    # the no_grad context wraps the whole loop, as it wraps a whole inference pass in use
    with axon.no_grad() if under_no_grad else contextlib.nullcontext():
        start = time.perf_counter()
        for _ in range(number):
            fn()
        return (time.perf_counter() - start) / number


def measure(fns: dict[str, tuple[Callable[[], object], bool]], repeats: int, budget_s: float) -> dict[str, float]:
    """Median seconds per call of each variant, the variants interleaved."""
    numbers = {}
    for name, (fn, quiet) in fns.items():
        _per_call(fn, 1, quiet)  # warm up (allocations, caches)
        one = _per_call(fn, 1, quiet)
        numbers[name] = max(1, int(budget_s / max(one, 1e-7)))
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for _ in range(repeats):
        for name, (fn, quiet) in fns.items():
            samples[name].append(_per_call(fn, numbers[name], quiet))
    return {name: statistics.median(times) for name, times in samples.items()}


def run(sizes=SIZES, repeats: int = 7, budget_s: float = 0.05, seed: int = 0) -> list[dict]:
    """Time every op and variant; one row (a dict of seconds per call) per size and op."""
    gen = np.random.default_rng(seed)
    rows = []
    for n in sizes:
        a = gen.standard_normal((n, n)).astype(np.float32)
        b = gen.standard_normal((n, n)).astype(np.float32)
        for op, fns in _cases(a, b).items():
            rows.append({"size": n, "op": op, **measure(fns, repeats, budget_s)})
    return rows


def _format_time(seconds: float) -> str:
    us = seconds * 1e6
    return f"{us:9.2f} us" if us < 1e4 else f"{us / 1e3:9.2f} ms"


def report(rows: list[dict]) -> str:
    """The table: time per call, ratio to NumPy, and overhead (axon - NumPy) in us."""
    head = (f"{'size':>9} {'op':<7}{'numpy':>13}" + "".join(f"{v:>21}" for v in VARIANTS[1:])
            + "   overhead us (plain / no_grad / record)")
    lines = [head, "-" * len(head)]
    for r in rows:
        cells = "".join(f"{_format_time(r[v])} {r[v] / r['numpy']:5.2f}x  " for v in VARIANTS[1:])
        over = " / ".join(f"{(r[v] - r['numpy']) * 1e6:6.2f}" for v in VARIANTS[1:])
        lines.append(f"{r['size']:>4}x{r['size']:<4} {r['op']:<7}{_format_time(r['numpy'])}  {cells} {over}")
    small = [r for r in rows if r["size"] == min(r["size"] for r in rows)]
    if small:
        worst = max((r["record"] - r["numpy"]) * 1e6 for r in small)
        verdict = "meets" if worst < SMALL_GOAL_US else "misses"
        lines.append(f"\nrecording overhead on {small[0]['size']}x{small[0]['size']}: at most {worst:.2f} us per op "
                     f"({verdict} the goal of < {SMALL_GOAL_US:g} us)")
    large = [r for r in rows if r["size"] == max(r["size"] for r in rows) and r["size"] != small[0]["size"]]
    if large:
        ratio = max(r["record"] / r["numpy"] for r in large)
        lines.append(f"recording on {large[0]['size']}x{large[0]['size']}: at most {ratio:.3f}x NumPy's time")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[dict]:
    """Command line entry: parse flags, run, print the table; returns the rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a couple of seconds, noisier (CI)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES), help="square array sizes")
    parser.add_argument("--repeats", type=int, default=None, help="repeats per measurement (median taken)")
    args = parser.parse_args(argv)
    repeats = args.repeats or (3 if args.quick else 7)
    budget = 0.005 if args.quick else 0.05
    rows = run(args.sizes, repeats=repeats, budget_s=budget)
    print(f"axon {axon.__version__}, NumPy {np.__version__}, float32, median of {repeats} repeats")
    print(report(rows))
    return rows


if __name__ == "__main__":
    main()
