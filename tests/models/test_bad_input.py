"""Bad input gets a clear error that names the cause."""

import numpy as np
import pytest

from axon.data import Dataset
from axon.layers.core import Flatten
from axon.layers.dense import Dense
from axon.layers.input_layer import Input
from axon.models import Sequential
from tests.models.helpers import blobs, classifier


def compiled():
    model = classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    return model


def test_x_and_y_of_different_lengths():
    x, y = blobs(10)
    for call in (lambda: compiled().fit(x, y[:9], verbose=0), lambda: compiled().evaluate(x[:8], y, verbose=0)):
        with pytest.raises(ValueError, match=r"x has (10|8), y has (9|10) samples"):
            call()
    with pytest.raises(ValueError, match="sample_weight has 3"):
        compiled().fit(x, y, sample_weight=np.ones(3), verbose=0)


def test_a_3d_array_for_a_model_built_for_4d():
    model = Sequential([Input(shape=(6, 6, 2)), Flatten(), Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(ValueError, match=r"first layer 'flatten.*': expected shape \(None, 6, 6, 2\), received shape "
                                         r"\(None, 6, 6\)"):
        model.fit(np.zeros((3, 6, 6), np.float32), np.zeros(3), verbose=0)


@pytest.mark.parametrize("bad", [3, -1, 7])
def test_labels_out_of_range_for_sparse_crossentropy(bad):
    x, y = blobs(10)
    y[4] = bad
    with pytest.raises(ValueError, match=rf"label value of {bad}.*valid range of \[0, 2\] for 3 classes"):
        compiled().fit(x, y, verbose=0)


def test_nan_in_the_data_without_terminate_on_nan_shows_in_the_history():
    x, y = blobs(10)
    x[0, 0] = np.nan
    history = compiled().fit(x, y, epochs=2, verbose=0)
    assert np.isnan(history.history["loss"]).all()  # visible, not hidden; TerminateOnNaN stops it (callback tests)


@pytest.mark.parametrize("split", [1.0, -0.1, 1.5])
def test_validation_split_outside_0_1(split):
    message = rf"`validation_split` must be in \[0, 1\). Received: validation_split={split}"
    with pytest.raises(ValueError, match=message):
        compiled().fit(*blobs(10), validation_split=split, verbose=0)


def test_validation_split_that_leaves_no_sample():
    with pytest.raises(ValueError, match="leaves 0 training"):
        compiled().fit(*blobs(3), validation_split=0.9, verbose=0)


def test_empty_arrays_and_empty_datasets():
    x, y = blobs(10)
    with pytest.raises(ValueError, match=r"empty \(0 samples\)"):
        compiled().fit(x[:0], y[:0], verbose=0)
    with pytest.raises(ValueError, match=r"empty \(0 samples\)"):
        compiled().predict(x[:0], verbose=0)
    empty = Dataset.from_tensor_slices((x, y)).take(0).batch(4)
    with pytest.raises(ValueError, match="training data produced no batch: the dataset is empty"):
        compiled().fit(empty, verbose=0)
    with pytest.raises(ValueError, match="evaluation data produced no batch: the dataset is empty"):
        compiled().evaluate(empty, verbose=0)
    with pytest.raises(ValueError, match="predict.*no data"):
        compiled().predict(Dataset.from_tensor_slices(x).take(0).batch(4), verbose=0)


def test_fit_without_targets():
    with pytest.raises(ValueError, match="fit\\(\\) needs targets"):
        compiled().fit(blobs(10)[0], verbose=0)
    with pytest.raises(ValueError, match="needs targets"):
        compiled().fit(Dataset.from_tensor_slices(blobs(10)[0]).batch(4), verbose=0)


def test_bad_batch_size_and_validation_data():
    with pytest.raises(ValueError, match="`batch_size` must be a positive int. Received: batch_size=0"):
        compiled().fit(*blobs(10), batch_size=0, verbose=0)
    with pytest.raises(ValueError, match="validation_data must be a tuple"):
        compiled().fit(*blobs(10), validation_data=blobs(4)[0], verbose=0)


def test_wrong_number_of_targets_for_the_outputs():
    x, y = blobs(10)
    with pytest.raises(ValueError, match="1 output but y is a tuple of 2 arrays of 10 samples"):
        model = compiled()
        model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
        model.train_on_batch(x, (y, y))
