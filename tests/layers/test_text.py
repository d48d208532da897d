"""Text preprocessing against real Keras 3 (one reference run): pad_sequences,
TextVectorization's vocabulary order, standardization, ngrams and output modes,
StringLookup, IntegerLookup and CategoryEncoding; saving with a model; bad input."""

import numpy as np
import pytest

import axon
from axon import layers
from axon.utils import pad_sequences
from tests.reference import run_reference

TEXTS = ["The cat sat on the mat.", "The dog ate my homework!", "A cat, a dog; and THE bird?",
         "dog dog dog", "Hello, world... hello"]
QUERY = ["the cat and the unknown zebra", "Dog, BIRD!"]
SEQS = [[1, 2, 3], [4], [5, 6, 7, 8, 9], []]

SCRIPT = """
import json
import keras
from keras import layers
texts, query = list(inputs["texts"]), list(inputs["query"])
seqs = json.loads(str(inputs["seqs"]))
for name, kw in [("pre", {}), ("post", dict(padding="post", truncating="post", maxlen=3, value=-1))]:
    outputs["pad_" + name] = keras.utils.pad_sequences(seqs, **kw)
configs = {
    "seq": dict(output_sequence_length=6),
    "lim": dict(max_tokens=6),
    "multi": dict(output_mode="multi_hot"),
    "count": dict(output_mode="count", ngrams=2),
    "tfidf": dict(output_mode="tf_idf", max_tokens=8),
    "lower": dict(standardize="lower", split="whitespace", output_sequence_length=5),
    "char": dict(split="character", standardize=None, output_sequence_length=8),
}
for name, kw in configs.items():
    vec = layers.TextVectorization(**kw)
    vec.adapt(texts)
    outputs[name + "_vocab"] = np.array(vec.get_vocabulary())
    outputs[name + "_out"] = keras.ops.convert_to_numpy(vec(query))
s = layers.StringLookup()
s.adapt(np.array([["a", "b", "b"], ["c", "b", "a"]]))
outputs["str_vocab"] = np.array(s.get_vocabulary())
outputs["str_out"] = keras.ops.convert_to_numpy(s(np.array([["a", "z", "b"]])))
outputs["str_multi"] = keras.ops.convert_to_numpy(
    layers.StringLookup(vocabulary=["a", "b", "c"], output_mode="multi_hot")(np.array([["a", "z"], ["c", "c"]])))
outputs["str_inv"] = keras.ops.convert_to_numpy(
    layers.StringLookup(vocabulary=["a", "b", "c"], invert=True)(np.array([[1, 3, 0]]))).astype(str)
outputs["str_mask"] = keras.ops.convert_to_numpy(
    layers.StringLookup(vocabulary=["a", "b"], mask_token="")(np.array([["a", "", "q"]])))
i = layers.IntegerLookup()
i.adapt(np.array([7, 7, 3, 12, 12, 12, 5]))
outputs["int_vocab"] = np.array(i.get_vocabulary())
outputs["int_out"] = keras.ops.convert_to_numpy(i(np.array([[12, 7, 99]])))
outputs["int_count"] = keras.ops.convert_to_numpy(
    layers.IntegerLookup(vocabulary=[3, 5], output_mode="count")(np.array([[3, 3, 8], [5, 8, 8]])))
for mode in ("one_hot", "multi_hot", "count"):
    outputs["cat_" + mode] = keras.ops.convert_to_numpy(
        layers.CategoryEncoding(5, output_mode=mode)(np.array([3, 1, 1, 4]) if mode == "one_hot"
                                                      else np.array([[3, 1, 1], [0, 4, 4]])))
"""

CONFIGS = {
    "seq": dict(output_sequence_length=6),
    "lim": dict(max_tokens=6),
    "multi": dict(output_mode="multi_hot"),
    "count": dict(output_mode="count", ngrams=2),
    "tfidf": dict(output_mode="tf_idf", max_tokens=8),
    "lower": dict(standardize="lower", split="whitespace", output_sequence_length=5),
    "char": dict(split="character", standardize=None, output_sequence_length=8),
}


@pytest.fixture(scope="module")
def ref():
    import json
    return run_reference("keras", SCRIPT, texts=np.array(TEXTS), query=np.array(QUERY), seqs=np.array(json.dumps(SEQS)))


def test_pad_sequences(ref):
    np.testing.assert_array_equal(pad_sequences(SEQS), ref["pad_pre"])
    np.testing.assert_array_equal(pad_sequences(SEQS, padding="post", truncating="post", maxlen=3, value=-1),
                                  ref["pad_post"])
    with pytest.raises(ValueError, match="padding"):
        pad_sequences(SEQS, padding="middle")


@pytest.mark.parametrize("name", list(CONFIGS))
def test_text_vectorization(ref, name):
    vec = layers.TextVectorization(**CONFIGS[name])
    vec.adapt(TEXTS)
    assert vec.get_vocabulary() == ref[name + "_vocab"].tolist()
    np.testing.assert_allclose(vec(QUERY).numpy(), ref[name + "_out"], rtol=1e-6, atol=1e-6)


def test_lookups_and_category_encoding(ref):
    s = layers.StringLookup()
    s.adapt(np.array([["a", "b", "b"], ["c", "b", "a"]]))
    assert s.get_vocabulary() == ref["str_vocab"].tolist()
    np.testing.assert_array_equal(s(np.array([["a", "z", "b"]])).numpy(), ref["str_out"])
    multi = layers.StringLookup(vocabulary=["a", "b", "c"], output_mode="multi_hot")
    np.testing.assert_array_equal(multi(np.array([["a", "z"], ["c", "c"]])).numpy(), ref["str_multi"])
    inv = layers.StringLookup(vocabulary=["a", "b", "c"], invert=True)
    np.testing.assert_array_equal(inv(np.array([[1, 3, 0]])).numpy(), ref["str_inv"])
    masked = layers.StringLookup(vocabulary=["a", "b"], mask_token="")
    np.testing.assert_array_equal(masked(np.array([["a", "", "q"]])).numpy(), ref["str_mask"])
    i = layers.IntegerLookup()
    i.adapt(np.array([7, 7, 3, 12, 12, 12, 5]))
    assert i.get_vocabulary() == ref["int_vocab"].tolist()
    np.testing.assert_array_equal(i(np.array([[12, 7, 99]])).numpy(), ref["int_out"])
    counts = layers.IntegerLookup(vocabulary=[3, 5], output_mode="count")(np.array([[3, 3, 8], [5, 8, 8]]))
    np.testing.assert_array_equal(counts.numpy(), ref["int_count"])
    for mode in ("one_hot", "multi_hot", "count"):
        x = np.array([3, 1, 1, 4]) if mode == "one_hot" else np.array([[3, 1, 1], [0, 4, 4]])
        np.testing.assert_array_equal(layers.CategoryEncoding(5, output_mode=mode)(x).numpy(), ref["cat_" + mode])


def test_adapt_on_dataset_and_saved_with_model(tmp_path):
    ds = axon.data.Dataset.from_tensor_slices(np.array(TEXTS)).batch(2)
    vec = layers.TextVectorization(max_tokens=20, output_sequence_length=5)
    vec.adapt(ds)
    direct = layers.TextVectorization(max_tokens=20, output_sequence_length=5)
    direct.adapt(TEXTS)
    assert vec.get_vocabulary() == direct.get_vocabulary()
    ids = vec(QUERY).numpy()
    model = axon.keras.Sequential([vec, layers.Embedding(20, 4), layers.GlobalAveragePooling1D(), layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.array(TEXTS), np.arange(5, dtype="float32"), epochs=1, verbose=0)
    model.save(tmp_path / "text.keras")
    again = axon.keras.models.load_model(tmp_path / "text.keras")
    assert again.layers[0].get_vocabulary() == vec.get_vocabulary()
    np.testing.assert_array_equal(again.layers[0](QUERY).numpy(), ids)
    np.testing.assert_allclose(again.predict(np.array(QUERY), verbose=0), model.predict(np.array(QUERY), verbose=0),
                               rtol=1e-6)
    vec.set_vocabulary(["x", "y"])
    assert vec.get_vocabulary() == ["", "[UNK]", "x", "y"]


def test_bad_input():
    with pytest.raises(ValueError, match="vocabulary would be empty"):
        layers.TextVectorization().adapt(["...", "!!"])
    with pytest.raises(ValueError, match="repeated term"):
        layers.StringLookup(vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="num_tokens=3"):
        layers.CategoryEncoding(3)(np.array([[0, 5]]))
    with pytest.raises(NotImplementedError, match="num_oov_indices"):
        layers.StringLookup(num_oov_indices=2)
    with pytest.raises(ValueError, match="max_tokens"):
        layers.TextVectorization(max_tokens=3, vocabulary=["a", "b", "c"])
