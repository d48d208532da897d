"""Early stopping: stop when the validation loss stops improving, keep the best weights.

Trained long enough on a small set, a network starts to overfit: the
training loss keeps falling while the validation loss turns back up.
``EarlyStopping(monitor='val_loss', patience=3, restore_best_weights=True)``
stops a few epochs after the best validation loss and puts the weights of
that best epoch back into the model.

Run:  python examples/early_stopping.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon.keras import callbacks, layers, models

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
SAMPLES = 500 if QUICK else 2000
MAX_EPOCHS = 100

(x_all, y_all), (x_test, y_test) = axon.datasets.fashion_mnist.load_data()
x_train, y_train = x_all[:SAMPLES].reshape(-1, 784) / 255.0, y_all[:SAMPLES]
x_val, y_val = x_test[:2000].reshape(-1, 784) / 255.0, y_test[:2000]

axon.random.set_seed(0)
model = models.Sequential([
    layers.Input(shape=(784,)),
    layers.Dense(256, activation="relu"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer=axon.optimizers.Adam(1e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
stop = callbacks.EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=MAX_EPOCHS, batch_size=32,
                    callbacks=[stop], verbose=0)

val_losses = history.history["val_loss"]
best = int(np.argmin(val_losses))
for epoch, (loss, val_loss) in enumerate(zip(history.history["loss"], val_losses)):
    mark = "  <- best" if epoch == best else ""
    print(f"epoch {epoch + 1:3d}  loss {loss:.4f}  val_loss {val_loss:.4f}{mark}")
print(f"stopped after {len(val_losses)} of {MAX_EPOCHS} epochs; best epoch {best + 1}")

restored = model.evaluate(x_val, y_val, verbose=0)[0]
print(f"validation loss of the restored model {restored:.4f} (best seen {val_losses[best]:.4f}, "
      f"last epoch {val_losses[-1]:.4f})")
assert len(val_losses) < MAX_EPOCHS, "training should stop early"
assert len(val_losses) == best + 1 + stop.patience, "it stops `patience` epochs after the best one"
assert abs(restored - val_losses[best]) < 1e-4, "the best epoch's weights should be restored"
