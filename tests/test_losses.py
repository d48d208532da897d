"""Losses: values and gradients against NumPy formulas and PyTorch, stability at
huge logits and saturated probabilities, reductions, sample weights, finite
differences, and name resolution."""

import numpy as np
import pytest

from axon import ops
from axon.autograd.op import no_grad
from axon.autograd.tensor import Tensor
from axon.losses import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    Hinge,
    Huber,
    Loss,
    LossFunctionWrapper,
    MeanAbsoluteError,
    MeanSquaredError,
    Reduction,
    SparseCategoricalCrossentropy,
    SquaredHinge,
    binary_crossentropy,
    categorical_crossentropy,
    deserialize,
    get,
    hinge,
    mae,
    mean_absolute_error,
    mean_squared_error,
    mse,
    serialize,
    sparse_categorical_crossentropy,
)
from axon.utils import gradient_check

EPS = 1e-7
RTOL = 1e-4


def rng(seed=0):
    return np.random.default_rng(seed)


def leaf(array, dtype=np.float32):
    return Tensor(np.asarray(array, dtype=dtype), requires_grad=True)


def value_and_grad(loss_fn, y_true, y_pred):
    """The loss value and its gradient wrt y_pred, as NumPy."""
    p = leaf(y_pred)
    out = loss_fn(y_true, p)
    out.backward()
    return out.numpy(), p.grad.numpy()


def torch_value_and_grad(torch, fn, y_pred):
    p = torch.tensor(np.asarray(y_pred, dtype=np.float32), requires_grad=True)
    out = fn(p)
    out.backward()
    return out.detach().numpy(), p.grad.numpy()


def assert_close(actual, expected, rtol=RTOL, atol=1e-6):
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


# ------------------------------------------------------------ Keras's documented values
def test_keras_documented_values():
    probs = np.array([[0.05, 0.95, 0.0], [0.1, 0.8, 0.1]], dtype=np.float32)
    assert float(BinaryCrossentropy(from_logits=True)(np.array([0, 1, 0, 0.]),
                                                      Tensor(np.array([-18.6, 0.51, 2.94, -12.8])))) == \
        pytest.approx(0.865458, rel=1e-5)
    assert float(CategoricalCrossentropy()(np.array([[0, 1, 0], [0, 0, 1]]), Tensor(probs))) == \
        pytest.approx(1.1769392, rel=1e-5)
    assert float(SparseCategoricalCrossentropy()(np.array([1, 2]), Tensor(probs))) == \
        pytest.approx(1.1769392, rel=1e-5)
    assert float(BinaryCrossentropy()(np.array([[0, 1], [0, 0]]), Tensor(np.array([[0.6, 0.4], [0.4, 0.6]])))) \
        == pytest.approx(0.8149245, rel=1e-5)
    assert float(MeanSquaredError()(np.array([[0., 1.], [0., 0.]]), Tensor(np.array([[1., 1.], [1., 0.]])))) == 0.5
    assert float(Hinge()(np.array([[1.0], [0.0]]), Tensor(np.array([[0.3], [-2.0]])))) == pytest.approx(0.35)


# ------------------------------------------------------------ regression losses vs PyTorch
@pytest.mark.parametrize("loss_cls, torch_name", [(MeanSquaredError, "mse_loss"), (MeanAbsoluteError, "l1_loss")])
def test_regression_losses_match_torch(loss_cls, torch_name):
    torch = pytest.importorskip("torch")
    y_true = rng().normal(size=(8, 3)).astype(np.float32)
    y_pred = rng(1).normal(size=(8, 3)).astype(np.float32)
    value, grad = value_and_grad(loss_cls(), y_true, y_pred)
    fn = getattr(torch.nn.functional, torch_name)
    t_value, t_grad = torch_value_and_grad(torch, lambda p: fn(p, torch.tensor(y_true)), y_pred)
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def test_regression_functions_are_per_sample_means_over_last_axis():
    y_true = rng().normal(size=(5, 4))
    y_pred = rng(1).normal(size=(5, 4))
    assert_close(mean_squared_error(y_true, Tensor(y_pred)).numpy(), ((y_pred - y_true) ** 2).mean(-1))
    assert_close(mean_absolute_error(y_true, Tensor(y_pred)).numpy(), np.abs(y_pred - y_true).mean(-1))
    assert mse is mean_squared_error and mae is mean_absolute_error


def test_huber_matches_torch():
    torch = pytest.importorskip("torch")
    y_true = rng().normal(size=(6, 4)).astype(np.float32) * 3
    y_pred = rng(1).normal(size=(6, 4)).astype(np.float32) * 3
    value, grad = value_and_grad(Huber(delta=1.5), y_true, y_pred)
    t_value, t_grad = torch_value_and_grad(
        torch, lambda p: torch.nn.functional.huber_loss(p, torch.tensor(y_true), delta=1.5), y_pred)
    assert_close(value, t_value)
    assert_close(grad, t_grad)


# ------------------------------------------------------------ binary cross-entropy
def test_bce_from_logits_matches_torch_including_huge_logits():
    torch = pytest.importorskip("torch")
    y_true = np.array([[1, 0, 1], [0, 1, 0], [1, 1, 0], [0, 0, 1]], dtype=np.float32)
    logits = np.array([[1e4, -1e4, -1e4], [1e4, 0.3, -2.0], [-1e4, 5.0, 1e4], [0.0, -0.7, 2.5]], dtype=np.float32)
    value, grad = value_and_grad(BinaryCrossentropy(from_logits=True), y_true, logits)
    t_value, t_grad = torch_value_and_grad(
        torch, lambda p: torch.nn.functional.binary_cross_entropy_with_logits(p, torch.tensor(y_true)), logits)
    assert np.isfinite(value) and np.isfinite(grad).all()
    assert value > 1e3  # confidently wrong logits cost their size, not a clipped 16
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def keras_bce(y, p):
    p = np.clip(p, EPS, 1 - EPS)
    return -(y * np.log(p) + (1 - y) * np.log(1 - p))


def test_bce_from_probabilities_clips_exact_zero_and_one():
    torch = pytest.importorskip("torch")
    y_true = np.array([[1, 0], [0, 1], [1, 1], [0, 0]], dtype=np.float32)
    probs = np.array([[0.0, 1.0], [1.0, 0.0], [0.3, 0.9], [0.2, 0.6]], dtype=np.float32)
    value, grad = value_and_grad(BinaryCrossentropy(), y_true, probs)
    assert np.isfinite(value) and np.isfinite(grad).all()
    lo, hi = np.float32(EPS), np.float32(1 - EPS)
    assert_close(value, keras_bce(y_true, np.clip(probs, lo, hi)).mean())
    # a wrong 0 costs -log(1e-7) = 16.1; a wrong 1 costs -log(1 - float32(1 - 1e-7)) = 15.9
    saturated = 2 * -np.log(np.float64(lo)) + 2 * -np.log(1 - np.float64(hi))
    assert value == pytest.approx((saturated + keras_bce(y_true[2:], probs[2:]).sum()) / 8, rel=1e-5)

    def torch_formula(p):
        c = p.clamp(float(lo), float(hi))
        y = torch.tensor(y_true)
        return (-(y * c.log() + (1 - y) * (1 - c).log())).mean()

    t_value, t_grad = torch_value_and_grad(torch, torch_formula, probs)
    assert_close(value, t_value)
    assert_close(grad, t_grad)
    assert (grad[:2] == 0).all()  # clipped predictions pass no gradient, as in Keras


def test_bce_label_smoothing_and_axis():
    torch = pytest.importorskip("torch")
    y_true = rng().integers(0, 2, size=(5, 3)).astype(np.float32)
    logits = rng(1).normal(size=(5, 3)).astype(np.float32) * 4
    smoothed = y_true * 0.8 + 0.5 * 0.2
    out = binary_crossentropy(y_true, Tensor(logits), from_logits=True, label_smoothing=0.2, axis=0)
    expected = torch.nn.functional.binary_cross_entropy_with_logits(
        torch.tensor(logits), torch.tensor(smoothed), reduction="none").mean(0).numpy()
    assert out.shape == (3,)
    assert_close(out.numpy(), expected)


def test_bce_accepts_labels_without_trailing_axis():
    probs = np.array([[0.9], [0.2], [0.6]], dtype=np.float32)
    a = BinaryCrossentropy()(np.array([1, 0, 1]), Tensor(probs))
    b = BinaryCrossentropy()(np.array([[1.0], [0.0], [1.0]]), Tensor(probs))
    assert float(a) == pytest.approx(float(b))
    assert float(a) == pytest.approx(-np.log([0.9, 0.8, 0.6]).mean(), rel=1e-5)


def test_sigmoid_output_uses_logits_behind_it():
    torch = pytest.importorskip("torch")
    y_true = np.array([[1.0], [0.0], [1.0]], dtype=np.float32)
    z = leaf([[-1e4], [2.0], [30.0]])
    loss = BinaryCrossentropy()(y_true, ops.sigmoid(z))
    loss.backward()
    tz = torch.tensor(z.numpy(), requires_grad=True)
    t_loss = torch.nn.functional.binary_cross_entropy_with_logits(tz, torch.tensor(y_true))
    t_loss.backward()
    assert float(loss) == pytest.approx(float(t_loss.detach()), rel=RTOL)  # ~3334, not the clipped ~5.4
    assert_close(z.grad.numpy(), tz.grad.numpy())


# ------------------------------------------------------------ categorical cross-entropy
def test_cce_from_logits_matches_torch_including_huge_logits():
    torch = pytest.importorskip("torch")
    labels = np.array([0, 2, 1, 1])
    y_true = np.eye(3, dtype=np.float32)[labels]
    logits = np.array([[1e4, -1e4, 0.0], [1e4, 0.0, -1e4], [0.5, -0.2, 1.0], [-1e4, 1e4, 1e4]], dtype=np.float32)
    value, grad = value_and_grad(CategoricalCrossentropy(from_logits=True), y_true, logits)
    t_value, t_grad = torch_value_and_grad(
        torch, lambda p: torch.nn.functional.cross_entropy(p, torch.tensor(labels)), logits)
    assert np.isfinite(value) and np.isfinite(grad).all()
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def test_cce_label_smoothing_matches_torch():
    torch = pytest.importorskip("torch")
    labels = rng().integers(0, 5, size=7)
    logits = rng(1).normal(size=(7, 5)).astype(np.float32) * 3
    value, grad = value_and_grad(CategoricalCrossentropy(from_logits=True, label_smoothing=0.1),
                                 np.eye(5)[labels], logits)
    t_value, t_grad = torch_value_and_grad(
        torch, lambda p: torch.nn.functional.cross_entropy(p, torch.tensor(labels), label_smoothing=0.1), logits)
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def keras_cce(y, p):
    p = p / p.sum(-1, keepdims=True)
    return -(y * np.log(np.clip(p, EPS, 1 - EPS))).sum(-1)


def test_cce_from_probabilities_normalises_and_clips():
    torch = pytest.importorskip("torch")
    y_true = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1]], dtype=np.float32)
    probs = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.2, 0.2, 0.4]], dtype=np.float32)  # last row sums to 0.8
    value, grad = value_and_grad(CategoricalCrossentropy(), y_true, probs)
    assert np.isfinite(value) and np.isfinite(grad).all()
    assert_close(value, keras_cce(y_true, probs.astype(np.float64)).mean())

    def torch_formula(p):
        q = (p / p.sum(-1, keepdim=True)).clamp(float(np.float32(EPS)), float(np.float32(1 - EPS)))
        return (-(torch.tensor(y_true) * q.log()).sum(-1)).mean()

    t_value, t_grad = torch_value_and_grad(torch, torch_formula, probs)
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def test_softmax_output_uses_logits_behind_it_and_clips_without_graph():
    torch = pytest.importorskip("torch")
    labels = np.array([1, 0])
    z = leaf([[1e4, -1e4, 0.0], [3.0, 1.0, 0.2]])
    loss = CategoricalCrossentropy()(np.eye(3)[labels], ops.softmax(z))
    loss.backward()
    tz = torch.tensor(z.numpy(), requires_grad=True)
    t_loss = torch.nn.functional.cross_entropy(tz, torch.tensor(labels))
    t_loss.backward()
    assert float(loss) == pytest.approx(float(t_loss.detach()), rel=RTOL)
    assert_close(z.grad.numpy(), tz.grad.numpy())
    with no_grad():  # nothing recorded: the clipped formula, finite
        clipped = CategoricalCrossentropy()(np.eye(3)[labels], ops.softmax(z))
    assert np.isfinite(float(clipped)) and float(clipped) < 10


def test_from_logits_on_softmax_output_warns():
    z = leaf([[1.0, 2.0, 0.5]])
    with pytest.warns(UserWarning, match="from_logits=True"):
        CategoricalCrossentropy(from_logits=True)(np.array([[0, 1, 0]]), ops.softmax(z))


def test_cce_shape_mismatch_suggests_sparse():
    with pytest.raises(ValueError, match="sparse_categorical_crossentropy"):
        categorical_crossentropy(np.array([1, 2]), Tensor(np.ones((2, 3), np.float32) / 3))


# ------------------------------------------------------------ sparse categorical cross-entropy
@pytest.mark.parametrize("label_form", ["int", "float", "column", "tensor"])
def test_scce_from_logits_matches_torch(label_form):
    torch = pytest.importorskip("torch")
    labels = np.array([0, 3, 1, 2, 3])
    y_true = {"int": labels, "float": labels.astype(np.float32), "column": labels[:, None],
              "tensor": Tensor(labels.astype(np.int32))}[label_form]
    logits = rng().normal(size=(5, 4)).astype(np.float32) * 3
    logits[0, 0], logits[1, 3] = -1e4, 1e4
    value, grad = value_and_grad(SparseCategoricalCrossentropy(from_logits=True), y_true, logits)
    t_value, t_grad = torch_value_and_grad(
        torch, lambda p: torch.nn.functional.cross_entropy(p, torch.tensor(labels)), logits)
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def test_scce_from_probabilities_matches_categorical():
    labels = np.array([2, 0, 1])
    probs = np.array([[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.3, 0.3, 0.4]], dtype=np.float32)
    sparse_value, sparse_grad = value_and_grad(SparseCategoricalCrossentropy(), labels, probs)
    dense_value, dense_grad = value_and_grad(CategoricalCrossentropy(), np.eye(3)[labels], probs)
    assert np.isfinite(sparse_value)
    assert_close(sparse_value, dense_value, rtol=1e-5)
    assert_close(sparse_value, keras_cce(np.eye(3)[labels], probs.astype(np.float64)).mean())
    assert_close(sparse_grad, dense_grad, atol=1e-4)


def test_scce_ignore_class_matches_torch_ignore_index():
    torch = pytest.importorskip("torch")
    labels = np.array([0, -1, 2, 1, -1])
    logits = rng().normal(size=(5, 3)).astype(np.float32)
    loss = SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1)
    value, grad = value_and_grad(loss, labels, logits)
    t_value, t_grad = torch_value_and_grad(
        torch, lambda p: torch.nn.functional.cross_entropy(p, torch.tensor(labels), ignore_index=-1), logits)
    assert_close(value, t_value)
    assert_close(grad, t_grad)
    per_sample = SparseCategoricalCrossentropy(from_logits=True, ignore_class=-1, reduction=None)(
        labels, Tensor(logits))
    assert per_sample.shape == (5,) and (per_sample.numpy()[[1, 4]] == 0).all()


def test_scce_label_errors():
    logits = Tensor(np.zeros((2, 3), np.float32))
    with pytest.raises(ValueError, match="outside the valid range"):
        SparseCategoricalCrossentropy(from_logits=True)(np.array([0, 3]), logits)
    with pytest.raises(ValueError, match="one-hot labels use categorical_crossentropy"):
        sparse_categorical_crossentropy(np.eye(3)[[0, 1]], logits)


# ------------------------------------------------------------ hinge losses
def test_hinge_losses_match_formulas_and_torch():
    torch = pytest.importorskip("torch")
    y01 = np.array([[1, 0, 1], [0, 0, 1]], dtype=np.float32)
    scores = np.array([[0.3, -2.0, 1.7], [0.4, -0.5, -0.2]], dtype=np.float32)
    signed = 2 * y01 - 1
    assert_close(hinge(y01, Tensor(scores)).numpy(), np.maximum(1 - signed * scores, 0).mean(-1))
    assert_close(hinge(signed, Tensor(scores)).numpy(), np.maximum(1 - signed * scores, 0).mean(-1))
    for loss, fn in [(Hinge(), lambda m: m), (SquaredHinge(), lambda m: m * m)]:
        value, grad = value_and_grad(loss, y01, scores)
        t_value, t_grad = torch_value_and_grad(
            torch, lambda p, fn=fn: fn((1 - torch.tensor(signed) * p).clamp(min=0)).mean(), scores)
        assert_close(value, t_value)
        assert_close(grad, t_grad)


def test_categorical_hinge_formula():
    y_true = np.eye(3, dtype=np.float32)[[0, 2]]
    scores = np.array([[0.2, 0.9, 0.1], [0.3, 0.1, 2.0]], dtype=np.float32)
    expected = np.maximum(np.array([0.9 - 0.2, 0.3 - 2.0]) + 1, 0).mean()
    assert float(CategoricalHinge()(y_true, Tensor(scores))) == pytest.approx(expected, rel=1e-6)


# ------------------------------------------------------------ reductions and sample weights
def test_reductions():
    y_true = np.zeros((4, 2), np.float32)
    y_pred = Tensor(np.array([[1, 1], [2, 2], [0, 0], [3, 1]], np.float32))
    per_sample = np.array([1, 4, 0, 5], np.float32)
    assert_close(MeanSquaredError(reduction="none")(y_true, y_pred).numpy(), per_sample)
    assert_close(MeanSquaredError(reduction=None)(y_true, y_pred).numpy(), per_sample)
    assert_close(MeanSquaredError(reduction=Reduction.NONE)(y_true, y_pred).numpy(), per_sample)
    assert float(MeanSquaredError(reduction="sum")(y_true, y_pred)) == 10
    assert float(MeanSquaredError()(y_true, y_pred)) == 2.5
    assert float(MeanSquaredError(reduction="auto")(y_true, y_pred)) == 2.5
    with pytest.raises(ValueError, match="reduction='average'"):
        MeanSquaredError(reduction="average")


@pytest.mark.parametrize("weight_shape", [(4,), (4, 1)])
def test_sample_weight_divides_by_batch_size_not_weight_sum(weight_shape):
    y_true = np.zeros((4, 2), np.float32)
    y_pred = Tensor(np.array([[1, 1], [2, 2], [0, 0], [3, 1]], np.float32))
    w = np.array([1.0, 0.5, 2.0, 0.0]).reshape(weight_shape)
    assert float(MeanSquaredError()(y_true, y_pred, sample_weight=w)) == pytest.approx((1 + 2) / 4)
    assert float(MeanSquaredError(reduction="sum")(y_true, y_pred, sample_weight=w)) == pytest.approx(3)
    assert float(MeanSquaredError(reduction="mean_with_sample_weight")(y_true, y_pred, sample_weight=w)) == \
        pytest.approx(3 / 3.5)
    assert MeanSquaredError(reduction="none")(y_true, y_pred, sample_weight=w).shape == (4,)
    assert float(MeanSquaredError()(y_true, y_pred, sample_weight=2.0)) == pytest.approx(5.0)


def test_sample_weight_gradient_matches_torch():
    torch = pytest.importorskip("torch")
    labels = np.array([0, 2, 1])
    w = np.array([0.2, 1.0, 3.0], np.float32)
    logits = rng().normal(size=(3, 3)).astype(np.float32)
    value, grad = value_and_grad(lambda t, p: SparseCategoricalCrossentropy(from_logits=True)(t, p, sample_weight=w),
                                 labels, logits)
    t_value, t_grad = torch_value_and_grad(torch, lambda p: (torch.nn.functional.cross_entropy(
        p, torch.tensor(labels), reduction="none") * torch.tensor(w)).mean(), logits)
    assert_close(value, t_value)
    assert_close(grad, t_grad)


def test_bad_sample_weight_shape_is_clear():
    with pytest.raises(ValueError, match="sample_weight"):
        MeanSquaredError()(np.zeros((4, 1)), Tensor(np.ones((4, 1), np.float32)), sample_weight=np.ones(3))


def test_empty_batch_gives_zero():
    assert float(MeanSquaredError()(np.zeros((0, 2)), Tensor(np.zeros((0, 2), np.float32)))) == 0.0


# ------------------------------------------------------------ finite differences (float64)
GRAD_CASES = [
    ("mse", lambda: MeanSquaredError(), "real"),
    ("mae", lambda: MeanAbsoluteError(), "real"),
    ("huber", lambda: Huber(delta=0.7), "real"),
    ("bce_logits", lambda: BinaryCrossentropy(from_logits=True, label_smoothing=0.1), "logits"),
    ("bce_probs", lambda: BinaryCrossentropy(), "probs"),
    ("cce_logits", lambda: CategoricalCrossentropy(from_logits=True, label_smoothing=0.1), "logits"),
    ("cce_probs", lambda: CategoricalCrossentropy(), "probs"),
    ("scce_logits", lambda: SparseCategoricalCrossentropy(from_logits=True), "logits"),
    ("scce_probs", lambda: SparseCategoricalCrossentropy(), "probs"),
    ("hinge", lambda: Hinge(), "real"),
    ("squared_hinge", lambda: SquaredHinge(), "real"),
    ("categorical_hinge", lambda: CategoricalHinge(), "real"),
]


@pytest.mark.parametrize("name, make, kind", GRAD_CASES, ids=[c[0] for c in GRAD_CASES])
def test_finite_difference_gradient(name, make, kind):
    g = rng(3)
    labels = np.array([0, 2, 1, 2])
    if name.startswith("scce"):
        y_true = labels
    elif name.startswith(("cce", "categorical")):
        y_true = np.eye(3)[labels]
    elif kind == "real" and "hinge" not in name:
        y_true = g.normal(size=(4, 3))
    else:
        y_true = g.integers(0, 2, size=(4, 3)).astype(np.float64)
    if kind == "probs":
        y_pred = g.uniform(0.05, 0.95, size=(4, 3))
    else:
        # keep away from the kinks of |e|, max(., 0) and Huber's switch
        y_pred = g.normal(size=(4, 3)) * 2
        if "hinge" in name:
            y_pred = np.where(np.abs(1 - np.abs(y_pred)) < 0.1, y_pred + 0.3, y_pred)
    weights = g.uniform(0.5, 2.0, size=4)
    loss = make()
    assert gradient_check(lambda p: loss(y_true, p, sample_weight=weights), [y_pred]) < 1e-6


def test_finite_difference_gradient_through_softmax_and_sigmoid():
    g = rng(4)
    z = g.normal(size=(4, 3)) * 2
    onehot = np.eye(3)[[0, 2, 1, 1]]
    assert gradient_check(lambda t: CategoricalCrossentropy()(onehot, ops.softmax(t)), [z]) < 1e-6
    assert gradient_check(lambda t: BinaryCrossentropy()(onehot, ops.sigmoid(t)), [z]) < 1e-6


def test_float64_predictions_stay_float64():
    out = MeanSquaredError()(np.zeros((2, 2), np.int64), Tensor(np.ones((2, 2))))
    assert out.dtype == np.float64


# ------------------------------------------------------------ resolution and config
def test_get_resolves_keras_names():
    assert get("mse") is mean_squared_error and get("MSE") is mean_squared_error
    assert get("mae") is mean_absolute_error and get("mean_squared_error") is mean_squared_error
    assert get("binary_crossentropy") is binary_crossentropy
    assert get("categorical_crossentropy") is categorical_crossentropy
    assert get("sparse_categorical_crossentropy") is sparse_categorical_crossentropy
    assert get("hinge") is hinge
    assert isinstance(get("BinaryCrossentropy"), BinaryCrossentropy)
    assert isinstance(get("MeanSquaredError"), MeanSquaredError)
    assert isinstance(get(CategoricalCrossentropy), CategoricalCrossentropy)  # a class is instantiated
    instance = Hinge()
    assert get(instance) is instance and get(None) is None

    def custom(y_true, y_pred):
        return y_pred

    assert get(custom) is custom


def test_get_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown loss 'mean_sqared_error'.*mean_squared_error"):
        get("mean_sqared_error")


def test_config_round_trip():
    loss = BinaryCrossentropy(from_logits=True, label_smoothing=0.2, reduction="sum", name="bce")
    config = serialize(loss)
    assert config["config"]["from_logits"] is True and config["config"]["label_smoothing"] == 0.2
    clone = deserialize(config)
    assert isinstance(clone, BinaryCrossentropy)
    assert clone.get_config() == loss.get_config()
    y, z = np.array([[1.0], [0.0]]), Tensor(np.array([[2.0], [-1.0]], np.float32))
    assert float(clone(y, z)) == pytest.approx(float(loss(y, z)))
    scce = SparseCategoricalCrossentropy(ignore_class=0)
    assert deserialize(serialize(scce)).ignore_class == 0
    wrapper = LossFunctionWrapper(mean_absolute_error, name="my_mae")
    assert isinstance(deserialize(serialize(wrapper)), LossFunctionWrapper)
    assert serialize(mse) == "mean_squared_error" and get(serialize(mse)) is mse


def test_custom_loss_subclass():
    class Cubic(Loss):
        def call(self, y_true, y_pred):
            return ops.reduce_mean(ops.abs(y_pred - y_true) ** 3.0, axis=-1)

    loss = Cubic()
    assert loss.name == "cubic"
    assert float(loss(np.zeros((2, 1)), Tensor(np.array([[1.0], [2.0]], np.float32)))) == pytest.approx(4.5)


def test_invalid_label_smoothing():
    with pytest.raises(ValueError, match="label_smoothing=1.5"):
        CategoricalCrossentropy(label_smoothing=1.5)
