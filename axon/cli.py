"""The ``axon`` command: train, evaluate and inspect models from the shell.

    axon train                                   # a small CNN on the 8x8 digits, no network needed
    axon train --model lenet5 --dataset fashion_mnist --epochs 5
    axon evaluate runs/cnn-digits/model.axon     # on the dataset it was trained on
    axon summary runs/cnn-digits/model.axon
    axon bench --quick

A mistake in the command (a bad flag value, a missing or damaged model file, an
``--out`` that names a file) is one line on stderr and exit status 2, found
before any training starts.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

DATASETS = ("digits", "fashion_mnist", "mnist", "cifar10")
MODELS = ("mlp", "cnn", "lenet5")
USAGE_ERROR = 2


class CommandError(Exception):
    """A user error in a command: printed as one line, exit status 2."""


def load_dataset(name: str):
    """``(x_train, y_train), (x_test, y_test)`` as float32 images in [0, 1]
    with a channel axis, and integer labels."""
    from axon import datasets

    if name not in DATASETS:
        raise CommandError(f"unknown dataset {name!r}; choose one of: {', '.join(DATASETS)}")
    try:
        (x_train, y_train), (x_test, y_test) = getattr(datasets, name).load_data()
    except ImportError as err:
        raise CommandError(f"the {name} dataset needs scikit-learn: pip install 'axon[digits]' ({err})") from None
    except (OSError, ValueError) as err:
        raise CommandError(f"cannot load the {name} dataset: {_one_line(err)}") from None
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
            raise CommandError(str(err)) from None
    raise CommandError(f"unknown model {name!r}; choose one of: {', '.join(MODELS)}")


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


def _one_line(err: Exception) -> str:
    return " ".join(str(err).split())


def _optimizer(name: str, learning_rate):
    import axon

    try:
        if learning_rate is None:
            return axon.optimizers.get(name)
        return axon.optimizers.get({"class_name": name, "config": {"learning_rate": learning_rate}})
    except (ValueError, TypeError) as err:
        raise CommandError(f"--optimizer {name!r}: {_one_line(err)}") from None


def _check_out(out: str) -> None:
    """Refuse an --out that cannot hold the results, before anything is trained."""
    if os.path.exists(out) and not os.path.isdir(out):
        raise CommandError(f"--out {out} is a file; give a folder (it is created if missing)")
    parent = out
    while parent and not os.path.exists(parent):
        parent = os.path.dirname(parent)
    if not os.access(parent or ".", os.W_OK):
        raise CommandError(f"--out {out}: cannot write in {parent or '.'}")


def cmd_train(args) -> int:
    import axon

    axon.config.enable_malloc_tuning()  # this process is axon's own (see axon/backend/allocator.py)
    out = args.out or os.path.join("runs", f"{args.model}-{args.dataset}")
    _check_out(out)
    optimizer = _optimizer(args.optimizer, args.learning_rate)
    axon.random.set_seed(args.seed)
    np.random.seed(args.seed)
    (x_train, y_train), (x_test, y_test) = load_dataset(args.dataset)
    classes = int(max(y_train.max(), y_test.max())) + 1
    model = build_model(args.model, x_train.shape[1:], classes)
    model.compile(optimizer=optimizer, loss=axon.losses.SparseCategoricalCrossentropy(from_logits=True),
                  metrics=["accuracy"])
    model.summary()
    history = model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs,
                        validation_split=args.validation_split, verbose=args.verbose)
    test_loss, test_accuracy = model.evaluate(x_test, y_test, batch_size=256, verbose=0)
    print(f"Test accuracy: {test_accuracy:.4f} (loss {test_loss:.4f}) on {len(x_test):,} {args.dataset} images")

    os.makedirs(out, exist_ok=True)
    model.save(os.path.join(out, "model.axon"))
    record = {"history": history.history, "test_loss": test_loss, "test_accuracy": test_accuracy,
              "model": args.model, "dataset": args.dataset, "epochs": args.epochs}
    with open(os.path.join(out, "history.json"), "w") as f:
        json.dump(record, f, indent=2)
    curves = _save_curves(history.history, os.path.join(out, "curves.png"))
    print(f"Saved {os.path.join(out, 'model.axon')}, history.json" + (", curves.png" if curves else ""))
    return 0


def _load(path: str, compile: bool = True):
    import axon

    if not os.path.exists(path):
        raise CommandError(f"no model file at {path}")
    if os.path.isdir(path):
        raise CommandError(f"{path} is a folder; give the model file in it (e.g. {os.path.join(path, 'model.axon')})")
    try:
        return axon.models.load_model(path, compile=compile)
    except (ValueError, OSError) as err:
        raise CommandError(_one_line(err)) from None


def recorded_dataset(model_path: str) -> str | None:
    """The dataset named in the run record (history.json) beside a model written by ``axon train``."""
    record = os.path.join(os.path.dirname(os.path.abspath(model_path)), "history.json")
    try:
        with open(record) as f:
            dataset = json.load(f).get("dataset")
    except (OSError, ValueError, AttributeError):
        return None
    return dataset if dataset in DATASETS else None


def cmd_evaluate(args) -> int:
    import axon

    axon.config.enable_malloc_tuning()
    model = _load(args.model)
    dataset = args.dataset or recorded_dataset(args.model) or "digits"
    _, (x_test, y_test) = load_dataset(dataset)
    try:
        result = model.evaluate(x_test, y_test, batch_size=256, verbose=0, return_dict=True)
    except ValueError as err:
        raise CommandError(f"cannot evaluate {args.model} on {dataset}: {_one_line(err)}") from None
    print(" - ".join(f"{k}: {v:.4f}" if isinstance(v, float) else f"{k}: {v}" for k, v in result.items())
          + f" ({len(x_test):,} {dataset} test images)")
    return 0


def cmd_summary(args) -> int:
    _load(args.model, compile=False).summary()
    return 0


def cmd_bench(args) -> int:
    return run_bench(args.rest)


def run_bench(argv: list[str]) -> int:
    """Hand the arguments to the benchmark in the source tree's bench/ folder."""
    sys.path.insert(0, os.getcwd())
    try:
        from bench.__main__ import main as bench_main
    except ImportError:
        raise CommandError("`axon bench` runs the benchmarks in the bench/ folder of the axon source tree: run it "
                           "from the repository root (or use `python -m bench`)") from None
    return bench_main(argv)


class _Parser(argparse.ArgumentParser):
    """argparse, with a mistake reported as one line (and the way to help) instead of the usage block."""

    def error(self, message):
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _number(kind, name: str, low=None, high=None, low_open=False, high_open=True):
    def parse(text):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{name} must be {'an integer' if kind is int else 'a number'}, "
                                             f"not {text!r}") from None
        too_low = low is not None and (value <= low if low_open else value < low)
        too_high = high is not None and (value >= high if high_open else value > high)
        if too_low or too_high or value != value:
            lo = "" if low is None else f"{'>' if low_open else '>='} {low}"
            hi = "" if high is None else f"{'<' if high_open else '<='} {high}"
            raise argparse.ArgumentTypeError(f"{name} must be {' and '.join(p for p in (lo, hi) if p)}, "
                                             f"not {text}")
        return value
    return parse


def _verbose(text):
    if text in ("auto", "0", "1", "2"):
        return text if text == "auto" else int(text)
    raise argparse.ArgumentTypeError(f"--verbose must be auto, 0, 1 or 2, not {text!r}")


def _formatter(prog):
    return argparse.RawDescriptionHelpFormatter(prog, max_help_position=32)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="axon", description="Train, evaluate and inspect axon models.", formatter_class=_formatter,
                epilog="examples:\n  axon train --epochs 5\n  axon evaluate runs/cnn-digits/model.axon\n\n"
                       "`axon` alone trains the default model; `axon COMMAND --help` explains each command.")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    train = sub.add_parser(
        "train", help="train a model on a dataset (default: a CNN on the 8x8 digits)", formatter_class=_formatter,
        description="Train a model, report its test accuracy and save model.axon, history.json and curves.png.",
        epilog="examples:\n  axon train\n  axon train --model lenet5 --dataset fashion_mnist --epochs 5 "
               "--out runs/lenet")
    train.add_argument("--model", choices=MODELS, default="cnn", help="the architecture (default: %(default)s)")
    train.add_argument("--dataset", choices=DATASETS, default="digits",
                       help="the data; digits needs scikit-learn, the others are downloaded once "
                            "(default: %(default)s)")
    train.add_argument("--epochs", type=_number(int, "--epochs", 1), default=30,
                       help="passes over the training data, at least 1 (default: %(default)s)")
    train.add_argument("--batch-size", type=_number(int, "--batch-size", 1), default=32,
                       help="samples per gradient step, at least 1 (default: %(default)s)")
    train.add_argument("--optimizer", default="adam",
                       help="adam, sgd, rmsprop, adamw, adagrad ... (default: %(default)s)")
    train.add_argument("--learning-rate", type=_number(float, "--learning-rate", 0, low_open=True), default=None,
                       help="the optimizer's step size, > 0 (default: the optimizer's own)")
    train.add_argument("--validation-split", type=_number(float, "--validation-split", 0, 1), default=0.1,
                       help="fraction of the training data held out to validate, in [0, 1) (default: %(default)s)")
    train.add_argument("--seed", type=int, default=0, help="seed of weights, shuffles and dropout "
                                                           "(default: %(default)s)")
    train.add_argument("--verbose", default="auto", type=_verbose,
                       help="0 silent, 1 progress bar, 2 one line per epoch (default: %(default)s: 1 on a terminal)")
    train.add_argument("--out", default=None, metavar="FOLDER",
                       help="folder for model.axon, history.json and curves.png (default: runs/MODEL-DATASET)")
    train.set_defaults(func=cmd_train)
    evaluate = sub.add_parser(
        "evaluate", help="evaluate a saved model on a dataset's test set", formatter_class=_formatter,
        description="Evaluate a saved model on a dataset's test set and print its loss and metrics.",
        epilog="examples:\n  axon evaluate runs/cnn-digits/model.axon\n"
               "  axon evaluate runs/lenet/model.axon --dataset fashion_mnist")
    evaluate.add_argument("model", help="the model file (model.axon written by axon train or model.save)")
    evaluate.add_argument("--dataset", choices=DATASETS, default=None,
                          help="the test data (default: the dataset recorded in history.json beside the model, "
                               "else digits)")
    evaluate.set_defaults(func=cmd_evaluate)
    summary = sub.add_parser(
        "summary", help="print the summary table of a saved model", formatter_class=_formatter,
        description="Print a saved model's layers, output shapes and parameter counts.",
        epilog="examples:\n  axon summary runs/cnn-digits/model.axon\n  axon summary my_model.axon")
    summary.add_argument("model", help="the model file")
    summary.set_defaults(func=cmd_summary)
    bench = sub.add_parser(
        "bench", help="run the axon vs PyTorch benchmark (from the source tree)", formatter_class=_formatter,
        description="Run the benchmarks in the source tree's bench/ folder (its own flags follow).",
        epilog="examples:\n  axon bench --quick\n  axon bench --help")
    bench.add_argument("rest", nargs=argparse.REMAINDER, help="the benchmark's own flags")
    bench.set_defaults(func=cmd_bench)
    return p


def main(argv=None) -> int:
    """Entry point of the ``axon`` console script: 0 on success, 2 on a user error
    (one line on stderr, no traceback)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help")):
        argv = ["train", *argv]  # `axon` alone, or `axon --epochs 5`, trains
    try:
        if argv[0] == "bench" and not {"-h", "--help"} & set(argv[1:2]):
            return run_bench(argv[1:])  # its flags (--quick ...) are the benchmark's own
        try:
            args = parser().parse_args(argv)
        except SystemExit as done:  # --help (0) or a bad flag (2, already reported)
            return done.code if isinstance(done.code, int) else USAGE_ERROR
        return args.func(args)
    except CommandError as err:
        sys.stderr.write(f"axon: error: {err}\n")
        return USAGE_ERROR


if __name__ == "__main__":
    sys.exit(main())
