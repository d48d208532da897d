"""Sentiment classification with Embedding + Bidirectional LSTM, from a folder of text files.

The reviews come from a seeded grammar (``text_grammar.py``) written to
``<tmp>/neg/*.txt`` and ``<tmp>/pos/*.txt``; ``text_dataset_from_directory``
reads them with a validation split, ``TextVectorization`` learns the vocabulary
from the training texts, and the model reads the ids in both directions.
Padding ids are masked (``mask_zero=True``), so the LSTM skips them. Negation
("not dull") makes word order matter: a bag of words cannot score perfectly.

Run:  python examples/sentiment_bilstm.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os
import tempfile

import numpy as np
from text_grammar import write_reviews

import axon
from axon import keras
from axon.keras import layers

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
PER_CLASS, EPOCHS = (500, 6) if QUICK else (2000, 10)
MAXLEN = 40

axon.random.set_seed(0)
root = tempfile.mkdtemp(prefix="reviews-")
write_reviews(root, per_class=PER_CLASS, seed=0)
train_ds, val_ds = keras.utils.text_dataset_from_directory(root, batch_size=64, validation_split=0.2,
                                                           subset="both", seed=42)
print("classes:", train_ds.class_names)


def arrays(ds):
    texts, labels = zip(*[(x, y) for x, y in ds])
    return np.concatenate(texts), np.concatenate(labels).astype("float32")


train_texts, y_train = arrays(train_ds)
val_texts, y_val = arrays(val_ds)
vectorize = layers.TextVectorization(max_tokens=200, output_sequence_length=MAXLEN)
vectorize.adapt(train_texts)
print("vocabulary:", len(vectorize.get_vocabulary()), "tokens, e.g.", vectorize.get_vocabulary()[:8])
x_train, x_val = vectorize(train_texts).numpy(), vectorize(val_texts).numpy()

model = keras.Sequential([
    keras.Input(shape=(MAXLEN,), dtype="int64"),
    layers.Embedding(len(vectorize.get_vocabulary()), 16, mask_zero=True),
    layers.Bidirectional(layers.LSTM(16)),
    layers.Dense(1, activation="sigmoid"),
])
model.compile(optimizer=keras.optimizers.Adam(5e-3), loss="binary_crossentropy", metrics=["accuracy"])
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=32, validation_data=(x_val, y_val), verbose=0)
loss, accuracy = model.evaluate(x_val, y_val, verbose=0)
print(f"validation accuracy {accuracy:.3f} (loss {loss:.3f}) on {len(y_val)} held-out reviews")

for text in ["The plot was not boring.", "The acting was not great and the ending felt tedious."]:
    p = float(model.predict(vectorize([text]).numpy(), verbose=0)[0, 0])
    print(f"{p:.2f} positive: {text}")
assert accuracy > 0.85, f"the BiLSTM should read the grammar's sentiment (accuracy {accuracy:.3f})"
