"""axon beside PyTorch CPU on the course models: ``python -m bench`` (also ``axon bench``).

    python -m bench                      # all four models, 3 epochs each (about 7 minutes on 2 cores)
    python -m bench --quick              # a few batches each on a subset: proves it runs (CI)
    python -m bench --models mlp,cnn --epochs 5 --repeats 2 --threads 2 --no-torch

Both frameworks do identical work: Fashion-MNIST read from disk into float32
arrays (x/255, int64 labels) before any timing, the same architectures
(``bench/models.py``), the same optimizers, batch sizes and number of epochs,
the same BLAS thread count. On Fashion-MNIST both start from the same
Glorot-uniform weights and zero biases and shuffle the same way, so their test
accuracies can be compared run for run (the synthetic AlexNet draws its own).
Every measurement runs in its own process (``bench/worker.py``), axon and
PyTorch alternated so that machine noise hits both; the figures are medians.
Also measured: ``import axon`` in fresh processes, and this machine's float32
GEMM throughput on the MLP's own shapes (``bench/gemm.py``), against which the
MLP's train step is compared. The table is printed and the JSON written to
``bench/results/latest.json`` (``quick.json`` for ``--quick``) and ``--out``.
See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/__main__.py`
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.models import MODELS, SPECS  # noqa: E402
from bench.worker import train_figures  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
QUICK_TRAIN, QUICK_TEST = 256, 500
EPOCH_SAMPLES = 60000  # every epoch figure is for the full Fashion-MNIST training set
# the targets, as ratios axon/torch of time (lower is better) unless said
TRAIN_TARGETS = {"mlp": 0.6, "cnn": 1.0, "lenet": 1.0, "alexnet": 1.5}
INFER_TARGET = 1.0  # axon throughput >= torch's, i.e. time ratio <= 1
RSS_TARGET = 0.6
IMPORT_TARGET_S = 0.3
GEMM_SHARE_TARGET = 0.80
ACCURACY_POINTS = 0.5
GROWTH_TARGET_MIB = 10.0
TIMING = {False: "median of epochs, the first included for both (AlexNet: median step after 3 warm-up steps)",
          True: "quick: median of timed batches (after one warm-up batch), scaled to a 60,000-sample epoch"}
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS")


# ------------------------------------------------------------------ machine
def blas_threads() -> int:
    """The thread count NumPy's BLAS uses here (threadpoolctl), else ``os.cpu_count()``."""
    import numpy  # noqa: F401  (loads the BLAS that threadpoolctl inspects)

    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return os.cpu_count() or 1
    counts = [info["num_threads"] for info in threadpool_info() if info.get("user_api") == "blas"]
    return max(counts) if counts else os.cpu_count() or 1


def machine(threads: int, has_torch: bool) -> dict:
    """Date, CPU, thread count, library versions and load of this machine."""
    import numpy as np

    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), cpu)
    except OSError:
        pass
    blas = None
    try:
        from threadpoolctl import threadpool_info

        blas = next((f"{i.get('internal_api')} {i.get('version')} ({i.get('architecture')})"
                     for i in threadpool_info() if i.get("user_api") == "blas"), None)
    except ImportError:
        pass
    torch_version = None
    if has_torch:
        from importlib.metadata import PackageNotFoundError, version

        try:
            torch_version = version("torch")
        except PackageNotFoundError:
            torch_version = "unknown"
    return dict(date=datetime.datetime.now().isoformat(timespec="seconds"), cpu=cpu, cpus=os.cpu_count(),
                threads=threads, python=platform.python_version(), numpy=np.__version__, blas=blas,
                torch=torch_version, load_average=_load(), axon_kernels=_kernels())


def _kernels() -> str:
    """Whether axon's compiled kernels (numba) are on in the workers, as a word for the header."""
    from importlib.util import find_spec

    if os.environ.get("AXON_JIT", "1") == "0":
        return "off (AXON_JIT=0)"
    if find_spec("numba") is None:
        return "off (numba not installed)"
    from importlib.metadata import version

    return f"on (numba {version('numba')})"


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def torch_installed() -> bool:
    """Whether PyTorch can be imported (checked without importing it)."""
    import importlib.util

    return importlib.util.find_spec("torch") is not None


# ------------------------------------------------------------- subprocesses
def _env(threads: int) -> dict:
    env = dict(os.environ)
    env.update({name: str(threads) for name in THREAD_VARIABLES})
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _python(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)


def _last_json(proc: subprocess.CompletedProcess, what: str) -> dict:
    if proc.returncode != 0:
        tail = "\n".join(proc.stderr.strip().splitlines()[-8:])
        raise RuntimeError(f"{what} failed (exit {proc.returncode}):\n{tail}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def import_times(module: str, samples: int, env: dict) -> list[float]:
    """Seconds to import ``module`` in ``samples`` fresh processes (after one untimed run).

    Bytecode caching is left on, as in an installed package: the untimed run writes the caches.
    """
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    times = []
    for i in range(samples + 1):
        proc = _python(["-c", code], env)
        if proc.returncode != 0:
            raise RuntimeError(f"import {module} failed: {proc.stderr.strip()[-500:]}")
        if i:
            times.append(float(proc.stdout.split()[-1]))
    return times


def run_worker(framework: str, model: str, data: str | None, args, env: dict, seed: int,
               weights: str | None = None) -> dict:
    """One measurement in its own process; its JSON result."""
    argv = ["-m", "bench.worker", "--framework", framework, "--model", model, "--epochs", str(args.epochs),
            "--threads", str(args.threads), "--seed", str(seed)]
    if data:
        argv += ["--data", data]
    if weights:
        argv += ["--weights", weights]
    if args.quick:
        argv.append("--quick")
    return _last_json(_python(argv, env), f"{framework} {model}")


def write_data(folder: str, quick: bool) -> str:
    """Fashion-MNIST (uint8, as on disk) in one ``.npz`` the workers read: both get the same arrays."""
    import numpy as np

    from axon.datasets import fashion_mnist

    (x_train, y_train), (x_test, y_test) = fashion_mnist.load_data()
    if quick:
        x_train, y_train, x_test, y_test = x_train[:QUICK_TRAIN], y_train[:QUICK_TRAIN], x_test[:QUICK_TEST], \
            y_test[:QUICK_TEST]
    path = os.path.join(folder, "fashion_mnist.npz")
    np.savez(path, x_train=x_train, y_train=y_train, x_test=x_test, y_test=y_test)
    return path


def write_weights(folder: str, model: str, seed: int) -> str:
    """The starting weights of ``model`` for ``seed`` in one ``.npz``: both frameworks start from them."""
    import numpy as np

    from bench.models import initial_weights

    start = initial_weights(model, seed)
    path = os.path.join(folder, f"{model}_seed{seed}_weights.npz")
    np.savez(path, flatten_input=np.array(start["flatten_input"]),
             **{f"w{i}": w for i, w in enumerate(start["weights"])})
    return path


# ---------------------------------------------------------------- figures
def pool(runs: list[dict], quick: bool) -> dict | None:
    """The figures of one framework on one model, pooled over its runs (medians; worst peak and growth)."""
    if not runs:
        return None
    spec = SPECS[runs[0]["model"]]
    epoch_s = [t for r in runs for t in r["epoch_s"]]
    steps = [t for r in runs for t in r["timed_step_s"]]
    out = train_figures(spec, quick, epoch_s, steps, runs[0]["n_train"])
    accuracies = [r["test_accuracy"] for r in runs if r["test_accuracy"] is not None]
    out.update(infer_samples_per_s=runs[0]["n_test"] / statistics.median(t for r in runs for t in r["infer_s"]),
               peak_rss_mib=max(r["peak_rss_mib"] for r in runs),
               rss_growth_mib=max(r["rss_growth_mib"] for r in runs),
               test_accuracy=statistics.median(accuracies) if accuracies else None,
               params=runs[0]["params"], runs=len(runs))
    return out


def _ratio(a, t):
    return a / t if a is not None and t else None


def _row(model, figure, axon, torch, ratio=None, target="-", met=None, unit=""):
    return dict(model=model, figure=figure, axon=axon, torch=torch, ratio=ratio, target=target, met=met, unit=unit)


def model_rows(name: str, a: dict | None, t: dict | None) -> list[dict]:
    """The table rows of one model: train time and throughput, inference, peak RSS, RSS growth, accuracy."""
    spec = SPECS[name]
    a, t = a or {}, t or {}

    def compared(key: str, label: str, target: float | None = None, higher_is_better: bool = False) -> dict:
        ratio = _ratio(a.get(key), t.get(key))
        if target is None:
            return _row(name, label, a.get(key), t.get(key), ratio)
        met = None if ratio is None else (ratio >= target if higher_is_better else ratio <= target)
        return _row(name, label, a.get(key), t.get(key), ratio, f"{'>=' if higher_is_better else '<='} {target}", met)

    key, label = ("train_step_s", "train step (s)") if spec.per_step else ("train_epoch_s", "train epoch (s)")
    rows = [compared(key, label, TRAIN_TARGETS[name]),
            compared("train_samples_per_s", "train samples/s"),
            compared("infer_samples_per_s", "inference samples/s", INFER_TARGET, higher_is_better=True),
            compared("peak_rss_mib", "peak RSS (MiB)", RSS_TARGET)]
    growth = a.get("rss_growth_mib")
    rows.append(_row(name, "RSS growth over epochs (MiB)", growth, t.get("rss_growth_mib"), None,
                     f"axon <= {GROWTH_TARGET_MIB:g}", None if growth is None else growth <= GROWTH_TARGET_MIB))
    if spec.data != "synthetic32":
        acc_a, acc_t = a.get("test_accuracy"), t.get("test_accuracy")
        diff = None if acc_a is None or acc_t is None else 100 * (acc_a - acc_t)
        rows.append(_row(name, "test accuracy (%)", None if acc_a is None else 100 * acc_a,
                         None if acc_t is None else 100 * acc_t, diff, f"within {ACCURACY_POINTS} pt",
                         None if diff is None else abs(diff) <= ACCURACY_POINTS, unit="pt"))
    return rows


def global_rows(imports: dict, gemm: dict | None, mlp: tuple[dict | None, dict | None]) -> list[dict]:
    """import time, the GEMM throughput and the MLP's share of it."""
    a_imp, t_imp = imports.get("axon_s"), imports.get("torch_s")
    rows = [_row("-", "import (s)", a_imp, t_imp, _ratio(a_imp, t_imp), f"axon <= {IMPORT_TARGET_S}",
                 None if a_imp is None else a_imp <= IMPORT_TARGET_S)]
    if gemm is None:
        return rows
    rows.append(_row("-", "float32 GEMM GFLOP/s, MLP shapes", gemm["mlp_gemm_gflops"], None))
    rows.append(_row("-", f"float32 GEMM GFLOP/s, {gemm['square']['name']}", gemm["square"]["gflops"], None))
    shares = []
    for figures in mlp:
        epoch = None if figures is None else figures.get("train_epoch_s")
        # the epoch's GEMM FLOPs at the measured peak vs the measured epoch (both for 60,000 samples)
        shares.append(None if not epoch else 100 * gemm["mlp_gemm_step_s"] * EPOCH_SAMPLES / gemm["batch"] / epoch)
    rows.append(_row("mlp", "share of GEMM peak (%)", shares[0], shares[1], None,
                     f"axon >= {100 * GEMM_SHARE_TARGET:.0f}",
                     None if shares[0] is None else shares[0] >= 100 * GEMM_SHARE_TARGET))
    return rows


# ------------------------------------------------------------------ output
def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    magnitude = abs(value)
    if magnitude >= 1000:
        return f"{value:,.0f}"
    if magnitude >= 100:
        return f"{value:.1f}"
    if magnitude >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def table(rows: list[dict], quick: bool) -> str:
    """The printed table: model | figure | axon | torch | ratio | target | status."""
    head = ("model", "figure", "axon", "torch", "ratio", "target", "status")
    lines = []
    for r in rows:
        ratio = "-" if r["ratio"] is None else (f"{r['ratio']:+.2f} pt" if r["unit"] == "pt" else f"{r['ratio']:.2f}")
        status = "-" if r["target"] == "-" else ("n/a (quick)" if quick else
                                                 {True: "met", False: "MISSED", None: "-"}[r["met"]])
        lines.append((r["model"], r["figure"], _fmt(r["axon"]), _fmt(r["torch"]), ratio, r["target"], status))
    widths = [max(len(str(x)) for x in col) for col in zip(head, *lines)]
    out = []
    for i, line in enumerate([head, *lines]):
        out.append(" | ".join(str(x).ljust(w) if j < 2 else str(x).rjust(w) for j, (x, w) in
                              enumerate(zip(line, widths))).rstrip())
        if i == 0:
            out.append("-+-".join("-" * w for w in widths))
    return "\n".join(out)


def header(meta: dict) -> str:
    """The lines above the table: date, machine, threads, versions, timing method."""
    torch = meta["torch"] or "not measured"
    return "\n".join([
        f"axon vs PyTorch CPU benchmark, {meta['date']}" + ("  [QUICK: proves it runs; timings mean nothing]"
                                                            if meta["quick"] else ""),
        f"CPU: {meta['cpu']} ({meta['cpus']} logical), threads: {meta['threads']}, load average at start "
        f"{meta['load_average']}, at end {meta.get('load_average_end')}",
        f"Python {meta['python']}, NumPy {meta['numpy']} ({meta['blas']}), PyTorch {torch}, "
        f"axon kernels {meta.get('axon_kernels', '-')}",
        f"epochs: {meta['epochs']}, runs per framework and model: {meta['repeats']}, timing: {meta['timing']}",
        "ratio = axon / torch of the figure shown (accuracy: difference in points)",
    ])


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -------------------------------------------------------------------- main
def parse(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        help="a few batches each on a subset, under a minute: proves the benchmark works")
    parser.add_argument("--models", default=",".join(MODELS), help=f"comma-separated, from {','.join(MODELS)}")
    parser.add_argument("--epochs", type=int, default=None, help="epochs per run (default 3; 2 with --quick)")
    parser.add_argument("--repeats", type=int, default=1, help="runs per framework and model, alternated")
    parser.add_argument("--threads", type=int, default=None, help="BLAS / torch threads (default: NumPy's BLAS)")
    parser.add_argument("--no-torch", action="store_true", help="measure axon only")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first run (run r uses seed + r)")
    parser.add_argument("--out", default=None, help="also write the JSON here")
    args = parser.parse_args(argv)
    args.models = [m.strip() for m in args.models.split(",") if m.strip()]
    unknown = [m for m in args.models if m not in SPECS]
    if unknown or not args.models:
        parser.error(f"--models must be a comma-separated list from {','.join(MODELS)}. Received: {unknown}")
    if args.epochs is None:
        args.epochs = 2 if args.quick else 3
    if args.epochs < (1 if args.quick else 2) or args.repeats < 1:
        parser.error(f"--epochs must be >= 2 (to see memory over epochs) and --repeats >= 1. "
                     f"Received: epochs={args.epochs}, repeats={args.repeats}")
    args.threads = args.threads or blas_threads()
    return args


def measure_models(args: argparse.Namespace, frameworks: tuple[str, ...], env: dict, errors: list[str]) -> dict:
    """``{model: {framework: [worker results]}}``, the frameworks alternated run after run.

    A failed measurement is appended to ``errors`` and the others go on.
    """
    runs: dict = {m: {f: [] for f in frameworks} for m in args.models}
    with tempfile.TemporaryDirectory(prefix="axon-bench-") as folder:
        needs_data = any(SPECS[m].data == "fashion_mnist" for m in args.models)
        data = write_data(folder, args.quick) if needs_data else None
        for model in args.models:
            on_disk = SPECS[model].data == "fashion_mnist"  # accuracy compared: a shared start
            for repeat in range(args.repeats):
                seed = args.seed + repeat
                weights = write_weights(folder, model, seed) if on_disk else None
                for framework in frameworks:  # alternated: axon, torch, axon, torch...
                    started = time.perf_counter()
                    try:
                        result = run_worker(framework, model, data if on_disk else None, args, env, seed, weights)
                    except RuntimeError as err:
                        errors.append(str(err))
                        _progress(str(err))
                        continue
                    runs[model][framework].append(result)
                    figure = result["train_step_s"] if SPECS[model].per_step else result["train_epoch_s"]
                    _progress(f"{model} {framework} run {repeat + 1}/{args.repeats}: "
                              f"{figure:.4g} s per {'step' if SPECS[model].per_step else 'epoch'}, "
                              f"{result['infer_samples_per_s']:,.0f} inference samples/s, "
                              f"peak {result['peak_rss_mib']:.0f} MiB ({time.perf_counter() - started:.1f} s)")
    return runs


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print the table, write the JSON; 1 if a measurement failed, else 0.

    Missed targets do not change the exit status: this measures, it does not judge a build.
    """
    args = parse(argv)
    has_torch = not args.no_torch and torch_installed()
    frameworks = ("axon", "torch") if has_torch else ("axon",)
    env = _env(args.threads)
    meta = machine(args.threads, has_torch)
    meta.update(quick=args.quick, epochs=args.epochs, repeats=args.repeats, models=args.models,
                timing=TIMING[args.quick])
    errors = []

    _progress("timing import axon...")
    imports: dict = {}
    try:
        samples = import_times("axon", 3 if args.quick else 7, env)
        imports.update(axon_s=statistics.median(samples), axon_samples=samples)
    except RuntimeError as err:
        errors.append(str(err))

    gemm = None
    if "mlp" in args.models:
        _progress("timing GEMM on the MLP's shapes...")
        try:
            gemm = _last_json(_python(["-m", "bench.gemm", "--json", "--threads", str(args.threads)] +
                                      (["--quick"] if args.quick else []), env), "bench.gemm")
        except RuntimeError as err:
            errors.append(str(err))

    runs = measure_models(args, frameworks, env, errors)
    figures = {m: {f: pool(runs[m][f], args.quick) for f in frameworks} for m in args.models}
    torch_imports = [r["import_s"] for m in args.models for r in runs[m].get("torch", [])]
    if torch_imports:  # every torch worker is a fresh process that imports torch first
        imports.update(torch_s=statistics.median(torch_imports), torch_samples=torch_imports)
    rows = []
    for model in args.models:
        rows += model_rows(model, figures[model].get("axon"), figures[model].get("torch"))
    mlp = figures.get("mlp", {})
    rows += global_rows(imports, gemm, (mlp.get("axon"), mlp.get("torch")))
    meta["load_average_end"] = _load()
    used = {(f, r["threads"]) for m in args.models for f in frameworks for r in runs[m][f]}
    meta["notes"] = [f"{f} ran with {n} threads, not {args.threads}" for f, n in sorted(used, key=str)
                     if n is not None and n != args.threads]
    busy = (meta["load_average"] or [0])[0]  # at start: later it counts the benchmark's own threads
    if busy > 0.5 * (meta["cpus"] or 1):
        meta["notes"].append(f"the machine was busy at start (load average {busy} on {meta['cpus']} CPUs): "
                             "timings are unreliable, rerun on a quiet machine")
    share = next((r["axon"] for r in rows if r["figure"] == "share of GEMM peak (%)"), None)
    if share is not None and share > 100:
        meta["notes"].append("the MLP beat the GEMM floor: the GEMM measurement was disturbed, rerun")

    print(header(meta))
    print(table(rows, args.quick))
    for note in meta["notes"]:
        print(f"note: {note}")
    if errors:
        print(f"\n{len(errors)} measurement(s) failed:\n" + "\n".join(errors))
    result = dict(meta=meta, imports=imports, gemm=gemm, figures=figures, runs=runs, rows=rows, errors=errors)
    paths = [RESULTS / ("quick.json" if args.quick else "latest.json")] + ([Path(args.out)] if args.out else [])
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(result, indent=2))
    print("\nJSON written to " + ", ".join(str(p) for p in paths))
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
