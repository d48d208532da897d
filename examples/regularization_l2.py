"""L2 weight decay against overfitting: the same network with and without it.

A wide network trained on a few hundred Fashion-MNIST images learns its
training set by heart: its training loss goes to almost zero while the
validation loss stays high. An L2 penalty ``l2 * sum(w^2)`` added to the loss
for each kernel keeps the weights small, and the gap between the training and
the validation loss shrinks.

Run:  python examples/regularization_l2.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon.keras import layers, models, regularizers

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
SAMPLES, EPOCHS = (500, 30) if QUICK else (1000, 60)


def data_loss(model, x, y):
    """The cross-entropy alone (evaluate() would add the L2 penalty to it)."""
    p = model.predict(x, verbose=0)
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-7, 1)).mean())


def train(penalty):
    axon.random.set_seed(0)
    model = models.Sequential([
        layers.Input(shape=(784,)),
        layers.Dense(256, activation="relu", kernel_regularizer=penalty),
        layers.Dense(256, activation="relu", kernel_regularizer=penalty),
        layers.Dense(10, activation="softmax", kernel_regularizer=penalty),
    ])
    model.compile(optimizer=axon.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
    accuracy = float((model.predict(x_val, verbose=0).argmax(axis=1) == y_val).mean())
    return data_loss(model, x_train, y_train), data_loss(model, x_val, y_val), accuracy


(x_all, y_all), (x_test, y_test) = axon.datasets.fashion_mnist.load_data()
x_train, y_train = x_all[:SAMPLES].reshape(-1, 784) / 255.0, y_all[:SAMPLES]
x_val, y_val = x_test[:2000].reshape(-1, 784) / 255.0, y_test[:2000]

results = {"no penalty": train(None), "L2(0.003)": train(regularizers.L2(0.003))}
print(f"{'model':<12}{'train loss':>12}{'val loss':>10}{'gap':>8}{'val acc':>9}")
for name, (train_loss, val_loss, accuracy) in results.items():
    print(f"{name:<12}{train_loss:>12.4f}{val_loss:>10.4f}{val_loss - train_loss:>8.4f}{accuracy:>9.3f}")

gap_plain = results["no penalty"][1] - results["no penalty"][0]
gap_l2 = results["L2(0.003)"][1] - results["L2(0.003)"][0]
assert gap_l2 < 0.9 * gap_plain, "L2 should narrow the gap between training and validation loss"
print(f"L2 narrowed the train/validation gap from {gap_plain:.3f} to {gap_l2:.3f}.")
