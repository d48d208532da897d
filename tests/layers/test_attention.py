"""MultiHeadAttention, Attention and AdditiveAttention: against PyTorch's
nn.MultiheadAttention (outputs, scores, every gradient), float64 finite
differences, and real Keras 3 for masks, causal masks, attention_axes and the
score modes (one reference run)."""

import numpy as np
import pytest

import axon
from axon import layers
from axon.utils import gradient_check
from tests.reference import run_reference


def test_multi_head_attention_against_pytorch():
    torch = pytest.importorskip("torch")
    gen = np.random.default_rng(0)
    e, h, bsz, tq, tv = 8, 2, 3, 4, 5
    q = gen.standard_normal((bsz, tq, e)).astype(np.float32)
    v = gen.standard_normal((bsz, tv, e)).astype(np.float32)
    k = gen.standard_normal((bsz, tv, e)).astype(np.float32)
    keep = np.ones((bsz, tv), bool)
    keep[0, 3:] = False
    keep[2, 0] = False
    mha = layers.MultiHeadAttention(h, e // h, bias_initializer="random_normal")
    tensors = [axon.Tensor(a, requires_grad=True) for a in (q, v, k)]
    out, scores = mha(*tensors, attention_mask=np.broadcast_to(keep[:, None], (bsz, tq, tv)),
                      return_attention_scores=True)
    w = gen.standard_normal(out.shape).astype(np.float32)
    (out * axon.Tensor(w)).sum().backward()

    wq, bq, wk, bk, wv, bv, wo, bo = [torch.tensor(a) for a in mha.get_weights()]
    ref = torch.nn.MultiheadAttention(e, h, batch_first=True)
    with torch.no_grad():
        ref.in_proj_weight.copy_(torch.cat([wq.reshape(e, e).T, wk.reshape(e, e).T, wv.reshape(e, e).T]))
        ref.in_proj_bias.copy_(torch.cat([bq.reshape(-1), bk.reshape(-1), bv.reshape(-1)]))
        ref.out_proj.weight.copy_(wo.reshape(e, e).T)
        ref.out_proj.bias.copy_(bo)
    tq_, tv_, tk_ = [torch.tensor(a, requires_grad=True) for a in (q, v, k)]
    r_out, r_scores = ref(tq_, tk_, tv_, key_padding_mask=torch.tensor(~keep), average_attn_weights=False)
    np.testing.assert_allclose(out.numpy(), r_out.detach().numpy(), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), r_scores.detach().numpy(), rtol=1e-5, atol=1e-6)
    (r_out * torch.tensor(w)).sum().backward()
    for a, b in zip(tensors, (tq_, tv_, tk_)):
        np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), rtol=1e-4, atol=1e-5)
    g = {wt.name: wt.grad.numpy() for wt in mha.trainable_weights}
    in_w, in_b = ref.in_proj_weight.grad.numpy(), ref.in_proj_bias.grad.numpy()
    for i, name in enumerate(("query", "key", "value")):
        np.testing.assert_allclose(g[f"{name}/kernel"].reshape(e, e), in_w[i * e:(i + 1) * e].T, rtol=1e-4,
                                   atol=1e-5)
        np.testing.assert_allclose(g[f"{name}/bias"].reshape(-1), in_b[i * e:(i + 1) * e], rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g["attention_output/kernel"].reshape(e, e), ref.out_proj.weight.grad.numpy().T,
                               rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(g["attention_output/bias"], ref.out_proj.bias.grad.numpy(), rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("make", [
    lambda: layers.MultiHeadAttention(2, 3, value_dim=2, output_shape=5, dtype="float64"),
    lambda: layers.Attention(use_scale=True, score_mode="concat", dtype="float64"),
    lambda: layers.AdditiveAttention(dtype="float64"),
])
def test_gradients_finite_differences(make):
    gen = np.random.default_rng(1)
    q, v = gen.standard_normal((2, 3, 4)), gen.standard_normal((2, 5, 4))
    layer = make()
    mask = np.array([[True, True, False, True, True], [True, False, True, True, True]])

    def fn(q, v):
        if isinstance(layer, layers.MultiHeadAttention):
            return layer(q, v, use_causal_mask=True)
        return layer([q, v], mask=[None, mask])

    assert gradient_check(fn, [q, v]) < 1e-6
    r = gen.standard_normal(fn(q, v).shape)

    def loss():
        return float((fn(q, v).numpy() * r).sum())

    for w in layer.trainable_weights:
        w.zero_grad()
    (fn(q, v) * axon.Tensor(r)).sum().backward()
    for w in layer.trainable_weights:
        direction = gen.standard_normal(w.shape)
        base = w.data.copy()
        w.data[...] = base + 1e-6 * direction
        plus = loss()
        w.data[...] = base - 1e-6 * direction
        minus = loss()
        w.data[...] = base
        numeric, analytic = (plus - minus) / 2e-6, float((w.grad.numpy() * direction).sum())
        assert abs(numeric - analytic) <= 1e-6 * max(1.0, abs(numeric)), (w.name, numeric, analytic)


def test_bad_calls():
    mha = layers.MultiHeadAttention(2, 3)
    x = np.zeros((2, 4, 6), np.float32)
    with pytest.raises(ValueError, match="query` and `value`"):
        mha(x)
    with pytest.raises(ValueError, match=r"broadcast to \(batch, Tq, Tv\) = \(2, 4, 4\)"):
        mha(x, x, attention_mask=np.ones((2, 3, 4), bool))
    with pytest.raises(ValueError, match="num_heads"):
        layers.MultiHeadAttention(0, 3)
    with pytest.raises(NotImplementedError, match="use_gate"):
        layers.MultiHeadAttention(2, 3, use_gate=True)
    with pytest.raises(ValueError, match="list of 2 or 3"):
        layers.Attention()(x)


SCRIPT = """
import keras
from keras import layers
ids, q, v, img = inputs["ids"], inputs["q"], inputs["v"], inputs["img"]
def load(layer, prefix, n):
    layer.set_weights([inputs[f"{prefix}{i}"] for i in range(n)])
emb = layers.Embedding(10, 6, mask_zero=True)
emb.build((None, 5))
load(emb, "emb", 1)
mha = layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=7)
x = emb(ids)
mha(x, x)
load(mha, "mha", 8)
x = emb(ids)  # Keras's MultiHeadAttention deletes the masks of its inputs: embed again
out, scores = mha(x, x, return_attention_scores=True, use_causal_mask=True)
outputs["mha"] = keras.ops.convert_to_numpy(out)
outputs["mha_scores"] = keras.ops.convert_to_numpy(scores)
axes = layers.MultiHeadAttention(2, 3, attention_axes=(2,))
axes(img, img)
load(axes, "axes", 8)
out, scores = axes(img, img, return_attention_scores=True)
outputs["axes"] = keras.ops.convert_to_numpy(out)
outputs["axes_scores"] = keras.ops.convert_to_numpy(scores)
qm, vm = inputs["qmask"].astype(bool), inputs["vmask"].astype(bool)
for name, layer in [("dot", layers.Attention()), ("concat", layers.Attention(use_scale=True, score_mode="concat")),
                    ("additive", layers.AdditiveAttention())]:
    layer([q, v])
    if layer.weights:
        load(layer, name, len(layer.weights))
    out, w = layer([q, v], mask=[qm, vm], return_attention_scores=True, use_causal_mask=(name == "dot"))
    outputs[name] = keras.ops.convert_to_numpy(out)
    outputs[name + "_w"] = keras.ops.convert_to_numpy(w)
"""


def test_against_keras():
    gen = np.random.default_rng(2)
    ids = np.array([[1, 4, 2, 0, 0], [3, 3, 5, 6, 1], [0, 0, 7, 8, 9]], np.int32)
    q = gen.standard_normal((3, 4, 5)).astype(np.float32)
    v = gen.standard_normal((3, 6, 5)).astype(np.float32)
    img = gen.standard_normal((2, 3, 4, 5)).astype(np.float32)
    qmask = np.array([[1, 1, 0, 1], [1, 1, 1, 1], [0, 1, 1, 1]], bool)
    vmask = np.array([[1, 1, 1, 0, 0, 1], [1, 0, 1, 1, 1, 1], [1, 1, 1, 1, 1, 0]], bool)
    emb = layers.Embedding(10, 6, mask_zero=True)
    mha = layers.MultiHeadAttention(2, 3, value_dim=4, output_shape=7, bias_initializer="random_normal")
    x = emb(ids)
    mha(x, x)
    axes = layers.MultiHeadAttention(2, 3, attention_axes=(2,), bias_initializer="random_normal")
    axes(img, img)
    named = {"dot": layers.Attention(), "concat": layers.Attention(use_scale=True, score_mode="concat"),
             "additive": layers.AdditiveAttention()}
    arrays = dict(ids=ids, q=q, v=v, img=img, qmask=qmask.astype(np.int8), vmask=vmask.astype(np.int8))
    for prefix, layer in (("emb", emb), ("mha", mha), ("axes", axes)):
        arrays.update({f"{prefix}{i}": w for i, w in enumerate(layer.get_weights())})
    for name, layer in named.items():
        layer([q, v])
        for i, w in enumerate(layer.get_weights()):
            arrays[f"{name}{i}"] = w + (0.3 if w.ndim == 0 else 0)  # a scale other than its initial 1
        layer.set_weights([arrays[f"{name}{i}"] for i in range(len(layer.get_weights()))])
    ref = run_reference("keras", SCRIPT, **arrays)

    out, scores = mha(x, x, return_attention_scores=True, use_causal_mask=True)
    np.testing.assert_allclose(out.numpy(), ref["mha"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), ref["mha_scores"], rtol=1e-5, atol=1e-6)
    out, scores = axes(img, img, return_attention_scores=True)
    np.testing.assert_allclose(out.numpy(), ref["axes"], rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(scores.numpy(), ref["axes_scores"], rtol=1e-5, atol=1e-6)
    for name, layer in named.items():
        out, w = layer([q, v], mask=[qmask, vmask], return_attention_scores=True, use_causal_mask=(name == "dot"))
        np.testing.assert_allclose(out.numpy(), ref[name], rtol=1e-5, atol=1e-5, err_msg=name)
        np.testing.assert_allclose(w.numpy(), ref[name + "_w"], rtol=1e-5, atol=1e-6, err_msg=name)


def test_functional_model_with_attention_scores():
    query, value = axon.keras.Input((4, 6)), axon.keras.Input((5, 6))
    out, scores = layers.MultiHeadAttention(2, 3)(query, value, return_attention_scores=True)
    assert out.shape == (None, 4, 6) and scores.shape == (None, 2, 4, 5)
    model = axon.keras.Model([query, value], [out, scores])
    gen = np.random.default_rng(3)
    q, v = gen.standard_normal((2, 4, 6)).astype(np.float32), gen.standard_normal((2, 5, 6)).astype(np.float32)
    got_out, got_scores = model([q, v])
    want_out, want_scores = model.layers[2](q, v, return_attention_scores=True)
    np.testing.assert_allclose(got_out.numpy(), want_out.numpy(), rtol=1e-6)
    np.testing.assert_allclose(got_scores.numpy().sum(-1), np.ones((2, 2, 4)), rtol=1e-5)
    np.testing.assert_allclose(got_scores.numpy(), want_scores.numpy(), rtol=1e-6)
