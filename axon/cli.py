"""The ``axon`` command: train, evaluate and inspect models from the shell.

    axon train                                   # a small CNN on the 8x8 digits, no network needed
    axon train --model lenet5 --dataset fashion_mnist --epochs 5
    axon evaluate runs/cnn-digits/model.axon --dataset digits
    axon summary runs/cnn-digits/model.axon
    axon bench --quick
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

DATASETS = ("digits", "fashion_mnist", "mnist", "cifar10")
MODELS = ("mlp", "cnn", "lenet5")


def load_dataset(name: str):
    """``(x_train, y_train), (x_test, y_test)`` as float32 images in [0, 1]
    with a channel axis, and integer labels."""
    from axon import datasets

    if name not in DATASETS:
        raise SystemExit(f"Unknown dataset {name!r}. Choose one of: {', '.join(DATASETS)}.")
    (x_train, y_train), (x_test, y_test) = getattr(datasets, name).load_data()
    scale = 16.0 if name == "digits" else 255.0

    def prepare(x):
        x = np.asarray(x, dtype=np.float32) / scale
        return x[..., None] if x.ndim == 3 else x

    return (prepare(x_train), np.asarray(y_train).reshape(-1)), (prepare(x_test), np.asarray(y_test).reshape(-1))


def build_model(name: str, input_shape: tuple, classes: int):
    """The model ``name`` for inputs of ``input_shape``, giving logits."""
    from axon import applications

    if name == "mlp":
        return applications.MLP(input_shape, hidden=(256,), classes=classes, output_activation=None)
    if name == "cnn":
        small = input_shape[0] < 16
        return applications.SimpleCNN(input_shape, classes, filters=(16, 32) if small else (8, 16),
                                      dense=64 if small else 100)
    if name == "lenet5":
        try:
            return applications.LeNet5(input_shape, classes)
        except ValueError as err:
            raise SystemExit(str(err)) from None
    raise SystemExit(f"Unknown model {name!r}. Choose one of: {', '.join(MODELS)}.")


def _save_curves(history: dict, path: str) -> str | None:
    """Draw the loss/metric curves to ``path``; None when matplotlib or ``axon.plot`` is missing."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        from axon.plot import history as plot_history
    except ImportError:
        return None
    figure = plot_history(history)
    try:
        figure.savefig(path, dpi=100)
    finally:
        plt.close(figure)
    return path


def cmd_train(args) -> int:
    import axon

    axon.config.enable_malloc_tuning()  # this process is axon's own (see axon/backend/allocator.py)
    axon.random.set_seed(args.seed)
    np.random.seed(args.seed)
    (x_train, y_train), (x_test, y_test) = load_dataset(args.dataset)
    classes = int(max(y_train.max(), y_test.max())) + 1
    model = build_model(args.model, x_train.shape[1:], classes)
    optimizer = axon.optimizers.get({"class_name": args.optimizer, "config": {"learning_rate": args.learning_rate}}) \
        if args.learning_rate is not None else args.optimizer
    model.compile(optimizer=optimizer, loss=axon.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    model.summary()
    history = model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
                        validation_split=args.validation_split, verbose=args.verbose)
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=256, verbose=0)
    print(f"Test accuracy: {test_accuracy:.4f} (loss {test_loss:.4f}) on {len(x_test):,} {args.dataset} images")

    out = args.out or os.path.join("runs", f"{args.model}-{args.dataset}")
    os.makedirs(out, exist_ok=True)
    model.save(os.path.join(out, "model.axon"))
    record = {"history": history.history, "test_loss": test_loss, "test_accuracy": test_accuracy,
              "model": args.model, "dataset": args.dataset, "epochs": args.epochs}
    with open(os.path.join(out, "history.json"), "w") as f:
        json.dump(record, f, indent=2)
    curves = _save_curves(history.history, os.path.join(out, "curves.png"))
    print(f"Saved {os.path.join(out, 'model.axon')}, history.json" + (", curves.png" if curves else ""))
    return 0


def cmd_evaluate(args) -> int:
    import axon

    axon.config.enable_malloc_tuning()
    model = axon.models.load_model(args.model)
    _, (x_test, y_test) = load_dataset(args.dataset)
    try:
        result = model.evaluate(x_test, y_test, batch_size=256, verbose=0, return_dict=True)
    except ValueError as err:
        raise SystemExit(f"Cannot evaluate {args.model} on {args.dataset}: {err}") from None
    print(" - ".join(f"{k}: {v:.4f}" if isinstance(v, float) else f"{k}: {v}" for k, v in result.items())
          + f" ({len(x_test):,} {args.dataset} test images)")
    return 0


def cmd_summary(args) -> int:
    import axon

    axon.models.load_model(args.model, compile=False).summary()
    return 0


def cmd_bench(args) -> int:
    return run_bench(args.rest)


def run_bench(argv: list[str]) -> int:
    """Hand the arguments to the benchmark in the source tree's bench/ folder."""
    sys.path.insert(0, os.getcwd())
    try:
        from bench.__main__ import main as bench_main
    except ImportError:
        raise SystemExit("`axon bench` runs the benchmarks in the bench/ folder of the axon source tree: run it "
                         "from the repository root (or use `python -m bench`).") from None
    return bench_main(argv)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="axon", description="Train, evaluate and inspect axon models.")
    sub = p.add_subparsers(dest="command")
    train = sub.add_parser("train", help="train a model on a dataset (default: a CNN on the 8x8 digits)")
    train.add_argument("--model", choices=MODELS, default="cnn")
    train.add_argument("--dataset", choices=DATASETS, default="digits")
    train.add_argument("--epochs", type=int, default=30)
    train.add_argument("--batch-size", type=int, default=32)
    train.add_argument("--optimizer", default="adam")
    train.add_argument("--learning-rate", type=float, default=None)
    train.add_argument("--validation-split", type=float, default=0.1)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--verbose", default="auto", type=lambda v: v if v == "auto" else int(v))
    train.add_argument("--out", default=None, help="folder for model.axon, history.json and curves.png")
    train.set_defaults(func=cmd_train)
    evaluate = sub.add_parser("evaluate", help="evaluate a saved model on a dataset's test set")
    evaluate.add_argument("model")
    evaluate.add_argument("--dataset", choices=DATASETS, default="digits")
    evaluate.set_defaults(func=cmd_evaluate)
    summary = sub.add_parser("summary", help="print the summary table of a saved model")
    summary.add_argument("model")
    summary.set_defaults(func=cmd_summary)
    bench = sub.add_parser("bench", help="run the axon vs PyTorch benchmark (from the source tree)")
    bench.add_argument("rest", nargs=argparse.REMAINDER)
    bench.set_defaults(func=cmd_bench)
    return p


def main(argv=None) -> int:
    """Entry point of the ``axon`` console script."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["train", *argv]  # `axon` alone, or `axon --epochs 5`, trains
    if argv[0] == "bench" and not {"-h", "--help"} & set(argv[1:2]):
        return run_bench(argv[1:])  # its flags (--quick ...) are the benchmark's own
    args = parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
