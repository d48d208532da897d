"""keras.io example "Timeseries classification from scratch"
(examples/timeseries/timeseries_classification_from_scratch), imports changed only,
on synthetic univariate series (two classes of noisy waves) in place of FordA."""

from __future__ import annotations

import numpy as np

from axon import keras


def _waves(n, length=96, seed=0):
    rng = np.random.default_rng(seed)
    t = np.linspace(0, 4 * np.pi, length)
    y = rng.choice([-1, 1], n)
    phase = rng.uniform(0, 2 * np.pi, (n, 1))
    smooth = np.sin(t + phase)
    sharp = np.sign(np.sin(t + phase))
    x = np.where(y[:, None] == 1, smooth, sharp) + 0.3 * rng.normal(size=(n, length))
    return x.astype("float32"), y


def make_model(input_shape, num_classes):
    input_layer = keras.layers.Input(input_shape)

    conv1 = keras.layers.Conv1D(filters=64, kernel_size=3, padding="same")(input_layer)
    conv1 = keras.layers.BatchNormalization()(conv1)
    conv1 = keras.layers.ReLU()(conv1)

    conv2 = keras.layers.Conv1D(filters=64, kernel_size=3, padding="same")(conv1)
    conv2 = keras.layers.BatchNormalization()(conv2)
    conv2 = keras.layers.ReLU()(conv2)

    conv3 = keras.layers.Conv1D(filters=64, kernel_size=3, padding="same")(conv2)
    conv3 = keras.layers.BatchNormalization()(conv3)
    conv3 = keras.layers.ReLU()(conv3)

    gap = keras.layers.GlobalAveragePooling1D()(conv3)

    output_layer = keras.layers.Dense(num_classes, activation="softmax")(gap)

    return keras.models.Model(inputs=input_layer, outputs=output_layer)


def test_timeseries_classification_from_scratch(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    x_train, y_train = _waves(256)
    x_test, y_test = _waves(128, seed=1)
    x_train = x_train.reshape((x_train.shape[0], x_train.shape[1], 1))
    x_test = x_test.reshape((x_test.shape[0], x_test.shape[1], 1))
    num_classes = len(np.unique(y_train))
    idx = np.random.permutation(len(x_train))
    x_train = x_train[idx]
    y_train = y_train[idx]
    y_train[y_train == -1] = 0
    y_test[y_test == -1] = 0

    model = make_model(input_shape=x_train.shape[1:], num_classes=num_classes)
    # conv 3*1*64+64, then 2 x (3*64*64+64); 3 batchnorms of 4*64; dense 64*2+2
    assert model.count_params() == 256 + 2 * 12_352 + 3 * 256 + 130 == 25_858
    assert len(model.non_trainable_weights) == 6 and model.output_shape == (None, 2)

    epochs = 4
    batch_size = 32
    callbacks = [
        keras.callbacks.ModelCheckpoint("best_model.keras", save_best_only=True, monitor="val_loss"),
        keras.callbacks.ReduceLROnPlateau(monitor="val_loss", factor=0.5, patience=20, min_lr=0.0001),
        keras.callbacks.EarlyStopping(monitor="val_loss", patience=50, verbose=1),
    ]
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["sparse_categorical_accuracy"])
    history = model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, callbacks=callbacks,
                        validation_split=0.2, verbose=0)
    assert history.history["loss"][-1] < history.history["loss"][0]

    model = keras.models.load_model("best_model.keras")
    test_loss, test_acc = model.evaluate(x_test, y_test, verbose=0)
    assert test_acc > 0.6
    # the checkpoint holds the epoch with the lowest val_loss (the last 20% of the training arrays)
    best_val_loss = model.evaluate(x_train[204:], y_train[204:], verbose=0)[0]
    assert abs(best_val_loss - min(history.history["val_loss"])) < 1e-4
