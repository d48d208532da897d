"""Forward + backward time of single layers, axon beside PyTorch CPU.

Run as ``python -m bench.layers`` (``--quick`` for fewer repeats). Each layer
runs on a batch of 128 (28x28 images where it takes images) with a fixed
upstream gradient; the two frameworks are timed interleaved, in
alternating blocks with a pause between them, and the medians are reported
with their ratio axon/torch (below 1: axon is faster). PyTorch gets as many threads as NumPy's BLAS has, and runs in
its own natural layout (NCHW), as a PyTorch user would. A layer whose input is
raw data (the first Dense and the first Conv2D) takes no input gradient.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

import axon
from axon.layers.conv import Conv2D
from axon.layers.dense import Dense
from axon.layers.pooling import MaxPooling2D

axon.config.enable_malloc_tuning()  # as `axon train` runs

BATCH = 128
# Seconds of rest before each block. NumPy's BLAS and PyTorch's OpenMP threads
# keep spinning for a while after a call; timed back to back, each framework
# fights the other's idle threads for the 2 cores (a 0.45 ms GEMM measured 20 ms).
PAUSE = 0.25


def _blas_threads() -> int:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return 1
    counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
    return max(counts) if counts else 1


def _cases() -> list[dict]:
    """Layer name, axon layer, PyTorch module and input shape (NHWC) of each case."""
    cases = [
        dict(name="Dense(784->512)", make=lambda: Dense(512), shape=(BATCH, 784), input_grad=False,
             torch=lambda nn: nn.Linear(784, 512)),
        dict(name="Conv2D(1->8, 5x5, same)", make=lambda: Conv2D(8, 5, padding="same"), shape=(BATCH, 28, 28, 1),
             input_grad=False, torch=lambda nn: nn.Conv2d(1, 8, 5, padding=2)),
        dict(name="Conv2D(8->16, 5x5, same) on 14x14", make=lambda: Conv2D(16, 5, padding="same"),
             shape=(BATCH, 14, 14, 8), input_grad=True, torch=lambda nn: nn.Conv2d(8, 16, 5, padding=2)),
        dict(name="Conv2D(16->32, 3x3)", make=lambda: Conv2D(32, 3), shape=(BATCH, 28, 28, 16), input_grad=True,
             torch=lambda nn: nn.Conv2d(16, 32, 3)),
        dict(name="MaxPooling2D(2) on 8 ch", make=lambda: MaxPooling2D(2), shape=(BATCH, 28, 28, 8),
             input_grad=True, torch=lambda nn: nn.MaxPool2d(2)),
    ]
    try:
        from axon.layers.normalization import BatchNormalization
    except ImportError:
        print("note: axon.layers.normalization.BatchNormalization is missing; BatchNormalization skipped")
    else:
        cases.append(dict(name="BatchNormalization on 8 ch", make=lambda: BatchNormalization(),
                          shape=(BATCH, 28, 28, 8), input_grad=True, torch=lambda nn: nn.BatchNorm2d(8)))
    return cases


def _axon_runner(case, x, upstream):
    layer = case["make"]()
    xt = axon.Tensor(x, requires_grad=case["input_grad"])
    layer(xt, training=True)  # build

    def step():
        for w in layer.trainable_weights:
            w.zero_grad()
        xt.zero_grad()
        out = layer(xt, training=True)
        out.backward(upstream)

    return step


def _torch_runner(case, x, upstream):
    import torch

    module = case["torch"](torch.nn)
    module.train()
    to_torch = (lambda a: torch.from_numpy(np.ascontiguousarray(np.moveaxis(a, -1, 1)))) if x.ndim == 4 \
        else torch.from_numpy
    xt = to_torch(x).requires_grad_(case["input_grad"])
    g = to_torch(upstream)

    def step():
        module.zero_grad(set_to_none=True)
        xt.grad = None
        module(xt).backward(g)

    return step


def run(repeats: int, warmup: int = 1, per_block: int = 5, threads: int | None = None) -> list[dict]:
    """Time every case; returns one row per layer with the medians in milliseconds.

    The frameworks alternate in blocks of ``per_block`` timed steps (after
    ``warmup`` untimed ones), ``repeats`` steps in all per framework.
    ``threads`` limits both frameworks (default: as many as NumPy's BLAS has).
    """
    blocks = max(1, -(-repeats // per_block))
    try:
        import torch
    except ImportError:
        torch = None
        print("note: torch is not installed; axon alone is timed")
    if threads is not None:
        from threadpoolctl import threadpool_limits

        threadpool_limits(threads)
    threads = _blas_threads()
    if torch is not None:
        torch.set_num_threads(threads)
    gen = np.random.default_rng(0)
    rows = []
    for case in _cases():
        x = gen.standard_normal(case["shape"]).astype(np.float32)
        axon.random.set_seed(0)
        with axon.no_grad():
            out_shape = case["make"]()(x).shape
        upstream = gen.standard_normal(out_shape).astype(np.float32)
        runners = {"axon": _axon_runner(case, x, upstream)}
        if torch is not None:
            runners["torch"] = _torch_runner(case, x, upstream)
        times = {k: [] for k in runners}
        for _ in range(blocks):
            for key, step in runners.items():  # alternating blocks: both see the same machine state
                time.sleep(PAUSE)  # let the other framework's idle threads stop spinning
                for i in range(warmup + per_block):
                    start = time.perf_counter()
                    step()
                    if i >= warmup:
                        times[key].append(time.perf_counter() - start)
        row = {"layer": case["name"], **{k: 1e3 * float(np.median(v)) for k, v in times.items()}}
        rows.append(row)
    return rows


def format_table(rows: list[dict]) -> str:
    """The rows as a Markdown table."""
    lines = ["| layer (batch 128, fwd+bwd) | axon ms | torch ms | axon/torch |", "|---|---:|---:|---:|"]
    for row in rows:
        torch_ms = row.get("torch")
        ratio = f"{row['axon'] / torch_ms:.2f}" if torch_ms else "-"
        lines.append(f"| {row['layer']} | {row['axon']:.2f} | {torch_ms:.2f} | {ratio} |" if torch_ms
                     else f"| {row['layer']} | {row['axon']:.2f} | - | - |")
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 repeats instead of 30")
    parser.add_argument("--repeats", type=int, default=None, help="number of timed repeats")
    parser.add_argument("--threads", type=int, default=None, help="threads for both frameworks")
    args = parser.parse_args(argv)
    repeats = args.repeats or (5 if args.quick else 30)
    rows = run(repeats, threads=args.threads)
    print(f"threads: {_blas_threads()}, repeats: {repeats} (medians)")
    print(format_table(rows))


if __name__ == "__main__":
    main()
