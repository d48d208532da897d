"""Two tapes recording the same computation (TensorFlow's GAN step): each takes its
own gradient once, and the shared graph lives until the last of them has."""

from __future__ import annotations

import numpy as np
import pytest

import axon as tf


def test_two_non_persistent_tapes_over_one_graph():
    w_gen, w_disc = tf.Variable([[0.5, -1.0]]), tf.Variable([[2.0], [0.3]])
    noise = tf.constant([[1.0], [2.0], [-1.0]])
    with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
        fake = tf.matmul(noise, w_gen)
        score = tf.matmul(fake, w_disc)
        gen_loss = tf.reduce_mean(tf.square(score - 1.0))
        disc_loss = tf.reduce_mean(tf.square(score))
    g = gen_tape.gradient(gen_loss, w_gen)
    d = disc_tape.gradient(disc_loss, w_disc)  # the graph is still there
    n, wg, wd = noise.numpy(), w_gen.numpy(), w_disc.numpy()
    s = n @ wg @ wd
    np.testing.assert_allclose(g.numpy(), n.T @ (2 * (s - 1) / 3) @ wd.T, rtol=1e-6)
    np.testing.assert_allclose(d.numpy(), (n @ wg).T @ (2 * s / 3), rtol=1e-6)
    with pytest.raises(RuntimeError, match="only be used to compute one set"):
        gen_tape.gradient(gen_loss, w_gen)


def test_a_tape_alone_still_frees_its_graph():
    w = tf.Variable(2.0)
    with tf.GradientTape() as tape:
        y = w * w
    assert float(tape.gradient(y, w)) == 4.0
    with pytest.raises(RuntimeError, match="already been freed"):
        y.backward()
