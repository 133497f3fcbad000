"""make_imbalanced_pipeline: skimb's parts as one estimator."""

from sklearn.compose import make_column_selector, make_column_transformer
from sklearn.ensemble import VotingClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from .decision import ThresholdOptimizer
from .neural import NetClassifier

__all__ = ["make_imbalanced_pipeline", "make_preprocessor"]


def make_preprocessor():
    """Scale numeric columns and one-hot encode categorical ones.

    Numbers (any numeric dtype) are standardised; ``category``, ``object``,
    ``string`` and ``bool`` columns of a DataFrame are one-hot encoded (unknown
    categories at predict time are ignored). A plain array is all numeric.

    Returns
    -------
    preprocessor : ColumnTransformer
        Unfitted.

    Examples
    --------
    >>> import pandas as pd
    >>> from skimb import make_preprocessor
    >>> frame = pd.DataFrame({"size": [1.0, 2.0, 3.0], "colour": ["r", "g", "r"]})
    >>> make_preprocessor().fit_transform(frame).shape
    (3, 3)
    """
    return make_column_transformer(
        (StandardScaler(), make_column_selector(dtype_include="number")),
        (
            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
            make_column_selector(
                dtype_include=["category", "object", "string", "bool"]
            ),
        ),
    )


def make_imbalanced_pipeline(
    *, objective="f2", n_nets=1, cv=5, refit=True, random_state=None, **net_params
):
    """skimb's recommended model for a table with a rare class, unfitted.

    ``ThresholdOptimizer(Pipeline([("preprocess", ...), ("net", ...)]))``:
    numeric columns scaled and categorical ones one-hot encoded, a
    :class:`~skimb.neural.NetClassifier` with its defaults (balanced class
    weights, early stopping on validation average precision), or a soft vote
    of ``n_nets`` of them with different seeds, and the decision threshold
    tuned for ``objective`` on out-of-fold predictions. Every part is visible
    and settable with ``set_params`` (``estimator__net__lr``, ``objective``...).

    Parameters
    ----------
    objective : str or callable, default="f2"
        The ThresholdOptimizer's objective.
    n_nets : int, default=1
        Number of networks averaged (soft vote); more nets rank more steadily
        and cost proportionally more time.
    cv : int, default=5
        Folds of the threshold search.
    refit : True or "folds", default=True
        The ThresholdOptimizer's final model: refit on all the data, or the
        average of the fold models.
    random_state : int or None, default=None
        Seeds the nets (net ``i`` gets ``random_state + i``) and the folds.
    **net_params : dict
        Parameters of every NetClassifier (e.g. ``max_epochs=50``).

    Returns
    -------
    model : ThresholdOptimizer
        The unfitted model.

    Examples
    --------
    >>> from skimb import make_imbalanced_pipeline
    >>> model = make_imbalanced_pipeline(objective="f2", random_state=0)
    >>> model.get_params()["estimator__net__class_weight"]
    'balanced'
    """
    if not isinstance(n_nets, int) or n_nets < 1:
        raise ValueError(f"n_nets must be an int >= 1; got {n_nets!r}.")

    def net(i):
        seed = None if random_state is None else random_state + i
        return NetClassifier(random_state=seed, **net_params)

    if n_nets == 1:
        classifier = net(0)
    else:
        classifier = VotingClassifier(
            [(f"net{i}", net(i)) for i in range(n_nets)], voting="soft"
        )
    pipeline = Pipeline([("preprocess", make_preprocessor()), ("net", classifier)])
    return ThresholdOptimizer(
        pipeline, objective=objective, cv=cv, refit=refit, random_state=random_state
    )
