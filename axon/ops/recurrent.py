"""Fused recurrences: a whole SimpleRNN, LSTM or GRU sequence as one op.

Backprop through time without a graph node per step: the input projections of
every time step are one GEMM (``x @ kernel + bias`` on the ``(T*B, D)`` inputs),
the recurrence runs step by step on preallocated time-major buffers
(``(T, B, k*units)`` gates, ``(T+1, B, units)`` states), and the backward walks the
same buffers in reverse, ending with one GEMM each for the kernel, the recurrent
kernel and the input gradients.

Keras's conventions: kernels ``(input_dim, k*units)``, recurrent kernels
``(units, k*units)``; LSTM gates ``i, f, c, o``; GRU gates ``z, r, h`` and, with
``reset_after``, a bias of shape ``(2, 3*units)`` (input bias, recurrent bias).
Masks (``(B, T)`` bools) carry the states through masked steps; the output of a
masked step is the previous output (zeros with ``zero_output_for_mask``).
``go_backwards`` reads the sequence from its end, and the per-step outputs stay
in that processing order, as Keras returns them.

The op's single output packs what the layer needs along axis 1:
``(B, n_out + n_states, units)``: the per-step outputs (``n_out = T``) or only the
last one (``n_out = 1``), then each final state (``h``, and ``c`` for LSTM).
"""

from __future__ import annotations

import numpy as np

from axon import backend as B
from axon.autograd.op import Op
from axon.autograd.tensor import Tensor
from axon.ops.broadcast import as_tensor


def _sigmoid_(a):
    # in place, through tanh: no overflow for large |a|
    a *= 0.5
    np.tanh(a, out=a)
    a += 1.0
    a *= 0.5


def _dsigmoid(y, g):
    return g * y * (1.0 - y)


def _dtanh(y, g):
    return g * (1.0 - y * y)


def _relu_(a):
    np.maximum(a, 0, out=a)


def _drelu(y, g):
    return g * (y > 0)


def _linear_(a):
    pass


def _dlinear(y, g):
    return g.copy()


def _graph_activation(name: str):
    """The differentiable op of an activation of ``ACTIVATIONS`` (for ``composite``)."""
    from axon.ops import activation

    return {"tanh": activation.tanh, "sigmoid": activation.sigmoid, "relu": activation.relu,
            "linear": lambda a: a}[name]


ACTIVATIONS = {
    "tanh": (lambda a: np.tanh(a, out=a), _dtanh),
    "sigmoid": (_sigmoid_, _dsigmoid),
    "relu": (_relu_, _drelu),
    "linear": (_linear_, _dlinear),
}
"""Activations the fused ops run in place (their derivative is read from the output)."""


class _Recurrence(Op):
    """Shared layout, masking and packing; subclasses define one step forward and back.

    Inputs: ``x, kernel, recurrent_kernel, [bias], *initial_states``.
    """

    n_states = 1

    def forward(self, x, kernel, recurrent_kernel, *rest, has_bias=True, mask=None, recurrent_mask=None,
                go_backwards=False, return_sequences=True, zero_output_for_mask=False, activation="tanh",
                recurrent_activation="sigmoid"):
        xp = B.xp
        self.has_bias = has_bias
        bias = rest[0] if has_bias else None
        states0 = rest[1:] if has_bias else rest
        batch, steps, _ = x.shape
        units = recurrent_kernel.shape[0]
        self.act, self.dact = ACTIVATIONS[activation]
        self.ract, self.dract = ACTIVATIONS[recurrent_activation]
        self.names = (activation, recurrent_activation)
        self.go_backwards, self.return_sequences = go_backwards, return_sequences
        self.zero_output = zero_output_for_mask
        self.W, self.R, self.rmask = kernel, recurrent_kernel, recurrent_mask
        self.x_shape, self.x_dtype = x.shape, x.dtype
        xs = x.transpose(1, 0, 2)
        if go_backwards:
            xs = xs[::-1]
        xs = xp.ascontiguousarray(xs).reshape(steps * batch, -1)
        self.xs = xs if self.needs_grad and self.needs_grad[1] else None
        proj = (xs @ kernel).reshape(steps, batch, -1)
        self._add_input_bias(proj, bias)
        self.bias, self.P, self.units = bias, proj, units
        m = None
        if mask is not None:
            m = mask.T[:, :, None]
            m = xp.ascontiguousarray(m[::-1] if go_backwards else m)
        self.M = m
        self.S = [xp.empty((steps + 1, batch, units), dtype=x.dtype) for _ in range(self.n_states)]
        for buf, s0 in zip(self.S, states0):
            buf[0] = s0
        self._allocate(steps, batch, units, x.dtype)
        n_out = steps if return_sequences else 1
        packed = xp.empty((batch, n_out + self.n_states, units), dtype=x.dtype)
        out_prev = xp.zeros((batch, units), dtype=x.dtype) if m is not None else None
        for t in range(steps):
            h_prev = self.S[0][t]
            h_in = h_prev * recurrent_mask if recurrent_mask is not None else h_prev
            new = self._step(t, proj, h_in, [buf[t] for buf in self.S])
            if m is None:
                for buf, s in zip(self.S, new):
                    buf[t + 1] = s
                out = self.S[0][t + 1]
            else:
                mt = m[t]
                for buf, s in zip(self.S, new):
                    xp.copyto(buf[t + 1], xp.where(mt, s, buf[t]))
                out = new[0] * mt if zero_output_for_mask else xp.where(mt, new[0], out_prev)
                out_prev = out
            if return_sequences:
                packed[:, t] = out
        if not return_sequences:
            packed[:, 0] = out
        for i, buf in enumerate(self.S):
            packed[:, n_out + i] = buf[steps]
        return packed

    # ------------------------------------------------- differentiable forward
    def composite(self, x, kernel, recurrent_kernel, *rest):
        """The same recurrence written with differentiable ops, one step at a time
        (used only for higher-order gradients, see ``axon/autograd/op.py``)."""
        from axon.ops.elementwise import where
        from axon.ops.matmul import matmul
        from axon.ops.shape import concat, reshape, stack, transpose

        bias = rest[0] if self.has_bias else None
        states = list(rest[1:] if self.has_bias else rest)
        act, ract = (_graph_activation(name) for name in self.names)
        batch, steps, _ = x.shape
        xs = transpose(x, (1, 0, 2))
        if self.go_backwards:
            xs = xs[::-1]
        proj = reshape(matmul(reshape(xs, (steps * batch, -1)), kernel), (steps, batch, -1))
        proj = self._input_bias_graph(proj, bias)
        rmask = None if self.rmask is None else Tensor._wrap(self.rmask)
        outputs, out_prev = [], Tensor._wrap(B.xp.zeros((batch, self.units), dtype=x.dtype))
        for t in range(steps):
            h_in = states[0] * rmask if rmask is not None else states[0]
            new = self._step_graph(proj[t], h_in, states, recurrent_kernel, bias, act, ract)
            if self.M is None:
                states, out = new, new[0]
            else:
                mt = Tensor._wrap(self.M[t])
                states = [where(mt, s, p) for s, p in zip(new, states)]
                out = new[0] * Tensor._wrap(self.M[t].astype(x.dtype)) if self.zero_output \
                    else where(mt, new[0], out_prev)
                out_prev = out
            if self.return_sequences or t == steps - 1:
                outputs.append(out)
        return concat([stack(outputs, axis=1), stack(states, axis=1)], axis=1)

    def _input_bias_graph(self, proj, bias):
        return proj if bias is None else proj + bias

    # -------------------------------------------------------------- backward
    def backward(self, grad):
        xp = B.xp
        steps, batch = self.S[0].shape[0] - 1, self.S[0].shape[1]
        n_out = steps if self.return_sequences else 1
        d_states = [grad[:, n_out + i].copy() for i in range(self.n_states)]
        g_out = grad[:, :n_out].transpose(1, 0, 2)
        carry = None
        m = self.M
        for t in range(steps - 1, -1, -1):
            if self.return_sequences:
                g = g_out[t]
            else:
                g = g_out[0] if t == steps - 1 else None
            if carry is not None:
                g = carry if g is None else g + carry
            if m is None:
                d_new = d_states
                if g is not None:
                    d_new[0] = d_new[0] + g
                kept = None
            else:
                mt = m[t]
                d_new = [d * mt for d in d_states]
                kept = [xp.where(mt, 0, d) for d in d_states]
                if g is not None:
                    d_new[0] += g * mt
                    carry = None if self.zero_output else xp.where(mt, 0, g)
            d_prev = self._step_backward(t, d_new)
            if kept is not None:
                d_prev = [a + b for a, b in zip(d_prev, kept)]
            d_states = d_prev
        return self._weight_grads(steps, batch, d_states)

    def _input_grads(self, dgates):
        """Gradients of x, the kernel and the input bias from the gates' pre-activation gradients."""
        steps, batch = dgates.shape[:2]
        flat = dgates.reshape(steps * batch, -1)
        needs = self.needs_grad
        dx = dw = None
        if needs[0]:
            dxs = (flat @ self.W.T).reshape(steps, batch, -1)
            if self.go_backwards:
                dxs = dxs[::-1]
            dx = dxs.transpose(1, 0, 2)
        if needs[1]:
            dw = self.xs.T @ flat
        return dx, dw, flat.sum(axis=0)

    def _h_in(self, steps):
        """The recurrent inputs of every step, ``(T*B, units)`` (after recurrent dropout)."""
        h = self.S[0][:steps]
        if self.rmask is not None:
            h = h * self.rmask
        return h.reshape(-1, h.shape[-1])

    def _pack(self, dx, dw, dr, db, d_states):
        return (dx, dw, dr) + ((db,) if self.has_bias else ()) + tuple(d_states)

    def _add_input_bias(self, proj, bias):
        if bias is not None:
            proj += bias


class SimpleRNNScan(_Recurrence):
    """``h_t = act(x_t @ W + h_{t-1} @ R + b)``; the activated values stay in ``P``."""

    def _step_graph(self, p, h_in, prev, r, bias, act, ract):
        return [act(p + h_in @ r)]

    def _allocate(self, steps, batch, units, dtype):
        self.DG = B.xp.empty((steps, batch, units), dtype=dtype)

    def _step(self, t, proj, h_in, prev):
        a = proj[t]
        a += h_in @ self.R
        self.act(a)
        return [a]

    def _step_backward(self, t, d_new):
        da = self.DG[t]
        da[...] = self.dact(self.P[t], d_new[0])
        dh = da @ self.R.T
        if self.rmask is not None:
            dh *= self.rmask
        return [dh]

    def _weight_grads(self, steps, batch, d_states):
        dx, dw, db = self._input_grads(self.DG)
        dr = self._h_in(steps).T @ self.DG.reshape(steps * batch, -1)
        return self._pack(dx, dw, dr, db, d_states)


class LSTMScan(_Recurrence):
    """Keras's LSTM, gates ``i, f, c, o`` (``P`` keeps the activated gates)::

        i, f, o = ract(.), c~ = act(.)    of x_t @ W + h_{t-1} @ R + b
        c_t = f * c_{t-1} + i * c~,       h_t = o * act(c_t)
    """

    n_states = 2

    def _step_graph(self, p, h_in, prev, r, bias, act, ract):
        u = self.units
        g = p + h_in @ r
        i, f, cc, o = ract(g[:, :u]), ract(g[:, u:2 * u]), act(g[:, 2 * u:3 * u]), ract(g[:, 3 * u:])
        c = f * prev[1] + i * cc
        return [o * act(c), c]

    def _allocate(self, steps, batch, units, dtype):
        self.TC = B.xp.empty((steps, batch, units), dtype=dtype)
        self.DG = B.xp.empty((steps, batch, 4 * units), dtype=dtype)

    def _step(self, t, proj, h_in, prev):
        u = self.units
        g = proj[t]
        g += h_in @ self.R
        self.ract(g[:, :2 * u])
        self.act(g[:, 2 * u:3 * u])
        self.ract(g[:, 3 * u:])
        c = g[:, u:2 * u] * prev[1]
        c += g[:, :u] * g[:, 2 * u:3 * u]
        tc = self.TC[t]
        tc[...] = c
        self.act(tc)
        return [g[:, 3 * u:] * tc, c]

    def _step_backward(self, t, d_new):
        u = self.units
        g, tc, dg = self.P[t], self.TC[t], self.DG[t]
        i, f, cc, o = g[:, :u], g[:, u:2 * u], g[:, 2 * u:3 * u], g[:, 3 * u:]
        dh, dc = d_new
        dc = dc + self.dact(tc, dh * o)
        dg[:, :u] = self.dract(i, dc * cc)
        dg[:, u:2 * u] = self.dract(f, dc * self.S[1][t])
        dg[:, 2 * u:3 * u] = self.dact(cc, dc * i)
        dg[:, 3 * u:] = self.dract(o, dh * tc)
        dh_prev = dg @ self.R.T
        if self.rmask is not None:
            dh_prev *= self.rmask
        return [dh_prev, dc * f]

    def _weight_grads(self, steps, batch, d_states):
        dx, dw, db = self._input_grads(self.DG)
        dr = self._h_in(steps).T @ self.DG.reshape(steps * batch, -1)
        return self._pack(dx, dw, dr, db, d_states)


class GRUScan(_Recurrence):
    """Keras's GRU, gates ``z, r, h``::

        z, r = ract(x_t @ W_zr + h_{t-1} @ R_zr + b)
        reset_after:  h~ = act(x_t @ W_h + b_h + r * (h_{t-1} @ R_h + b'_h))
        else:         h~ = act(x_t @ W_h + b_h + (r * h_{t-1}) @ R_h)
        h_t = z * h_{t-1} + (1 - z) * h~

    With ``reset_after`` the bias is ``(2, 3*units)``: input bias, recurrent bias.
    """

    def forward(self, *arrays, reset_after=True, **params):
        self.reset_after = reset_after
        return super().forward(*arrays, **params)

    def _add_input_bias(self, proj, bias):
        if bias is not None:
            proj += bias[0] if self.reset_after else bias

    def _input_bias_graph(self, proj, bias):
        return proj if bias is None else proj + (bias[0] if self.reset_after else bias)

    def _step_graph(self, p, h_in, prev, r, bias, act, ract):
        u = self.units
        if self.reset_after:
            rec = h_in @ r
            if bias is not None:
                rec = rec + bias[1]
            zr = ract(p[:, :2 * u] + rec[:, :2 * u])
            hh = act(p[:, 2 * u:] + zr[:, u:] * rec[:, 2 * u:])
        else:
            zr = ract(p[:, :2 * u] + h_in @ r[:, :2 * u])
            hh = act(p[:, 2 * u:] + (zr[:, u:] * h_in) @ r[:, 2 * u:])
        z = zr[:, :u]
        return [z * prev[0] + (1 - z) * hh]

    def _allocate(self, steps, batch, units, dtype):
        self.RH = B.xp.empty((steps, batch, units), dtype=dtype)
        self.DG = B.xp.empty((steps, batch, 3 * units), dtype=dtype)
        self.DRH = B.xp.empty((steps, batch, units), dtype=dtype) if self.reset_after else None

    def _step(self, t, proj, h_in, prev):
        u = self.units
        g = proj[t]
        if self.reset_after:
            rec = h_in @ self.R
            if self.bias is not None:
                rec += self.bias[1]
            g[:, :2 * u] += rec[:, :2 * u]
            self.ract(g[:, :2 * u])
            self.RH[t] = rec[:, 2 * u:]
            g[:, 2 * u:] += g[:, u:2 * u] * rec[:, 2 * u:]
        else:
            g[:, :2 * u] += h_in @ self.R[:, :2 * u]
            self.ract(g[:, :2 * u])
            rh = self.RH[t]
            np.multiply(g[:, u:2 * u], h_in, out=rh)
            g[:, 2 * u:] += rh @ self.R[:, 2 * u:]
        hh = g[:, 2 * u:]
        self.act(hh)
        z = g[:, :u]
        h = z * prev[0]
        h += (1.0 - z) * hh
        return [h]

    def _step_backward(self, t, d_new):
        u = self.units
        g, dg = self.P[t], self.DG[t]
        z, r, hh = g[:, :u], g[:, u:2 * u], g[:, 2 * u:]
        dh = d_new[0]
        h_prev = self.S[0][t]
        dah = self.dact(hh, dh * (1.0 - z))
        dg[:, :u] = self.dract(z, dh * (h_prev - hh))
        dg[:, 2 * u:] = dah
        if self.reset_after:
            dg[:, u:2 * u] = self.dract(r, dah * self.RH[t])
            drh = self.DRH[t]
            np.multiply(dah, r, out=drh)
            dh_in = dg[:, :2 * u] @ self.R[:, :2 * u].T
            dh_in += drh @ self.R[:, 2 * u:].T
        else:
            d_rh = dah @ self.R[:, 2 * u:].T
            h_in = h_prev * self.rmask if self.rmask is not None else h_prev
            dg[:, u:2 * u] = self.dract(r, d_rh * h_in)
            dh_in = dg[:, :2 * u] @ self.R[:, :2 * u].T
            dh_in += d_rh * r
        if self.rmask is not None:
            dh_in *= self.rmask
        dh_in += dh * z
        return [dh_in]

    def _weight_grads(self, steps, batch, d_states):
        u = self.units
        dx, dw, db = self._input_grads(self.DG)
        h_in = self._h_in(steps)
        flat = self.DG.reshape(steps * batch, -1)
        dr = B.xp.empty_like(self.R)
        dr[:, :2 * u] = h_in.T @ flat[:, :2 * u]
        if self.reset_after:
            drh = self.DRH.reshape(steps * batch, -1)
            dr[:, 2 * u:] = h_in.T @ drh
            if self.has_bias:
                db = B.xp.stack([db, B.xp.concatenate([db[:2 * u], drh.sum(axis=0)])])
        else:
            dr[:, 2 * u:] = self.RH.reshape(steps * batch, -1).T @ flat[:, 2 * u:]
        return self._pack(dx, dw, dr, db, d_states)


_SCANS = {"simple_rnn": SimpleRNNScan, "lstm": LSTMScan, "gru": GRUScan}


def recurrence(kind: str, x, kernel, recurrent_kernel, bias, initial_states, mask=None, recurrent_mask=None,
               go_backwards: bool = False, return_sequences: bool = True, zero_output_for_mask: bool = False,
               activation: str = "tanh", recurrent_activation: str = "sigmoid", reset_after: bool = True) -> Tensor:
    """Run a whole recurrent layer over ``x`` as one op (see the module docstring).

    Args:
        kind: ``'simple_rnn'``, ``'lstm'`` or ``'gru'``.
        x: inputs ``(batch, steps, features)``.
        kernel, recurrent_kernel, bias: Keras's weights (bias may be None).
        initial_states: ``[h0]`` (``[h0, c0]`` for LSTM), each ``(batch, units)``.
        mask: ``(batch, steps)`` booleans, False where a step is skipped.
        recurrent_mask: ``(batch, units)`` recurrent-dropout multipliers, or None.
        activation / recurrent_activation: one of ``ACTIVATIONS``.

    Returns:
        ``(batch, n_out + n_states, units)``: the outputs (all steps, or the last),
        then the final states.

    Example:
        >>> out = recurrence("simple_rnn", x, w, r, b, [h0])     # (B, T + 1, units)
    """
    x = as_tensor(x)
    if x.ndim != 3:
        raise ValueError(f"recurrence: inputs must be (batch, steps, features). Received shape {x.shape}.")
    if x.shape[1] == 0:
        raise ValueError("recurrence: the input sequences are empty (0 time steps).")
    for name in (activation, recurrent_activation):
        if name not in ACTIVATIONS:
            raise ValueError(f"recurrence: activation {name!r} has no fused kernel; use one of {sorted(ACTIVATIONS)}.")
    scan = _SCANS[kind]
    weights = [as_tensor(kernel, x), as_tensor(recurrent_kernel, x)]
    if bias is not None:
        weights.append(as_tensor(bias, x))
    states = [as_tensor(s, x) for s in initial_states]
    if len(states) != scan.n_states:
        raise ValueError(f"recurrence: {kind} takes {scan.n_states} initial state(s); received {len(states)}.")
    params = dict(has_bias=bias is not None, go_backwards=bool(go_backwards), return_sequences=bool(return_sequences),
                  zero_output_for_mask=bool(zero_output_for_mask), activation=activation,
                  recurrent_activation=recurrent_activation,
                  mask=None if mask is None else B.xp.asarray(mask, dtype=bool),
                  recurrent_mask=None if recurrent_mask is None else B.xp.asarray(recurrent_mask, dtype=x.dtype))
    if kind == "gru":
        params["reset_after"] = bool(reset_after)
    return scan.apply(x, *weights, *states, **params)
