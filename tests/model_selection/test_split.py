"""Splitting data: train_test_split, holdout, KFold, StratifiedKFold, LeaveOneOut, check_cv."""

import numpy as np
import pytest

from axon.model_selection.split import (
    KFold,
    LeaveOneOut,
    StratifiedKFold,
    check_cv,
    holdout,
    train_test_split,
)


def _val_counts(folds, n):
    counts = np.zeros(n, dtype=int)
    for train, val in folds:
        assert len(np.intersect1d(train, val)) == 0
        assert len(train) + len(val) == n
        counts[val] += 1
    return counts


@pytest.mark.parametrize("n, k, shuffle, seed", [(10, 5, False, None), (23, 4, True, 0), (7, 7, True, 3)])
def test_kfold_validates_each_sample_exactly_once(n, k, shuffle, seed):
    folds = list(KFold(n_splits=k, shuffle=shuffle, seed=seed).split(np.zeros((n, 3))))
    assert len(folds) == k == KFold(k).get_n_splits()
    np.testing.assert_array_equal(_val_counts(folds, n), np.ones(n))
    sizes = [len(v) for _, v in folds]
    assert max(sizes) - min(sizes) <= 1


def test_kfold_without_shuffle_takes_consecutive_blocks():
    folds = list(KFold(3).split(np.arange(8)))
    np.testing.assert_array_equal(folds[0][1], [0, 1, 2])
    np.testing.assert_array_equal(folds[2][1], [6, 7])


def test_kfold_shuffle_is_reproducible_with_a_seed_and_random_without():
    x = np.zeros((50, 2))
    first = [v for _, v in KFold(5, shuffle=True, seed=1).split(x)]
    again = [v for _, v in KFold(5, shuffle=True, seed=1).split(x)]
    other = [v for _, v in KFold(5, shuffle=True, seed=2).split(x)]
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    assert not all(np.array_equal(a, b) for a, b in zip(first, other))


def test_kfold_rejects_bad_arguments():
    with pytest.raises(ValueError, match="n_splits"):
        KFold(1)
    with pytest.raises(ValueError, match="shuffle"):
        KFold(3, seed=0)
    with pytest.raises(ValueError, match="folds from 2 samples"):
        list(KFold(3).split(np.zeros(2)))


def test_stratified_kfold_keeps_class_ratios():
    y = np.repeat([0, 1, 2], [60, 30, 10])
    folds = list(StratifiedKFold(n_splits=5, shuffle=True, seed=0).split(np.zeros((100, 2)), y))
    np.testing.assert_array_equal(_val_counts(folds, 100), np.ones(100))
    for _, val in folds:
        np.testing.assert_array_equal(np.bincount(y[val], minlength=3), [12, 6, 2])


def test_stratified_kfold_accepts_string_and_one_hot_labels():
    labels = np.array(["cat", "dog"] * 9 + ["dog"] * 6)
    one_hot = np.eye(2)[(labels == "dog").astype(int)]
    by_string = [v for _, v in StratifiedKFold(3).split(np.zeros(24), labels)]
    by_one_hot = [v for _, v in StratifiedKFold(3).split(np.zeros(24), one_hot)]
    for a, b in zip(by_string, by_one_hot):
        np.testing.assert_array_equal(a, b)
        assert np.sum(labels[a] == "cat") == 3


def test_stratified_kfold_needs_labels_and_warns_on_rare_classes():
    with pytest.raises(ValueError, match="labels"):
        list(StratifiedKFold(2).split(np.zeros(4)))
    with pytest.warns(UserWarning, match="smallest class"):
        list(StratifiedKFold(3).split(np.zeros(7), [0, 0, 0, 0, 0, 1, 1]))


def test_leave_one_out_gives_n_folds_of_one_sample():
    x = np.zeros((6, 2))
    folds = list(LeaveOneOut().split(x))
    assert len(folds) == 6 == LeaveOneOut().get_n_splits(x)
    assert all(len(v) == 1 and len(t) == 5 for t, v in folds)
    np.testing.assert_array_equal(np.concatenate([v for _, v in folds]), np.arange(6))


def test_train_test_split_sizes_and_alignment():
    x = np.arange(40).reshape(20, 2)
    y = np.arange(20)
    x_train, x_test, y_train, y_test = train_test_split(x, y, seed=0)
    assert (len(x_train), len(x_test)) == (15, 5)
    np.testing.assert_array_equal(x_train[:, 0] // 2, y_train)
    np.testing.assert_array_equal(np.sort(np.concatenate([y_train, y_test])), y)
    assert [len(a) for a in train_test_split(x, test_size=0.33)] == [13, 7]
    assert [len(a) for a in train_test_split(x, test_size=4, train_size=10)] == [10, 4]
    assert [len(a) for a in train_test_split(x, train_size=0.5)] == [10, 10]


def test_train_test_split_is_reproducible_and_unshuffled_takes_the_end():
    x = np.arange(30)
    a = train_test_split(x, seed=5)
    b = train_test_split(x, seed=5)
    np.testing.assert_array_equal(a[1], b[1])
    train, test = train_test_split(x, test_size=0.2, shuffle=False)
    np.testing.assert_array_equal(test, np.arange(24, 30))
    np.testing.assert_array_equal(train, np.arange(24))


def test_train_test_split_stratify_keeps_proportions():
    y = np.repeat(["a", "b", "c"], [50, 30, 20])
    y_train, y_test = train_test_split(y, test_size=0.2, stratify=y, seed=0)
    assert len(y_test) == 20
    assert [np.sum(y_test == c) for c in "abc"] == [10, 6, 4]
    assert [np.sum(y_train == c) for c in "abc"] == [40, 24, 16]


def test_train_test_split_rejects_bad_sizes():
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(np.zeros(10), test_size=1.5)
    with pytest.raises(ValueError, match="same number of samples"):
        train_test_split(np.zeros(10), np.zeros(9))
    with pytest.raises(ValueError, match="positive"):
        train_test_split(np.zeros(10), test_size=8, train_size=5)
    with pytest.raises(ValueError, match="shuffle=True"):
        train_test_split(np.zeros(10), shuffle=False, stratify=np.zeros(10))


def test_holdout_returns_keras_shaped_pairs():
    x = np.random.default_rng(0).normal(size=(50, 3))
    y = np.repeat([0, 1], [40, 10])
    (x_train, y_train), (x_val, y_val) = holdout(x, y, validation_fraction=0.2, stratify=True, seed=0)
    assert x_train.shape == (40, 3) and x_val.shape == (10, 3)
    assert np.bincount(y_val).tolist() == [8, 2]
    (x_train, none), _ = holdout(x, validation_fraction=0.1)
    assert none is None and len(x_train) == 45


def test_check_cv_resolves_ints_splitters_and_index_pairs():
    assert isinstance(check_cv(4), KFold) and check_cv(4).shuffle
    sk = pytest.importorskip("sklearn.model_selection")
    splitter = sk.KFold(3)
    assert check_cv(splitter) is splitter
    pairs = [([0, 1], [2]), ([1, 2], [0])]
    assert check_cv(pairs).get_n_splits() == 2
    with pytest.raises(ValueError, match="cv"):
        check_cv("five")


def test_splitters_take_scikit_learns_random_state_with_seed_as_an_alias():
    from axon.model_selection import train_test_split

    x = np.arange(40).reshape(20, 2)
    by_state = [v for _, v in KFold(5, shuffle=True, random_state=0).split(x)]
    by_seed = [v for _, v in KFold(5, shuffle=True, seed=0).split(x)]
    assert all(np.array_equal(a, b) for a, b in zip(by_state, by_seed))
    assert KFold(5, shuffle=True, random_state=3).seed == 3
    assert repr(StratifiedKFold(3, shuffle=True, random_state=1)) == \
        "StratifiedKFold(n_splits=3, shuffle=True, random_state=1)"
    a = train_test_split(x, test_size=0.25, random_state=4)
    b = train_test_split(x, test_size=0.25, seed=4)
    assert all(np.array_equal(u, v) for u, v in zip(a, b))
    with pytest.raises(ValueError, match="`seed` is an alias of `random_state`"):
        KFold(5, shuffle=True, random_state=1, seed=2)
    with pytest.raises(ValueError, match="shuffle"):
        KFold(3, random_state=0)
