"""What fit/evaluate/predict accept at the API boundary: input counts, nested
lists, dtypes, batch sizes, generators and PyDataset (issue 12, points 3-7)."""

import math

import numpy as np
import pytest

import axon
from axon import layers
from axon.models import Model
from axon.utils import PyDataset, Sequence
from tests.models.helpers import blobs, classifier


def compiled(model=None):
    model = model or classifier()
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model


def two_inputs():
    axon.random.set_seed(0)
    a, b = layers.Input((4,), name="a"), layers.Input((4,), name="b")
    out = layers.Dense(3, activation="softmax")(layers.Concatenate()([a, b]))
    return compiled(Model([a, b], out))


# ------------------------------------------------------------ 3. input counts
def test_a_one_input_model_refuses_a_list_of_three_arrays():
    x, y = blobs()
    model = compiled()
    for call in (lambda: model.predict([x, x, x], verbose=0), lambda: model.fit([x, x, x], y, verbose=0),
                 lambda: model.evaluate([x, x, x], y, verbose=0)):
        with pytest.raises(ValueError, match=r"expects 1 input\(s\), but it received 3 input tensors"):
            call()


def test_a_two_input_model_refuses_three_arrays():
    x, y = blobs()
    model = two_inputs()
    with pytest.raises(ValueError, match=r'Layer "\w+" expects 2 input\(s\), but it received 3 input tensors'):
        model.predict([x, x, x], verbose=0)
    with pytest.raises(ValueError, match=r"expects 2 input\(s\), but it received 1 input tensors"):
        model.fit(x, y, verbose=0)
    assert model.predict([x, x], verbose=0).shape == (len(x), 3)


# ------------------------------------------------------------ 4. nested lists
def test_lists_of_lists_are_one_array_for_a_one_input_model():
    x, y = blobs()
    a, b = compiled(), compiled()
    a.fit(x, y, epochs=2, shuffle=False, verbose=0)
    b.fit(x.tolist(), y.tolist(), epochs=2, shuffle=False, verbose=0)
    for u, v in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(u, v, rtol=1e-6)
    np.testing.assert_allclose(a.predict(x.tolist(), verbose=0), a.predict(x, verbose=0))


def test_ragged_lists_say_use_np_array():
    model = compiled()
    with pytest.raises(ValueError, match=r"`x`.*not rectangular.*np\.array"):
        model.predict([[1.0, 2.0, 3.0, 4.0], [1.0, 2.0]], verbose=0)


# ------------------------------------------------------------ 5. dtypes
def test_string_labels_are_refused_with_the_argument_and_dtype():
    x, y = blobs()
    model = compiled()
    with pytest.raises(ValueError, match=r"`y` has dtype <U\d+ \(text\).*StringLookup"):
        model.fit(x, np.array(["cat", "dog", "fish"])[y], verbose=0)


def one_input_functional():
    axon.random.set_seed(0)
    a = layers.Input((4,))
    return compiled(Model(a, layers.Dense(3, activation="softmax")(a)))


def test_non_numeric_inputs_are_refused_and_numeric_object_arrays_converted():
    x, y = blobs()
    model = one_input_functional()
    with pytest.raises(ValueError, match=r"`x` has dtype <U1 \(text\)"):
        model.predict(np.array([["a", "b", "c", "d"]]), verbose=0)
    with pytest.raises(ValueError, match=r"`x` has dtype <U1 \(text\).*TextVectorization"):
        compiled().predict(np.array([["a", "b", "c", "d"]]), verbose=0)  # a Sequential on numbers
    with pytest.raises(ValueError, match=r"`x` is an object array holding non-numeric values \(e\.g\. 'a'\)"):
        model.predict(np.array([["a", 1, 2, 3]], dtype=object), verbose=0)
    with pytest.raises(ValueError, match=r"`x` has dtype datetime64\[D\] \(dates\)"):
        model.predict(np.zeros((2, 4), "datetime64[D]"), verbose=0)
    out = model.predict(x.astype(object), verbose=0)
    assert out.dtype == np.float32
    np.testing.assert_allclose(out, model.predict(x, verbose=0))
    model.fit(x.astype(object), y.astype(object), verbose=0)
    assert all(np.isfinite(w).all() for w in model.get_weights())


# ------------------------------------------------------------ 6. batch sizes
@pytest.mark.parametrize("bad", [0, -3, 2.5, "8"])
def test_predict_and_evaluate_validate_batch_size_as_fit_does(bad):
    x, y = blobs()
    model = compiled()
    for call in (lambda: model.predict(x, batch_size=bad, verbose=0),
                 lambda: model.evaluate(x, y, batch_size=bad, verbose=0),
                 lambda: model.fit(x, y, batch_size=bad, verbose=0)):
        with pytest.raises(ValueError, match=r"`batch_size` must be a positive int"):
            call()


# ------------------------------------------------------------ 7. generators and PyDataset
class Batches(PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x, self.y, self.batch_size = x, y, batch_size
        self.epochs_ended = 0

    def __len__(self):
        return math.ceil(len(self.x) / self.batch_size)

    def __getitem__(self, i):
        part = slice(i * self.batch_size, (i + 1) * self.batch_size)
        return self.x[part], self.y[part]

    def on_epoch_end(self):
        self.epochs_ended += 1


@pytest.mark.parametrize("workers", [1, 3])
def test_a_pydataset_trains_as_the_same_arrays_do(workers):
    x, y = blobs()
    a, b = compiled(), compiled()
    a.fit(x, y, batch_size=8, epochs=3, shuffle=False, verbose=0)
    data = Batches(x, y, 8, workers=workers, max_queue_size=2)
    history = b.fit(data, epochs=3, verbose=0)
    assert data.epochs_ended == 3 and len(history.history["loss"]) == 3
    for u, v in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(u, v)
    assert b.evaluate(Batches(x, y, 8), verbose=0) == pytest.approx(b.evaluate(x, y, batch_size=8, verbose=0))
    np.testing.assert_array_equal(b.predict(Batches(x, y, 8), verbose=0), b.predict(x, batch_size=8, verbose=0))
    assert Sequence is PyDataset


def test_pydataset_refuses_multiprocessing_rather_than_ignore_it():
    with pytest.raises(ValueError, match="use_multiprocessing=True is not supported"):
        Batches([], [], 1, use_multiprocessing=True)


def batches_forever(x, y, batch_size):
    while True:
        for i in range(0, len(x), batch_size):
            yield x[i:i + batch_size], y[i:i + batch_size]


def test_generators_with_steps_per_epoch_train_as_the_arrays_do():
    x, y = blobs(n=64)
    a, b = compiled(), compiled()
    a.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
    history = b.fit(batches_forever(x, y, 16), steps_per_epoch=4, epochs=3, verbose=0,
                    validation_data=batches_forever(x, y, 32), validation_steps=2)
    assert len(history.history["val_loss"]) == 3
    for u, v in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(u, v)
    loss, acc = b.evaluate(batches_forever(x, y, 16), steps=4, verbose=0)
    assert (loss, acc) == pytest.approx(tuple(b.evaluate(x, y, batch_size=16, verbose=0)))
    preds = b.predict((x[i:i + 16] for i in range(0, 64, 16)), verbose=0)
    np.testing.assert_allclose(preds, b.predict(x, verbose=0), rtol=1e-6)


def test_a_finite_generator_for_several_epochs_says_how_to_fix_it():
    x, y = blobs(n=32)
    model = compiled()
    finite = ((x[i:i + 8], y[i:i + 8]) for i in range(0, 32, 8))
    with pytest.raises(ValueError, match=r"ran out of data after 4 batches.*steps_per_epoch"):
        model.fit(finite, epochs=2, verbose=0)
