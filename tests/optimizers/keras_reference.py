"""Keras 3's published optimizer update formulas, written plainly in float64 NumPy.

Used as the reference the axon optimizers are checked against: no in-place
tricks, one formula per line, as in the Keras documentation.
"""

import math

import numpy as np


def clip(grads, clipnorm=None, clipvalue=None, global_clipnorm=None):
    """Keras's gradient clipping."""
    if clipnorm is not None:
        return [g * clipnorm / max(np.sqrt(np.sum(g * g)), clipnorm) for g in grads]
    if global_clipnorm is not None:
        norm = np.sqrt(sum(np.sum(g * g) for g in grads))
        return [g * global_clipnorm * min(1 / norm, 1 / global_clipnorm) for g in grads]
    if clipvalue is not None:
        return [np.clip(g, -clipvalue, clipvalue) for g in grads]
    return grads


def run(kind, weights, grad_steps, learning_rate=0.01, schedule=None, weight_decay=None, clipnorm=None,
        clipvalue=None, global_clipnorm=None, decay=0.0, **hyper):
    """Apply ``grad_steps`` (a list of per-step gradient lists) to ``weights``.

    Returns the final weights and the slots as ``{'<slot>/<i>': array}``.
    """
    w = [np.array(x, dtype=np.float64) for x in weights]
    zeros = [np.zeros_like(x) for x in w]
    state = {"momentum": [z.copy() for z in zeros], "velocity": [z.copy() for z in zeros],
             "velocity_hat": [z.copy() for z in zeros], "average_gradient": [z.copy() for z in zeros],
             "accumulator": [np.full_like(x, hyper.get("initial_accumulator_value", 0.1)) for x in w],
             "norm": [z.copy() for z in zeros], "accumulated_grad": [z.copy() for z in zeros],
             "accumulated_delta_var": [z.copy() for z in zeros]}
    u_product = 1.0
    for iterations, grads in enumerate(grad_steps):
        grads = clip([np.asarray(g, np.float64) for g in grads], clipnorm, clipvalue, global_clipnorm)
        lr = schedule(iterations) if schedule is not None else learning_rate
        lr = lr / (1 + decay * iterations)
        t = iterations + 1
        if kind == "nadam":  # Keras updates it once per step, before the variables
            u_product *= hyper.get("beta_1", 0.9) * (1 - 0.5 * 0.96 ** t)
        for i, g in enumerate(grads):
            if weight_decay is not None:
                w[i] = w[i] - w[i] * weight_decay * lr
            if kind == "sgd":
                mom = hyper.get("momentum", 0.0)
                if mom == 0:
                    w[i] = w[i] - lr * g
                else:
                    m = state["momentum"][i] = mom * state["momentum"][i] - lr * g
                    if hyper.get("nesterov", False):
                        w[i] = w[i] + mom * m - lr * g
                    else:
                        w[i] = w[i] + m
            elif kind in ("adam", "adamw"):
                b1, b2 = hyper.get("beta_1", 0.9), hyper.get("beta_2", 0.999)
                eps = hyper.get("epsilon", 1e-7)
                m = state["momentum"][i] = state["momentum"][i] + (g - state["momentum"][i]) * (1 - b1)
                v = state["velocity"][i] = state["velocity"][i] + (g * g - state["velocity"][i]) * (1 - b2)
                if hyper.get("amsgrad", False):
                    v = state["velocity_hat"][i] = np.maximum(state["velocity_hat"][i], v)
                alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                w[i] = w[i] - m * alpha / (np.sqrt(v) + eps)
            elif kind == "rmsprop":
                rho, mom = hyper.get("rho", 0.9), hyper.get("momentum", 0.0)
                eps = hyper.get("epsilon", 1e-7)
                v = state["velocity"][i] = rho * state["velocity"][i] + (1 - rho) * g * g
                if hyper.get("centered", False):
                    a = state["average_gradient"][i] = rho * state["average_gradient"][i] + (1 - rho) * g
                    denominator = v - a * a + eps
                else:
                    denominator = v + eps
                increment = lr * g / np.sqrt(denominator)
                if mom > 0:
                    state["momentum"][i] = mom * state["momentum"][i] + increment
                    w[i] = w[i] - state["momentum"][i]
                else:
                    w[i] = w[i] - increment
            elif kind == "adagrad":
                acc = state["accumulator"][i] = state["accumulator"][i] + g * g
                w[i] = w[i] - lr * g / np.sqrt(acc + hyper.get("epsilon", 1e-7))
            elif kind == "nadam":
                b1, b2, eps = hyper.get("beta_1", 0.9), hyper.get("beta_2", 0.999), hyper.get("epsilon", 1e-7)
                u_t = b1 * (1 - 0.5 * 0.96 ** t)
                u_t_1 = b1 * (1 - 0.5 * 0.96 ** (t + 1))
                u_product_t_1 = u_product * u_t_1
                m = state["momentum"][i] = state["momentum"][i] + (g - state["momentum"][i]) * (1 - b1)
                v = state["velocity"][i] = state["velocity"][i] + (g * g - state["velocity"][i]) * (1 - b2)
                m_hat = u_t_1 * m / (1 - u_product_t_1) + (1 - u_t) * g / (1 - u_product)
                v_hat = v / (1 - b2 ** t)
                w[i] = w[i] - m_hat * lr / (np.sqrt(v_hat) + eps)
            elif kind == "adamax":
                b1, b2, eps = hyper.get("beta_1", 0.9), hyper.get("beta_2", 0.999), hyper.get("epsilon", 1e-7)
                m = state["momentum"][i] = state["momentum"][i] + (g - state["momentum"][i]) * (1 - b1)
                u = state["norm"][i] = np.maximum(b2 * state["norm"][i], np.abs(g))
                w[i] = w[i] - lr * m / ((1 - b1 ** t) * (u + eps))
            elif kind == "adadelta":
                rho, eps = hyper.get("rho", 0.95), hyper.get("epsilon", 1e-7)
                a = state["accumulated_grad"][i] = rho * state["accumulated_grad"][i] + (1 - rho) * g * g
                delta = -np.sqrt(state["accumulated_delta_var"][i] + eps) * g / np.sqrt(a + eps)
                state["accumulated_delta_var"][i] = rho * state["accumulated_delta_var"][i] + (1 - rho) * delta ** 2
                w[i] = w[i] + lr * delta
            elif kind == "lion":
                b1, b2 = hyper.get("beta_1", 0.9), hyper.get("beta_2", 0.99)
                w[i] = w[i] - lr * np.sign(state["momentum"][i] * b1 + g * (1 - b1))
                state["momentum"][i] = state["momentum"][i] * b2 + g * (1 - b2)
            else:
                raise ValueError(kind)
    slots = {f"{name}/{i}": values[i] for name, values in state.items() for i in range(len(w))}
    return w, slots
