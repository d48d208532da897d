"""K-fold versus leave-one-out cross-validation on a small regression.

Both estimate the error a model trained on this data would make on new data.
Here the data come from a known linear law with noise, so the true error of
the model fitted on all of it can be measured on 20,000 fresh samples and each
estimate compared with it. 5-fold and 10-fold train 5 and 10 models on 80% and
90% of the data; leave-one-out trains one model per sample on all the others,
closest to the full data but at the price of n fits. Repeating on several
datasets shows each estimate's bias, its average distance from the truth, and
its cost.

    python examples/kfold_vs_loo.py
    AXON_EXAMPLES_QUICK=1 python examples/kfold_vs_loo.py
"""

import os
import time

import numpy as np

from axon import layers, optimizers
from axon.model_selection import KFold, LeaveOneOut, cross_validate
from axon.models import Sequential

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
N_SAMPLES = 30 if QUICK else 40
N_DATASETS = 2 if QUICK else 10
EPOCHS = 150 if QUICK else 300
NOISE = 0.3
WEIGHTS, BIAS = np.array([1.5, -0.7, 0.3]), -0.5


def make_data(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``y = x . w + b + noise`` with three uniform features."""
    x = rng.uniform(-2.0, 2.0, size=(n, 3)).astype("float32")
    y = (x @ WEIGHTS + BIAS + NOISE * rng.normal(size=n)).astype("float32")
    return x, y


def build() -> Sequential:
    """Linear regression: one Dense unit trained on the mean squared error."""
    model = Sequential([layers.Input(shape=(3,)), layers.Dense(1)])
    model.compile(optimizer=optimizers.Adam(0.1), loss="mse")
    return model


def main() -> None:
    fit_kwargs = {"epochs": EPOCHS, "batch_size": N_SAMPLES}
    methods = {"5-fold": KFold(5, shuffle=True, seed=0), "10-fold": KFold(10, shuffle=True, seed=0),
               "leave-one-out": LeaveOneOut()}
    rng = np.random.default_rng(0)
    x_new, y_new = make_data(20_000, rng)
    estimates = {name: [] for name in methods}
    truths, seconds = [], dict.fromkeys(methods, 0.0)
    for d in range(N_DATASETS):
        x, y = make_data(N_SAMPLES, rng)
        model = build()
        model.fit(x, y, **fit_kwargs, verbose=0)
        truths.append(model.evaluate(x_new, y_new, verbose=0))
        for name, cv in methods.items():
            start = time.perf_counter()
            result = cross_validate(build, x, y, cv=cv, fit_kwargs=fit_kwargs, verbose=0, seed=d)
            seconds[name] += time.perf_counter() - start
            estimates[name].append(result.mean["val_loss"])
        print(f"dataset {d + 1}/{N_DATASETS}: true error {truths[-1]:.4f}, "
              + ", ".join(f"{name} {values[-1]:.4f}" for name, values in estimates.items()))

    truths = np.array(truths)
    print(f"\n{N_DATASETS} datasets of {N_SAMPLES} samples, noise variance {NOISE ** 2:.3f}; "
          f"mean true error {truths.mean():.4f}")
    print(f"{'method':>14}  {'fits':>4}  {'mean estimate':>13}  {'mean bias':>9}  {'mean |error|':>12}  {'seconds':>7}")
    for name, values in estimates.items():
        values = np.array(values)
        fits = methods[name].get_n_splits(np.zeros(N_SAMPLES))
        print(f"{name:>14}  {fits:>4}  {values.mean():>13.4f}  {np.mean(values - truths):>+9.4f}  "
              f"{np.mean(np.abs(values - truths)):>12.4f}  {seconds[name]:>7.2f}")

        assert 0.5 * truths.mean() < values.mean() < 1.5 * truths.mean(), (name, values.mean(), truths.mean())


if __name__ == "__main__":
    main()
