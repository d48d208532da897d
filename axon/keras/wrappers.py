"""``axon.keras.wrappers``: axon models as scikit-learn estimators (Keras 3's
``keras.wrappers``), re-exported from ``axon.wrappers``; importing it imports scikit-learn."""

from axon.wrappers import SKLearnClassifier, SKLearnRegressor

__all__ = ["SKLearnClassifier", "SKLearnRegressor"]
