"""Code run unchanged under real PaddlePaddle and under axon.paddle (``paddle`` is either):
same weights in, outputs and gradients out."""

import numpy as np


def _grads(paddle, x, out, params, key, res, g):
    loss = (out * paddle.to_tensor(g)).sum()
    loss.backward()
    res[f"{key}/out"] = out.numpy()
    if x is not None and not x.stop_gradient:
        res[f"{key}/dx"] = x.grad.numpy()
    for name, p in params:
        if p.grad is not None:
            res[f"{key}/d{name}"] = p.grad.numpy()


def layer_cases(paddle, rng):
    nn = paddle.nn
    return [
        ("linear", lambda: nn.Linear(5, 3), (4, 5)),
        ("conv2d_pad1", lambda: nn.Conv2D(3, 4, 3, padding=1), (2, 3, 7, 6)),
        ("conv2d_stride_same", lambda: nn.Conv2D(3, 4, 3, stride=2, padding="SAME"), (2, 3, 7, 6)),
        ("conv2d_pad4", lambda: nn.Conv2D(3, 2, (3, 2), padding=[1, 0, 2, 1]), (2, 3, 7, 6)),
        ("conv2d_dilation", lambda: nn.Conv2D(3, 2, 3, dilation=2, padding=2), (2, 3, 7, 6)),
        ("conv2d_groups", lambda: nn.Conv2D(4, 6, 3, groups=2), (2, 4, 6, 6)),
        ("conv1d", lambda: nn.Conv1D(3, 4, 3, padding=1, stride=2), (2, 3, 9)),
        ("conv2d_transpose", lambda: nn.Conv2DTranspose(3, 2, 3, stride=2, padding=1, output_padding=1),
         (2, 3, 4, 5)),
        ("maxpool", lambda: nn.MaxPool2D(2, 2), (2, 3, 6, 6)),
        ("maxpool_pad", lambda: nn.MaxPool2D(3, 2, padding=1), (2, 3, 7, 7)),
        ("maxpool_ceil", lambda: nn.MaxPool2D(3, 2, ceil_mode=True), (2, 3, 8, 8)),
        ("avgpool_exclusive", lambda: nn.AvgPool2D(3, 2, padding=1), (2, 3, 7, 7)),
        ("avgpool_inclusive", lambda: nn.AvgPool2D(3, 2, padding=1, exclusive=False), (2, 3, 7, 7)),
        ("adaptive_avg", lambda: nn.AdaptiveAvgPool2D(3), (2, 3, 7, 8)),
        ("adaptive_avg_even", lambda: nn.AdaptiveAvgPool2D((2, 3)), (2, 3, 4, 6)),
        ("batchnorm2d", lambda: nn.BatchNorm2D(3), (4, 3, 5, 5)),
        ("batchnorm1d", lambda: nn.BatchNorm1D(5, momentum=0.8), (6, 5)),
        ("layernorm", lambda: nn.LayerNorm(5), (4, 5)),
        ("flatten", lambda: nn.Flatten(), (2, 3, 4, 5)),
        ("relu", lambda: nn.ReLU(), (4, 5)),
        ("sigmoid", lambda: nn.Sigmoid(), (4, 5)),
        ("tanh", lambda: nn.Tanh(), (4, 5)),
        ("softmax", lambda: nn.Softmax(), (4, 5)),
        ("leaky_relu", lambda: nn.LeakyReLU(), (4, 5)),
        ("elu", lambda: nn.ELU(0.5), (4, 5)),
        ("prelu", lambda: nn.PReLU(3, 0.2), (2, 3, 4)),
        ("upsample_nearest", lambda: nn.Upsample(scale_factor=2), (1, 2, 3, 3)),
        ("upsample_bilinear", lambda: nn.Upsample(size=[5, 7], mode="bilinear"), (1, 2, 3, 4)),
        ("simple_rnn", lambda: nn.SimpleRNN(3, 4), (2, 5, 3)),
        ("lstm", lambda: nn.LSTM(3, 4), (2, 5, 3)),
        ("lstm_bidirect_2", lambda: nn.LSTM(3, 4, num_layers=2, direction="bidirect"), (2, 5, 3)),
        ("gru_bidirect", lambda: nn.GRU(3, 4, direction="bidirect"), (2, 5, 3)),
        ("gru_time_major", lambda: nn.GRU(3, 4, time_major=True), (5, 2, 3)),
    ]


def run_layers(paddle, inputs):
    res = {}
    rng = np.random.default_rng(0)
    for key, make, _ in layer_cases(paddle, rng):
        layer = make()
        params = list(layer.named_parameters())
        for name, p in params:
            if p.stop_gradient:  # BatchNorm's running statistics keep their initial values
                continue
            p.set_value(inputs[f"{key}/{name}"] if f"{key}/{name}" in inputs else
                        rng.normal(size=p.shape).astype("float32"))
            res[f"{key}/w/{name}"] = p.numpy()
        x = paddle.to_tensor(inputs[f"{key}/x"], stop_gradient=False)
        out = layer(x)
        if isinstance(out, tuple):  # recurrent layers: (outputs, final states); the states are compared too
            states = out[1] if isinstance(out[1], (tuple, list)) else [out[1]]
            for i, s in enumerate(states):
                res[f"{key}/state{i}"] = s.numpy()
            out = out[0]
        _grads(paddle, x, out, params, key, res, inputs[f"{key}/g"])
        if key.startswith("batchnorm"):
            res[f"{key}/mean"] = layer._mean.numpy()
            res[f"{key}/variance"] = layer._variance.numpy()
            layer.eval()
            res[f"{key}/eval"] = layer(paddle.to_tensor(inputs[f"{key}/x"])).numpy()
    # Embedding with a padding row
    emb = paddle.nn.Embedding(6, 3, padding_idx=0)
    emb.weight.set_value(inputs["embedding/w"])
    out = emb(paddle.to_tensor(np.array([[0, 2, 5], [2, 2, 1]], dtype="int64")))
    _grads(paddle, None, out, [("weight", emb.weight)], "embedding", res, inputs["embedding/g"])
    return res


def loss_cases(paddle):
    nn = paddle.nn
    t = paddle.to_tensor
    ids = np.array([0, 2, 1, 3, 2], dtype="int64")
    return [
        ("ce", (5, 4), lambda x: nn.CrossEntropyLoss()(x, t(ids))),
        ("ce_n1", (5, 4), lambda x: nn.CrossEntropyLoss()(x, t(ids[:, None]))),
        ("ce_none", (5, 4), lambda x: nn.CrossEntropyLoss(reduction="none")(x, t(ids[:, None]))),
        ("ce_sum", (5, 4), lambda x: nn.CrossEntropyLoss(reduction="sum")(x, t(ids))),
        ("ce_weight", (5, 4), lambda x: nn.CrossEntropyLoss(weight=t(np.float32([0.2, 1, 2, 0.5])))(x, t(ids))),
        ("ce_ignore", (5, 4), lambda x: nn.CrossEntropyLoss(ignore_index=2)(x, t(ids))),
        ("ce_soft", (5, 4), lambda x: nn.CrossEntropyLoss(soft_label=True)(
            x, t(np.float32(np.eye(4)[ids] * 0.7 + 0.075)))),
        ("ce_smooth", (5, 4), lambda x: nn.CrossEntropyLoss(label_smoothing=0.1)(x, t(ids))),
        ("ce_probs", (5, 4), lambda x: nn.CrossEntropyLoss(use_softmax=False)(
            paddle.nn.functional.softmax(x), t(ids))),
        ("ce_axis1", (2, 4, 3, 3), lambda x: nn.CrossEntropyLoss(axis=1)(
            x, t(np.arange(18).reshape(2, 1, 3, 3).astype("int64") % 4))),
        ("mse", (5, 4), lambda x: nn.MSELoss()(x, t(np.float32(np.linspace(-1, 1, 20).reshape(5, 4))))),
        ("l1", (5, 4), lambda x: nn.L1Loss(reduction="sum")(x, t(np.float32(np.linspace(-1, 1, 20).reshape(5, 4))))),
        ("smooth_l1", (5, 4), lambda x: nn.SmoothL1Loss()(x, t(np.float32(np.linspace(-2, 2, 20).reshape(5, 4))))),
        ("bce", (5, 4), lambda x: nn.BCELoss()(paddle.nn.functional.sigmoid(x),
                                                 t(np.float32(np.arange(20).reshape(5, 4) % 2)))),
        ("bce_logits", (5, 4), lambda x: nn.BCEWithLogitsLoss(pos_weight=t(np.float32([1, 2, 0.5, 3])))(
            x, t(np.float32(np.arange(20).reshape(5, 4) % 3 == 0)))),
        ("nll", (5, 4), lambda x: nn.NLLLoss()(paddle.nn.functional.log_softmax(x), t(ids))),
    ]


def run_losses(paddle, inputs):
    res = {}
    for key, _, fn in loss_cases(paddle):
        x = paddle.to_tensor(inputs[f"loss/{key}"], stop_gradient=False)
        out = fn(x)
        res[f"loss/{key}/out"] = out.numpy()
        out.sum().backward()
        res[f"loss/{key}/dx"] = x.grad.numpy()
    return res


def optimizer_cases(paddle):
    o = paddle.optimizer
    return [
        ("sgd", lambda p: o.SGD(0.1, parameters=p)),
        ("sgd_l2", lambda p: o.SGD(0.1, parameters=p, weight_decay=0.01)),
        ("sgd_l1", lambda p: o.SGD(0.1, parameters=p, weight_decay=paddle.regularizer.L1Decay(0.01))),
        ("momentum", lambda p: o.Momentum(0.05, momentum=0.9, parameters=p)),
        ("nesterov", lambda p: o.Momentum(0.05, momentum=0.9, use_nesterov=True, parameters=p)),
        ("adam", lambda p: o.Adam(0.05, parameters=p)),
        ("adam_clip", lambda p: o.Adam(0.05, parameters=p, grad_clip=paddle.nn.ClipGradByGlobalNorm(0.5))),
        ("adamw", lambda p: o.AdamW(0.05, parameters=p, weight_decay=0.1)),
        ("rmsprop", lambda p: o.RMSProp(0.01, parameters=p)),
        ("rmsprop_centered", lambda p: o.RMSProp(0.01, momentum=0.5, centered=True, parameters=p)),
        ("adagrad", lambda p: o.Adagrad(0.1, parameters=p)),
        ("sgd_step_decay", lambda p: o.SGD(o.lr.StepDecay(0.1, step_size=3, gamma=0.5), parameters=p)),
    ]


def run_optimizers(paddle, inputs):
    res = {}
    x, y = paddle.to_tensor(inputs["opt/x"]), paddle.to_tensor(inputs["opt/y"])
    for key, make in optimizer_cases(paddle):
        fc = paddle.nn.Linear(4, 2)
        fc.weight.set_value(inputs["opt/w"])
        fc.bias.set_value(inputs["opt/b"])
        opt = make(fc.parameters())
        for _ in range(10):
            loss = ((fc(x) - y) ** 2).mean()
            loss.backward()
            opt.step()
            opt.clear_grad()
            if hasattr(opt._learning_rate, "step"):
                opt._learning_rate.step()
        res[f"opt/{key}/w"] = fc.weight.numpy()
        res[f"opt/{key}/b"] = fc.bias.numpy()
    return res


def run_schedulers(paddle):
    lr = paddle.optimizer.lr
    scheds = {
        "step": lr.StepDecay(0.5, step_size=3, gamma=0.3),
        "multistep": lr.MultiStepDecay(0.5, milestones=[2, 5], gamma=0.5),
        "piecewise": lr.PiecewiseDecay([3, 6], [0.1, 0.05, 0.01]),
        "exp": lr.ExponentialDecay(0.5, 0.9),
        "poly": lr.PolynomialDecay(0.5, decay_steps=5, end_lr=0.01, power=2.0),
        "poly_cycle": lr.PolynomialDecay(0.5, decay_steps=4, cycle=True),
        "cosine": lr.CosineAnnealingDecay(0.5, T_max=4),
        "warmup": lr.LinearWarmup(lr.StepDecay(0.5, 2), warmup_steps=3, start_lr=0.0, end_lr=0.5),
        "inverse": lr.InverseTimeDecay(0.5, 0.5),
        "natural": lr.NaturalExpDecay(0.5, 0.5),
    }
    res = {}
    for key, s in scheds.items():
        values = []
        for _ in range(12):
            values.append(s())
            s.step()
        res[f"lr/{key}"] = np.array(values)
    plateau = lr.ReduceOnPlateau(1.0, patience=1, factor=0.5)
    values = []
    for metric in [1.0, 0.9, 0.95, 0.96, 0.97, 0.5, 0.6, 0.7, 0.8]:
        plateau.step(metric)
        values.append(plateau())
    res["lr/plateau"] = np.array(values)
    return res


def run_dataloader(paddle, inputs):
    res = {}
    data = paddle.io.TensorDataset([paddle.to_tensor(inputs["dl/x"]), paddle.to_tensor(inputs["dl/y"])])
    for drop in (False, True):
        batches = list(paddle.io.DataLoader(data, batch_size=4, drop_last=drop))
        res[f"dl/drop{int(drop)}/n"] = np.array(len(batches))
        res[f"dl/drop{int(drop)}/last_x"] = batches[-1][0].numpy()
        res[f"dl/drop{int(drop)}/last_y"] = batches[-1][1].numpy()

    class Pairs(paddle.io.Dataset):
        def __getitem__(self, i):
            return np.float32([i, i + 0.5]), i, float(i) / 2

        def __len__(self):
            return 5

    first = next(iter(paddle.io.DataLoader(Pairs(), batch_size=3)))
    for i, field in enumerate(first):
        res[f"dl/collate/{i}"] = field.numpy()
        res[f"dl/collate/{i}/dtype"] = np.array(str(field.dtype).replace("paddle.", ""))
    sampler = paddle.io.BatchSampler(data, batch_size=3, drop_last=False)
    res["dl/batch_sampler"] = np.array([len(b) for b in sampler])
    return res


def summary_text(paddle):
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        info = paddle.summary(paddle.vision.models.LeNet(), (1, 1, 28, 28))
    return buf.getvalue(), info


def run_autograd(paddle, inputs):
    """paddle.grad with create_graph (a second derivative), jacobian (plain and batched) and hessian."""
    res = {}
    x = paddle.to_tensor(inputs["ag/x"], stop_gradient=False)
    y = paddle.tanh(x) * x * x
    (g,) = paddle.grad(y.sum(), x, create_graph=True)
    (gg,) = paddle.grad((g * g).sum(), x)
    res["ag/grad"], res["ag/grad2"] = g.numpy(), gg.numpy()
    res["ag/jacobian"] = paddle.autograd.jacobian(paddle.tanh(x) * x.sum(), x)[:].numpy()
    xb = paddle.to_tensor(inputs["ag/xb"], stop_gradient=False)
    res["ag/jacobian_batch"] = paddle.autograd.jacobian(paddle.nn.functional.sigmoid(xb) * xb, xb,
                                                        batch_axis=0)[:].numpy()
    res["ag/hessian"] = paddle.autograd.hessian((paddle.tanh(x) * x ** 3).sum(), x)[:].numpy()
    return res
