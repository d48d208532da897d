"""Learning curves that show under-fitting and over-fitting.

A learning curve plots a model's error on the data it was trained on and on
held-out data against the size of the training set. On a small noisy sample
of ``y = sin(3x)``:

- a model that is too small (linear regression) under-fits: both errors stay
  high and close together, and more data would not help;
- a model that is too large (two layers of 128 units) over-fits: its training
  error is far below its validation error, the gap closing slowly as the
  training set grows.

Saves ``learning_curves_small.png`` and ``learning_curves_large.png`` in the
output folder (the first argument, default ``.``) when matplotlib and
``axon.plot.learning_curve`` are available; prints the tables either way.

    python examples/learning_curves.py [OUTPUT_DIR]
    AXON_EXAMPLES_QUICK=1 python examples/learning_curves.py
"""

import os
import sys

import numpy as np

from axon import layers, optimizers
from axon.model_selection import learning_curve
from axon.models import Sequential

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
N_SAMPLES = 60 if QUICK else 100
EPOCHS = 100 if QUICK else 200
TRAIN_SIZES = (0.15, 0.4, 1.0) if QUICK else (0.1, 0.25, 0.5, 0.75, 1.0)


def too_small() -> Sequential:
    """Linear regression: a straight line cannot follow a sine."""
    model = Sequential([layers.Input(shape=(1,)), layers.Dense(1)])
    model.compile(optimizer=optimizers.Adam(0.05), loss="mse")
    return model


def too_large() -> Sequential:
    """Two hidden layers of 128 units: about 17,000 weights for at most a hundred samples."""
    model = Sequential([
        layers.Input(shape=(1,)),
        layers.Dense(128, activation="relu"),
        layers.Dense(128, activation="relu"),
        layers.Dense(1),
    ])
    model.compile(optimizer=optimizers.Adam(0.01), loss="mse")
    return model


def save_plots(results: dict, folder: str) -> list[str]:
    """One PNG per learning curve, when matplotlib and axon.plot.learning_curve exist."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from axon import plot
    except ImportError:
        return []
    if not hasattr(plot, "learning_curve"):
        return []
    paths = []
    for name, result in results.items():
        figure = plot.learning_curve(result, title=f"Learning curve, a too {name} model")
        paths.append(os.path.join(folder, f"learning_curves_{name}.png"))
        figure.savefig(paths[-1])
        plt.close(figure)
    return paths


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1.0, 1.0, size=(N_SAMPLES, 1)).astype("float32")
    y = (np.sin(3.0 * x) + 0.2 * rng.normal(size=(N_SAMPLES, 1))).astype("float32")
    fit_kwargs = {"epochs": EPOCHS, "batch_size": 8}

    results = {}
    for name, build in (("small", too_small), ("large", too_large)):
        print(f"\n{build.__doc__}")
        results[name] = learning_curve(build, x, y, train_sizes=TRAIN_SIZES, cv=4, fit_kwargs=fit_kwargs, seed=0)
        print(results[name])

    small, large = results["small"], results["large"]
    print(f"\nNoise variance (the best possible error): {0.2 ** 2:.3f}")
    print(f"too small: training error {small.train_mean[-1]:.3f}, validation {small.val_mean[-1]:.3f} "
          "-> under-fitting: both high and close")
    print(f"too large: training error {large.train_mean[-1]:.3f}, validation {large.val_mean[-1]:.3f} "
          f"(at {large.train_sizes[0]} samples: {large.train_mean[0]:.4f} vs {large.val_mean[0]:.3f}) "
          "-> over-fitting: a gap between the curves")
    for path in save_plots(results, sys.argv[1] if len(sys.argv) > 1 else "."):
        print(f"saved {path}")

    # Under-fitting: the small model cannot even fit its training data.
    assert small.train_mean[-1] > 3 * large.train_mean[-1]
    assert small.val_mean[-1] > large.val_mean[-1]
    # Over-fitting: relative to its training error, the large model does much worse on new data.
    assert large.val_mean[-1] / large.train_mean[-1] > small.val_mean[-1] / small.train_mean[-1]
    assert large.val_mean[0] > 10 * large.train_mean[0]


if __name__ == "__main__":
    main()
