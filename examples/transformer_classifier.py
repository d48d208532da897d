"""Text classification with a Transformer block (keras.io's example, on axon).

The model of keras.io's "Text classification with Transformer": token and position
embeddings summed, one Transformer block (multi-head self-attention, a feed-forward
network, residual connections, LayerNormalization, dropout), global average
pooling and a small classifier. The layers' code is keras.io's; only the imports
differ, and the two lines that read the sequence length and count positions use
``x.shape[-1]`` and ``axon.ops.range`` where keras.io writes ``ops.shape(x)[-1]``
and ``ops.arange``. The reviews come from the seeded grammar of ``text_grammar.py``
(IMDB is a download; tests never use the network).

Run:  python examples/transformer_classifier.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os
import tempfile

import numpy as np
from text_grammar import write_reviews

import axon
from axon import keras, ops
from axon.keras import layers

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
PER_CLASS, EPOCHS = (1000, 10) if QUICK else (3000, 12)


class TransformerBlock(layers.Layer):
    def __init__(self, embed_dim, num_heads, ff_dim, rate=0.1):
        super().__init__()
        self.att = layers.MultiHeadAttention(num_heads=num_heads, key_dim=embed_dim)
        self.ffn = keras.Sequential([layers.Dense(ff_dim, activation="relu"), layers.Dense(embed_dim)])
        self.layernorm1 = layers.LayerNormalization(epsilon=1e-6)
        self.layernorm2 = layers.LayerNormalization(epsilon=1e-6)
        self.dropout1 = layers.Dropout(rate)
        self.dropout2 = layers.Dropout(rate)

    def call(self, inputs):
        attn_output = self.att(inputs, inputs)
        attn_output = self.dropout1(attn_output)
        out1 = self.layernorm1(inputs + attn_output)
        ffn_output = self.ffn(out1)
        ffn_output = self.dropout2(ffn_output)
        return self.layernorm2(out1 + ffn_output)


class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim):
        super().__init__()
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = x.shape[-1]
        positions = ops.range(0, maxlen, 1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions


axon.random.set_seed(0)
root = tempfile.mkdtemp(prefix="reviews-")
write_reviews(root, per_class=PER_CLASS, seed=1)
train_ds, val_ds = keras.utils.text_dataset_from_directory(root, batch_size=64, validation_split=0.2,
                                                           subset="both", seed=7, verbose=False)


def arrays(ds):
    texts, labels = zip(*[(x, y) for x, y in ds])
    return np.concatenate(texts), np.concatenate(labels)


(train_texts, y_train), (val_texts, y_val) = arrays(train_ds), arrays(val_ds)
vocab_size, maxlen = 200, 40
vectorize = layers.TextVectorization(max_tokens=vocab_size, output_sequence_length=maxlen)
vectorize.adapt(train_texts)
x_train, x_val = vectorize(train_texts).numpy(), vectorize(val_texts).numpy()

embed_dim, num_heads, ff_dim = 32, 2, 32
inputs = layers.Input(shape=(maxlen,))
embedding_layer = TokenAndPositionEmbedding(maxlen, vocab_size, embed_dim)
x = embedding_layer(inputs)
transformer_block = TransformerBlock(embed_dim, num_heads, ff_dim)
x = transformer_block(x)
x = layers.GlobalAveragePooling1D()(x)
x = layers.Dropout(0.1)(x)
x = layers.Dense(20, activation="relu")(x)
x = layers.Dropout(0.1)(x)
outputs = layers.Dense(2, activation="softmax")(x)

model = keras.Model(inputs=inputs, outputs=outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
history = model.fit(x_train, y_train, batch_size=32, epochs=EPOCHS, validation_data=(x_val, y_val), verbose=0)
accuracy = history.history["val_accuracy"][-1]
print(f"parameters: {model.count_params()}")
print(f"validation accuracy by epoch: {[round(a, 3) for a in history.history['val_accuracy']]}")
assert accuracy > 0.85, f"the Transformer should read the grammar's sentiment (accuracy {accuracy:.3f})"
print(f"final validation accuracy {accuracy:.3f}")
