"""Hashing: FarmHash Fingerprint64 and SipHash-2-4 written in Python give TensorFlow's
hashes and Keras's bins (one reference run)."""

import numpy as np
import pytest

from axon import layers
from axon.layers.hashing import fingerprint64, siphash24
from tests.reference import run_reference

WORDS = ["", "a", "ab", "abc", "abcd", "hello", "abcdefgh", "abcdefghijklmnop", "x" * 17, "y" * 31, "z" * 33,
         "the quick brown fox jumps over the lazy dog!", "q" * 64, "w" * 65, "long text " * 20, "é unicode ü"]
INTS = np.array([[1], [2], [300], [-4], [0]])

SCRIPT = """
import tensorflow as tf
import keras
words = [str(w) for w in inputs["words"]]
outputs["fast"] = tf.strings.to_hash_bucket_fast(words, 2**62).numpy()
outputs["strong"] = tf.strings.to_hash_bucket_strong(words, 2**62, key=[7, 11]).numpy()
column = np.array([[w] for w in words])
outputs["salted"] = keras.ops.convert_to_numpy(keras.layers.Hashing(5, salt=3)(column))
outputs["masked"] = keras.ops.convert_to_numpy(keras.layers.Hashing(5, mask_value="")(column))
outputs["ints"] = keras.ops.convert_to_numpy(keras.layers.Hashing(7)(inputs["ints"]))
outputs["multi"] = keras.ops.convert_to_numpy(keras.layers.Hashing(4, output_mode="multi_hot")(
    np.array([["a", "b", "c"], ["d", "d", "e"]])))
"""


@pytest.fixture(scope="module")
def ref():
    return run_reference("keras", SCRIPT, words=np.array(WORDS), ints=INTS)


def test_hashes_match_tensorflow(ref):
    assert [fingerprint64(w.encode()) % 2**62 for w in WORDS] == ref["fast"].tolist()
    assert [siphash24((7, 11), w.encode()) % 2**62 for w in WORDS] == ref["strong"].tolist()


def test_layer_bins_match_keras(ref):
    column = np.array([[w] for w in WORDS])
    np.testing.assert_array_equal(layers.Hashing(5, salt=3)(column).numpy(), ref["salted"])
    np.testing.assert_array_equal(layers.Hashing(5, mask_value="")(column).numpy(), ref["masked"])
    np.testing.assert_array_equal(layers.Hashing(7)(INTS).numpy(), ref["ints"])
    multi = layers.Hashing(4, output_mode="multi_hot")(np.array([["a", "b", "c"], ["d", "d", "e"]]))
    np.testing.assert_array_equal(multi.numpy(), ref["multi"])


def test_config_and_errors():
    layer = layers.Hashing(8, salt=[1, 2], mask_value="-")
    again = layers.Hashing.from_config(layer.get_config())
    x = np.array([["cat"], ["-"], ["dog"]])
    np.testing.assert_array_equal(again(x).numpy(), layer(x).numpy())
    assert layer(x).numpy()[1, 0] == 0
    with pytest.raises(ValueError, match="num_bins"):
        layers.Hashing(0)
    with pytest.raises(ValueError, match="salt"):
        layers.Hashing(3, salt="pepper")
