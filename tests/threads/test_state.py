"""Process-wide state under threads: layer names, random streams, the scratch pool."""

import threading

import numpy as np

import axon
from axon import backend as B
from axon.layers.base import unique_name
from axon.layers.dense import Dense
from axon.ops.conv import recycle, scratch
from tests.models.helpers import blobs, classifier
from tests.threads.helpers import run_all


def test_layer_names_are_unique_across_threads():
    for round_ in range(5):  # a lost update needs a thread switch at the wrong moment: give it chances
        names = [[] for _ in range(4)]

        def build(i, base=f"threaded_probe_{round_}", names=names):
            for _ in range(20000):
                names[i].append(unique_name(base))

        run_all([lambda i=i: build(i) for i in range(4)], switch_interval=1e-6)
        every = [n for part in names for n in part]
        assert len(set(every)) == len(every) == 80000
    assert len({Dense(1).name for _ in range(3)}) == 3


def test_the_seeding_thread_draws_exactly_what_a_single_threaded_run_draws():
    axon.random.set_seed(5)
    first = B.rng().normal(size=4)
    np.testing.assert_array_equal(first, B.generator(5).normal(size=4))


def _seeded_fit(x, y):
    model = classifier(dropout=0.3, seed=3)
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(x, y, epochs=2, batch_size=8, verbose=0)  # shuffles and drops out
    return model.get_weights()


def test_a_seeded_fit_is_unchanged_by_other_threads_drawing_random_numbers():
    x, y = blobs(n=48)
    expected = _seeded_fit(x, y)
    got = []

    def noisy():
        for _ in range(200):
            B.rng().normal(size=16)
            classifier()  # builds a model: initializers draw too

    run_all([lambda: got.append(_seeded_fit(x, y)), noisy, noisy])
    for w, e in zip(got[0], expected):
        np.testing.assert_array_equal(w, e)


def test_other_threads_draw_streams_repeatable_from_the_seed_and_their_names():
    def draws():
        out = {}

        def worker():
            out[threading.current_thread().name] = B.rng().integers(0, 2**31, 4).tolist()

        axon.random.set_seed(11)
        threads = [threading.Thread(target=worker, name=f"loader-{i}") for i in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return out

    first, second = draws(), draws()
    assert first == second
    assert len({tuple(v) for v in first.values()}) == 3   # distinct streams
    assert B.generator(11).integers(0, 2**31, 4).tolist() not in first.values()


def test_scratch_buffers_are_never_handed_to_two_threads_at_once():
    owners = {}
    clashes = []

    def work(i):
        for _ in range(300):
            a = scratch((256, 64), np.float32)
            a.fill(i)
            base = a.base if a.base is not None else a
            while base.base is not None:
                base = base.base
            if owners.setdefault(id(base), i) != i:
                clashes.append(i)
            if not np.all(a == i):
                clashes.append(i)
            owners.pop(id(base), None)
            recycle(a)

    run_all([lambda i=i: work(i) for i in range(4)])
    assert not clashes
