"""TensorFlow tutorial "Deep Convolutional Generative Adversarial Network"
(tensorflow.org/tutorials/generative/dcgan): its generator, discriminator and
training step, imports changed only, for two steps on a small batch."""

from __future__ import annotations

import numpy as np

import axon as tf
from axon.keras import layers


def make_generator_model():
    model = tf.keras.Sequential()
    model.add(layers.Dense(7 * 7 * 256, use_bias=False, input_shape=(100,)))
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Reshape((7, 7, 256)))
    assert model.output_shape == (None, 7, 7, 256)  # Note: None is the batch size

    model.add(layers.Conv2DTranspose(128, (5, 5), strides=(1, 1), padding="same", use_bias=False))
    assert model.output_shape == (None, 7, 7, 128)
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Conv2DTranspose(64, (5, 5), strides=(2, 2), padding="same", use_bias=False))
    assert model.output_shape == (None, 14, 14, 64)
    model.add(layers.BatchNormalization())
    model.add(layers.LeakyReLU())

    model.add(layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding="same", use_bias=False, activation="tanh"))
    assert model.output_shape == (None, 28, 28, 1)

    return model


def make_discriminator_model():
    model = tf.keras.Sequential()
    model.add(layers.Conv2D(64, (5, 5), strides=(2, 2), padding="same", input_shape=[28, 28, 1]))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))

    model.add(layers.Conv2D(128, (5, 5), strides=(2, 2), padding="same"))
    model.add(layers.LeakyReLU())
    model.add(layers.Dropout(0.3))

    model.add(layers.Flatten())
    model.add(layers.Dense(1))

    return model


# This method returns a helper function to compute cross entropy loss
cross_entropy = tf.keras.losses.BinaryCrossentropy(from_logits=True)


def discriminator_loss(real_output, fake_output):
    real_loss = cross_entropy(tf.ones_like(real_output), real_output)
    fake_loss = cross_entropy(tf.zeros_like(fake_output), fake_output)
    total_loss = real_loss + fake_loss
    return total_loss


def generator_loss(fake_output):
    return cross_entropy(tf.ones_like(fake_output), fake_output)


def test_dcgan_generator_discriminator_and_training_step(mnist_like):
    (train_images, train_labels), (_, _) = mnist_like
    train_images = train_images[:32].reshape(32, 28, 28, 1).astype("float32")
    train_images = (train_images - 127.5) / 127.5  # Normalize the images to [-1, 1]
    BUFFER_SIZE = 60000  # noqa: N806  (the tutorial's names)
    BATCH_SIZE = 16  # noqa: N806
    # Batch and shuffle the data
    train_dataset = tf.data.Dataset.from_tensor_slices(train_images).shuffle(BUFFER_SIZE).batch(BATCH_SIZE)

    generator = make_generator_model()
    noise = tf.random.normal([1, 100])
    generated_image = generator(noise, training=False)
    assert generated_image.shape == (1, 28, 28, 1)
    assert float(tf.reduce_max(tf.abs(generated_image))) <= 1.0
    # Dense 100*12544 (no bias), batchnorms 4*12544, 4*128, 4*64, kernels 5*5*256*128, 5*5*128*64, 5*5*64*1
    assert generator.count_params() == 1_254_400 + 50_176 + 819_200 + 512 + 204_800 + 256 + 1_600 == 2_330_944
    assert len(generator.trainable_variables) == 1 + 2 + 1 + 2 + 1 + 2 + 1

    discriminator = make_discriminator_model()
    decision = discriminator(generated_image)
    assert decision.shape == (1, 1)
    assert discriminator.count_params() == (25 * 64 + 64) + (25 * 64 * 128 + 128) + (7 * 7 * 128 + 1) == 212_865

    generator_optimizer = tf.keras.optimizers.Adam(1e-4)
    discriminator_optimizer = tf.keras.optimizers.Adam(1e-4)
    noise_dim = 100

    # Notice the use of `tf.function`: this annotation causes the function to be "compiled".
    @tf.function
    def train_step(images):
        noise = tf.random.normal([BATCH_SIZE, noise_dim])

        with tf.GradientTape() as gen_tape, tf.GradientTape() as disc_tape:
            generated_images = generator(noise, training=True)

            real_output = discriminator(images, training=True)
            fake_output = discriminator(generated_images, training=True)

            gen_loss = generator_loss(fake_output)
            disc_loss = discriminator_loss(real_output, fake_output)

        gradients_of_generator = gen_tape.gradient(gen_loss, generator.trainable_variables)
        gradients_of_discriminator = disc_tape.gradient(disc_loss, discriminator.trainable_variables)

        generator_optimizer.apply_gradients(zip(gradients_of_generator, generator.trainable_variables))
        discriminator_optimizer.apply_gradients(zip(gradients_of_discriminator, discriminator.trainable_variables))
        return gen_loss, disc_loss

    before_gen = [w.numpy().copy() for w in generator.trainable_variables]
    before_disc = [w.numpy().copy() for w in discriminator.trainable_variables]
    for image_batch in train_dataset:
        gen_loss, disc_loss = train_step(image_batch)
        assert np.isfinite(float(gen_loss)) and np.isfinite(float(disc_loss))
    assert generator_optimizer.iterations.numpy() == discriminator_optimizer.iterations.numpy() == 2
    assert all(not np.allclose(w.numpy(), b) for w, b in zip(generator.trainable_variables, before_gen))
    assert all(not np.allclose(w.numpy(), b) for w, b in zip(discriminator.trainable_variables, before_disc))
