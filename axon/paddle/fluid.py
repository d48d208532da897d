"""``paddle.fluid`` was Paddle 1.x's static-graph API (``fluid.layers.fc``, ``fluid.Executor``, ``exe.run``).

It is deprecated upstream (removed in Paddle 2.5) and not available in axon.paddle: importing it raises an
error that gives the dygraph equivalents.
"""

raise ImportError(
    "paddle.fluid (the Paddle 1.x static-graph API: fluid.layers.fc, fluid.Executor, exe.run) is deprecated and "
    "removed upstream, and axon.paddle does not provide it. Use the dygraph API (the default since Paddle 2.0): "
    "fluid.layers.fc(input, size, act='relu') -> paddle.nn.Linear(in_features, size) followed by "
    "paddle.nn.functional.relu; fluid.layers.data -> plain tensors (paddle.to_tensor); "
    "exe.run(feed=..., fetch_list=[loss]) -> loss = loss_fn(model(x), y); loss.backward(); opt.step(); "
    "opt.clear_grad(); fluid.dygraph.to_variable -> paddle.to_tensor."
)
