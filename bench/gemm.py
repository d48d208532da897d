"""This machine's float32 GEMM throughput for the MLP's own matrix shapes.

    python -m bench.gemm              # a table
    python -m bench.gemm --json       # one JSON object on stdout (what ``python -m bench`` reads)

One train step of the MLP 784-512-10 at batch 128 is five matrix products:
the forward ``x @ W1`` and ``h @ W2``, and the backward ``h.T @ dz``
(gradient of W2), ``dz @ W2.T`` (gradient of h) and ``x.T @ dh`` (gradient of
W1; the input needs no gradient). Their summed best time is the floor of an
MLP step on this machine: a framework can add only elementwise work to it. The
"GEMM peak for those shapes" is the step's FLOPs divided by that floor, and
the MLP's share of it is ``floor / measured step time``. A square 1024 or 2048
product is timed too, for reference. Transposed operands are passed as views,
as the backward pass does, so BLAS sees the same layouts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np

IN, HIDDEN, OUT = 784, 512, 10


def mlp_step_flops(batch: int = 128) -> int:
    """FLOPs of the five matrix products of one MLP 784-512-10 train step.

    ``2 * batch * (IN*HIDDEN*2 + HIDDEN*OUT*3)``: the first layer's product runs
    forward and for its weight gradient, the second forward and for both gradients.
    """
    return 2 * batch * (IN * HIDDEN * 2 + HIDDEN * OUT * 3)


def mlp_shapes(batch: int = 128) -> list[tuple[str, int, int, int, bool, bool]]:
    """``(name, m, k, n, transpose_a, transpose_b)`` of the MLP step's products ``(m x k) @ (k x n)``."""
    return [
        ("forward x@W1", batch, IN, HIDDEN, False, False),
        ("forward h@W2", batch, HIDDEN, OUT, False, False),
        ("grad W2 = h.T@dz", HIDDEN, batch, OUT, True, False),
        ("grad h = dz@W2.T", batch, OUT, HIDDEN, False, True),
        ("grad W1 = x.T@dh", IN, batch, HIDDEN, True, False),
    ]


def _operands(m: int, k: int, n: int, transpose_a: bool, transpose_b: bool, rng):
    a = rng.standard_normal((k, m) if transpose_a else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if transpose_b else (k, n), dtype=np.float32)
    return (a.T if transpose_a else a), (b.T if transpose_b else b)


def _seconds_per_call(a, b, out, number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        np.matmul(a, b, out=out)
    return (time.perf_counter() - start) / number


def measure(quick: bool = False, batch: int = 128) -> dict:
    """Best seconds (of interleaved repeats) and GFLOP/s of each MLP product and of a square one.

    Returns a dict with ``shapes`` (one entry per product), ``mlp_step_flops``,
    ``mlp_gemm_step_s`` (the summed best times: the step's GEMM floor),
    ``mlp_gemm_gflops`` (the peak for those shapes) and ``square``.
    """
    rng = np.random.default_rng(0)
    size = 1024 if quick else 2048
    cases = [(name, m, k, n, _operands(m, k, n, ta, tb, rng)) for name, m, k, n, ta, tb in mlp_shapes(batch)]
    cases.append((f"square {size}^3", size, size, size, _operands(size, size, size, False, False, rng)))
    budget = 0.005 if quick else 0.03
    repeats = 3 if quick else 9
    plans = []
    for name, m, k, n, (a, b) in cases:
        out = np.empty((m, n), dtype=np.float32)
        one = max(_seconds_per_call(a, b, out, 1), _seconds_per_call(a, b, out, 1), 1e-7)  # first call warms up
        plans.append((name, m, k, n, a, b, out, max(1, int(budget / one))))
    samples = {name: [] for name, *_ in plans}
    for _ in range(repeats):
        for name, _m, _k, _n, a, b, out, number in plans:
            samples[name].append(_seconds_per_call(a, b, out, number))
    shapes = []
    for name, m, k, n, *_ in plans:
        # a peak: the best repeat (another process on a core only ever slows a repeat down)
        seconds = min(samples[name])
        shapes.append(dict(name=name, m=m, k=k, n=n, seconds=seconds, median_seconds=statistics.median(samples[name]),
                           gflops=2 * m * k * n / seconds / 1e9))
    mlp = [s for s in shapes if not s["name"].startswith("square")]
    floor = sum(s["seconds"] for s in mlp)
    return dict(shapes=mlp, square=shapes[-1], batch=batch, mlp_step_flops=mlp_step_flops(batch),
                mlp_gemm_step_s=floor, mlp_gemm_gflops=mlp_step_flops(batch) / floor / 1e9)


def main(argv: list[str] | None = None) -> int:
    """Measure and print the table (or the JSON with ``--json``)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and a 1024 square product")
    parser.add_argument("--threads", type=int, default=None, help="BLAS threads (threadpoolctl); default: as is")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of the table")
    args = parser.parse_args(argv)
    limits = None
    if args.threads:
        try:
            from threadpoolctl import threadpool_limits
        except ImportError:
            pass  # the parent also sets OPENBLAS_NUM_THREADS and friends in our environment
        else:
            limits = threadpool_limits(limits=args.threads, user_api="blas")
    result = measure(quick=args.quick)
    if limits is not None:
        limits.restore_original_limits()
    if args.json:
        print(json.dumps(result))
        return 0
    print(f"{'product':<20} {'shape (m x k x n)':>18} {'ms':>8} {'GFLOP/s':>8}")
    for s in [*result["shapes"], result["square"]]:
        shape = f"{s['m']}x{s['k']}x{s['n']}"
        print(f"{s['name']:<20} {shape:>18} {s['seconds'] * 1e3:>8.3f} {s['gflops']:>8.1f}")
    print(f"MLP step GEMM floor {result['mlp_gemm_step_s'] * 1e3:.3f} ms = "
          f"{result['mlp_gemm_gflops']:.1f} GFLOP/s on its shapes ({result['mlp_step_flops'] / 1e6:.1f} MFLOP)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
