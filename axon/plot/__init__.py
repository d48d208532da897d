"""``axon.plot`` (axon): the pictures of a deep-learning course, on matplotlib.

Every function returns the matplotlib Figure and takes ``path=`` to also write
it to a file (PNG, SVG ... by extension). matplotlib is imported only when a
plot is drawn; without a display it renders off-screen (Agg).

- ``history``: loss and metric curves of ``fit`` (validation dashed);
- ``learning_curve``: score against training-set size, mean ± std;
- ``activation``: an activation function and its derivative;
- ``images``: a labelled grid of images, wrong predictions in red;
- ``confusion_matrix``: true against predicted classes;
- ``feature_maps``: a convolution layer's channels for one image;
- ``gradient_flow``: the gradient reaching each layer (vanishing gradients).
"""

from axon.plot.curves import history, learning_curve
from axon.plot.feature_maps import feature_maps
from axon.plot.functions import activation
from axon.plot.gradients import gradient_flow
from axon.plot.images import confusion_matrix, images

__all__ = ["activation", "confusion_matrix", "feature_maps", "gradient_flow", "history", "images",
           "learning_curve"]
