"""Time-series forecasting with an LSTM: predict tomorrow's value of a temperature-like series.

The series is a seeded synthetic "daily temperature": a yearly cycle, a weekly
wiggle, a slow trend and noise. Windows of the last 30 days (standardized with
the training part's mean and spread) predict the next day. The LSTM is compared
with the persistence baseline ("tomorrow = today"), which is hard to beat on a
smooth series: the model must learn the cycle's direction.

Run:  python examples/lstm_forecast.py      (AXON_EXAMPLES_QUICK=1 for a short run)
"""

import os

import numpy as np

import axon
from axon import keras
from axon.keras import layers

QUICK = os.environ.get("AXON_EXAMPLES_QUICK") == "1"
DAYS, EPOCHS = (1500, 30) if QUICK else (5000, 40)
WINDOW = 30

gen = np.random.default_rng(0)
t = np.arange(DAYS)
series = (10 + 8 * np.sin(2 * np.pi * t / 365.25) + 1.5 * np.sin(2 * np.pi * t / 7) + 0.002 * t
          + gen.normal(0, 0.6, DAYS)).astype("float32")
split = int(0.8 * DAYS)
mean, std = series[:split].mean(), series[:split].std()
scaled = (series - mean) / std


def windows(values):
    x = np.lib.stride_tricks.sliding_window_view(values[:-1], WINDOW)[..., None]
    return x.astype("float32"), values[WINDOW:, None].astype("float32")


x_train, y_train = windows(scaled[:split])
x_val, y_val = windows(scaled[split - WINDOW:])

axon.random.set_seed(0)
model = keras.Sequential([keras.Input(shape=(WINDOW, 1)), layers.LSTM(32), layers.Dense(1)])
model.compile(optimizer=keras.optimizers.Adam(3e-3), loss="mse", metrics=["mae"])
model.fit(x_train, y_train, epochs=EPOCHS, batch_size=64, validation_data=(x_val, y_val), verbose=0)

pred = model.predict(x_val, verbose=0)
lstm_mae = float(np.abs(pred - y_val).mean() * std)
naive_mae = float(np.abs(x_val[:, -1] - y_val).mean() * std)
print(f"validation MAE (degrees): LSTM {lstm_mae:.3f}, persistence baseline {naive_mae:.3f}")
assert lstm_mae < naive_mae, "the LSTM should beat 'tomorrow = today'"
print(f"The LSTM's error is {100 * (1 - lstm_mae / naive_mae):.0f}% below the baseline's.")
