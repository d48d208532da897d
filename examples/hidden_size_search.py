"""Choosing the size of a hidden layer on a validation set, then testing the winner once.

The classic recipe for one hyperparameter: hold out part of the training data
as a validation set, train one network per candidate size (100, 200 and 300
hidden units), keep the size with the best validation accuracy, retrain that
network on training + validation data, and only then measure it on the test
set, which played no part in the choice.

    python examples/hidden_size_search.py            # full run
    AXON_EXAMPLES_QUICK=1 python examples/hidden_size_search.py
"""

import os

import axon
from axon import layers, optimizers
from axon.model_selection import grid_search, holdout
from axon.models import Sequential

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
EPOCHS = 5 if QUICK else 30


def build(hidden_units: int) -> Sequential:
    """A one-hidden-layer network for the 8x8 digits."""
    model = Sequential([
        layers.Input(shape=(64,)),
        layers.Dense(hidden_units, activation="relu"),
        layers.Dense(10, activation="softmax"),
    ])
    model.compile(optimizer=optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def main() -> None:
    (x_train, y_train), (x_test, y_test) = axon.datasets.digits.load_data()
    x_train = x_train.reshape(len(x_train), -1) / 16.0
    x_test = x_test.reshape(len(x_test), -1) / 16.0
    (x_fit, y_fit), (x_val, y_val) = holdout(x_train, y_train, validation_fraction=0.2, stratify=True, seed=0)
    print(f"{len(x_fit)} training, {len(x_val)} validation and {len(x_test)} test images, {EPOCHS} epochs\n")

    search = grid_search(build, {"hidden_units": [100, 200, 300]}, x_fit, y_fit, validation_data=(x_val, y_val),
                         fit_kwargs={"epochs": EPOCHS, "batch_size": 32}, metric="val_accuracy", refit=True, seed=0)
    print()
    print(search)

    _, test_accuracy = search.best_model.evaluate(x_test, y_test, verbose=0)
    units = search.best_params["hidden_units"]
    print(f"\nChosen: {units} hidden units (validation accuracy {search.best_score:.4f}); "
          f"retrained on {len(x_train)} images, test accuracy {test_accuracy:.4f}")

    assert units in (100, 200, 300)
    assert test_accuracy > (0.85 if QUICK else 0.95), test_accuracy


if __name__ == "__main__":
    main()
