"""axon.nn.dropout: inverted dropout, its mask, its gradient and its randomness."""

import numpy as np
import pytest

import axon
from axon.ops.dropout import dropout, resolve_noise_shape


def test_kept_entries_are_scaled_and_about_rate_are_dropped():
    axon.random.set_seed(0)
    y = dropout(np.ones((200, 500), dtype=np.float32), rate=0.3).numpy()
    assert y.dtype == np.float32
    assert set(np.unique(y)) == {0.0, np.float32(1 / 0.7)}
    assert abs((y == 0).mean() - 0.3) < 0.01  # 100,000 draws: std of the fraction ~0.0015
    assert abs(y.mean() - 1.0) < 0.02  # the expectation is preserved


def test_gradient_is_the_same_mask():
    axon.random.set_seed(1)
    x = axon.tensor(np.random.default_rng(0).standard_normal((6, 7)), requires_grad=True)
    y = dropout(x, rate=0.5)
    upstream = np.random.default_rng(1).standard_normal((6, 7)).astype(np.float32)
    (y * axon.tensor(upstream)).sum().backward()
    mask = (y.numpy() != 0) * 2.0
    np.testing.assert_allclose(y.numpy(), x.numpy() * mask, rtol=1e-6)
    np.testing.assert_allclose(x.grad.numpy(), upstream * mask, rtol=1e-6)


def test_gradient_check_with_a_fixed_seed():
    x = np.random.default_rng(2).standard_normal((5, 8))
    assert axon.utils.gradient_check(lambda a: dropout(a, 0.4, seed=7), [x]) < 1e-7


def test_reproducible_under_set_seed_and_different_between_calls():
    x = np.ones((50, 50), dtype=np.float32)
    axon.random.set_seed(42)
    a, b = dropout(x, 0.5).numpy(), dropout(x, 0.5).numpy()
    axon.random.set_seed(42)
    np.testing.assert_array_equal(dropout(x, 0.5).numpy(), a)
    assert not np.array_equal(a, b)


def test_int_seed_fixes_the_mask():
    x = np.ones((20, 20), dtype=np.float32)
    np.testing.assert_array_equal(dropout(x, 0.5, seed=3).numpy(), dropout(x, 0.5, seed=3).numpy())


def test_noise_shape_shares_the_draw_along_size_one_axes():
    axon.random.set_seed(3)
    y = dropout(np.ones((4, 5, 5, 16), dtype=np.float32), 0.5, noise_shape=(None, 1, 1, None)).numpy()
    # every feature map is either fully kept or fully dropped
    per_map = y.reshape(4, 25, 16)
    assert np.all(per_map.min(axis=1) == per_map.max(axis=1))
    assert 0 < (per_map[:, 0] == 0).sum() < 64


def test_rate_zero_is_the_identity_and_float64_is_kept():
    x = np.random.default_rng(0).standard_normal((3, 4))
    np.testing.assert_array_equal(dropout(x, 0.0).numpy(), x)
    assert dropout(x, 0.5).dtype == np.float64


@pytest.mark.parametrize("rate", [1.0, 1.5, -0.1, "half"])
def test_bad_rate_is_refused(rate):
    with pytest.raises(ValueError, match=r"`rate` must .*\[0, 1\).*Received: rate="):
        dropout(np.ones(3, dtype=np.float32), rate)


def test_bad_noise_shape_is_refused():
    with pytest.raises(ValueError, match=r"noise_shape=\(2, 3\).*\(4, 3\)"):
        resolve_noise_shape((2, 3), (4, 3))
    with pytest.raises(ValueError, match="rank"):
        resolve_noise_shape((1,), (4, 3))
