"""``paddle.vision.models``: LeNet (Paddle's exact architecture, 61,610 parameters for 10 classes),
AlexNet and VGG built from ``paddle.nn`` layers."""

from __future__ import annotations

from axon.paddle import nn
from axon.paddle.manipulation import flatten


class LeNet(nn.Layer):
    """LeNet as in ``paddle.vision.models``: Conv2D(1, 6, 3, padding=1), ReLU, MaxPool2D(2, 2),
    Conv2D(6, 16, 5), ReLU, MaxPool2D(2, 2), then Linear(400, 120), Linear(120, 84),
    Linear(84, num_classes) (no activations between the Linear layers, as in Paddle).

    Takes ``(N, 1, 28, 28)`` images; ``num_classes <= 0`` leaves out the classifier.
    """

    def __init__(self, num_classes: int = 10):
        super().__init__()
        self.num_classes = num_classes
        self.features = nn.Sequential(
            nn.Conv2D(1, 6, 3, stride=1, padding=1), nn.ReLU(), nn.MaxPool2D(2, 2),
            nn.Conv2D(6, 16, 5, stride=1, padding=0), nn.ReLU(), nn.MaxPool2D(2, 2))
        if num_classes > 0:
            self.fc = nn.Sequential(nn.Linear(400, 120), nn.Linear(120, 84), nn.Linear(84, num_classes))

    def forward(self, inputs):
        x = self.features(inputs)
        if self.num_classes > 0:
            x = flatten(x, 1)
            x = self.fc(x)
        return x


class AlexNet(nn.Layer):
    """AlexNet (``paddle.vision.models.AlexNet``) for 224x224 RGB images."""

    def __init__(self, num_classes: int = 1000):
        super().__init__()
        self.num_classes = num_classes
        self.features = nn.Sequential(
            nn.Conv2D(3, 64, 11, stride=4, padding=2), nn.ReLU(), nn.MaxPool2D(3, 2),
            nn.Conv2D(64, 192, 5, padding=2), nn.ReLU(), nn.MaxPool2D(3, 2),
            nn.Conv2D(192, 384, 3, padding=1), nn.ReLU(),
            nn.Conv2D(384, 256, 3, padding=1), nn.ReLU(),
            nn.Conv2D(256, 256, 3, padding=1), nn.ReLU(), nn.MaxPool2D(3, 2))
        if num_classes > 0:
            self.avgpool = nn.AdaptiveAvgPool2D((6, 6))
            self.classifier = nn.Sequential(
                nn.Dropout(), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(),
                nn.Dropout(), nn.Linear(4096, 4096), nn.ReLU(), nn.Linear(4096, num_classes))

    def forward(self, x):
        x = self.features(x)
        if self.num_classes > 0:
            x = self.classifier(flatten(self.avgpool(x), 1))
        return x


def alexnet(pretrained: bool = False, **kwargs) -> AlexNet:
    """AlexNet; ``pretrained=True`` is refused (axon.paddle downloads no weights)."""
    _no_pretrained(pretrained)
    return AlexNet(**kwargs)


_VGG_CFGS = {
    11: [64, "M", 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    13: [64, 64, "M", 128, 128, "M", 256, 256, "M", 512, 512, "M", 512, 512, "M"],
    16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
    19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
}


class VGG(nn.Layer):
    """VGG: ``features`` (3x3 convolutions and max pooling) then AdaptiveAvgPool2D(7) and a 4096-4096 head."""

    def __init__(self, features: nn.Layer, num_classes: int = 1000, with_pool: bool = True):
        super().__init__()
        self.features, self.num_classes, self.with_pool = features, num_classes, with_pool
        if with_pool:
            self.avgpool = nn.AdaptiveAvgPool2D((7, 7))
        if num_classes > 0:
            self.classifier = nn.Sequential(
                nn.Linear(512 * 7 * 7, 4096), nn.ReLU(), nn.Dropout(),
                nn.Linear(4096, 4096), nn.ReLU(), nn.Dropout(), nn.Linear(4096, num_classes))

    def forward(self, x):
        x = self.features(x)
        if self.with_pool:
            x = self.avgpool(x)
        if self.num_classes > 0:
            x = self.classifier(flatten(x, 1))
        return x


def make_layers(cfg, batch_norm: bool = False) -> nn.Sequential:
    """The VGG feature extractor for a configuration list (ints: 3x3 conv channels, ``'M'``: 2x2 max pool)."""
    layers, channels = [], 3
    for v in cfg:
        if v == "M":
            layers.append(nn.MaxPool2D(2, 2))
        else:
            layers.append(nn.Conv2D(channels, v, 3, padding=1))
            if batch_norm:
                layers.append(nn.BatchNorm2D(v))
            layers.append(nn.ReLU())
            channels = v
    return nn.Sequential(*layers)


def _vgg(depth: int, pretrained: bool, batch_norm: bool, **kwargs) -> VGG:
    _no_pretrained(pretrained)
    return VGG(make_layers(_VGG_CFGS[depth], batch_norm), **kwargs)


def vgg11(pretrained: bool = False, batch_norm: bool = False, **kwargs) -> VGG:
    """VGG-11."""
    return _vgg(11, pretrained, batch_norm, **kwargs)


def vgg13(pretrained: bool = False, batch_norm: bool = False, **kwargs) -> VGG:
    """VGG-13."""
    return _vgg(13, pretrained, batch_norm, **kwargs)


def vgg16(pretrained: bool = False, batch_norm: bool = False, **kwargs) -> VGG:
    """VGG-16."""
    return _vgg(16, pretrained, batch_norm, **kwargs)


def vgg19(pretrained: bool = False, batch_norm: bool = False, **kwargs) -> VGG:
    """VGG-19."""
    return _vgg(19, pretrained, batch_norm, **kwargs)


def _no_pretrained(pretrained: bool) -> None:
    if pretrained:
        raise ValueError("pretrained=True: axon.paddle downloads no weights and cannot read Paddle's pickled "
                         ".pdparams. Train the model, or load weights saved with paddle.save by axon.")
