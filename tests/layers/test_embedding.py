"""Embedding and Keras's masks: the lookup and its gradient against PyTorch, masks
through Sequential and functional models, Masking, GlobalAveragePooling1D and the
losses, against real Keras 3 (one reference run), and bad ids."""

import numpy as np
import pytest

import axon
from axon import layers
from axon.ops.indexing import GatherRows
from axon.utils import gradient_check
from tests.reference import run_reference

IDS = np.array([[3, 1, 4, 1, 0, 0], [0, 0, 2, 7, 1, 8], [9, 2, 6, 5, 3, 5]])


def test_lookup_and_gradient_against_pytorch():
    torch = pytest.importorskip("torch")
    layer = layers.Embedding(10, 4)
    out = layer(IDS)
    table = layer.get_weights()[0]
    ref = torch.nn.Embedding(10, 4)
    with torch.no_grad():
        ref.weight.copy_(torch.tensor(table))
    expected = ref(torch.tensor(IDS))
    np.testing.assert_allclose(out.numpy(), expected.detach().numpy(), rtol=1e-6)
    w = np.random.default_rng(0).standard_normal(out.shape).astype(np.float32)
    (out * axon.Tensor(w)).sum().backward()
    (expected * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(layer.embeddings.grad.numpy(), ref.weight.grad.numpy(), rtol=1e-5, atol=1e-6)


def test_gradient_finite_differences_with_repeated_ids():
    table = np.random.default_rng(1).standard_normal((10, 3))
    assert gradient_check(lambda t: GatherRows.apply(t, rows=IDS), [table]) < 1e-6


def test_bad_ids_and_ragged_lists():
    layer = layers.Embedding(10, 2, name="tokens")
    with pytest.raises(ValueError, match=r"'tokens' \(Embedding\): id 12 is out of range.*\[0, 10\)"):
        layer(np.array([[1, 12]]))
    with pytest.raises(ValueError, match=r"id -1 is out of range"):
        layer(np.array([[1, -1]]))
    with pytest.raises(ValueError, match="pad_sequences"):
        layer([[1, 2, 3], [4]])
    with pytest.raises(ValueError, match="input_dim"):
        layers.Embedding(0, 3)


def test_mask_zero_and_training():
    model = axon.keras.Sequential([layers.Embedding(20, 8, mask_zero=True), layers.LSTM(8),
                                   layers.Dense(1, activation="sigmoid")])
    gen = np.random.default_rng(2)
    lengths = gen.integers(1, 7, 64)
    x = np.where(np.arange(6)[None] < lengths[:, None], gen.integers(1, 20, (64, 6)), 0)
    y = (x == 3).any(axis=1).astype(np.float32)
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    hist = model.fit(x, y, epochs=8, batch_size=16, verbose=0)
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    # padding more zeros at the end changes nothing: the masked steps are skipped
    padded = np.concatenate([x, np.zeros((64, 3), int)], axis=1)
    np.testing.assert_allclose(model(padded).numpy(), model(x).numpy(), rtol=1e-5, atol=1e-6)


SCRIPT = """
import keras
from keras import layers
from keras.src.backend import get_keras_mask
ids, feats, y = inputs["ids"], inputs["feats"], inputs["y"]
emb = layers.Embedding(10, 3, mask_zero=True)
emb.build((None, 6))
emb.set_weights([inputs["emb"]])
lstm = layers.LSTM(4, return_sequences=True)
seq = keras.Sequential([keras.Input((6,), dtype="int32"), emb, lstm, layers.Dense(2)])
lstm.set_weights([inputs[f"lstm{i}"] for i in range(3)])
seq.layers[-1].set_weights([inputs["d0"], inputs["d1"]])
out = seq(ids)
outputs["seq"] = keras.ops.convert_to_numpy(out)
outputs["seq_mask"] = keras.ops.convert_to_numpy(get_keras_mask(out))
outputs["mse"] = keras.ops.convert_to_numpy(keras.losses.MeanSquaredError()(y, out))
metric = keras.metrics.MeanAbsoluteError()
metric.update_state(y, out)
outputs["mae_metric"] = keras.ops.convert_to_numpy(metric.result())
outputs["gap"] = keras.ops.convert_to_numpy(layers.GlobalAveragePooling1D()(emb(ids)))
masking = layers.Masking(mask_value=0.0)
m = masking(feats)
outputs["masking"] = keras.ops.convert_to_numpy(m)
outputs["masking_mask"] = keras.ops.convert_to_numpy(get_keras_mask(m))
last = layers.GRU(3, return_state=True)
last.build((None, 6, 2))
last.set_weights([inputs[f"gru{i}"] for i in range(3)])
res = last(m)
outputs["gru_masks"] = np.array([get_keras_mask(r) is None for r in res])
outputs["gru_out"] = keras.ops.convert_to_numpy(res[0])
inp = keras.Input((6,), dtype="int32")
e = emb(inp)
f = layers.Dense(3)(e)
added = layers.Add()([e, f])
model = keras.Model(inp, layers.LSTM(2, return_sequences=True)(added))
outputs["functional_mask"] = keras.ops.convert_to_numpy(get_keras_mask(model(ids)))
"""


def test_masks_match_keras():
    gen = np.random.default_rng(3)
    axon.random.set_seed(3)
    emb = layers.Embedding(10, 3, mask_zero=True)
    lstm = layers.LSTM(4, return_sequences=True, bias_initializer="random_normal")
    dense = layers.Dense(2)
    seq = axon.keras.Sequential([axon.keras.Input((6,), dtype="int32"), emb, lstm, dense])
    feats = gen.standard_normal((3, 6, 2)).astype(np.float32)
    feats[0, 1] = 0.0
    feats[2, 4:] = 0.0
    y = gen.standard_normal((3, 6, 2)).astype(np.float32)
    gru = layers.GRU(3, return_state=True)
    gru(feats)
    arrays = {"ids": IDS.astype(np.int32), "feats": feats, "y": y, "emb": emb.get_weights()[0],
              "d0": dense.get_weights()[0], "d1": dense.get_weights()[1]}
    arrays.update({f"lstm{i}": w for i, w in enumerate(lstm.get_weights())})
    arrays.update({f"gru{i}": w for i, w in enumerate(gru.get_weights())})
    ref = run_reference("keras", SCRIPT, **arrays)

    out = seq(IDS)
    np.testing.assert_allclose(out.numpy(), ref["seq"], rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(out._keras_mask, ref["seq_mask"])
    np.testing.assert_allclose(axon.losses.MeanSquaredError()(y, out).numpy(), ref["mse"], rtol=1e-5)
    metric = axon.metrics.MeanAbsoluteError()
    metric.update_state(y, out)
    np.testing.assert_allclose(metric.result().numpy(), ref["mae_metric"], rtol=1e-5)
    np.testing.assert_allclose(layers.GlobalAveragePooling1D()(emb(IDS)).numpy(), ref["gap"], rtol=1e-5, atol=1e-7)
    m = layers.Masking(0.0)(feats)
    np.testing.assert_allclose(m.numpy(), ref["masking"])
    np.testing.assert_array_equal(m._keras_mask, ref["masking_mask"])
    res = gru(m)
    assert [getattr(r, "_keras_mask", None) is None for r in res] == ref["gru_masks"].tolist()
    np.testing.assert_allclose(res[0].numpy(), ref["gru_out"], rtol=1e-5, atol=1e-6)
    inp = axon.keras.Input((6,), dtype="int32")
    e = emb(inp)
    added = layers.Add()([e, layers.Dense(3)(e)])
    model = axon.keras.Model(inp, layers.LSTM(2, return_sequences=True)(added))
    np.testing.assert_array_equal(model(IDS)._keras_mask, ref["functional_mask"])


def test_ragged_lists_to_fit_point_to_pad_sequences():
    model = axon.keras.Sequential([layers.Embedding(10, 4), layers.LSTM(2), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="pad_sequences"):
        model.fit([[1, 2, 3], [4], [5, 6]], np.zeros(3), verbose=0)
