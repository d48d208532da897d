"""Dropout: randomly silencing units while training, to stop co-adaptation.

``Dropout(0.5)`` zeroes half of its inputs at random in every training step
and doubles the others (so the expected sum is unchanged); at inference it
does nothing. The network cannot rely on any single unit, which works like
training an ensemble of thinned networks: on a small training set the gap
between training and validation loss shrinks.

Run:  python examples/dropout.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon.keras import layers, models

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
SAMPLES, EPOCHS = (500, 30) if QUICK else (1000, 60)


def data_loss(model, x, y):
    p = model.predict(x, verbose=0)  # predict() runs in inference mode: no dropout
    return float(-np.log(np.clip(p[np.arange(len(y)), y], 1e-7, 1)).mean())


def train(rate):
    axon.random.set_seed(0)
    stack = [layers.Input(shape=(784,))]
    for _ in range(2):
        stack.append(layers.Dense(256, activation="relu"))
        if rate:
            stack.append(layers.Dropout(rate))
    stack.append(layers.Dense(10, activation="softmax"))
    model = models.Sequential(stack)
    model.compile(optimizer=axon.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)
    accuracy = float((model.predict(x_val, verbose=0).argmax(axis=1) == y_val).mean())
    return data_loss(model, x_train, y_train), data_loss(model, x_val, y_val), accuracy


# What the layer does: training mode drops and rescales, inference mode is the identity.
drop = layers.Dropout(0.5)
ones = np.ones((1, 10), dtype="float32")
print("training :", drop(ones, training=True).numpy()[0])
print("inference:", drop(ones, training=False).numpy()[0])

(x_all, y_all), (x_test, y_test) = axon.datasets.fashion_mnist.load_data()
x_train, y_train = x_all[:SAMPLES].reshape(-1, 784) / 255.0, y_all[:SAMPLES]
x_val, y_val = x_test[:2000].reshape(-1, 784) / 255.0, y_test[:2000]

results = {"no dropout": train(0.0), "Dropout(0.5)": train(0.5)}
print(f"{'model':<13}{'train loss':>11}{'val loss':>10}{'gap':>8}{'val acc':>9}")
for name, (train_loss, val_loss, accuracy) in results.items():
    print(f"{name:<13}{train_loss:>11.4f}{val_loss:>10.4f}{val_loss - train_loss:>8.4f}{accuracy:>9.3f}")

gap_plain = results["no dropout"][1] - results["no dropout"][0]
gap_drop = results["Dropout(0.5)"][1] - results["Dropout(0.5)"][0]
assert gap_drop < 0.8 * gap_plain, "dropout should narrow the gap between training and validation loss"
print(f"Dropout narrowed the train/validation gap from {gap_plain:.3f} to {gap_drop:.3f}.")
