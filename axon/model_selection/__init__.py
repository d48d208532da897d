"""``axon.model_selection`` (axon): splitting data, cross-validation, learning curves and grid search.

Every function takes a ``build_fn(**params)`` returning a fresh compiled model,
so each fold and candidate starts from scratch; ``cv`` may be an int, one of
the splitters here, or any scikit-learn splitter.

Example:
    >>> from axon.model_selection import KFold, cross_validate
    >>> print(cross_validate(build, x, y, cv=KFold(5, shuffle=True, random_state=0), fit_kwargs={"epochs": 10}))
"""

from axon.model_selection.search import GridSearchResult, grid_search, parameter_grid
from axon.model_selection.split import KFold, LeaveOneOut, StratifiedKFold, check_cv, holdout, train_test_split
from axon.model_selection.validation import (
    CrossValidationResult,
    LearningCurveResult,
    cross_validate,
    fit_and_score,
    learning_curve,
)

__all__ = [
    "CrossValidationResult", "GridSearchResult", "KFold", "LearningCurveResult", "LeaveOneOut", "StratifiedKFold",
    "check_cv", "cross_validate", "fit_and_score", "grid_search", "holdout", "learning_curve", "parameter_grid",
    "train_test_split",
]
