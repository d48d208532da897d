"""Higher-order gradients through the public APIs: nested and persistent tapes,
jacobian / batch_jacobian, axon.grad, Tensor.backward(create_graph=True), the
functional helpers and tf.hessians, against PyTorch; and their errors."""

from __future__ import annotations

import numpy as np
import pytest

import axon
from axon.autograd import functional as F
from axon.autograd.op import Op
from axon.layers import Conv2D, Dense
from axon.ops.affine import affine

torch = pytest.importorskip("torch")


def test_nested_tapes_give_the_second_derivative():
    x = axon.Variable(3.0)
    with axon.GradientTape() as t2:
        with axon.GradientTape() as t1:
            y = x * x * x
        dy = t1.gradient(y, x)
    assert float(dy) == 27.0
    assert float(t2.gradient(dy, x)) == 18.0


def test_watched_constant_and_persistent_tape_reused():
    x = axon.constant([1.0, 2.0], dtype="float64")
    with axon.GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = (x ** 3).sum()
        g = tape.gradient(y, x)             # inside the block: recorded by the persistent tape
    np.testing.assert_allclose(g.numpy(), 3 * x.numpy() ** 2)
    np.testing.assert_allclose(tape.gradient(g, x).numpy(), 6 * x.numpy())
    np.testing.assert_allclose(tape.jacobian(g, x).numpy(), np.diag(6 * x.numpy()))


def test_first_order_gradient_has_no_graph_without_an_outer_tape():
    x = axon.Variable([1.0, 2.0])
    with axon.GradientTape() as tape:
        y = (x * x).sum()
    g = tape.gradient(y, x)
    assert not g.requires_grad and g._op is None


@pytest.mark.parametrize("name", ["cube", "tanh", "sigmoid", "exp", "log"])
def test_third_order(name):
    fns = {"cube": (lambda x: x ** 3, lambda x: x ** 3), "tanh": (axon.ops.tanh, torch.tanh),
           "sigmoid": (axon.ops.sigmoid, torch.sigmoid), "exp": (axon.exp, torch.exp), "log": (axon.log, torch.log)}
    ours, theirs = fns[name]
    values = np.array([0.3, 0.9, 1.7])
    x = axon.tensor(values, requires_grad=True)
    d = [ours(x).sum()]
    for _ in range(3):
        (g,) = axon.grad(d[-1].sum(), x, create_graph=True)
        d.append(g)
    tx = torch.tensor(values, requires_grad=True)
    td = [theirs(tx).sum()]
    for _ in range(3):
        (g,) = torch.autograd.grad(td[-1].sum(), tx, create_graph=True)
        td.append(g)
    for ours_k, theirs_k in zip(d[1:], td[1:]):
        np.testing.assert_allclose(ours_k.numpy(), theirs_k.detach().numpy(), rtol=1e-10)
    # the same third derivative with three nested tapes
    xv = axon.Variable(values, dtype="float64")
    with axon.GradientTape() as t3:
        with axon.GradientTape() as t2:
            with axon.GradientTape() as t1:
                y = ours(xv)
            g1 = t1.gradient(y, xv)
        g2 = t2.gradient(g1, xv)
    np.testing.assert_allclose(t3.gradient(g2, xv).numpy(), td[3].detach().numpy(), rtol=1e-10)


def test_backward_create_graph_like_pytorch():
    x = axon.tensor([0.5, -1.0], dtype="float64", requires_grad=True)
    (x ** 3).sum().backward(create_graph=True)
    g = x.grad
    assert g.requires_grad
    x.zero_grad()
    (g * g).sum().backward()                 # d/dx (3x^2)^2 = 36 x^3
    np.testing.assert_allclose(x.grad.numpy(), 36 * x.numpy() ** 3)


def test_stop_gradient_in_every_order():
    values = np.array([0.7, -1.2])
    x = axon.Variable(values, dtype="float64")
    with axon.GradientTape() as t3:
        with axon.GradientTape() as t2:
            with axon.GradientTape() as t1:
                y = x ** 3 * axon.stop_gradient(x)
            g1 = t1.gradient(y, x)
        g2 = t2.gradient(g1, x)
    g3 = t3.gradient(g2, x)
    tx = torch.tensor(values, requires_grad=True)
    ty = (tx ** 3 * tx.detach()).sum()
    (tg1,) = torch.autograd.grad(ty, tx, create_graph=True)
    (tg2,) = torch.autograd.grad(tg1.sum(), tx, create_graph=True)
    (tg3,) = torch.autograd.grad(tg2.sum(), tx)
    for a, b in [(g1, tg1), (g2, tg2), (g3, tg3)]:
        np.testing.assert_allclose(a.numpy(), b.detach().numpy())


def test_unconnected_gradients():
    x, z = axon.Variable([1.0, 2.0]), axon.Variable([3.0])
    with axon.GradientTape(persistent=True) as tape:
        y = x * 2.0
    assert tape.gradient(y, z) is None
    zero = tape.gradient(y, [x, z], unconnected_gradients=axon.UnconnectedGradients.ZERO)
    np.testing.assert_array_equal(zero[1].numpy(), [0.0])
    assert tape.jacobian(y, z) is None
    assert tape.jacobian(y, z, unconnected_gradients="zero").shape == (2, 1)
    with axon.GradientTape() as outer:
        with axon.GradientTape() as inner:
            y = x * 2.0                     # linear: the gradient is a constant
        g = inner.gradient(y, x)
    assert outer.gradient(g, x) is None


def test_unconnected_second_order_with_zero():
    x = axon.Variable([1.0, 2.0])
    with axon.GradientTape() as outer:
        with axon.GradientTape() as inner:
            y = x * 2.0
        g = inner.gradient(y, x)
    np.testing.assert_array_equal(outer.gradient(g, x, unconnected_gradients=axon.UnconnectedGradients.ZERO).numpy(),
                                  [0.0, 0.0])


def test_tape_jacobian_and_hessian_of_mlp_against_torch():
    gen = np.random.default_rng(0)
    w1, b1, w2 = gen.standard_normal((3, 4)), gen.standard_normal(4), gen.standard_normal((4, 2))
    xs = gen.standard_normal((5, 3))
    x = axon.Variable(xs, dtype="float64")
    with axon.GradientTape(persistent=True) as tape:
        y = axon.ops.tanh(x @ w1 + b1) @ w2
    jac = tape.jacobian(y, x)
    batch = tape.batch_jacobian(y, x)

    def f(t):
        return torch.tanh(t @ torch.tensor(w1) + torch.tensor(b1)) @ torch.tensor(w2)

    expected = torch.autograd.functional.jacobian(f, torch.tensor(xs)).numpy()
    np.testing.assert_allclose(jac.numpy(), expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(batch.numpy(), np.einsum("bibj->bij", expected), rtol=1e-10, atol=1e-12)
    assert batch.shape == (5, 2, 3)


def test_dense_and_conv_jacobians_against_torch():
    gen = np.random.default_rng(1)
    dense = Dense(3, activation="tanh", dtype="float64")
    xd = gen.standard_normal((2, 4))
    dense(xd)
    x = axon.tensor(xd)
    jac = F.jacobian(lambda t: dense(t), x)
    k, b = dense.kernel.numpy(), dense.bias.numpy()
    expected = torch.autograd.functional.jacobian(
        lambda t: torch.tanh(t @ torch.tensor(k) + torch.tensor(b)), torch.tensor(xd)).numpy()
    np.testing.assert_allclose(jac.numpy(), expected, rtol=1e-10, atol=1e-12)

    conv = Conv2D(2, 3, padding="same", activation="relu", dtype="float64")
    xc = gen.standard_normal((2, 5, 5, 3))
    conv(xc)
    kc, bc = conv.kernel.numpy(), conv.bias.numpy()
    xt = axon.Variable(xc, dtype="float64")
    with axon.GradientTape(persistent=True) as tape:
        y = conv(xt)
    jac, batch = tape.jacobian(y, xt), tape.batch_jacobian(y, xt)

    def tconv(t):
        out = torch.nn.functional.conv2d(t.permute(0, 3, 1, 2), torch.tensor(kc).permute(3, 2, 0, 1),
                                         torch.tensor(bc), padding=1)
        return torch.relu(out).permute(0, 2, 3, 1)

    expected = torch.autograd.functional.jacobian(tconv, torch.tensor(xc)).numpy()
    np.testing.assert_allclose(jac.numpy(), expected, rtol=1e-10, atol=1e-12)
    per_example = np.stack([expected[i, ..., i, :, :, :] for i in range(2)])
    np.testing.assert_allclose(batch.numpy(), per_example, rtol=1e-10, atol=1e-12)


def _mlp_params(seed=0):
    gen = np.random.default_rng(seed)
    return [gen.standard_normal((3, 5)) * 0.7, gen.standard_normal(5) * 0.1, gen.standard_normal((5, 2)) * 0.7,
            gen.standard_normal(2) * 0.1], gen.standard_normal((6, 3)), gen.integers(0, 2, 6)


def test_hessian_of_mlp_loss_against_torch():
    params, xs, labels = _mlp_params()
    sizes = [p.size for p in params]

    def loss_axon(flat):
        w1, b1, w2, b2 = [flat[a:b].reshape(p.shape) for p, a, b in
                          zip(params, np.cumsum([0] + sizes[:-1]), np.cumsum(sizes))]
        h = affine(xs, w1, b1, relu=False)
        logits = affine(axon.ops.tanh(h), w2, b2)
        return axon.ops.sparse_softmax_cross_entropy_with_logits(labels, logits).mean()

    def loss_torch(flat):
        w1, b1, w2, b2 = [flat[a:b].reshape(p.shape) for p, a, b in
                          zip(params, np.cumsum([0] + sizes[:-1]), np.cumsum(sizes))]
        logits = torch.tanh(torch.tensor(xs) @ w1 + b1) @ w2 + b2
        return torch.nn.functional.cross_entropy(logits, torch.tensor(labels))

    flat = np.concatenate([p.ravel() for p in params])
    ours = F.hessian(loss_axon, axon.tensor(flat)).numpy()
    theirs = torch.autograd.functional.hessian(loss_torch, torch.tensor(flat)).numpy()
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    v = np.random.default_rng(5).standard_normal(flat.size)
    value, hv = F.hvp(loss_axon, axon.tensor(flat), axon.tensor(v))
    _, thv = torch.autograd.functional.hvp(loss_torch, torch.tensor(flat), torch.tensor(v))
    np.testing.assert_allclose(hv.numpy(), thv.numpy(), rtol=1e-9, atol=1e-12)
    assert not value.requires_grad
    x = axon.tensor(flat, requires_grad=True)
    w1 = x[:15].reshape(3, 5)
    (h,) = axon.hessians((axon.ops.tanh(axon.tensor(xs) @ w1) ** 2).sum(), [x])
    expected = torch.autograd.functional.hessian(
        lambda t: (torch.tanh(torch.tensor(xs) @ t[:15].reshape(3, 5)) ** 2).sum(), torch.tensor(flat)).numpy()
    np.testing.assert_allclose(h.numpy(), expected, rtol=1e-9, atol=1e-12)


HVP_CASES = {
    "conv_relu_pool": (
        lambda x, w: axon.nn.max_pool2d(axon.ops.tanh(axon.nn.conv2d(x, w, 1, "SAME")), 2, 2, "VALID").sum(),
        lambda x, w: torch.nn.functional.max_pool2d(torch.tanh(torch.nn.functional.conv2d(
            x.permute(0, 3, 1, 2), w.permute(3, 2, 0, 1), padding=1)), 2).sum(),
        [(2, 4, 4, 2), (3, 3, 2, 3)]),
    "avg_pool_bn": (
        lambda x, g: (axon.ops.normalization.fused_batch_norm(axon.nn.avg_pool2d(x, 2, 1, "VALID"), g,
                                                               axon.zeros(2, dtype="float64")) ** 3).sum(),
        lambda x, g: (torch.nn.functional.batch_norm(torch.nn.functional.avg_pool2d(x.permute(0, 3, 1, 2), 2, 1),
                                                     None, None, g, torch.zeros(2, dtype=torch.float64),
                                                     training=True, eps=1e-3) ** 3).sum(),
        [(3, 4, 4, 2), (2,)]),
    "sigmoid_bce": (
        lambda z, y: axon.ops.sigmoid_cross_entropy_with_logits(y, z).mean(),
        lambda z, y: torch.nn.functional.binary_cross_entropy_with_logits(z, y),
        [(4, 3), (4, 3)]),
    "softmax_ce_elu": (
        lambda z, w: axon.ops.softmax_cross_entropy_with_logits(axon.ops.softmax(z @ w), axon.ops.elu(z)).sum(),
        lambda z, w: -(torch.softmax(z @ w, -1) * torch.log_softmax(torch.nn.functional.elu(z), -1)).sum(),
        [(4, 3), (3, 3)]),
}


@pytest.mark.parametrize("name", sorted(HVP_CASES))
def test_hvp_against_torch(name):
    ours, theirs, shapes = HVP_CASES[name]
    gen = np.random.default_rng(2)
    xs = [gen.uniform(0.05, 0.95, s) if i and name == "sigmoid_bce" else gen.standard_normal(s)
          for i, s in enumerate(shapes)]
    vs = [gen.standard_normal(s) for s in shapes]
    _, hv = F.hvp(ours, tuple(axon.tensor(a) for a in xs), tuple(axon.tensor(v) for v in vs))
    _, thv = torch.autograd.functional.hvp(theirs, tuple(torch.tensor(a) for a in xs),
                                           tuple(torch.tensor(v) for v in vs))
    for a, b in zip(hv, thv):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-8, atol=1e-10)


def test_functional_jacobian_vjp_with_tuples():
    a, b = axon.tensor([1.0, 2.0], dtype="float64"), axon.tensor([3.0], dtype="float64")
    jac = F.jacobian(lambda x, y: (x * y, x.sum() * 1.0), (a, b))
    assert [[t.shape for t in row] for row in jac] == [[(2, 2), (2, 1)], [(2,), (1,)]]
    np.testing.assert_allclose(jac[0][0].numpy(), np.diag([3.0, 3.0]))
    np.testing.assert_allclose(jac[0][1].numpy(), [[1.0], [2.0]])
    np.testing.assert_allclose(jac[1][1].numpy(), [0.0])
    out, g = F.vjp(lambda x: x * x, a, axon.tensor([1.0, 1.0], dtype="float64"))
    np.testing.assert_allclose(g.numpy(), [2.0, 4.0])
    with pytest.raises(RuntimeError, match="strict"):
        F.jacobian(lambda x, y: x * 2.0, (a, b), strict=True)


def test_grad_allow_unused_and_grad_outputs():
    x, z = axon.tensor([1.0, 2.0], requires_grad=True), axon.tensor([1.0], requires_grad=True)
    y = x * x
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        axon.grad(y.sum(), [x, z], retain_graph=True)
    gx, gz = axon.grad(y.sum(), [x, z], allow_unused=True, retain_graph=True)
    assert gz is None
    np.testing.assert_allclose(gx.numpy(), [2.0, 4.0])
    (gx,) = axon.grad(y, x, grad_outputs=axon.tensor([1.0, 10.0]))
    np.testing.assert_allclose(gx.numpy(), [2.0, 40.0])
    with pytest.raises(RuntimeError, match="one-element"):
        axon.grad(x * 2.0, x)
    with pytest.raises(RuntimeError, match="does not require a gradient"):
        axon.grad(axon.tensor(1.0), x)


def test_wgan_gp_penalty_matches_torch_and_trains():
    gen = np.random.default_rng(3)
    w1, b1, w2 = gen.standard_normal((4, 8)) * 0.5, gen.standard_normal(8) * 0.1, gen.standard_normal((8, 1)) * 0.5
    real, fake = gen.standard_normal((6, 4)), gen.standard_normal((6, 4))
    eps = gen.uniform(size=(6, 1))
    mixed = eps * real + (1 - eps) * fake
    weights = [axon.Variable(w, dtype="float64") for w in (w1, b1, w2)]

    def penalty():
        x = axon.constant(mixed, dtype="float64")
        with axon.GradientTape() as outer:
            with axon.GradientTape() as inner:
                inner.watch(x)
                score = affine(x, weights[0], weights[1], relu=True) @ weights[2]
            g = inner.gradient(score, x)
            norm = axon.sqrt((g * g).sum(axis=1) + 1e-12)
            loss = ((norm - 1.0) ** 2).mean()
        return loss, outer.gradient(loss, weights)

    loss, grads = penalty()
    tw = [torch.tensor(w, requires_grad=True) for w in (w1, b1, w2)]
    tx = torch.tensor(mixed, requires_grad=True)
    score = torch.relu(tx @ tw[0] + tw[1]) @ tw[2]
    (tg,) = torch.autograd.grad(score.sum(), tx, create_graph=True)
    tloss = ((torch.sqrt((tg * tg).sum(1) + 1e-12) - 1) ** 2).mean()
    tgrads = torch.autograd.grad(tloss, tw)
    np.testing.assert_allclose(float(loss), tloss.item(), rtol=1e-12)
    for a, b in zip(grads, tgrads):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-9, atol=1e-12)
    first = float(loss)
    for _ in range(30):
        loss, grads = penalty()
        for w, g in zip(weights, grads):
            w.assign_sub(0.05 * g.numpy())
    assert float(loss) < 0.5 * first


class _NoHigherOrder(Op):
    def forward(self, a):
        return a * 2

    def backward(self, grad):
        return grad * 2


def test_errors():
    x = axon.tensor([1.0, 2.0], requires_grad=True)
    y = (_NoHigherOrder.apply(x) ** 2).sum()
    with pytest.raises(NotImplementedError, match="_NoHigherOrder has no differentiable backward"):
        axon.grad(y, x, create_graph=True)
    (g,) = axon.grad(y, x)  # first order still works
    np.testing.assert_allclose(g.numpy(), [8.0, 16.0])
    with pytest.raises(TypeError, match="must be a Tensor"):
        F.jacobian(lambda t: t * 2, np.ones(3))
    with pytest.raises(TypeError, match="must return a Tensor"):
        F.jacobian(lambda t: 3.0, axon.tensor([1.0]))
    with axon.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(TypeError, match="target must be a Tensor"):
        tape.jacobian([1.0], x)
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="A non-persistent GradientTape can only be used to compute one set of "
                                           r"gradients \(or jacobians\)"):
        tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="one set of gradients"):
        tape.jacobian(y, x)
    with pytest.raises(ValueError, match="unconnected_gradients"):
        axon.GradientTape().gradient(y, x, unconnected_gradients="zeros")
    with pytest.raises(ValueError, match="v must match"):
        F.hvp(lambda t: (t ** 3).sum(), axon.tensor([1.0, 2.0]), axon.tensor([1.0]))
    with pytest.raises(RuntimeError, match="single one-element Tensor"):
        F.hessian(lambda t: t ** 3, axon.tensor([1.0, 2.0]))
    with axon.GradientTape() as tape:
        tape.watch(x)
        y = x * x
    with pytest.raises(ValueError, match="same first"):
        tape.batch_jacobian(y, axon.Variable([[1.0]]))
