"""Transfer learning: reuse a trained convolutional base on a new task.

1. Train a small CNN to tell the digits 0-4 apart (the source task).
2. Freeze its convolutional base (``base.trainable = False``), put a new
   classification head on it and train only the head on a *different* task,
   the digits 5-9, from a small number of examples.
3. Check that the frozen weights did not move, and compare with the same
   head trained on a frozen *random* base: the learned features are what helps.

Run:  python examples/transfer_learning.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon.keras import layers, models
from axon.layers.conv import Conv2D
from axon.layers.pooling import MaxPooling2D

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
SOURCE_EPOCHS, TARGET_EPOCHS, FEW = (10, 100, 50) if QUICK else (30, 150, 50)

(x_train, y_train), (x_test, y_test) = axon.datasets.digits.load_data()
x_train, x_test = x_train[..., None] / 16.0, x_test[..., None] / 16.0
source = y_train < 5, y_test < 5
target = y_train >= 5, y_test >= 5


def conv_base():
    return models.Sequential([
        layers.Input(shape=(8, 8, 1)),
        Conv2D(16, 3, padding="same", activation="relu"),
        MaxPooling2D(2),
        Conv2D(32, 3, padding="same", activation="relu"),
        layers.Flatten(),
    ], name="conv_base")


def with_head(base, name):
    inputs = layers.Input(shape=(8, 8, 1))
    features = base(inputs, training=False)
    outputs = layers.Dense(5, activation="softmax", name=f"{name}_head")(features)
    model = models.Model(inputs, outputs, name=name)
    model.compile(optimizer=axon.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    return model


# 1. The source task: digits 0-4, all of the training set.
axon.random.set_seed(0)
base = conv_base()
source_model = with_head(base, "source")
source_model.fit(x_train[source[0]], y_train[source[0]], epochs=SOURCE_EPOCHS, verbose=0)
_, source_acc = source_model.evaluate(x_test[source[1]], y_test[source[1]], verbose=0)
print(f"source task (digits 0-4): test accuracy {source_acc:.3f}")

# 2. The target task: digits 5-9 (labels 0-4 again), only FEW training images.
x_few, y_few = x_train[target[0]][:FEW], y_train[target[0]][:FEW] - 5
x_new, y_new = x_test[target[1]], y_test[target[1]] - 5

base.trainable = False
frozen_before = [w.copy() for w in base.get_weights()]
transfer_model = with_head(base, "transfer")
print(f"trainable weights: {[w.name for w in transfer_model.trainable_weights]} "
      f"({sum(w.size for w in transfer_model.trainable_weights)} numbers; the base's "
      f"{sum(w.size for w in base.weights)} are frozen)")
transfer_model.fit(x_few, y_few, epochs=TARGET_EPOCHS, batch_size=FEW, verbose=0)
_, transfer_acc = transfer_model.evaluate(x_new, y_new, verbose=0)

# 3. The frozen weights are untouched; compare with the same head on random features.
unchanged = all(np.array_equal(a, b) for a, b in zip(frozen_before, base.get_weights()))
axon.random.set_seed(0)
random_base = conv_base()
random_base.trainable = False
random_model = with_head(random_base, "random_features")
random_model.fit(x_few, y_few, epochs=TARGET_EPOCHS, batch_size=FEW, verbose=0)
_, random_acc = random_model.evaluate(x_new, y_new, verbose=0)

print(f"target task (digits 5-9) from {FEW} images: new head on the trained base {transfer_acc:.3f}, "
      f"on a random frozen base {random_acc:.3f}")
print(f"frozen base weights unchanged: {unchanged}")
assert unchanged, "a frozen layer's weights must not change during training"
assert len(transfer_model.trainable_weights) == 2, "only the new head (kernel, bias) should train"
assert transfer_acc > 0.85, "features learned on 0-4 should carry over to 5-9"
assert transfer_acc > random_acc, "trained features should beat random ones"
