"""Multi-label classification: several yes/no answers per image.

Each digit gets three labels at once: is it even? is it 5 or more? is it
prime? Unlike a softmax, which picks one class out of many, the output layer
has one sigmoid unit per label, each an independent probability, trained with
``binary_crossentropy``. With that loss, ``metrics=['accuracy']`` means binary
accuracy: the fraction of the (sample, label) answers that are right at the
0.5 threshold.

Run:  python examples/multilabel.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon.keras import layers, models

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
EPOCHS = 15 if QUICK else 40
LABELS = ["even", ">= 5", "prime"]


def tags(digits):
    """The three yes/no labels of each digit, as a (n, 3) array of 0/1."""
    return np.stack([digits % 2 == 0, digits >= 5, np.isin(digits, [2, 3, 5, 7])], axis=1).astype("float32")


(x_train, d_train), (x_test, d_test) = axon.datasets.digits.load_data()
x_train, x_test = x_train.reshape(-1, 64) / 16.0, x_test.reshape(-1, 64) / 16.0
y_train, y_test = tags(d_train), tags(d_test)

axon.random.set_seed(0)
model = models.Sequential([
    layers.Input(shape=(64,)),
    layers.Dense(64, activation="relu"),
    layers.Dense(len(LABELS), activation="sigmoid"),  # one independent probability per label
])
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, verbose=0)

loss, accuracy = model.evaluate(x_test, y_test, verbose=0)
probabilities = model.predict(x_test, verbose=0)
answers = probabilities > 0.5
by_hand = float((answers == y_test.astype(bool)).mean())
print(f"test loss {loss:.4f}, binary accuracy {accuracy:.4f} (by hand: {by_hand:.4f})")
for k, name in enumerate(LABELS):
    print(f"  {name:<6} accuracy {(answers[:, k] == y_test[:, k].astype(bool)).mean():.3f}")
for i in range(3):
    said = [name for name, on in zip(LABELS, answers[i]) if on]
    print(f"digit {d_test[i]}: {np.round(probabilities[i], 2)} -> {said}")

assert abs(accuracy - by_hand) < 1e-6, "'accuracy' with binary_crossentropy is the binary accuracy"
assert accuracy > 0.9
