"""Recurrent text classifiers, axon beside PyTorch CPU: train-step time and peak RSS.

    python -m bench.recurrent                 # LSTM, GRU, SimpleRNN at the full size
    python -m bench.recurrent --quick         # tiny shapes, a few steps: proves it works (CI)
    python -m bench.recurrent --cells lstm --steps 30 --threads 2

The model: ``Embedding(20000, 128) -> LSTM/GRU/SimpleRNN(128) -> Dense(1)`` on
sequences of 200 ids, batch 64, binary cross-entropy from logits, Adam 1e-3.
Every measurement runs in its own process (``--worker``), importing only the
framework it measures, so the peak RSS is that framework's own. axon steps
through ``train_on_batch``; PyTorch through the loop its users write
(``nn.Embedding``, ``nn.LSTM(batch_first=True)``, ``nn.Linear``, ``zero_grad``,
``backward``, ``step``). The step time reported is the median after one warm-up
step. Targets (issue 15): the LSTM step within 1.5x PyTorch's, peak RSS at most
PyTorch's; GRU and SimpleRNN reported beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time

CELLS = ("lstm", "gru", "simple_rnn")
FULL = dict(vocab=20000, embed=128, units=128, seq=200, batch=64, steps=20)
QUICK = dict(vocab=500, embed=16, units=16, seq=20, batch=8, steps=3)
STEP_TARGET = 1.5  # LSTM train step / PyTorch's


def _data(cfg: dict, seed: int = 0):
    import numpy as np
    gen = np.random.default_rng(seed)
    x = gen.integers(1, cfg["vocab"], (cfg["batch"], cfg["seq"])).astype(np.int64)
    y = gen.integers(0, 2, (cfg["batch"], 1)).astype(np.float32)
    return x, y


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _time_steps(step, n: int) -> list:
    step()  # warm-up: buffers, lazy builds
    times = []
    for _ in range(n):
        start = time.perf_counter()
        step()
        times.append(time.perf_counter() - start)
    return times


def run_axon(cell: str, cfg: dict) -> dict:
    import axon
    from axon.keras import layers

    axon.random.set_seed(0)
    rnn = {"lstm": layers.LSTM, "gru": layers.GRU, "simple_rnn": layers.SimpleRNN}[cell]
    model = axon.keras.Sequential([axon.keras.Input((cfg["seq"],), dtype="int64"),
                                   layers.Embedding(cfg["vocab"], cfg["embed"]), rnn(cfg["units"]), layers.Dense(1)])
    model.compile(optimizer=axon.optimizers.Adam(1e-3), loss=axon.losses.BinaryCrossentropy(from_logits=True))
    x, y = _data(cfg)
    times = _time_steps(lambda: model.train_on_batch(x, y), cfg["steps"])
    return {"step_ms": 1e3 * statistics.median(times), "peak_rss_mib": _peak_rss_mib()}


def run_torch(cell: str, cfg: dict) -> dict:
    import torch

    torch.manual_seed(0)
    rnn_cls = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "simple_rnn": torch.nn.RNN}[cell]

    class Classifier(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = torch.nn.Embedding(cfg["vocab"], cfg["embed"])
            self.rnn = rnn_cls(cfg["embed"], cfg["units"], batch_first=True)
            self.head = torch.nn.Linear(cfg["units"], 1)

        def forward(self, ids):
            out, _ = self.rnn(self.embedding(ids))
            return self.head(out[:, -1])

    model = Classifier()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = torch.nn.BCEWithLogitsLoss()
    x, y = (torch.from_numpy(a) for a in _data(cfg))

    def step():
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        return loss.item()

    times = _time_steps(step, cfg["steps"])
    return {"step_ms": 1e3 * statistics.median(times), "peak_rss_mib": _peak_rss_mib()}


def measure(framework: str, cell: str, cfg: dict, threads: int) -> dict:
    """Run one worker process and return its JSON (or ``{'error': ...}``)."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads),
               MKL_NUM_THREADS=str(threads))
    cmd = [sys.executable, "-m", "bench.recurrent", "--worker", framework, "--cells", cell,
           "--config", json.dumps(cfg), "--threads", str(threads)]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="tiny shapes and 3 steps (CI)")
    parser.add_argument("--cells", default=",".join(CELLS), help="comma-separated: lstm,gru,simple_rnn")
    parser.add_argument("--steps", type=int, default=None, help="timed steps per measurement")
    parser.add_argument("--threads", type=int, default=2, help="BLAS / PyTorch threads")
    parser.add_argument("--no-torch", action="store_true", help="measure axon only")
    parser.add_argument("--worker", choices=("axon", "torch"), help=argparse.SUPPRESS)
    parser.add_argument("--config", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cells = [c.strip() for c in args.cells.split(",") if c.strip()]
    unknown = [c for c in cells if c not in CELLS]
    if unknown:
        parser.error(f"unknown cell(s) {unknown}; choose from {', '.join(CELLS)}")
    if args.worker:
        cfg = json.loads(args.config)
        if args.worker == "torch":
            import torch
            torch.set_num_threads(args.threads)
        run = run_axon if args.worker == "axon" else run_torch
        print(json.dumps(run(cells[0], cfg)))
        return 0
    cfg = dict(QUICK if args.quick else FULL)
    if args.steps is not None:
        cfg["steps"] = args.steps
    try:
        import torch  # noqa: F401
        frameworks = ("axon",) if args.no_torch else ("axon", "torch")
    except ImportError:
        frameworks = ("axon",)
    print(f"Embedding({cfg['vocab']}, {cfg['embed']}) -> RNN({cfg['units']}) -> Dense(1); sequences of "
          f"{cfg['seq']}, batch {cfg['batch']}, {cfg['steps']} timed steps, {args.threads} threads"
          + (" (quick: not a measurement)" if args.quick else ""))
    print(f"{'cell':<11}{'axon ms':>9}{'torch ms':>10}{'ratio':>7}{'axon MiB':>10}{'torch MiB':>11}  target")
    failed = False
    for cell in cells:
        res = {fw: measure(fw, cell, cfg, args.threads) for fw in frameworks}
        if any("error" in r for r in res.values()):
            failed = True
            print(f"{cell:<11} failed: {[r.get('error') for r in res.values()]}")
            continue
        a, t = res["axon"], res.get("torch")
        if t is None:
            print(f"{cell:<11}{a['step_ms']:>9.1f}{'-':>10}{'-':>7}{a['peak_rss_mib']:>10.0f}{'-':>11}")
            continue
        ratio = a["step_ms"] / t["step_ms"]
        target = ""
        if cell == "lstm" and not args.quick:
            met = ratio <= STEP_TARGET and a["peak_rss_mib"] <= t["peak_rss_mib"]
            target = f"step <= {STEP_TARGET}x, RSS <= torch: {'met' if met else 'missed'}"
        print(f"{cell:<11}{a['step_ms']:>9.1f}{t['step_ms']:>10.1f}{ratio:>7.2f}{a['peak_rss_mib']:>10.0f}"
              f"{t['peak_rss_mib']:>11.0f}  {target}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
