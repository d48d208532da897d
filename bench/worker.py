"""One benchmark measurement in its own process: one framework, one model.

    python -m bench.worker --framework axon --model mlp --data DATA.npz --epochs 3 --threads 2

The process imports only the framework it measures (so its peak RSS is that
framework's own), loads the data into float32 arrays before any timing, trains
for ``--epochs`` epochs timing every epoch and every step, records its RSS
after each epoch, times inference on the test set in batches of 1000 with no
gradient recording, and prints one JSON object on stdout (nothing else goes
to stdout). ``bench/__main__.py`` runs it and reads that line.

axon trains through its public API (``compile`` + ``fit(verbose=0)``), timed by
a callback; PyTorch runs the loop a PyTorch user writes (a permutation, index
the batch, ``zero_grad``, ``backward``, ``step``, ``loss.item()``), in NCHW.
With ``--weights`` (the ``.npz`` of ``bench.models.initial_weights`` the parent
wrote) both start from those weights and shuffle with the same permutations.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time

FRAMEWORKS = ("axon", "torch")
INFER_BATCH = 1000


def current_rss_mib() -> float:
    """The resident set size of this process now, in MiB (peak RSS where /proc is missing)."""
    try:
        with open("/proc/self/statm") as f:
            pages = int(f.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        return peak_rss_mib()


def peak_rss_mib() -> float:
    """The peak resident set size of this process, in MiB (``getrusage`` maxrss)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KiB on Linux


def load_data(spec, data_path: str | None, quick: bool, seed: int):
    """``(x_train, y_train), (x_test, y_test)``: float32 NHWC images in [0, 1] and int64 labels.

    Fashion-MNIST comes from the ``.npz`` the parent wrote from the dataset files
    (uint8); the 32x32x3 model gets seeded random images and labels.
    """
    import numpy as np

    if spec.data == "synthetic32":
        rng = np.random.default_rng(seed)
        steps = 1 if quick else 8
        n_train, n_test = steps * spec.batch_size, 100 if quick else 2000
        x = rng.random((n_train + n_test, 32, 32, 3), dtype=np.float32)
        y = rng.integers(0, 10, n_train + n_test).astype(np.int64)
        return (x[:n_train], y[:n_train]), (x[n_train:], y[n_train:])
    if not data_path:
        raise SystemExit("bench.worker: --data is required for the Fashion-MNIST models.")
    with np.load(data_path) as f:
        arrays = {k: f[k] for k in ("x_train", "y_train", "x_test", "y_test")}

    def images(x):  # float32 throughout: no float64 temporary to inflate the peak RSS
        return np.divide(x, np.float32(255.0), dtype=np.float32)[..., None]

    return ((images(arrays["x_train"]), arrays["y_train"].astype(np.int64)),
            (images(arrays["x_test"]), arrays["y_test"].astype(np.int64)))


def load_weights(path: str | None):
    """``(weights, flatten_input)`` from the parent's ``.npz``, or None without ``--weights``."""
    if not path:
        return None
    import numpy as np

    with np.load(path) as f:
        count = sum(1 for key in f.files if key.startswith("w"))
        return [f[f"w{i}"] for i in range(count)], tuple(int(d) for d in f["flatten_input"])


def _median(values):
    import statistics

    return statistics.median(values) if values else None


def run_axon(name: str, load, epochs: int, threads: int, seed: int, quick: bool, start=None) -> dict:
    """Train and time benchmark model ``name`` with axon's public API on the data ``load()`` returns."""
    import numpy as np

    import axon
    from axon.callbacks.base import Callback
    from bench.models import axon_optimizer, build_axon

    axon.config.enable_malloc_tuning()  # as `axon train` runs

    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        threadpool_limits = None
    limits = threadpool_limits(limits=threads, user_api="blas") if threadpool_limits else None

    class Clock(Callback):
        """Records the time of every epoch and step, and the RSS after every epoch."""

        def __init__(self):
            super().__init__()
            self.epoch_s, self.step_s, self.rss = [], [], []

        def on_epoch_begin(self, epoch, logs=None):
            self.start = self.last = time.perf_counter()

        def on_train_batch_end(self, batch, logs=None):
            now = time.perf_counter()
            self.step_s.append(now - self.last)
            self.last = now

        def on_epoch_end(self, epoch, logs=None):
            self.epoch_s.append(time.perf_counter() - self.start)
            self.rss.append(current_rss_mib())

    axon.random.set_seed(seed)
    (x_train, y_train), (x_test, y_test) = load()
    model = build_axon(name)
    if start is not None:
        model.set_weights(start[0])
        axon.random.set_seed(seed)  # fit's shuffles then follow bench.models.epoch_orders(seed, n)
    model.compile(optimizer=axon_optimizer(name),
                  loss=axon.losses.SparseCategoricalCrossentropy(from_logits=True))
    clock = Clock()
    batch_size = _spec(name).batch_size
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[clock])

    def predict():
        return model.predict(x_test, batch_size=INFER_BATCH, verbose=0)

    model.predict(x_test[:100 if quick else INFER_BATCH], batch_size=INFER_BATCH, verbose=0)  # warm-up
    infer_s, logits = _time_repeats(predict, 1 if quick else 3)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == y_test))
    effective = _blas_threads()
    if limits is not None:
        limits.restore_original_limits()
    return dict(params=int(model.count_params()), epoch_s=clock.epoch_s, step_s=clock.step_s,
                rss_epoch_mib=clock.rss, infer_s=infer_s, test_accuracy=accuracy, threads=effective,
                n_train=len(y_train), n_test=len(y_test))


def run_torch(name: str, load, epochs: int, threads: int, seed: int, quick: bool, start=None) -> dict:
    """Train and time benchmark model ``name`` with the usual PyTorch loop, on CPU, in NCHW."""
    import numpy as np
    import torch
    import torch.nn.functional as F  # noqa: N812

    from bench.models import build_torch, epoch_orders, set_torch_weights, torch_optimizer

    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    (x_train, y_train), (x_test, y_test) = load()
    # NCHW before any timing, as a PyTorch user's data would be; the NHWC arrays are
    # dropped (for 1 channel the move is a free view) so PyTorch's RSS holds one copy
    xt = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x_train, -1, 1)))
    yt = torch.from_numpy(y_train)
    xv = torch.from_numpy(np.ascontiguousarray(np.moveaxis(x_test, -1, 1)))
    del x_train, x_test
    model = build_torch(name)
    if start is not None:
        set_torch_weights(model, *start)
    optimizer = torch_optimizer(name, model.parameters())
    batch_size = _spec(name).batch_size
    n = len(yt)
    orders = epoch_orders(seed, n) if start is not None else None
    epoch_s, step_s, rss = [], [], []
    model.train()
    for _ in range(epochs):
        start = last = time.perf_counter()
        order = torch.randperm(n) if orders is None else torch.from_numpy(next(orders))
        total = 0.0
        for first in range(0, n, batch_size):
            index = order[first:first + batch_size]
            xb, yb = xt[index], yt[index]
            optimizer.zero_grad(set_to_none=True)
            loss = F.cross_entropy(model(xb), yb)
            loss.backward()
            optimizer.step()
            total += loss.item() * len(index)
            now = time.perf_counter()
            step_s.append(now - last)
            last = now
        epoch_s.append(time.perf_counter() - start)
        rss.append(current_rss_mib())

    model.eval()

    def predict(x=xv):
        with torch.no_grad():
            return torch.cat([model(x[i:i + INFER_BATCH]) for i in range(0, len(x), INFER_BATCH)]).numpy()

    predict(xv[:100 if quick else INFER_BATCH])  # warm-up
    infer_s, logits = _time_repeats(predict, 1 if quick else 3)
    accuracy = float(np.mean(np.argmax(logits, axis=1) == y_test))
    return dict(params=int(sum(p.numel() for p in model.parameters())), epoch_s=epoch_s, step_s=step_s,
                rss_epoch_mib=rss, infer_s=infer_s, test_accuracy=accuracy, threads=torch.get_num_threads(),
                n_train=n, n_test=len(y_test))


def _spec(name: str):
    from bench.models import check_name

    return check_name(name)


def _time_repeats(fn, repeats: int):
    times, out = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return times, out


def _blas_threads() -> int | None:
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return None
    counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
    return max(counts) if counts else None


def train_figures(spec, quick: bool, epoch_s: list[float], timed_step_s: list[float], n_train: int) -> dict:
    """The train figures from epoch and step times (of one run, or pooled over runs).

    ``train_epoch_s`` is the median epoch time, or in quick mode the median timed
    step scaled to a 60,000-sample epoch; for a per-step model it is None and the
    headline is ``train_step_s``, the median timed step. ``timing`` says which.
    """
    step = _median(timed_step_s)
    out = dict(train_step_s=step, train_samples_per_s=spec.batch_size / step, train_epoch_s=None)
    if spec.per_step:
        out["timing"] = f"median of {len(timed_step_s)} timed steps after warm-up"
    elif quick:
        full_epoch_steps = -(-60000 // spec.batch_size)
        out["train_epoch_s"] = step * full_epoch_steps
        out["timing"] = (f"quick: median of {len(timed_step_s)} timed batches x {full_epoch_steps} "
                         "(a 60,000-sample epoch)")
    else:
        out["train_epoch_s"] = _median(epoch_s)
        out["train_samples_per_s"] = n_train / out["train_epoch_s"]
        out["timing"] = f"median of {len(epoch_s)} epochs"
    return out


def summarise(name: str, raw: dict, quick: bool, warmup_steps: int) -> dict:
    """The figures of one run from its raw timings (``warmup_steps`` first steps left out of the step median)."""
    spec = _spec(name)
    timed = raw["step_s"][warmup_steps:] or raw["step_s"]
    out = dict(raw, model=name, batch_size=spec.batch_size, timed_step_s=timed)
    out.update(train_figures(spec, quick, raw["epoch_s"], timed, raw["n_train"]))
    out["infer_samples_per_s"] = raw["n_test"] / _median(raw["infer_s"])
    out["rss_growth_mib"] = raw["rss_epoch_mib"][-1] - raw["rss_epoch_mib"][0]
    if spec.data == "synthetic32":
        out["test_accuracy"] = None  # random labels: accuracy says nothing
    return out


def main(argv: list[str] | None = None) -> int:
    """Run one measurement and print its JSON on stdout."""
    parser = argparse.ArgumentParser(description="One axon or PyTorch benchmark measurement (JSON on stdout).")
    parser.add_argument("--framework", choices=FRAMEWORKS, required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--data", default=None, help="the .npz of uint8 Fashion-MNIST arrays the parent wrote")
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--weights", default=None, help="the .npz of starting weights the parent wrote")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)

    # the framework import is timed first, before NumPy is in the process
    start = time.perf_counter()
    __import__(args.framework)
    import_s = time.perf_counter() - start

    spec = _spec(args.model)
    run = run_axon if args.framework == "axon" else run_torch
    # a loader, not the arrays: the run then holds the only reference and can drop them
    raw = run(args.model, lambda: load_data(spec, args.data, args.quick, args.seed), args.epochs, args.threads,
              args.seed, args.quick, load_weights(args.weights))
    warmup = 1 if args.quick else (3 if spec.per_step else 0)
    result = summarise(args.model, raw, args.quick, warmup)
    result.update(framework=args.framework, import_s=import_s, peak_rss_mib=peak_rss_mib(), epochs=args.epochs,
                  load_average=[round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None)
    sys.stdout.write(json.dumps(result) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
