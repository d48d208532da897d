"""Test accuracy of the course models on Fashion-MNIST, with a fixed seed.

    python -m bench.accuracy            # MLP 5 epochs and the course CNN 3 epochs
    python -m bench.accuracy --quick    # a subset, to check that it runs

Goals (test set): MLP 784-512(relu)-10 with Adam, batch 128, 5 epochs >= 0.88;
the CNN Conv2D(8,5,same)-MaxPool-Conv2D(16,5,same)-MaxPool-Flatten-Dense(100)-
Dropout(0.25)-Dense(10) with Adam, 3 epochs >= 0.89.
"""

from __future__ import annotations

import argparse
import json
import time

GOALS = {"mlp": (5, 0.88), "cnn": (3, 0.89)}


def load(quick: bool):
    import axon

    (x_train, y_train), (x_test, y_test) = axon.datasets.fashion_mnist.load_data()
    x_train = (x_train[..., None] / 255.0).astype("float32")
    x_test = (x_test[..., None] / 255.0).astype("float32")
    if quick:
        x_train, y_train, x_test, y_test = x_train[:3000], y_train[:3000], x_test[:1000], y_test[:1000]
    return (x_train, y_train.astype("int64")), (x_test, y_test.astype("int64"))


def build(name: str):
    from axon import applications

    if name == "mlp":
        return applications.MLP((28, 28, 1), hidden=(512,), classes=10, output_activation=None)
    return applications.SimpleCNN((28, 28, 1), classes=10)


def run(name: str, data, epochs: int, seed: int = 0) -> dict:
    import axon

    axon.random.set_seed(seed)
    (x_train, y_train), (x_test, y_test) = data
    model = build(name)
    model.compile(optimizer=axon.optimizers.Adam(1e-3),
                  loss=axon.losses.SparseCategoricalCrossentropy(from_logits=True), metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x_train, y_train, batch_size=128, epochs=epochs, verbose=0)
    seconds = time.perf_counter() - start
    _, accuracy = model.evaluate(x_test, y_test, batch_size=1000, verbose=0)
    return {"model": name, "epochs": epochs, "test_accuracy": float(accuracy), "train_seconds": seconds}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="a 3,000-image subset and one epoch")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", default=None, help="write the results as JSON here")
    args = parser.parse_args(argv)
    data = load(args.quick)
    results = []
    print(f"{'model':<6} {'epochs':>6} {'test acc':>9} {'goal':>6} {'train s':>8}")
    for name, (epochs, goal) in GOALS.items():
        result = run(name, data, 1 if args.quick else epochs, args.seed)
        result["goal"] = goal
        result["met"] = bool(result["test_accuracy"] >= goal)
        results.append(result)
        mark = "" if args.quick else ("  met" if result["met"] else "  MISSED")
        print(f"{name:<6} {result['epochs']:>6} {result['test_accuracy']:>9.4f} {goal:>6.2f} "
              f"{result['train_seconds']:>8.1f}{mark}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=2)
    return 0 if args.quick or all(r["met"] for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
