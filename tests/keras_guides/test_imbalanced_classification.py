"""keras.io example "Imbalanced classification: credit card fraud detection"
(examples/structured_data/imbalanced_classification), imports changed only, on a
synthetic table shaped like the Kaggle one (30 features, about 2% positives)."""

from __future__ import annotations

import numpy as np

from axon import keras


def _fraud_table(n=3000, seed=0):
    rng = np.random.default_rng(seed)
    targets = (rng.random((n, 1)) < 0.02).astype("uint8")
    features = rng.normal(size=(n, 30)).astype("float32")
    features[:, :4] += 2.5 * targets  # frauds differ in a few columns
    features[:, 29] = rng.exponential(80.0, n)  # the "Amount" column, on its own scale
    return features, targets


def test_imbalanced_classification(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    features, targets = _fraud_table()
    num_val_samples = int(len(features) * 0.2)
    train_features = features[:-num_val_samples]
    train_targets = targets[:-num_val_samples]
    val_features = features[-num_val_samples:]
    val_targets = targets[-num_val_samples:]

    counts = np.bincount(train_targets[:, 0])
    weight_for_0 = 1.0 / counts[0]
    weight_for_1 = 1.0 / counts[1]

    mean = np.mean(train_features, axis=0)
    train_features -= mean
    val_features -= mean
    std = np.std(train_features, axis=0)
    train_features /= std
    val_features /= std

    model = keras.Sequential(
        [
            keras.Input(shape=train_features.shape[1:]),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(256, activation="relu"),
            keras.layers.Dropout(0.3),
            keras.layers.Dense(1, activation="sigmoid"),
        ]
    )
    assert model.count_params() == (30 * 256 + 256) + 2 * (256 * 256 + 256) + 257 == 139_777

    metrics = [
        keras.metrics.FalseNegatives(name="fn"),
        keras.metrics.FalsePositives(name="fp"),
        keras.metrics.TrueNegatives(name="tn"),
        keras.metrics.TruePositives(name="tp"),
        keras.metrics.Precision(name="precision"),
        keras.metrics.Recall(name="recall"),
    ]
    model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="binary_crossentropy", metrics=metrics)
    callbacks = [keras.callbacks.ModelCheckpoint("fraud_model_at_epoch_{epoch}.keras")]
    class_weight = {0: weight_for_0, 1: weight_for_1}
    history = model.fit(
        train_features,
        train_targets,
        batch_size=2048,
        epochs=3,
        verbose=0,
        callbacks=callbacks,
        validation_data=(val_features, val_targets),
        class_weight=class_weight,
    ).history

    assert sorted(p.name for p in tmp_path.glob("fraud_model_at_epoch_*.keras")) == [
        "fraud_model_at_epoch_1.keras", "fraud_model_at_epoch_2.keras", "fraud_model_at_epoch_3.keras"]
    last = {k: v[-1] for k, v in history.items()}
    assert last["val_fn"] + last["val_fp"] + last["val_tn"] + last["val_tp"] == num_val_samples
    assert last["val_fn"] + last["val_tp"] == float(val_targets.sum())
    predicted = model.predict(val_features, verbose=0) > 0.5
    assert last["val_tp"] == float(np.sum(predicted & (val_targets == 1)))
    assert last["val_recall"] == last["val_tp"] / (last["val_tp"] + last["val_fn"])
    assert last["val_recall"] > 0.5  # class weights make the rare class count
