"""SimpleRNN, LSTM, GRU and RNN(cell): against PyTorch (outputs, final states and
every gradient, gate orders mapped), the step-by-step graph path against the
fused op, Keras's layer behaviour, and bad input."""

import numpy as np
import pytest

import axon
from axon import layers
from tests.layers.harness import check_layer

torch = pytest.importorskip("torch")


def _grads(layer, x, h0=None, seed=0):
    """Outputs, final states and gradients of sum(out * R) for an axon layer (return_sequences, return_state)."""
    xt = axon.Tensor(x, requires_grad=True)
    states = None if h0 is None else [axon.Tensor(s, requires_grad=True) for s in h0]
    res = layer(xt, initial_state=states) if states is not None else layer(xt)
    out, *final = res
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(t.shape).astype(np.float32) for t in res]
    total = sum((t * axon.Tensor(w)).sum() for t, w in zip(res, weights))
    total.backward()
    grads = [xt.grad.numpy()] + [w.grad.numpy() for w in layer.trainable_weights]
    if states is not None:
        grads += [s.grad.numpy() for s in states]
    return [out.numpy()] + [f.numpy() for f in final], grads, weights


def _torch_module(kind, layer, d, u):
    w, r, b = [torch.tensor(a) for a in layer.get_weights()]
    if kind == "lstm":
        mod = torch.nn.LSTM(d, u, batch_first=True)
        perm = torch.arange(4 * u)  # Keras i,f,c,o == PyTorch i,f,g,o
        b_ih, b_hh = b, torch.zeros_like(b)
    elif kind == "gru":
        mod = torch.nn.GRU(d, u, batch_first=True)
        perm = torch.cat([torch.arange(u, 2 * u), torch.arange(u), torch.arange(2 * u, 3 * u)])  # r,z,n from z,r,h
        b_ih, b_hh = b[0], b[1]
    else:
        mod = torch.nn.RNN(d, u, batch_first=True)
        perm = torch.arange(u)
        b_ih, b_hh = b, torch.zeros_like(b)
    with torch.no_grad():
        mod.weight_ih_l0.copy_(w.T[perm])
        mod.weight_hh_l0.copy_(r.T[perm])
        mod.bias_ih_l0.copy_(b_ih[perm])
        mod.bias_hh_l0.copy_(b_hh[perm])
    return mod, perm


@pytest.mark.parametrize("kind,cls", [("simple_rnn", layers.SimpleRNN), ("lstm", layers.LSTM), ("gru", layers.GRU)])
def test_against_pytorch(kind, cls):
    gen = np.random.default_rng(0)
    bsz, steps, d, u = 3, 6, 5, 4
    x = gen.standard_normal((bsz, steps, d)).astype(np.float32)
    n_states = 2 if kind == "lstm" else 1
    h0 = [gen.standard_normal((bsz, u)).astype(np.float32) for _ in range(n_states)]
    axon.random.set_seed(0)
    layer = cls(u, return_sequences=True, return_state=True, bias_initializer="random_normal")
    layer(x[:1])
    outs, grads, weights = _grads(layer, x, h0)

    mod, perm = _torch_module(kind, layer, d, u)
    xt = torch.tensor(x, requires_grad=True)
    st = [torch.tensor(s[None], requires_grad=True) for s in h0]
    y, final = mod(xt, tuple(st) if kind == "lstm" else st[0])
    final = list(final) if kind == "lstm" else [final]
    ref = [y] + [f[0] for f in final]
    for a, t in zip(outs, ref):
        np.testing.assert_allclose(a, t.detach().numpy(), rtol=1e-5, atol=1e-5)
    total = sum((t * torch.tensor(w)).sum() for t, w in zip(ref, weights))
    total.backward()
    inv = torch.argsort(perm)
    gw = mod.weight_ih_l0.grad.T[:, inv].numpy()
    gr = mod.weight_hh_l0.grad.T[:, inv].numpy()
    gbi, gbh = mod.bias_ih_l0.grad[inv].numpy(), mod.bias_hh_l0.grad[inv].numpy()
    gb = np.stack([gbi, gbh]) if kind == "gru" else gbi
    expected = [xt.grad.numpy(), gw, gr, gb] + [s.grad[0].numpy() for s in st]
    for name, a, e in zip(["x", "kernel", "recurrent_kernel", "bias", "h0", "c0"], grads, expected):
        np.testing.assert_allclose(a, e, rtol=1e-4, atol=1e-5, err_msg=name)


@pytest.mark.parametrize("cell_cls", [layers.SimpleRNNCell, layers.LSTMCell, layers.GRUCell])
@pytest.mark.parametrize("opts", [dict(), dict(go_backwards=True, return_sequences=True)])
def test_graph_path_matches_fused(cell_cls, opts):
    """The step-by-step path (a cell the fused op does not know) gives the fused op's values and gradients."""
    gen = np.random.default_rng(1)
    x = gen.standard_normal((2, 5, 3))
    mask = np.array([[True, True, False, True, True], [False, True, True, True, False]])
    axon.random.set_seed(1)
    fused = layers.RNN(cell_cls(4, dtype="float64", bias_initializer="random_normal"), dtype="float64", **opts)
    stepped = layers.RNN(layers.StackedRNNCells([cell_cls(4, dtype="float64")], dtype="float64"), dtype="float64",
                         **opts)
    fused(x)
    stepped(x)
    stepped.set_weights(fused.get_weights())
    results = []
    for layer in (fused, stepped):
        xt = axon.Tensor(x, requires_grad=True)
        out = layer(xt, mask=mask)
        (out * out).sum().backward()
        results.append([out.numpy(), xt.grad.numpy()] + [w.grad.numpy() for w in layer.trainable_weights])
    for a, b in zip(*results):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("make,params", [
    (lambda **kw: layers.SimpleRNN(3, **kw), 4 * 3 + 3 * 3 + 3),
    (lambda **kw: layers.LSTM(3, return_sequences=True, **kw), 4 * 12 + 3 * 12 + 12),
    (lambda **kw: layers.GRU(3, go_backwards=True, **kw), 4 * 9 + 3 * 9 + 18),
    (lambda **kw: layers.GRU(3, reset_after=False, activation="relu", **kw), 4 * 9 + 3 * 9 + 9),
])
def test_harness(make, params):
    seq = make(dtype="float64").return_sequences
    check_layer(make, input_shape=(2, 5, 4), output_shape=(2, 5, 3) if seq else (2, 3), params=params)


def test_user_written_cell_and_stacked_cells():
    class MinimalRNNCell(layers.Layer):
        def __init__(self, units, **kwargs):
            super().__init__(**kwargs)
            self.units = units
            self.state_size = units

        def build(self, input_shape):
            self.kernel = self.add_weight(shape=(input_shape[-1], self.units), name="kernel")
            self.recurrent_kernel = self.add_weight(shape=(self.units, self.units), name="recurrent_kernel")

        def call(self, inputs, states):
            prev = states[0]
            out = axon.matmul(inputs, self.kernel) + axon.matmul(prev, self.recurrent_kernel)
            return out, [out]

    x = np.random.default_rng(2).standard_normal((2, 4, 3)).astype(np.float32)
    layer = layers.RNN(MinimalRNNCell(5), return_sequences=True)
    out = layer(x)
    k, r = layer.get_weights()
    h = np.zeros((2, 5), np.float32)
    for t in range(4):
        h = x[:, t] @ k + h @ r
        np.testing.assert_allclose(out.numpy()[:, t], h, rtol=1e-5, atol=1e-5)
    stacked = layers.RNN([MinimalRNNCell(5), layers.LSTMCell(2)], return_state=True)
    out, s1, s2 = stacked(x)
    assert out.shape == (2, 2) and s1[0].shape == (2, 5) and [t.shape for t in s2] == [(2, 2), (2, 2)]


def test_stateful_dropout_and_unit_forget_bias():
    x = np.random.default_rng(3).standard_normal((2, 4, 3)).astype(np.float32)
    layer = layers.LSTM(3, stateful=True)
    first = layer(x).numpy()
    second = layer(x).numpy()
    assert not np.allclose(first, second)   # the second call starts from the first's final states
    layer.reset_states()
    np.testing.assert_allclose(layer(x).numpy(), first, rtol=1e-6)
    with pytest.raises(ValueError, match="batch size must stay 2"):
        layer(x[:1])
    assert np.array_equal(layers.LSTM(2).cell._bias_init()((8,)), [0, 0, 1, 1, 0, 0, 0, 0])
    dropped = layers.GRU(3, dropout=0.5, recurrent_dropout=0.5, seed=1)
    a, b = dropped(x, training=True).numpy(), dropped(x, training=False).numpy()
    assert not np.allclose(a, b) and np.allclose(b, dropped(x).numpy())


def test_bad_input():
    layer = layers.LSTM(3)
    with pytest.raises(ValueError, match=r"expects inputs of shape \(batch, steps, features\)"):
        layer(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match=r"mask must have shape \(batch, steps\) = \(2, 4\)"):
        layer(np.zeros((2, 4, 3), np.float32), mask=np.ones((2, 5), bool))
    with pytest.raises(ValueError, match="initial_state"):
        layer(np.zeros((2, 4, 3), np.float32), initial_state=[np.zeros((2, 3), np.float32)])
    with pytest.raises(ValueError, match="units"):
        layers.GRU(0)
    with pytest.raises(ValueError, match="state_size"):
        layers.RNN(layers.Dense(3))


def test_functional_model_trains_and_saves(tmp_path):
    inputs = axon.keras.Input(shape=(6, 2))
    x = layers.GRU(8, return_sequences=True)(inputs)
    outputs = layers.Dense(1)(layers.LSTM(4)(x))
    model = axon.keras.Model(inputs, outputs)
    gen = np.random.default_rng(4)
    xs = gen.standard_normal((64, 6, 2)).astype(np.float32)
    ys = xs[:, :, 0].sum(axis=1, keepdims=True)
    model.compile(optimizer="adam", loss="mse")
    hist = model.fit(xs, ys, epochs=5, batch_size=16, verbose=0)
    assert hist.history["loss"][-1] < hist.history["loss"][0]
    path = tmp_path / "rnn.keras"
    model.save(path)
    again = axon.keras.models.load_model(path)
    np.testing.assert_allclose(again.predict(xs, verbose=0), model.predict(xs, verbose=0), rtol=1e-5, atol=1e-6)


def test_encoder_decoder_with_symbolic_initial_state(tmp_path):
    """keras.io's seq2seq pattern: the decoder LSTM starts from the encoder's states."""
    enc_in, dec_in = axon.keras.Input((None, 3)), axon.keras.Input((None, 4))
    _, h, c = layers.LSTM(8, return_state=True)(enc_in)
    out = layers.Dense(4, activation="softmax")(layers.LSTM(8, return_sequences=True)(dec_in, initial_state=[h, c]))
    model = axon.keras.Model([enc_in, dec_in], out)
    gen = np.random.default_rng(5)
    x1, x2 = gen.random((16, 5, 3), dtype=np.float32), gen.random((16, 6, 4), dtype=np.float32)
    y = np.eye(4, dtype=np.float32)[gen.integers(0, 4, (16, 6))]
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    model.fit([x1, x2], y, epochs=1, verbose=0)
    encoder, decoder = model.layers[2], model.layers[3]
    _, h_ref, c_ref = encoder(x1)
    expected = model.layers[-1](decoder(x2, initial_state=[h_ref, c_ref])).numpy()
    np.testing.assert_allclose(model.predict([x1, x2], verbose=0), expected, rtol=1e-5, atol=1e-6)
    model.save(tmp_path / "seq2seq.keras")
    again = axon.keras.models.load_model(tmp_path / "seq2seq.keras")
    np.testing.assert_allclose(again.predict([x1, x2], verbose=0), expected, rtol=1e-5, atol=1e-6)
