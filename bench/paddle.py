"""LeNet through ``axon.paddle`` beside LeNet through ``axon.keras``: ``python -m bench.paddle``.

    python -m bench.paddle                 # 2 epochs of Fashion-MNIST's 60,000 images, 3 repeats each
    python -m bench.paddle --quick         # 2,048 images, 1 repeat: proves it runs (CI)

The same architecture (Paddle's LeNet: conv 6@3x3 pad 1, ReLU, pool, conv 16@5x5,
ReLU, pool, Linear 400-120-84-10), the same Adam(1e-3), batch 64 and data (x/255,
NCHW for Paddle, NHWC for Keras), each run in its own process, Keras and Paddle
alternated. Keras's LeNet fuses each ReLU into its convolution; Paddle's program
has separate ReLU layers, as the lecture writes it. Prints seconds per epoch
(median) and the ratio paddle / keras, which the issue bounds at 1.10.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LIMIT = 1.10


def _data(samples: int):
    import numpy as np

    try:
        from axon.datasets import fashion_mnist

        (x, y), _ = fashion_mnist.load_data()
    except Exception:  # no local copy: the same shapes, drawn
        rng = np.random.default_rng(0)
        x, y = rng.integers(0, 256, (samples, 28, 28), dtype=np.uint8), rng.integers(0, 10, samples)
    return (x[:samples].astype("float32") / 255.0), y[:samples].astype("int64")


def worker(kind: str, samples: int, epochs: int) -> list[float]:
    """Seconds per epoch of LeNet trained by ``kind`` ('keras' or 'paddle') in this process."""
    x, y = _data(samples)
    times = []
    if kind == "keras":
        import axon

        axon.random.set_seed(0)
        model = axon.applications.LeNet5()
        model.compile(axon.optimizers.Adam(1e-3), axon.losses.SparseCategoricalCrossentropy(from_logits=True))
        for _ in range(epochs):
            start = time.perf_counter()
            model.fit(x[..., None], y, batch_size=64, epochs=1, verbose=0)
            times.append(time.perf_counter() - start)
    else:
        import axon.paddle as paddle

        paddle.seed(0)
        model = paddle.Model(paddle.vision.models.LeNet())
        model.prepare(paddle.optimizer.Adam(1e-3, parameters=model.parameters()), paddle.nn.CrossEntropyLoss())
        data = paddle.io.TensorDataset([x[:, None], y[:, None]])
        for _ in range(epochs):
            start = time.perf_counter()
            model.fit(data, batch_size=64, epochs=1, verbose=0)
            times.append(time.perf_counter() - start)
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--samples", type=int, default=60000)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--worker", choices=("keras", "paddle"))
    args = parser.parse_args(argv)
    if args.quick:
        args.samples, args.epochs, args.repeats = 2048, 1, 1
    if args.worker:
        print(json.dumps(worker(args.worker, args.samples, args.epochs)))
        return 0
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    runs = {"keras": [], "paddle": []}
    for _ in range(args.repeats):
        for kind in runs:
            out = subprocess.run([sys.executable, "-m", "bench.paddle", "--worker", kind, "--samples",
                                  str(args.samples), "--epochs", str(args.epochs)], cwd=ROOT, env=env,
                                 capture_output=True, text=True, check=True)
            runs[kind].extend(json.loads(out.stdout.strip().splitlines()[-1]))
    keras, paddle = statistics.median(runs["keras"]), statistics.median(runs["paddle"])
    scale = 60000 / args.samples
    print(f"LeNet, {args.samples} images a epoch, batch 64, Adam: seconds per 60,000-image epoch (median)")
    print(f"  axon.keras   {keras * scale:8.2f}")
    print(f"  axon.paddle  {paddle * scale:8.2f}")
    ratio = paddle / keras
    print(f"  paddle / keras = {ratio:.3f} (bound {LIMIT:.2f}){'' if ratio <= LIMIT else '  ABOVE THE BOUND'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
