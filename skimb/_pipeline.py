"""make_imbalanced_pipeline: skimb's parts as one estimator."""

import numbers
import warnings

import numpy as np
from scipy.stats import skew
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.impute import SimpleImputer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    OneHotEncoder,
    PowerTransformer,
    QuantileTransformer,
    StandardScaler,
)
from sklearn.utils.validation import check_is_fitted, validate_data

from .decision import ThresholdOptimizer
from .neural import NetClassifier

__all__ = [
    "NUMERIC_SCALINGS",
    "PIPELINE_NET_DEFAULTS",
    "make_imbalanced_pipeline",
    "make_preprocessor",
]

#: NetClassifier parameters of make_imbalanced_pipeline that differ from
#: NetClassifier's own defaults. Each net is one of ``cv`` averaged, so it can be
#: trained faster (a larger step, shorter patience) than a net used alone: the
#: average irons out what one net loses, and the pipeline fits in half the time.
#: Each net stops early on its fold's held-out rows, often a handful of
#: positives, so early stopping follows a 5-epoch moving average of their
#: average precision rather than its luckiest single epoch. The average is
#: already smooth, so three windows without a better one (15 epochs) end a net.
PIPELINE_NET_DEFAULTS = {
    "lr": 3e-3,
    "max_epochs": 60,
    "patience": 15,
    "monitor_window": 5,
}

NUMERIC_SCALINGS = ("standard", "quantile", "power", "auto")
# make_imbalanced_pipeline's scaling: the quantile map where a column needs it
_PIPELINE_NUMERIC = "auto"


class _QuantileNormalizer(QuantileTransformer):
    """QuantileTransformer that uses one quantile per row on small data silently.

    scikit-learn caps ``n_quantiles`` at the number of rows with a warning;
    for a default that meets data of every size the cap is expected, not news.
    """

    def fit(self, X, y=None):
        with warnings.catch_warnings():
            warnings.filterwarnings(
                "ignore", message=r"n_quantiles \(\d+\) is greater than"
            )
            return super().fit(X, y)


def _quantile_normalizer():
    return _QuantileNormalizer(
        n_quantiles=200, output_distribution="normal", subsample=None
    )


class _SkewAwareScaler(OneToOneFeatureMixin, TransformerMixin, BaseEstimator):
    """Quantile-normalise the highly skewed columns, standardise the others.

    A column whose sample skewness exceeds ``max_abs_skew`` in absolute value
    (1 by the usual rule of thumb for "highly skewed", Bulmer, *Principles of
    Statistics*, 1979) is mapped through its quantiles to a standard normal;
    any other column is only standardised, since estimating a few hundred
    quantiles from the rows of a small table adds noise to a column whose
    shape needs no mending. Tabular AutoML systems make the same split for
    their networks (Erickson et al., "AutoGluon-Tabular", 2020). A column
    without a defined skewness (constant) is standardised.
    """

    def __init__(self, max_abs_skew=1.0):
        self.max_abs_skew = max_abs_skew

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # both scalers pass missing values through, as sklearn's scalers do
        tags.input_tags.allow_nan = True
        return tags

    def fit(self, X, y=None):
        if isinstance(self.max_abs_skew, bool) or not (
            isinstance(self.max_abs_skew, numbers.Real) and self.max_abs_skew >= 0
        ):
            raise ValueError(
                f"max_abs_skew must be a number >= 0; got {self.max_abs_skew!r}."
            )
        X = validate_data(self, X, dtype=np.float64, ensure_all_finite="allow-nan")
        with warnings.catch_warnings():
            # a constant column has no skewness; it is treated as unskewed
            warnings.simplefilter("ignore", RuntimeWarning)
            skewness = skew(X, axis=0, nan_policy="omit")
        self.skewed_ = np.abs(np.nan_to_num(np.asarray(skewness, float))) > (
            self.max_abs_skew
        )
        self.standard_ = StandardScaler().fit(X)
        # quantiles are estimated only where they are used
        self.quantile_ = (
            _quantile_normalizer().fit(X[:, self.skewed_])
            if self.skewed_.any()
            else None
        )
        return self

    def transform(self, X):
        check_is_fitted(self, "skewed_")
        X = validate_data(
            self, X, dtype=np.float64, ensure_all_finite="allow-nan", reset=False
        )
        scaled = self.standard_.transform(X)
        if self.quantile_ is not None:
            scaled[:, self.skewed_] = self.quantile_.transform(X[:, self.skewed_])
        return scaled


_CATEGORICAL_DTYPES = ["category", "object", "string", "bool"]


def _missing_to_centre():
    """Missing values of a scaled column become 0, with an indicator column.

    A constant plus the missingness mask leaves a flexible learner free to use
    what missingness itself says (Josse et al., "On the consistency of
    supervised learning with missing values", 2019, on when such simple
    imputation suffices for prediction). Columns without missing values when
    fitted get no indicator.
    """
    return SimpleImputer(strategy="constant", fill_value=0.0, add_indicator=True)


def _nan_for_every_missing_marker(X):
    """Object columns whose missing values, ``pd.NA`` and ``None`` alike, are NaN.

    OneHotEncoder takes NaN (and None) as a category, but refuses ``pd.NA``,
    the missing value of pandas' nullable ``string`` and ``boolean`` dtypes.
    """
    X = X.astype(object)
    return X.where(X.notna(), np.nan)


def _missing_as_nan():
    return FunctionTransformer(
        _nan_for_every_missing_marker, feature_names_out="one-to-one"
    )


class _RejectColumns(TransformerMixin, BaseEstimator):
    """The preprocessor's remainder: a column it cannot encode is an error.

    A DataFrame column that is neither numeric nor categorical (a datetime, a
    timedelta) would otherwise be dropped without a word.
    """

    def fit(self, X, y=None):
        # only a DataFrame gets here: every column of a plain array is numeric
        described = [f"{column!r} ({dtype})" for column, dtype in X.dtypes.items()]
        raise ValueError(
            "make_preprocessor encodes numeric and categorical columns "
            f"({', '.join(_CATEGORICAL_DTYPES)}) only; these columns are neither: "
            f"{', '.join(described)}. Convert them (e.g. a date to numbers) or "
            "drop them first."
        )

    def transform(self, X):
        raise NotImplementedError("_RejectColumns is never fitted.")

    def get_feature_names_out(self, input_features=None):
        # what makes set_output reach it; it never outputs a column
        return np.asarray([], dtype=object)


class _ColumnsByDtype:
    """Columns of a DataFrame with the given dtypes; of a plain array, all of
    them when ``numeric`` (an array's columns are all numbers), else none.

    scikit-learn's ``make_column_selector`` only takes DataFrames.
    """

    def __init__(self, dtype_include, numeric, dtype_exclude=None):
        self.dtype_include = dtype_include
        self.numeric = numeric
        self.dtype_exclude = dtype_exclude

    def __call__(self, X):
        if hasattr(X, "select_dtypes"):
            return make_column_selector(
                dtype_include=self.dtype_include, dtype_exclude=self.dtype_exclude
            )(X)
        return list(range(X.shape[1])) if self.numeric else []

    def __repr__(self):
        return f"columns of dtype {self.dtype_include!r}"


def make_preprocessor(numeric="standard"):
    """Scale numeric columns and one-hot encode categorical ones.

    ``category``, ``object``, ``string`` and ``bool`` columns of a DataFrame are
    one-hot encoded (unknown categories at predict time are ignored); numbers
    (any numeric dtype) are scaled. A plain array is all numeric.

    Missing values are taken in: a missing category (NaN, None or the
    ``pd.NA`` of pandas' nullable dtypes) is a category of its own, and a
    missing number becomes 0 after scaling (the column's centre), with
    an indicator column for each numeric column that had missing values when
    fitted, so that the network can learn what missingness says (Josse et
    al., "On the consistency of supervised learning with missing values",
    2019, on when such simple imputation suffices for prediction). A column
    of any other dtype (a datetime, say) raises an error at ``fit`` rather
    than being dropped without a word.

    Parameters
    ----------
    numeric : {"standard", "quantile", "power", "auto"}, default="standard"
        ``"standard"``: standardised (zero mean, unit variance).
        ``"quantile"``: mapped through their empirical quantiles (at most 200,
        one per row on smaller data) to a standard normal, which keeps a
        heavy-tailed or spiky column (mostly zeros and a few large values)
        from being squeezed into a sliver of the inputs' range; a common
        default for networks on tables (Gorishniy et al., "Revisiting Deep
        Learning Models for Tabular Data", NeurIPS 2021).
        ``"power"``: a Yeo-Johnson transform per column, its exponent fitted
        by maximum likelihood, then standardised: milder than ``"quantile"``,
        it leaves a column that is already near normal almost as it is
        (Yeo and Johnson, Biometrika 2000).
        ``"auto"``: ``"quantile"`` for each column whose sample skewness
        exceeds 1 in absolute value (the usual rule of thumb for "highly
        skewed", Bulmer, *Principles of Statistics*, 1979), ``"standard"``
        for the others, whose shape needs no mending and whose few hundred
        estimated quantiles would only add noise on a small table; tabular
        AutoML systems split their networks' inputs the same way (Erickson
        et al., "AutoGluon-Tabular", 2020).

    Returns
    -------
    preprocessor : ColumnTransformer
        Unfitted; its transformers are ``"numeric"`` (a ``"scale"`` then
        ``"impute"`` Pipeline) and ``"categorical"`` (``"missing_as_nan"``
        then ``"onehot"``).

    Examples
    --------
    >>> import pandas as pd
    >>> from skimb import make_preprocessor
    >>> frame = pd.DataFrame({"size": [1.0, 2.0, 3.0], "colour": ["r", "g", "r"]})
    >>> make_preprocessor().fit_transform(frame).shape
    (3, 3)
    """
    if numeric not in NUMERIC_SCALINGS:
        raise ValueError(
            f"numeric must be one of {list(NUMERIC_SCALINGS)}; got {numeric!r}."
        )
    scalers = {
        "standard": StandardScaler,
        "quantile": _quantile_normalizer,
        "power": lambda: PowerTransformer(method="yeo-johnson"),
        "auto": _SkewAwareScaler,
    }
    numeric_steps = Pipeline(
        [
            ("scale", scalers[numeric]()),
            # after scaling, 0 is the column's centre; the indicator keeps
            # "was missing" as a signal of its own
            ("impute", _missing_to_centre()),
        ]
    )
    return ColumnTransformer(
        [
            (
                "numeric",
                numeric_steps,
                # pandas counts a timedelta as a number; no scaler takes one
                _ColumnsByDtype("number", numeric=True, dtype_exclude="timedelta"),
            ),
            (
                "categorical",
                Pipeline(
                    [
                        ("missing_as_nan", _missing_as_nan()),
                        (
                            "onehot",
                            OneHotEncoder(handle_unknown="ignore", sparse_output=False),
                        ),
                    ]
                ),
                _ColumnsByDtype(_CATEGORICAL_DTYPES, numeric=False),
            ),
        ],
        remainder=_RejectColumns(),
    )


def make_imbalanced_pipeline(
    *, objective="f2", cv=5, refit="folds", random_state=None, **net_params
):
    """skimb's recommended model for a table with a rare class, unfitted.

    ``ThresholdOptimizer(Pipeline([("preprocess", ...), ("net", ...)]))``:
    highly skewed numeric columns quantile-normalised, the other numeric
    columns standardised and categorical ones one-hot encoded
    (``make_preprocessor("auto")``), a
    :class:`~skimb.neural.NetClassifier` (balanced class weights, early
    stopping on validation average precision; ``lr``, ``max_epochs``,
    ``patience`` and ``monitor_window`` from ``skimb.PIPELINE_NET_DEFAULTS``),
    and the decision threshold tuned for ``objective`` on out-of-fold
    predictions, used only where it gains on held-out folds
    (``prefer_default="cv"``: balanced class weights already put the
    network's own 0.5 threshold near the balanced operating point, and with
    few positives a tuned threshold often loses out of sample). For an F-beta
    objective, a class more common than ``1 / (1 + beta**2)`` of the rows (a
    fifth for F2) has its kept 0.5 moved down to the plug-in threshold
    (``f_beta_bound="balanced"``): balanced weights put 0.5 at a posterior
    equal to the class's share, above every F-beta-optimal threshold. Set
    ``f_beta_bound`` to ``"calibrated"`` or ``False`` if you change the
    networks' ``class_weight``.

    The threshold search's ``cv`` folds do double duty: each fold's network
    trains on all of the fold's training rows and stops early on the fold's
    held-out rows (``fold_validation=True``), whose predictions then choose the
    threshold; the final model averages the ``cv`` fold networks
    (``refit="folds"``). Averaging several networks ranks more steadily than
    one, and no network is trained twice. Every part is visible and settable
    with ``set_params`` (``estimator__net__lr``, ``objective``...).

    Parameters
    ----------
    objective : str or callable, default="f2"
        The ThresholdOptimizer's objective.
    cv : int, default=5
        Folds of the threshold search, and networks in the final average.
        The tuned threshold is used where its mean gain over 0.5 on the
        held-out folds exceeds that mean's standard error.
    refit : "folds" or True, default="folds"
        ``"folds"``: the final model is the average of the fold networks;
        ``True``: one network refit on all the data (with its own validation
        split for early stopping).
    random_state : int or None, default=None
        Seeds the folds and the networks (fold ``i``'s network gets
        ``random_state + i``).
    **net_params : dict
        Parameters of the NetClassifier (e.g. ``max_epochs=50``); they take
        precedence over ``skimb.PIPELINE_NET_DEFAULTS``.

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
    net = NetClassifier(
        random_state=random_state, **{**PIPELINE_NET_DEFAULTS, **net_params}
    )
    pipeline = Pipeline(
        [("preprocess", make_preprocessor(_PIPELINE_NUMERIC)), ("net", net)]
    )
    return ThresholdOptimizer(
        pipeline,
        objective=objective,
        cv=cv,
        refit=refit,
        fold_validation=True,
        prefer_default="cv",
        # the nets' balanced class weights put their 0.5 at the class's share
        f_beta_bound="balanced",
        random_state=random_state,
    )
