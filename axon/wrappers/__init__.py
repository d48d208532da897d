"""``axon.wrappers`` (axon): axon models as scikit-learn estimators.

Importing this package imports scikit-learn; ``import axon`` does not import it.

Example:
    >>> from axon.wrappers import SKLearnClassifier
    >>> cross_val_score(SKLearnClassifier(build, epochs=10), X, y, cv=5)
"""

from axon.wrappers.sklearn import SKLearnClassifier, SKLearnRegressor

__all__ = ["SKLearnClassifier", "SKLearnRegressor"]
