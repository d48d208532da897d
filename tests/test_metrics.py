"""Metrics: Keras's documented values, scikit-learn agreement, accumulation over
batches, reset, sample weights, name resolution and the choice of accuracy."""

import numpy as np
import pytest

from axon.autograd.tensor import Tensor
from axon.losses import BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy
from axon.losses import mean_squared_error as loss_mse
from axon.metrics import (
    AUC,
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    F1Score,
    FalseNegatives,
    FBetaScore,
    Mean,
    MeanAbsoluteError,
    MeanMetricWrapper,
    MeanSquaredError,
    Precision,
    R2Score,
    Recall,
    RootMeanSquaredError,
    SparseCategoricalAccuracy,
    TruePositives,
    binary_accuracy,
    categorical_accuracy,
    deserialize,
    get,
    mae,
    mean_squared_error,
    mse,
    resolve_accuracy,
    serialize,
    sparse_categorical_accuracy,
)

sklearn_metrics = pytest.importorskip("sklearn.metrics")


def rng(seed=0):
    return np.random.default_rng(seed)


def value(metric) -> float:
    return float(metric.result())


def in_batches(metric, *arrays, size=7):
    """Feed ``arrays`` (y_true, y_pred[, sample_weight]) to ``metric`` in batches."""
    n = len(arrays[0])
    for start in range(0, n, size):
        parts = [a[start:start + size] for a in arrays]
        metric.update_state(*parts[:2], sample_weight=parts[2] if len(parts) > 2 else None)
    return metric


def binary_data(n=200, seed=0):
    g = rng(seed)
    y = g.integers(0, 2, size=n)
    scores = np.clip(0.35 * y + g.uniform(0, 0.65, size=n), 0, 1)
    return y, scores, g.uniform(0.1, 2.0, size=n)


# ------------------------------------------------------------ Keras's documented values
def test_accuracy_documented_values():
    m = Accuracy()
    m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]])
    assert value(m) == 0.75
    m.reset_state()
    m.update_state([[1], [2], [3], [4]], [[0], [2], [3], [4]], sample_weight=[1, 1, 0, 0])
    assert value(m) == 0.5


def test_binary_accuracy_documented_values():
    m = BinaryAccuracy()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]])
    assert value(m) == 0.75
    m.reset_state()
    m.update_state([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]], sample_weight=[1, 0, 0, 1])
    assert value(m) == 0.5


def test_categorical_accuracies_documented_values():
    y_pred = [[0.1, 0.9, 0.8], [0.05, 0.95, 0]]
    m = CategoricalAccuracy()
    m.update_state([[0, 0, 1], [0, 1, 0]], y_pred)
    assert value(m) == 0.5
    m.reset_state()
    m.update_state([[0, 0, 1], [0, 1, 0]], y_pred, sample_weight=[0.7, 0.3])
    assert value(m) == pytest.approx(0.3)
    s = SparseCategoricalAccuracy()
    s.update_state([[2], [1]], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]])
    assert value(s) == 0.5
    s.reset_state()
    s.update_state([2, 1], [[0.1, 0.6, 0.3], [0.05, 0.95, 0]], sample_weight=[0.7, 0.3])
    assert value(s) == pytest.approx(0.3)


def test_accuracy_functions_are_per_sample():
    assert binary_accuracy([[1], [1], [0], [0]], [[0.98], [1], [0], [0.6]]).numpy().tolist() == [1, 1, 1, 0]
    assert binary_accuracy([[1, 0], [1, 1]], [[0.7, 0.2], [0.1, 0.9]]).numpy().tolist() == [1.0, 0.5]
    assert categorical_accuracy([[0, 1], [1, 0]], [[0.3, 0.7], [0.4, 0.6]]).numpy().tolist() == [1, 0]
    assert sparse_categorical_accuracy([1, 0], [[0.3, 0.7], [0.4, 0.6]]).numpy().tolist() == [1, 0]


def test_binary_accuracy_with_labels_without_trailing_axis_and_tensors():
    m = BinaryAccuracy(threshold=0.7)
    m.update_state(np.array([1, 0, 1]), Tensor(np.array([[0.8], [0.75], [0.2]], np.float32)))
    assert value(m) == pytest.approx(1 / 3)


def test_categorical_accuracy_rejects_class_ids():
    with pytest.raises(ValueError, match="sparse_categorical_accuracy"):
        CategoricalAccuracy().update_state(np.array([[1], [0]]), np.array([[0.3, 0.7], [0.4, 0.6]]))


# ------------------------------------------------------------ accumulation, reset, weights
def test_mean_accumulates_weighted_values_and_resets():
    m = Mean()
    m.update_state([1, 3, 5, 7], sample_weight=[1, 1, 0, 0])
    assert value(m) == 2.0
    m.update_state([10.0], sample_weight=[2.0])
    assert value(m) == pytest.approx((1 + 3 + 20) / 4)
    m.reset_state()
    assert value(m) == 0.0
    m.update_state(np.array([[1.0, 3.0], [5.0, 7.0]]))
    assert value(m) == 4.0


def test_accuracy_over_batches_equals_one_pass():
    g = rng(1)
    labels = g.integers(0, 4, size=50)
    probs = g.dirichlet(np.ones(4), size=50)
    w = g.uniform(0, 1, size=50)
    batched = in_batches(SparseCategoricalAccuracy(), labels, probs, w)
    expected = (w * (probs.argmax(1) == labels)).sum() / w.sum()
    assert value(batched) == pytest.approx(expected, rel=1e-6)
    whole = SparseCategoricalAccuracy()
    whole.update_state(labels, probs, sample_weight=w)
    assert value(whole) == pytest.approx(value(batched), rel=1e-6)


def test_call_updates_and_returns_result_tensor():
    m = BinaryAccuracy()
    out = m([[1], [0]], [[0.9], [0.8]])
    assert isinstance(out, Tensor) and out.numpy().dtype == np.float32
    assert float(out) == 0.5 and f"{out:.2f}" == "0.50"
    m([[1], [1]], [[0.9], [0.8]])
    assert value(m) == 0.75
    m.reset_states()
    assert value(m) == 0.0


# ------------------------------------------------------------ precision / recall vs scikit-learn
def test_precision_recall_match_sklearn_over_batches_with_weights():
    y, scores, w = binary_data()
    predicted = scores > 0.5
    for metric, reference in [(Precision(), sklearn_metrics.precision_score),
                              (Recall(), sklearn_metrics.recall_score)]:
        in_batches(metric, y, scores, w)
        assert value(metric) == pytest.approx(reference(y, predicted, sample_weight=w), rel=1e-5)
        metric.reset_state()
        assert value(metric) == 0.0


def test_precision_recall_several_thresholds():
    y, scores, _ = binary_data(seed=2)
    thresholds = [0.7, 0.3, 0.5]
    p, r = Precision(thresholds=thresholds), Recall(thresholds=thresholds)
    p.update_state(y, scores)
    r.update_state(y, scores)
    assert p.result().shape == (3,)
    for i, t in enumerate(thresholds):
        assert p.result().numpy()[i] == pytest.approx(sklearn_metrics.precision_score(y, scores > t), rel=1e-5)
        assert r.result().numpy()[i] == pytest.approx(sklearn_metrics.recall_score(y, scores > t), rel=1e-5)


def test_precision_recall_class_id_and_top_k():
    g = rng(3)
    labels = g.integers(0, 3, size=60)
    probs = g.dirichlet(np.ones(3) * 0.7, size=60)
    onehot = np.eye(3)[labels]
    p = Precision(class_id=1)
    p.update_state(onehot, probs)
    assert value(p) == pytest.approx(sklearn_metrics.precision_score(labels == 1, probs[:, 1] > 0.5), rel=1e-5)
    r = Recall(top_k=1)  # the argmax is the only positive of each row: recall = accuracy
    r.update_state(onehot, probs)
    assert value(r) == pytest.approx((probs.argmax(1) == labels).mean(), rel=1e-5)


def test_confusion_counts_by_hand():
    y_true, y_pred = [0, 1, 1, 1], [1, 0, 1, 1]
    tp, fn = TruePositives(), FalseNegatives()
    tp.update_state(y_true, y_pred, sample_weight=[1, 1, 2, 3])
    fn.update_state(y_true, y_pred)
    assert value(tp) == 5.0 and value(fn) == 1.0
    m = Precision()
    m.update_state(y_true, y_pred)
    assert value(m) == pytest.approx(2 / 3)


def test_threshold_validation():
    with pytest.raises(ValueError, match="in \\[0, 1\\]"):
        Precision(thresholds=1.5)
    with pytest.raises(ValueError, match="threshold=1.0"):
        BinaryAccuracy(threshold=1.0)


# ------------------------------------------------------------ F1 vs scikit-learn
@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_f1_multiclass_argmax_matches_sklearn(average):
    g = rng(4)
    labels = g.integers(0, 4, size=90)
    probs = g.dirichlet(np.ones(4), size=90)
    probs[np.arange(90) % 3 == 0, labels[np.arange(90) % 3 == 0]] += 1.0  # some skill
    m = in_batches(F1Score(average=average), np.eye(4)[labels], probs)
    expected = sklearn_metrics.f1_score(labels, probs.argmax(1), average=average)
    np.testing.assert_allclose(m.result().numpy(), expected, rtol=1e-4)


@pytest.mark.parametrize("average", [None, "micro", "macro", "weighted"])
def test_f1_multilabel_threshold_with_weights_matches_sklearn(average):
    g = rng(5)
    y = g.integers(0, 2, size=(80, 3))
    scores = np.clip(0.4 * y + g.uniform(0, 0.7, size=(80, 3)), 0, 1)
    w = g.uniform(0.2, 2.0, size=80)
    m = in_batches(F1Score(average=average, threshold=0.5), y, scores, w)
    expected = sklearn_metrics.f1_score(y, scores > 0.5, average=average, sample_weight=w)
    np.testing.assert_allclose(m.result().numpy(), expected, rtol=1e-4)


def test_fbeta_documented_values_and_validation():
    m = FBetaScore(beta=2.0, threshold=0.5)
    m.update_state(np.array([[1, 1, 1], [1, 0, 0], [1, 1, 0]]),
                   np.array([[0.2, 0.6, 0.7], [0.2, 0.6, 0.6], [0.6, 0.8, 0.0]]))
    np.testing.assert_allclose(m.result().numpy(), [0.3846154, 0.90909094, 0.8333334], rtol=1e-5)
    with pytest.raises(ValueError, match="average='mean'"):
        F1Score(average="mean")
    with pytest.raises(ValueError, match="2-d inputs"):
        F1Score().update_state(np.zeros((2, 3)), np.zeros((2, 4)))


# ------------------------------------------------------------ AUC vs scikit-learn
def test_auc_roc_matches_sklearn_within_interpolation_error():
    y, scores, w = binary_data(n=500)
    m = in_batches(AUC(), y, scores, w, size=64)
    assert value(m) == pytest.approx(sklearn_metrics.roc_auc_score(y, scores, sample_weight=w), abs=2e-3)


def test_auc_roc_is_exact_with_a_threshold_at_every_score():
    y, scores, _ = binary_data(n=120, seed=6)
    scores = np.round(scores, 2)  # ties, too
    m = AUC(thresholds=np.unique(scores))
    m.update_state(y, scores)
    assert value(m) == pytest.approx(sklearn_metrics.roc_auc_score(y, scores), abs=1e-6)


def test_auc_pr_close_to_average_precision():
    y, scores, _ = binary_data(n=400, seed=7)
    m = AUC(curve="PR", num_thresholds=500)
    m.update_state(y, scores)
    assert value(m) == pytest.approx(sklearn_metrics.average_precision_score(y, scores), abs=5e-3)


def test_auc_documented_value_and_summation_methods():
    y, p = [0, 0, 1, 1], [0, 0.5, 0.3, 0.9]
    results = {}
    for method in ("interpolation", "minoring", "majoring"):
        m = AUC(num_thresholds=3, summation_method=method)
        m.update_state(y, p)
        results[method] = value(m)
    # ROC points (fpr, tpr): (1, 1), (0, 0.5), (0, 0) -> trapezoid 0.75, lower 0.5, upper 1.0
    assert results == {"interpolation": 0.75, "minoring": 0.5, "majoring": 1.0}


def test_auc_multi_label_from_logits_matches_sklearn_macro():
    g = rng(8)
    y = g.integers(0, 2, size=(300, 3))
    logits = 1.5 * (2 * y - 1) + g.normal(size=(300, 3)) * 2
    m = in_batches(AUC(multi_label=True, from_logits=True, num_thresholds=1000), y, logits, size=50)
    assert value(m) == pytest.approx(sklearn_metrics.roc_auc_score(y, logits, average="macro"), abs=1e-3)


def test_auc_update_is_vectorised():
    import time

    g = rng(9)
    y, p = g.integers(0, 2, size=200_000), g.uniform(size=200_000)
    m = AUC()
    start = time.perf_counter()
    m.update_state(y, p)
    assert time.perf_counter() - start < 1.0  # ~30 ms vectorised; a per-threshold Python loop takes seconds
    assert value(m) == pytest.approx(0.5, abs=0.01)


# ------------------------------------------------------------ regression metrics vs scikit-learn
def test_mse_mae_rmse_match_sklearn_over_batches():
    g = rng(10)
    y, p, w = g.normal(size=(40, 2)), g.normal(size=(40, 2)), g.uniform(0.1, 1, size=40)
    m_mse, m_mae, m_rmse = (in_batches(m, y, p, w) for m in (MeanSquaredError(), MeanAbsoluteError(),
                                                              RootMeanSquaredError()))
    ref = sklearn_metrics.mean_squared_error(y, p, sample_weight=w)
    assert value(m_mse) == pytest.approx(ref, rel=1e-5)
    assert value(m_rmse) == pytest.approx(np.sqrt(ref), rel=1e-5)
    assert value(m_mae) == pytest.approx(sklearn_metrics.mean_absolute_error(y, p, sample_weight=w), rel=1e-5)


@pytest.mark.parametrize("aggregation, multioutput", [("uniform_average", "uniform_average"),
                                                      ("variance_weighted_average", "variance_weighted"),
                                                      (None, "raw_values")])
def test_r2_matches_sklearn(aggregation, multioutput):
    g = rng(11)
    y = g.normal(size=(60, 3)) * [1, 3, 0.5]
    p = y + g.normal(size=(60, 3)) * 0.7
    w = g.uniform(0.1, 2, size=60)
    m = in_batches(R2Score(class_aggregation=aggregation), y, p, w)
    expected = sklearn_metrics.r2_score(y, p, sample_weight=w, multioutput=multioutput)
    np.testing.assert_allclose(m.result().numpy(), expected, rtol=1e-5)


def test_r2_single_output_vectors_and_adjusted():
    y, p = np.array([1.0, 4.0, 3.0, 2.0, 5.0]), np.array([2.0, 4.0, 4.0, 2.0, 4.5])
    m = R2Score()
    m.update_state(y, p)
    r2 = sklearn_metrics.r2_score(y, p)
    assert value(m) == pytest.approx(r2, rel=1e-6)
    adjusted = R2Score(num_regressors=2)
    adjusted.update_state(y[:, None], p[:, None])
    assert value(adjusted) == pytest.approx(1 - (1 - r2) * 4 / 2, rel=1e-6)


# ------------------------------------------------------------ resolution
def test_get_names_metrics_as_written():
    assert get("accuracy") == "accuracy" and get("acc") == "acc" and get("ACC") == "ACC"
    for name, cls in [("mse", MeanSquaredError), ("mean_squared_error", MeanSquaredError),
                      ("mae", MeanAbsoluteError), ("binary_accuracy", BinaryAccuracy),
                      ("categorical_accuracy", CategoricalAccuracy),
                      ("sparse_categorical_accuracy", SparseCategoricalAccuracy),
                      ("precision", Precision), ("recall", Recall), ("auc", AUC)]:
        metric = get(name)
        assert isinstance(metric, cls) and metric.name == name
    assert get("Precision").name == "precision" and isinstance(get("AUC"), AUC)
    assert isinstance(get(Recall), Recall)  # a class is instantiated
    instance = F1Score()
    assert get(instance) is instance and get(None) is None
    bce = get("binary_crossentropy")
    bce.update_state([[1.0]], [[0.5]])
    assert bce.name == "binary_crossentropy" and value(bce) == pytest.approx(np.log(2), rel=1e-5)


def test_get_wraps_functions():
    def doubled_error(y_true, y_pred):
        return 2 * np.abs(np.asarray(y_pred) - np.asarray(y_true))

    m = get(doubled_error)
    assert isinstance(m, MeanMetricWrapper) and m.name == "doubled_error"
    m.update_state([0.0, 1.0], [1.0, 1.0])
    assert value(m) == 1.0
    w = get(loss_mse)
    w.update_state(np.zeros((2, 1)), Tensor(np.ones((2, 1), np.float32), requires_grad=True))
    assert value(w) == 1.0


def test_get_unknown_name_lists_valid_names():
    with pytest.raises(ValueError, match="Unknown metric 'precison'.*precision"):
        get("precison")


def test_function_forms():
    assert mse is mean_squared_error and mae is not None
    assert mean_squared_error([[0.0, 2.0]], Tensor(np.array([[0.0, 0.0]], np.float32))).numpy().tolist() == [2.0]


RESOLVE_CASES = [
    ("binary_crossentropy", (32, 1), (32, 1), BinaryAccuracy),
    (BinaryCrossentropy(from_logits=True), (32, 5), (32, 5), BinaryAccuracy),  # multi-label sigmoid columns
    (BinaryCrossentropy, (32, 5), (32, 5), BinaryAccuracy),
    ("mse", (32,), (32, 1), BinaryAccuracy),  # one output column
    ("sparse_categorical_crossentropy", (32,), (32, 10), SparseCategoricalAccuracy),
    (SparseCategoricalCrossentropy(), (32, 1), (32, 10), SparseCategoricalAccuracy),
    (None, (32,), (32, 10), SparseCategoricalAccuracy),
    ("mse", (32, 1), (32, 10), SparseCategoricalAccuracy),
    ("categorical_crossentropy", (32, 10), (32, 10), CategoricalAccuracy),
    (CategoricalCrossentropy(), (32, 10), (32, 10), CategoricalAccuracy),
    ("CategoricalCrossentropy", (32, 10), (32, 10), CategoricalAccuracy),
]


@pytest.mark.parametrize("loss, true_shape, pred_shape, expected", RESOLVE_CASES)
def test_resolve_accuracy(loss, true_shape, pred_shape, expected):
    metric = resolve_accuracy(loss, true_shape, pred_shape)
    assert type(metric) is expected and metric.name == "accuracy"


def test_resolve_accuracy_keeps_the_written_name():
    assert resolve_accuracy("binary_crossentropy", (4, 1), (4, 1), name="acc").name == "acc"


# ------------------------------------------------------------ config
@pytest.mark.parametrize("metric", [
    BinaryAccuracy(threshold=0.3, name="ba"), Precision(thresholds=[0.2, 0.6], class_id=1),
    Recall(top_k=2), AUC(curve="PR", num_thresholds=50, multi_label=True), F1Score(average="macro", threshold=0.4),
    FBetaScore(beta=0.5), R2Score(class_aggregation=None), MeanSquaredError(name="mse"), Mean(name="loss"),
    MeanMetricWrapper(loss_mse, name="wrapped"),
], ids=lambda m: type(m).__name__)
def test_config_round_trip(metric):
    clone = deserialize(serialize(metric))
    assert type(clone) is type(metric) and clone.get_config() == metric.get_config()
