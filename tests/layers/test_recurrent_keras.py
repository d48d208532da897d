"""Recurrent layers against real Keras 3 (one reference run for the module): the same
weights give the same outputs and states, with masks, go_backwards, return_state
and Bidirectional's merge modes."""

import numpy as np
import pytest

import axon
from axon import layers
from tests.reference import run_reference

CASES = {
    "simple_rnn": ("SimpleRNN(4, return_sequences=True, return_state=True)", layers.SimpleRNN,
                   dict(units=4, return_sequences=True, return_state=True)),
    "lstm": ("LSTM(4, return_sequences=True, return_state=True, go_backwards=True)", layers.LSTM,
             dict(units=4, return_sequences=True, return_state=True, go_backwards=True)),
    "gru": ("GRU(4, return_state=True)", layers.GRU, dict(units=4, return_state=True)),
    "gru_before": ("GRU(4, reset_after=False, return_sequences=True, go_backwards=True)", layers.GRU,
                   dict(units=4, reset_after=False, return_sequences=True, go_backwards=True)),
}
MERGES = ["concat", "sum", "mul", "ave", None]

SCRIPT = """
import keras
from keras import layers
x, mask = inputs["x"], inputs["mask"].astype(bool)
for key, spec in CASES.items():
    layer = eval("layers." + spec)
    layer.build((None,) + x.shape[1:])
    n = len(layer.get_weights())
    layer.set_weights([inputs[f"{key}_w{i}"] for i in range(n)])
    for masked in (0, 1):
        out = layer(x, mask=mask if masked else None)
        out = out if isinstance(out, (list, tuple)) else [out]
        for i, o in enumerate(out):
            outputs[f"{key}_{masked}_{i}"] = keras.ops.convert_to_numpy(o)
for j, mode in enumerate(MERGES):
    bi = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode=mode)
    bi.build((None,) + x.shape[1:])
    bi.set_weights([inputs[f"bi_w{i}"] for i in range(6)])
    out = bi(x, mask=mask)
    out = out if isinstance(out, (list, tuple)) else [out]
    for i, o in enumerate(out):
        outputs[f"bi_{j}_{i}"] = keras.ops.convert_to_numpy(o)
bi = layers.Bidirectional(layers.GRU(3, return_state=True))
res = bi(x)
outputs["bi_state_shapes"] = np.array([list(r.shape) for r in res])
"""


@pytest.fixture(scope="module")
def reference():
    gen = np.random.default_rng(0)
    x = gen.standard_normal((3, 5, 2)).astype(np.float32)
    mask = np.ones((3, 5), bool)
    mask[0, :2] = False
    mask[1, 3:] = False
    mask[2, 2] = False
    arrays = {"x": x, "mask": mask.astype(np.int8)}
    made = {}
    for key, (_, cls, kwargs) in CASES.items():
        layer = cls(**kwargs, bias_initializer="random_normal")
        layer(x)
        made[key] = layer
        for i, w in enumerate(layer.get_weights()):
            arrays[f"{key}_w{i}"] = w
    bi = layers.Bidirectional(layers.LSTM(3, return_sequences=True, bias_initializer="random_normal"))
    bi(x)
    for i, w in enumerate(bi.get_weights()):
        arrays[f"bi_w{i}"] = w
    script = f"CASES = {{k: v[0] for k, v in {dict((k, (v[0],)) for k, v in CASES.items())!r}.items()}}\n" \
             f"MERGES = {MERGES!r}\n" + SCRIPT
    return run_reference("keras", script, **arrays), made, bi, x, mask


@pytest.mark.parametrize("key", list(CASES))
@pytest.mark.parametrize("masked", [0, 1])
def test_layer_matches_keras(reference, key, masked):
    ref, made, _, x, mask = reference
    out = made[key](x, mask=mask if masked else None)
    out = out if isinstance(out, list) else [out]
    for i, o in enumerate(out):
        np.testing.assert_allclose(o.numpy(), ref[f"{key}_{masked}_{i}"], rtol=1e-5, atol=1e-5, err_msg=f"{key} {i}")


@pytest.mark.parametrize("j,mode", list(enumerate(MERGES)))
def test_bidirectional_matches_keras(reference, j, mode):
    ref, _, bi, x, mask = reference
    other = layers.Bidirectional(layers.LSTM(3, return_sequences=True), merge_mode=mode)
    other(x)
    other.set_weights(bi.get_weights())
    out = other(axon.Tensor(x), mask=mask)
    out = out if isinstance(out, list) else [out]
    for i, o in enumerate(out):
        np.testing.assert_allclose(o.numpy(), ref[f"bi_{j}_{i}"], rtol=1e-5, atol=1e-5)


def test_bidirectional_state_shapes(reference):
    ref, _, _, x, _ = reference
    res = layers.Bidirectional(layers.GRU(3, return_state=True))(x)
    assert [list(r.shape) for r in res] == ref["bi_state_shapes"].tolist()
