"""Dataset: tf.data semantics of slicing, batching, shuffling, map, take/skip/repeat and errors."""

import numpy as np
import pytest

import axon
from axon.data import AUTOTUNE, INFINITE_CARDINALITY, UNKNOWN_CARDINALITY, Dataset
from axon.data import pipeline as P


def _xy(n=10):
    x = np.arange(n * 3, dtype=np.float32).reshape(n, 3)
    y = np.arange(n, dtype=np.int64)
    return x, y


def _labels(ds):
    return [b[1].tolist() for b in ds.as_numpy_iterator()]


def test_slices_yield_tuples_of_rows():
    x, y = _xy(4)
    elements = list(Dataset.from_tensor_slices((x, y)))
    assert len(elements) == 4
    assert isinstance(elements[2], tuple)
    np.testing.assert_array_equal(elements[2][0], x[2])
    assert elements[2][1].shape == () and int(elements[2][1]) == 2


def test_single_array_and_dict_elements():
    x, y = _xy(3)
    assert [e.tolist() for e in Dataset.from_tensor_slices(y)] == [0, 1, 2]
    batch = next(iter(Dataset.from_tensor_slices({"image": x, "label": y}).batch(2)))
    assert set(batch) == {"image", "label"}
    np.testing.assert_array_equal(batch["image"], x[:2])


def test_python_lists_become_float32_arrays():
    (first,) = list(Dataset.from_tensor_slices([[1.0, 2.0]]))
    assert first.dtype == np.float32


def test_batch_sizes_and_drop_remainder():
    x, y = _xy(10)
    ds = Dataset.from_tensor_slices((x, y))
    assert _labels(ds.batch(4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert _labels(ds.batch(4, drop_remainder=True)) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert len(ds.batch(4)) == 3 and len(ds.batch(4, drop_remainder=True)) == 2
    xb, _ = next(iter(ds.batch(4)))
    np.testing.assert_array_equal(xb, x[:4])


def test_batch_of_sliced_data_is_a_view_without_copy():
    x, y = _xy(8)
    xb, _ = next(iter(Dataset.from_tensor_slices((x, y)).batch(4)))
    assert np.shares_memory(xb, x)


def test_shuffle_covers_every_element_once_per_epoch_and_reshuffles():
    x, y = _xy(50)
    ds = Dataset.from_tensor_slices((x, y)).shuffle(50, seed=0).batch(8)
    epoch1 = np.concatenate([b for _, b in ds])
    epoch2 = np.concatenate([b for _, b in ds])
    assert sorted(epoch1.tolist()) == list(range(50)) == sorted(epoch2.tolist())
    assert epoch1.tolist() != list(range(50))
    assert epoch1.tolist() != epoch2.tolist()


def test_shuffle_keeps_x_and_y_together():
    x, y = _xy(30)
    for xb, yb in Dataset.from_tensor_slices((x, y)).shuffle(30, seed=3).batch(7):
        np.testing.assert_array_equal(xb[:, 0], yb * 3)


def test_shuffle_seed_is_reproducible_and_axon_seed_drives_unseeded_shuffles():
    _, y = _xy(40)
    a = _labels(Dataset.from_tensor_slices((y, y)).shuffle(40, seed=7).batch(40))
    b = _labels(Dataset.from_tensor_slices((y, y)).shuffle(40, seed=7).batch(40))
    assert a == b
    axon.random.set_seed(11)
    c = _labels(Dataset.from_tensor_slices((y, y)).shuffle(40).batch(40))
    axon.random.set_seed(11)
    d = _labels(Dataset.from_tensor_slices((y, y)).shuffle(40).batch(40))
    assert c == d


def test_reshuffle_each_iteration_false_repeats_the_order():
    ds = Dataset.range(20).shuffle(20, seed=1, reshuffle_each_iteration=False)
    assert [int(v) for v in ds] == [int(v) for v in ds]


def test_small_buffer_shuffle_only_mixes_nearby_elements():
    n, buffer = 2000, 10
    order = np.array([int(v) for v in Dataset.range(n).shuffle(buffer, seed=0)])
    assert sorted(order.tolist()) == list(range(n))
    # element i cannot be emitted before step i - buffer + 1 (it is not yet in the buffer)
    position = np.empty(n, dtype=int)
    position[order] = np.arange(n)
    assert np.all(position >= np.arange(n) - buffer + 1)
    assert Dataset.range(5).shuffle(1, seed=0).as_numpy_iterator().__next__() == 0
    assert [int(v) for v in Dataset.range(6).shuffle(1)] == list(range(6))


def test_buffer_order_matches_a_literal_buffer_simulation():
    from axon.data.shuffle import buffer_order, uniforms

    n, b = 300, 17
    got = buffer_order(n, b, np.random.default_rng(5))
    u = uniforms(np.random.default_rng(5), n - b)
    buf, nxt, out = list(range(b)), b, []
    for t in range(n - b):
        k = int(u[t] * b)
        out.append(buf[k])
        buf[k], nxt = nxt, nxt + 1
    assert got[: n - b].tolist() == out
    assert sorted(got[n - b:].tolist()) == sorted(buf)


def test_slices_shuffle_batch_never_loops_over_elements(monkeypatch):
    def fail(*args):
        raise AssertionError("per-element path used")

    monkeypatch.setattr("axon.data.structure.row", fail)
    monkeypatch.setattr("axon.data.structure.stack_elements", fail)
    x, y = _xy(100)
    batches = list(Dataset.from_tensor_slices((x, y)).shuffle(1000).batch(32).prefetch(AUTOTUNE))
    assert [len(b) for _, b in batches] == [32, 32, 32, 4]
    batches = list(Dataset.from_tensor_slices((x, y)).shuffle(10).batch(32).repeat(2).take(5))
    assert len(batches) == 5


def test_element_shuffle_after_map_covers_everything():
    ds = Dataset.range(30).map(lambda v: v * 2).shuffle(8, seed=0)
    values = [int(v) for v in ds]
    assert sorted(values) == list(range(0, 60, 2)) and values != sorted(values)


def test_map_before_batch_sees_elements_and_after_batch_sees_batches():
    x, y = _xy(6)
    shapes = []

    def record(a, b):
        shapes.append(a.shape)
        return a * 2, b + 1

    out = list(Dataset.from_tensor_slices((x, y)).map(record).batch(4))
    assert shapes == [(3,)] * 6
    np.testing.assert_array_equal(out[0][0], x[:4] * 2)
    assert out[1][1].tolist() == [5, 6]
    shapes.clear()
    out = list(Dataset.from_tensor_slices((x, y)).batch(4).map(record))
    assert shapes == [(4, 3), (2, 3)]
    assert out[1][1].tolist() == [5, 6]


def test_map_accepts_axon_ops_and_single_outputs():
    x, y = _xy(4)
    ds = Dataset.from_tensor_slices((x, y)).batch(2).map(lambda a, b: axon.cast(a, "float64") / 2.0)
    first = next(iter(ds))
    assert isinstance(first, np.ndarray) and first.dtype == np.float64
    np.testing.assert_allclose(first, x[:2] / 2)


def test_take_skip_repeat_cardinality():
    ds = Dataset.range(10)
    assert [int(v) for v in ds.skip(3).take(4)] == [3, 4, 5, 6]
    assert len(ds.take(20)) == 10 and len(ds.skip(20)) == 0 and len(ds.take(-1)) == 10
    assert list(ds.skip(-1)) == []
    assert [int(v) for v in ds.take(3).repeat(2)] == [0, 1, 2, 0, 1, 2]
    assert len(ds.repeat(3)) == 30
    assert ds.repeat().cardinality() == INFINITE_CARDINALITY
    assert len(ds.repeat().take(25)) == 25
    assert [int(v) for v in ds.repeat().take(12)][-2:] == [0, 1]
    assert ds.filter(lambda v: v % 2 == 0).cardinality() == UNKNOWN_CARDINALITY
    assert ds.cardinality().numpy() == 10
    assert axon.data.experimental.cardinality(ds.batch(3)) == 4


def test_repeat_then_batch_crosses_epochs_and_batch_then_repeat_does_not():
    ds = Dataset.range(5)
    assert [b.tolist() for b in ds.repeat(2).batch(4)] == [[0, 1, 2, 3], [4, 0, 1, 2], [3, 4]]
    assert [b.tolist() for b in ds.batch(4).repeat(2)] == [[0, 1, 2, 3], [4], [0, 1, 2, 3], [4]]


def test_len_of_infinite_or_unknown_raises():
    with pytest.raises(TypeError, match="infinite"):
        len(Dataset.range(3).repeat())
    with pytest.raises(TypeError, match="unknown"):
        len(Dataset.range(3).filter(lambda v: v > 0))
    assert bool(Dataset.range(3).repeat())


def test_repeat_of_empty_dataset_ends():
    assert list(Dataset.range(0).repeat()) == []
    assert list(Dataset.range(3).filter(lambda v: v > 5).repeat()) == []


def test_filter_unbatch_zip_concatenate_cache():
    ds = Dataset.range(10)
    assert [int(v) for v in ds.filter(lambda v: v % 3 == 0)] == [0, 3, 6, 9]
    assert [b.tolist() for b in ds.batch(4).unbatch().batch(3)] == [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    zipped = list(Dataset.zip(Dataset.range(3), Dataset.range(10, 20)).batch(2))
    assert [a.tolist() for a, _ in zipped] == [[0, 1], [2]] and zipped[0][1].tolist() == [10, 11]
    assert [int(v) for v in ds.take(2).concatenate(ds.skip(8))] == [0, 1, 8, 9]
    calls = []
    cached = ds.map(lambda v: calls.append(1) or v).cache()
    assert [int(v) for v in cached] == [int(v) for v in cached] == list(range(10))
    assert len(calls) == 10
    order = [int(v) for v in cached.shuffle(10, seed=0)]
    assert sorted(order) == list(range(10)) and len(calls) == 10


def test_iteration_yields_numpy_arrays_and_as_numpy_iterator():
    x, y = _xy(4)
    for xb, yb in Dataset.from_tensor_slices((x, y)).batch(2).as_numpy_iterator():
        assert isinstance(xb, np.ndarray) and isinstance(yb, np.ndarray)


def test_errors_name_what_was_received():
    x, y = _xy(10)
    with pytest.raises(ValueError, match=r"10.*9"):
        Dataset.from_tensor_slices((x, y[:9]))
    with pytest.raises(ValueError, match="batch_size=0"):
        Dataset.from_tensor_slices(x).batch(0)
    with pytest.raises(ValueError, match="batch_size=-2"):
        Dataset.from_tensor_slices(x).batch(-2)
    with pytest.raises(ValueError, match="buffer_size=0"):
        Dataset.from_tensor_slices(x).shuffle(0)
    with pytest.raises(ValueError, match="at least one array"):
        Dataset.from_tensor_slices(())
    with pytest.raises(ValueError, match="rank >= 1"):
        Dataset.from_tensor_slices(np.float32(3.0))
    with pytest.raises(ValueError, match=r"pass a tuple"):
        Dataset.from_tensor_slices([x, y])
    with pytest.raises(ValueError, match="count=-5"):
        Dataset.range(3).take(-5)
    with pytest.raises(ValueError, match="different shapes"):
        list(Dataset.range(5).batch(2).batch(3))


def test_stage_cardinalities_follow_tf():
    assert P.Batch(P.Slices(np.zeros(10), 10), 3, False).cardinality() == 4
    assert P.Batch(P.Slices(np.zeros(10), 10), 3, True).cardinality() == 3
    assert P.Repeat(P.Slices(np.zeros(0), 0), -1).cardinality() == 0
