"""make_imbalanced_pipeline: skimb's parts as one estimator."""

import numbers
import warnings

import numpy as np
from sklearn.base import BaseEstimator, OneToOneFeatureMixin, TransformerMixin
from sklearn.compose import ColumnTransformer, make_column_selector
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import (
    FunctionTransformer,
    OneHotEncoder,
    PowerTransformer,
    QuantileTransformer,
    StandardScaler,
)
from sklearn.utils.validation import check_is_fitted, validate_data

from ._split import SizeAwareCV
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
#: Batch normalisation keeps training steady at the larger step (see
#: :class:`~skimb.neural.MLP` for its figures); it regularises by itself, and
#: dropout before a batch-normalised layer would make the layer's variance
#: differ between training and prediction (Li et al., "Understanding the
#: Disharmony between Dropout and Batch Normalization by Variance Shift",
#: CVPR 2019), so the nets have none. Each is one network: the ensemble is
#: the folds' (a network of NetClassifier's own ``n_networks="auto"`` would
#: be a second ensemble inside it).
PIPELINE_NET_DEFAULTS = {
    "lr": 3e-3,
    "max_epochs": 60,
    "patience": 15,
    "monitor_window": 5,
    "batch_norm": True,
    "dropout": 0.0,
    "n_networks": 1,
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

    The moments are summed over blocks of rows and the output is written
    block by block in ``dtype``: besides that output, fitting and
    transforming hold one block of temporaries, whatever the number of rows.
    """

    def __init__(self, max_abs_skew=1.0, dtype=np.float64):
        self.max_abs_skew = max_abs_skew
        self.dtype = dtype

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
        X = _float_table(self, X, reset=True)
        self.mean_, std, skewness = _column_moments(X)
        constant = _is_constant(std**2, self.mean_, len(X))
        # a constant column has no skewness; it is treated as unskewed
        self.skewed_ = ~constant & (np.abs(np.nan_to_num(skewness)) > self.max_abs_skew)
        # a constant column is centred, not divided by its rounding noise
        self.scale_ = np.where(constant, 1.0, std)
        # quantiles are estimated only where they are used
        self.quantile_ = (
            _quantile_normalizer().fit(X[:, self.skewed_])
            if self.skewed_.any()
            else None
        )
        return self

    def transform(self, X):
        check_is_fitted(self, "skewed_")
        X = _float_table(self, X, reset=False)
        scaled = np.empty(X.shape, dtype=self.dtype)
        for rows in _row_blocks(len(X)):
            block = X[rows]
            scaled[rows] = (block - self.mean_) / self.scale_
            if self.quantile_ is not None:
                scaled[rows, self.skewed_] = self.quantile_.transform(
                    block[:, self.skewed_]
                )
        return scaled


def _float_table(estimator, X, *, reset):
    """``X`` checked as a float64 or float32 array (kept as it is), NaN allowed."""
    return validate_data(
        estimator,
        X,
        dtype=(np.float64, np.float32),
        ensure_all_finite="allow-nan",
        reset=reset,
    )


#: rows per block of the chunked column statistics and transforms
_BLOCK_ROWS = 65_536


def _row_blocks(n_rows):
    return [slice(a, a + _BLOCK_ROWS) for a in range(0, n_rows, _BLOCK_ROWS)]


def _is_constant(variance, mean, n_rows):
    """Columns whose variance is within the rounding error of computing it.

    A constant column's computed variance is rounding noise, up to about
    ``n eps var + (n eps mean)**2`` (the error bound of the two-pass
    algorithm, Chan, Golub and LeVeque, "Algorithms for computing the sample
    variance", The American Statistician, 1983); dividing by its root would
    blow that noise up.
    """
    eps = np.finfo(np.float64).eps
    bound = n_rows * eps * variance + (n_rows * np.abs(mean) * eps) ** 2
    return np.nan_to_num(variance) <= bound


def _column_moments(X):
    """Each column's mean, standard deviation and skewness, NaN left out.

    Population moments, as ``StandardScaler`` and ``scipy.stats.skew`` (its
    default ``bias=True``) compute them; summed block by block.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        count = np.zeros(X.shape[1])
        total = np.zeros(X.shape[1])
        for rows in _row_blocks(len(X)):
            block = X[rows]
            count += np.sum(~np.isnan(block), axis=0)
            total += np.nansum(block, axis=0, dtype=np.float64)
        mean = total / count
        m2 = np.zeros(X.shape[1])
        m3 = np.zeros(X.shape[1])
        for rows in _row_blocks(len(X)):
            deviation = X[rows] - mean
            m2 += np.nansum(deviation**2, axis=0)
            m3 += np.nansum(deviation**3, axis=0)
        variance = m2 / count
        skewness = (m3 / count) / variance**1.5
    return mean, np.sqrt(variance), skewness


_CATEGORICAL_DTYPES = ["category", "object", "string", "bool"]


class _MissingToCentre(TransformerMixin, BaseEstimator):
    """Missing values of a scaled column become 0, with an indicator column.

    A constant plus the missingness mask leaves a flexible learner free to use
    what missingness itself says (Josse et al., "On the consistency of
    supervised learning with missing values", 2019, on when such simple
    imputation suffices for prediction). Columns without missing values when
    fitted get no indicator, and a table without any is returned as it is.

    It works a block of rows at a time: no mask of the whole table is held.
    With ``copy=False`` it fills the missing values in place, and no copy is
    made unless indicator columns are appended.

    Parameters
    ----------
    copy : bool, default=True
        Work on a copy of ``X``; ``False`` changes ``X`` itself.
    """

    def __init__(self, copy=True):
        self.copy = copy

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        return tags

    def fit(self, X, y=None):
        X = _float_table(self, X, reset=True)
        missing = np.zeros(X.shape[1], dtype=bool)
        for rows in _row_blocks(len(X)):
            missing |= np.isnan(X[rows]).any(axis=0)
        self.indicated_ = np.flatnonzero(missing)
        return self

    def transform(self, X):
        check_is_fitted(self, "indicated_")
        X = _float_table(self, X, reset=False)
        if self.copy or not X.flags.writeable:
            X = X.copy()
        indicators = np.zeros((len(X), len(self.indicated_)), dtype=X.dtype)
        for rows in _row_blocks(len(X)):
            block = X[rows]
            missing = np.isnan(block)
            block[missing] = 0.0
            indicators[rows] = missing[:, self.indicated_]
        if not len(self.indicated_):
            return X
        return np.hstack([X, indicators])

    def get_feature_names_out(self, input_features=None):
        if input_features is not None:
            names = np.asarray(input_features, dtype=object)
        elif hasattr(self, "feature_names_in_"):
            names = self.feature_names_in_
        else:
            names = np.asarray([f"x{i}" for i in range(self.n_features_in_)], object)
        return np.concatenate(
            [names, [f"missingindicator_{name}" for name in names[self.indicated_]]]
        ).astype(object)


def _missing_to_centre():
    # in place: in make_preprocessor its input is always the scaler's new array
    return _MissingToCentre(copy=False)


def _nan_for_every_missing_marker(X):
    """Object columns whose missing values, ``pd.NA`` and ``None`` alike, are NaN.

    OneHotEncoder takes NaN (and None) as a category, but refuses ``pd.NA``,
    the missing value of pandas' nullable ``string`` and ``boolean`` dtypes.
    """
    X = X.astype(object)
    return X.where(X.notna(), np.nan)


def _cast(X, dtype):
    return np.asarray(X, dtype=dtype)


def _cast_to(dtype):
    return FunctionTransformer(
        _cast, kw_args={"dtype": dtype}, feature_names_out="one-to-one"
    )


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
        # a slice selects a view: no copy of a large array's columns
        return slice(0, X.shape[1]) if self.numeric else []

    def __repr__(self):
        return f"columns of dtype {self.dtype_include!r}"


def make_preprocessor(numeric="standard", *, dtype=np.float64):
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
    dtype : numpy float dtype, default=np.float64
        The output's dtype. Columns are scaled in float64 either way;
        ``np.float32`` (what a network computes in) halves the output's
        memory, and with ``numeric="auto"`` the scaled columns are written
        straight into it, one block of rows at a time.

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
        "auto": lambda: _SkewAwareScaler(dtype=dtype),
    }
    steps = [("scale", scalers[numeric]())]
    if numeric != "auto" and np.dtype(dtype) != np.float64:
        steps.append(("cast", _cast_to(dtype)))
    # after scaling, 0 is the column's centre; the indicator keeps "was
    # missing" as a signal of its own
    numeric_steps = Pipeline([*steps, ("impute", _missing_to_centre())])
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
                            OneHotEncoder(
                                handle_unknown="ignore",
                                sparse_output=False,
                                dtype=dtype,
                            ),
                        ),
                    ]
                ),
                _ColumnsByDtype(_CATEGORICAL_DTYPES, numeric=False),
            ),
        ],
        remainder=_RejectColumns(),
    )


def make_imbalanced_pipeline(
    *, objective="f2", cv="auto", refit="folds", random_state=None, **net_params
):
    """skimb's recommended model for a table with a rare class, unfitted.

    ``ThresholdOptimizer(Pipeline([("preprocess", ...), ("net", ...)]))``:
    highly skewed numeric columns quantile-normalised, the other numeric
    columns standardised and categorical ones one-hot encoded
    (``make_preprocessor("auto")``), a
    :class:`~skimb.neural.NetClassifier` (an MLP with batch normalisation,
    balanced class weights, early stopping on validation average precision;
    ``lr``, ``max_epochs``, ``patience``, ``monitor_window``, ``batch_norm``,
    ``dropout`` and ``n_networks`` from ``skimb.PIPELINE_NET_DEFAULTS``),
    and the decision threshold tuned for ``objective`` on out-of-fold
    predictions, used only where it gains on held-out folds
    (``prefer_default="cv"``: balanced class weights already put the
    network's own 0.5 threshold near the balanced operating point, and with
    few positives a tuned threshold often loses out of sample). For an F-beta
    objective, a class more common than ``1 / (1 + beta**2)`` of the rows (a
    fifth for F2) has its kept 0.5 moved down to the plug-in threshold
    (``f_beta_bound="balanced"``): balanced weights put 0.5 at a posterior
    equal to the class's share, above every F-beta-optimal threshold. A tuned
    threshold whose calibrated posterior is above that bound moves down the
    same way. Set ``f_beta_bound`` to ``"calibrated"`` or ``False`` if you
    change the networks' ``class_weight``.

    The threshold search's ``cv`` folds do double duty: each fold's network
    trains on all of the fold's training rows and stops early on the fold's
    held-out rows (``fold_validation=True``), whose predictions then choose the
    threshold; the final model averages the ``cv`` fold networks
    (``refit="folds"``). Averaging several networks ranks more steadily than
    one, and no network is trained twice.

    On large data, one split does what the folds do on small data: once the
    rarest class has 5,000 rows or more, ``cv="auto"``
    (:class:`~skimb.SizeAwareCV`) holds out 1,000 of them with their share of
    the other rows (a tenth of a million rows with 1 % positives) and trains
    one network on the rest. A threshold chosen on 1,000 rare rows is about
    as steady as one chosen on five folds of a smaller table, and the four
    other networks would multiply the time of a fit whose single network has
    hundreds of thousands of rows to learn from. With one split the tuned
    threshold is judged by the bootstrap rule (``"1se"``), there being no
    other folds to choose it on. An int ``cv`` always makes that many folds.

    Every part is visible and settable with ``set_params``
    (``estimator__net__lr``, ``objective``...).

    Parameters
    ----------
    objective : str or callable, default="f2"
        The ThresholdOptimizer's objective. Its parameters are set on the
        returned ThresholdOptimizer, e.g.
        ``make_imbalanced_pipeline(objective="recall_at_precision")
        .set_params(min_precision=0.5)``.
    cv : "auto", int or splitter, default="auto"
        Folds of the threshold search, and networks in the final average.
        The tuned threshold is used where its mean gain over 0.5 on the
        held-out folds exceeds that mean's standard error. ``"auto"``: five
        stratified folds, or one held-out split once the rarest class has
        5,000 rows (``SizeAwareCV(5, random_state=random_state)``).
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
    # float32 is what the network computes in: the preprocessor writes it once
    preprocess = make_preprocessor(_PIPELINE_NUMERIC, dtype=np.float32)
    pipeline = Pipeline([("preprocess", preprocess), ("net", net)])
    if isinstance(cv, str) and cv == "auto":
        cv = SizeAwareCV(5, random_state=random_state)
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
