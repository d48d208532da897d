"""The fused recurrences: finite differences (float64) and a NumPy transcription
of Keras's step formulas and masking rules (``keras.src.backend.numpy.rnn``)."""

import numpy as np
import pytest

from axon.ops.recurrent import recurrence
from axon.utils import gradient_check


def sig(a):
    return 1 / (1 + np.exp(-a))


def keras_step(kind, x, h, c, w, r, b, reset_after=True):
    """One step of Keras's cells, written out as in keras/src/layers/rnn/*.py."""
    u = r.shape[0]
    if kind == "simple_rnn":
        return np.tanh(x @ w + b + h @ r), None
    if kind == "lstm":
        z = x @ w + h @ r + b
        i, f, cc, o = sig(z[:, :u]), sig(z[:, u:2 * u]), np.tanh(z[:, 2 * u:3 * u]), sig(z[:, 3 * u:])
        c = f * c + i * cc
        return o * np.tanh(c), c
    bx, bh = (b[0], b[1]) if reset_after else (b, np.zeros_like(b))
    xz = x @ w + bx
    hz = h @ r + bh
    z, rr = sig(xz[:, :u] + hz[:, :u]), sig(xz[:, u:2 * u] + hz[:, u:2 * u])
    if reset_after:
        hh = np.tanh(xz[:, 2 * u:] + rr * hz[:, 2 * u:])
    else:
        hh = np.tanh(xz[:, 2 * u:] + (rr * h) @ r[:, 2 * u:])
    return z * h + (1 - z) * hh, None


def keras_rnn(kind, x, w, r, b, h0, c0, mask=None, go_backwards=False, zero_output=False, reset_after=True):
    """Keras's numpy-backend ``rnn`` loop: masked steps keep the states and repeat the last output."""
    steps = x.shape[1]
    order = range(steps - 1, -1, -1) if go_backwards else range(steps)
    h, c, outs, prev = h0, c0, [], np.zeros_like(h0)
    for t in order:
        h_new, c_new = keras_step(kind, x[:, t], h, c, w, r, b, reset_after)
        if mask is None:
            h, c, out = h_new, c_new, h_new
        else:
            m = mask[:, t:t + 1]
            out = np.where(m, h_new, 0 if zero_output else prev)
            h = np.where(m, h_new, h)
            c = None if c is None else np.where(m, c_new, c)
        outs.append(out)
        prev = out
    return np.stack(outs, 1), h, c


def weights(kind, d, u, gen, reset_after=True):
    k = {"simple_rnn": 1, "lstm": 4, "gru": 3}[kind]
    w = gen.uniform(-0.5, 0.5, (d, k * u))
    r = gen.uniform(-0.5, 0.5, (u, k * u))
    b = gen.uniform(-0.5, 0.5, (2, k * u) if kind == "gru" and reset_after else (k * u,))
    return w, r, b


CASES = [("simple_rnn", True), ("lstm", True), ("gru", True), ("gru", False)]


@pytest.mark.parametrize("kind,reset_after", CASES)
@pytest.mark.parametrize("masked", [False, True])
@pytest.mark.parametrize("go_backwards", [False, True])
def test_forward_matches_keras_formulas(kind, reset_after, masked, go_backwards):
    gen = np.random.default_rng(1)
    bsz, steps, d, u = 3, 5, 4, 3
    x = gen.standard_normal((bsz, steps, d))
    w, r, b = weights(kind, d, u, gen, reset_after)
    h0 = gen.standard_normal((bsz, u))
    c0 = gen.standard_normal((bsz, u)) if kind == "lstm" else None
    mask = None
    if masked:
        mask = np.ones((bsz, steps), bool)
        mask[0, :2] = False   # leading padding
        mask[1, 3:] = False   # trailing padding
        mask[2, 2] = False    # a hole
    states = [h0] + ([c0] if c0 is not None else [])
    for zero_output in (False, True):
        packed = recurrence(kind, x, w, r, b, states, mask=mask, go_backwards=go_backwards,
                            zero_output_for_mask=zero_output, reset_after=reset_after).numpy()
        outs, h, c = keras_rnn(kind, x, w, r, b, h0, c0, mask, go_backwards, zero_output, reset_after)
        np.testing.assert_allclose(packed[:, :steps], outs, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(packed[:, steps], h, rtol=1e-12, atol=1e-12)
        if c is not None:
            np.testing.assert_allclose(packed[:, steps + 1], c, rtol=1e-12, atol=1e-12)
        last = recurrence(kind, x, w, r, b, states, mask=mask, go_backwards=go_backwards, return_sequences=False,
                          zero_output_for_mask=zero_output, reset_after=reset_after).numpy()
        np.testing.assert_allclose(last[:, 0], outs[:, -1], rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("kind,reset_after", CASES)
@pytest.mark.parametrize("variant", ["plain", "masked_backwards", "last_dropout", "relu_linear"])
def test_gradients_finite_differences(kind, reset_after, variant):
    gen = np.random.default_rng(2)
    bsz, steps, d, u = 2, 4, 3, 2
    x = gen.standard_normal((bsz, steps, d))
    w, r, b = weights(kind, d, u, gen, reset_after)
    states = [gen.standard_normal((bsz, u)) for _ in range(2 if kind == "lstm" else 1)]
    mask = np.array([[True, True, False, True], [False, True, True, False]]) if variant == "masked_backwards" \
        else None
    rmask = gen.uniform(0.5, 1.5, (bsz, u)) if variant == "last_dropout" else None
    act = "relu" if variant == "relu_linear" else "tanh"
    ract = "linear" if variant == "relu_linear" else "sigmoid"

    def fn(x, w, r, b, *states):
        return recurrence(kind, x, w, r, b, list(states), mask=mask, recurrent_mask=rmask,
                          go_backwards=variant == "masked_backwards", return_sequences=variant != "last_dropout",
                          activation=act, recurrent_activation=ract, reset_after=reset_after)

    assert gradient_check(fn, [x, w, r, b, *states]) < 1e-6


def test_no_bias_and_errors():
    gen = np.random.default_rng(3)
    x = gen.standard_normal((2, 3, 2))
    w, r, _ = weights("lstm", 2, 2, gen)
    h0 = np.zeros((2, 2))
    assert gradient_check(lambda x, w, r: recurrence("lstm", x, w, r, None, [h0, h0]), [x, w, r]) < 1e-6
    with pytest.raises(ValueError, match="fused kernel"):
        recurrence("lstm", x, w, r, None, [h0, h0], activation="elu")
    with pytest.raises(ValueError, match="2 initial state"):
        recurrence("lstm", x, w, r, None, [h0])


@pytest.mark.parametrize("kind,reset_after", CASES)
def test_second_order_gradients(kind, reset_after):
    """A gradient of a gradient goes through the op's step-by-step composite."""
    import axon
    from axon.autograd.op import enable_grad
    gen = np.random.default_rng(4)
    bsz, steps, d, u = 2, 3, 2, 2
    x = gen.standard_normal((bsz, steps, d))
    w, r, b = weights(kind, d, u, gen, reset_after)
    states = [gen.standard_normal((bsz, u)) for _ in range(2 if kind == "lstm" else 1)]
    mask = np.array([[True, False, True], [True, True, False]])
    weights_out = gen.standard_normal((bsz, steps + len(states), u))

    def fn(x, w):
        with enable_grad():  # the finite differences evaluate fn on plain tensors
            x = x if x.requires_grad else axon.Tensor(x.data, requires_grad=True)
            out = recurrence(kind, x, w, r, b, states, mask=mask, go_backwards=True, reset_after=reset_after)
            (gx,) = axon.grad((out * axon.Tensor(weights_out)).sum(), [x], create_graph=True)
            return (gx * gx).sum() + (out * out).sum()

    assert gradient_check(fn, [x, w]) < 1e-6
