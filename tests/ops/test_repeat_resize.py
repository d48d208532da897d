"""repeat, pad and resize_bilinear: forward against NumPy, float64 finite differences,
bilinear against PyTorch's interpolate (half-pixel centres), and errors."""

import numpy as np
import pytest

from axon.ops.repeat import pad, repeat
from axon.ops.resize import resize_bilinear
from tests.ops.helpers import check_op


@pytest.mark.parametrize("shape, repeats, axis", [((3, 4), 2, 1), ((2, 3, 4), 3, 0), ((2, 3, 4), 1, -1),
                                                  ((2, 3, 1), 4, 2)])
def test_repeat(shape, repeats, axis):
    check_op([shape], lambda x: repeat(x, repeats, axis), lambda x: np.repeat(x, repeats, axis=axis))


@pytest.mark.parametrize("shape, paddings, value", [((3, 4), [[1, 2], [0, 3]], 0), ((2, 3, 4, 2), [[0, 0], [1, 1],
                                                    [2, 0], [0, 0]], 0), ((4,), [[2, 1]], 1.5)])
def test_pad(shape, paddings, value):
    check_op([shape], lambda x: pad(x, paddings, value),
             lambda x: np.pad(x, paddings, constant_values=value))


@pytest.mark.parametrize("shape, size", [((2, 3, 4, 2), (6, 8)), ((1, 4, 4, 3), (8, 12)), ((2, 5, 3, 1), (5, 7)),
                                         ((1, 6, 6, 2), (3, 4))])
def test_resize_bilinear_gradients_and_torch(shape, size):
    check_op([shape], lambda x: resize_bilinear(x, size), None)
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape)
    expected = torch.nn.functional.interpolate(torch.tensor(np.moveaxis(x, -1, 1)), size=size, mode="bilinear",
                                               align_corners=False).numpy()
    np.testing.assert_allclose(resize_bilinear(x, size).numpy(), np.moveaxis(expected, 1, -1), rtol=1e-12,
                               atol=1e-12)


def test_errors():
    with pytest.raises(ValueError, match="positive int"):
        repeat(np.ones(3), 0, 0)
    with pytest.raises(ValueError, match="pairs"):
        pad(np.ones((2, 2)), [[1, 1]])
    with pytest.raises(ValueError, match="images"):
        resize_bilinear(np.ones((2, 2)), (4, 4))
