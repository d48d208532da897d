"""Grad mode is per thread: training in one thread while others predict, and
``no_grad`` blocks that overlap in two threads."""

import threading

import numpy as np

import axon
from axon.autograd.op import enable_grad, is_grad_enabled, no_grad
from tests.models.helpers import blobs, classifier
from tests.threads.helpers import run_all


def _learner():
    model = classifier(seed=1)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def test_one_thread_fits_while_three_predict_and_results_equal_serial_runs():
    x, y = blobs(n=64)
    inputs = [np.random.default_rng(i).normal(size=(32, 4)).astype(np.float32) for i in range(3)]
    predictors = [classifier(seed=10 + i) for i in range(3)]
    expected_predictions = [m.predict(v, verbose=0) for m, v in zip(predictors, inputs)]
    serial = _learner()
    serial.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)
    expected_weights = serial.get_weights()

    for _ in range(20):
        learner, got = _learner(), [None] * 3

        def predict(i, got=got):
            for _ in range(5):
                got[i] = predictors[i].predict(inputs[i], verbose=0)

        def fit(learner=learner):
            learner.fit(x, y, epochs=2, batch_size=8, shuffle=False, verbose=0)

        run_all([fit] + [lambda i=i: predict(i) for i in range(3)])
        for w, e in zip(learner.get_weights(), expected_weights):
            np.testing.assert_array_equal(w, e)
        for g, e in zip(got, expected_predictions):
            np.testing.assert_array_equal(g, e)


def test_overlapping_no_grad_blocks_in_two_threads_leave_each_thread_its_own_mode():
    entered, release = threading.Barrier(2), threading.Event()
    seen = {}

    def first():
        with no_grad():
            entered.wait(timeout=10)
            seen["first inside"] = is_grad_enabled()
            release.wait(timeout=10)
        seen["first after"] = is_grad_enabled()

    def second():
        with no_grad():
            entered.wait(timeout=10)
        # The first thread is still inside its block: this thread records again.
        try:
            seen["second after"] = is_grad_enabled()
            v = axon.tensor([1.0, 2.0], requires_grad=True)
            (v * v).sum().backward()
            seen["second grad"] = v.grad.numpy().tolist()
        finally:
            release.set()

    run_all([first, second])
    assert seen == {"first inside": False, "first after": True, "second after": True,
                    "second grad": [2.0, 4.0]}
    assert is_grad_enabled()


def test_a_new_thread_records_even_when_the_starting_thread_is_inside_no_grad():
    seen = []
    with no_grad():
        run_all([lambda: seen.append(is_grad_enabled())])
        with enable_grad():
            assert is_grad_enabled()
        assert not is_grad_enabled()
    assert seen == [True]
