"""OptunaSearchCV: a scikit-learn search driven by an Optuna study."""

import numbers
import time
import warnings

import numpy as np
import optuna
from joblib import Parallel, delayed, effective_n_jobs
from optuna.distributions import (
    BaseDistribution,
    CategoricalDistribution,
    FloatDistribution,
    IntDistribution,
)
from optuna.study import MaxTrialsCallback
from optuna.trial import FixedTrial, TrialState
from sklearn.base import BaseEstimator, MetaEstimatorMixin, clone, is_classifier
from sklearn.model_selection import StratifiedKFold, check_cv
from sklearn.utils import _safe_indexing, get_tags
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted, validate_data
from sklearn_compat.base import _fit_context

from .._delegation import delegated_if
from ..decision._oof import (
    RoutesFitToEstimator,
    check_meta_fit_input,
    inner_fit_params,
    rows_of,
)
from ..metrics import get_scorer
from ..weights import check_sample_weight
from ._pruning import add_epoch_pruning
from ._sampler import TrialSeededSampler
from ._storage import SharedStorage, retry_races

__all__ = ["OptunaSearchCV"]

_FOLD_STEP = 100_000  # room for the epoch reports of one outer fold
_FINISHED = (TrialState.COMPLETE, TrialState.PRUNED)
_MISSING = object()


def _suggest(trial, name, distribution):
    numeric = {
        FloatDistribution: trial.suggest_float,
        IntDistribution: trial.suggest_int,
    }.get(type(distribution))
    if numeric is not None:
        low, high = distribution.low, distribution.high
        return numeric(name, low, high, log=distribution.log, step=distribution.step)
    if isinstance(distribution, CategoricalDistribution):
        return trial.suggest_categorical(name, distribution.choices)
    raise ValueError(
        f"The space entry {name!r} must be an Optuna distribution "
        f"(FloatDistribution, IntDistribution, CategoricalDistribution); got "
        f"{type(distribution).__name__}."
    )


def _int_seed(random_state):
    """An int seed from an int or a RandomState (drawn from it)."""
    if isinstance(random_state, numbers.Integral):
        return int(random_state)
    return int(random_state.randint(np.iinfo(np.int32).max))


class OptunaSearchCV(RoutesFitToEstimator, MetaEstimatorMixin, BaseEstimator):
    """Search an estimator's parameters with Optuna, scikit-learn style.

    Every trial draws parameters from ``space``, cross-validates a clone of
    the estimator with them (stratified folds), records every metric of
    ``scoring``, and reports the running mean of the ``refit`` metric after
    each fold (and, for NetClassifier steps, the validation score after each
    epoch) so that the pruner can stop hopeless trials early.

    Parameters
    ----------
    estimator : estimator
        Any estimator or pipeline.
    space : dict or callable
        Either ``{param_name: optuna distribution}`` over ``set_params`` names,
        or a callable ``space(trial) -> dict of params`` for conditional spaces
        (choose a sampler, then that sampler's parameters). See
        :func:`skimb.tuning.imbalance_space`.
    n_trials : int or None, default=20
        Trials this ``fit`` runs (added to those already in a loaded study).
        None: no bound of its own, with ``total_trials`` or ``timeout`` to
        stop it.
    scoring : str, callable, list or dict, default="f2"
        Metric names from :mod:`skimb.metrics` (or scikit-learn), scorer
        callables, or several of them.
    refit : bool or str, default=True
        The metric the study optimises (needed when several are given) and,
        unless False, the best parameters are refit on all the data.
    cv : int or splitter, default=5
        An int gives stratified folds shuffled with ``random_state``.
    pruner : optuna pruner, "median" or None, default="median"
        ``"median"``: ``MedianPruner(n_startup_trials=5, n_warmup_steps=5)``.
    sampler : optuna sampler, default=None
        Default: Optuna's TPE; with ``random_state``, a
        :class:`TrialSeededSampler`, whose draws for a trial are seeded by
        ``random_state`` and the trial's number, so that a resumed study or
        the workers sharing one propose new parameters, reproducibly. A
        sampler given here is used as it is: one seeded once proposes the
        same parameters in every worker.
    storage : str or optuna storage, default=None
        ``None`` keeps the study in memory. A URL persists it:
        ``"sqlite:///study.db"`` in a file (one machine), or an RDB URL such as
        ``"postgresql+psycopg2://user:pw@host/db"`` so that processes on several
        machines work on one study (same ``study_name``,
        ``load_if_exists=True``); an ``optuna.storages.JournalStorage`` on a
        shared file works too. Workers may start together on a fresh database:
        creating its tables and the study is retried when they race.
    study_name : str, default=None
        Name of the study in ``storage``.
    load_if_exists : bool, default=False
        Continue an existing study of that name (resume after a crash, or join
        other workers). Its finished trials must come from a search like this
        one (the same metrics, refit metric, number of folds and parameters):
        a ValueError says which trial differs, before any trial runs, rather
        than rank scores of two kinds together.
    n_jobs : int, default=1
        Worker processes running trials in parallel, through joblib:
        ``n_trials`` is shared among them and each reports to the study's
        storage (a temporary journal file when ``storage`` is None). Processes
        rather than threads, since torch and the GIL keep threads from using
        the cores. Under ``joblib.parallel_backend("dask")`` (or ``"ray"``)
        the workers run on the cluster; machines of a cluster need a storage
        they all reach (an RDB URL).
    timeout : float, default=None
        Stop starting trials after this many seconds.
    total_trials : int or None, default=None
        Stop once the study as a whole holds this many finished trials
        (complete or pruned), whichever worker ran them (Optuna's
        ``MaxTrialsCallback``): N machines running the same script stop
        together at the total. Workers running at once may overshoot it by a
        trial each.
    heartbeat_interval : int or None, default=60
        With an RDB URL: seconds between the heartbeats of a running trial. A
        trial whose worker died (no heartbeat for ``grace_period``) is marked
        failed by the next trial started on the study and queued once more
        (not one killed before its first heartbeat, which Optuna sends once
        the sampler has prepared the trial). None: no heartbeat.
    grace_period : int or None, default=None
        Seconds without a heartbeat after which a trial counts as dead;
        Optuna's default (twice ``heartbeat_interval``) when None.
    random_state : int or None, default=None
        Seeds the default sampler and shuffles the folds.
    show_progress_bar : bool, default=False
        Optuna's progress bar, for trials run in this process (not with
        ``n_jobs`` above one).
    initial_trials : list of dict, default=None
        Optuna parameter values (trial parameter names, e.g.
        ``imbalance_space(...).defaults``) tried first, before the sampler
        proposes its own: seeding the study with the current configuration
        means the search can only improve on it in cross-validation. A
        parameter left out is drawn by the sampler; with a dict ``space``, one
        that the space does not draw is an error (Optuna would ignore it).
    prefer_initial : "1se" or None, default="1se"
        With ``initial_trials``: keep the first of them (the current
        configuration) unless the best trial beats it by more than one
        standard error, measured on the per-fold differences of the ``refit``
        metric between the two (both trials see the same folds). The best of
        many noisy trials is optimistic (the winner's curse): with few rare
        rows its cross-validated lead is often fold noise that does not carry
        over to new data. ``None``: the best mean always wins.

    Attributes
    ----------
    study_ : optuna.Study
        The study (all its trials, including other workers').
    best_params_ : dict
        The ``set_params`` parameters of the best trial.
    best_score_ : float
        Its mean cross-validated ``refit`` metric.
    best_trial_ : optuna.trial.FrozenTrial
        The trial whose parameters were chosen: the best one, or the first
        initial trial kept by ``prefer_initial``.
    improvement_, improvement_se_ : float
        With ``prefer_initial="1se"``, a completed first initial trial and at
        least two folds: the mean per-fold gain of the best trial over it and
        that gain's standard error (NaN otherwise).
    best_estimator_ : estimator
        Refit on all the data with ``best_params_`` (unless ``refit=False``).
    cv_results_ : dict of arrays
        Per finished trial: ``params``, ``state``, and for every metric
        ``mean_test_<m>``, ``std_test_<m>``, ``split<i>_test_<m>`` and
        ``rank_test_<m>``.
    n_trials_pruned_ : int
        Pruned trials in the study.
    n_trials_failed_ : int
        Trials whose fit raised a ValueError or RuntimeError (a warning says
        how many, with the first error); they are left out of the results.
    refit_time_ : float
        Seconds of the final refit.

    Examples
    --------
    >>> from optuna.distributions import FloatDistribution
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from skimb.tuning import OptunaSearchCV
    >>> X, y = make_classification(200, weights=[0.8], random_state=0)
    >>> search = OptunaSearchCV(
    ...     LogisticRegression(), {"C": FloatDistribution(1e-3, 1e2, log=True)},
    ...     n_trials=5, cv=3, random_state=0).fit(X, y)
    >>> sorted(search.best_params_)
    ['C']
    """

    _parameter_constraints = {
        "estimator": [HasMethods(["fit"])],
        "space": [dict, callable],
        "n_trials": [Interval(numbers.Integral, 0, None, closed="left"), None],
        "scoring": [str, callable, list, tuple, dict],
        "refit": ["boolean", str],
        "cv": ["cv_object"],
        "pruner": [StrOptions({"median"}), HasMethods(["prune"]), None],
        "sampler": [HasMethods(["sample_independent"]), None],
        "storage": [str, HasMethods(["create_new_study"]), None],
        "study_name": [str, None],
        "load_if_exists": ["boolean"],
        "n_jobs": [numbers.Integral],
        "timeout": [Interval(numbers.Real, 0, None, closed="neither"), None],
        "total_trials": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "heartbeat_interval": [
            Interval(numbers.Integral, 1, None, closed="left"),
            None,
        ],
        "grace_period": [Interval(numbers.Integral, 1, None, closed="left"), None],
        "random_state": ["random_state"],
        "show_progress_bar": ["boolean"],
        "initial_trials": [list, None],
        "prefer_initial": [StrOptions({"1se"}), None],
    }

    def __init__(
        self,
        estimator,
        space,
        *,
        n_trials=20,
        scoring="f2",
        refit=True,
        cv=5,
        pruner="median",
        sampler=None,
        storage=None,
        study_name=None,
        load_if_exists=False,
        n_jobs=1,
        timeout=None,
        total_trials=None,
        heartbeat_interval=60,
        grace_period=None,
        random_state=None,
        show_progress_bar=False,
        initial_trials=None,
        prefer_initial="1se",
    ):
        self.estimator = estimator
        self.space = space
        self.n_trials = n_trials
        self.scoring = scoring
        self.refit = refit
        self.cv = cv
        self.pruner = pruner
        self.sampler = sampler
        self.storage = storage
        self.study_name = study_name
        self.load_if_exists = load_if_exists
        self.n_jobs = n_jobs
        self.timeout = timeout
        self.total_trials = total_trials
        self.heartbeat_interval = heartbeat_interval
        self.grace_period = grace_period
        self.random_state = random_state
        self.show_progress_bar = show_progress_bar
        self.initial_trials = initial_trials
        self.prefer_initial = prefer_initial

    # ------------------------------------------------------------------
    def _scorers(self):
        scoring = self.scoring
        if isinstance(scoring, str) or callable(scoring):
            name = scoring if isinstance(scoring, str) else "score"
            return {name: get_scorer(scoring)}
        if isinstance(scoring, dict):
            return {name: get_scorer(s) for name, s in scoring.items()}
        return {name: get_scorer(name) for name in scoring}

    def _refit_metric(self, scorers):
        if isinstance(self.refit, str):
            if self.refit not in scorers:
                raise ValueError(
                    f"refit={self.refit!r} names a metric that is not computed; "
                    f"scoring gives {sorted(scorers)}."
                )
            return self.refit
        if len(scorers) > 1:
            raise ValueError(
                "With several metrics, refit must name the one to optimise; "
                f"choose one of {sorted(scorers)}."
            )
        return next(iter(scorers))

    def _params_for(self, trial):
        if callable(self.space):
            params = self.space(trial)
        else:
            params = {
                name: _suggest(trial, name, dist) for name, dist in self.space.items()
            }
        self._check_param_names(params)
        return params

    def _check_param_names(self, params):
        known = self.estimator.get_params(deep=True)
        unknown = [name for name in params if name not in known]
        if unknown:
            raise ValueError(
                f"The space names parameters that {type(self.estimator).__name__} "
                f"lacks: {unknown}. Its parameters are: {sorted(known)}."
            )

    def _check_space(self):
        if callable(self.space):
            return
        if not isinstance(self.space, dict) or not self.space:
            raise ValueError(
                "space must be a non-empty dict of Optuna distributions or a "
                f"callable space(trial) -> dict; got {self.space!r}."
            )
        for name, dist in self.space.items():
            if not isinstance(dist, BaseDistribution):
                raise ValueError(
                    f"The space entry {name!r} must be an Optuna distribution; got "
                    f"{type(dist).__name__}."
                )
        self._check_param_names(self.space)

    def _splitter(self):
        if isinstance(self.cv, numbers.Integral):
            return StratifiedKFold(
                self.cv, shuffle=True, random_state=self.random_state
            )
        return check_cv(self.cv, classifier=is_classifier(self.estimator))

    def _sampler_and_pruner(self):
        pruner = self.pruner
        if pruner == "median":
            pruner = optuna.pruners.MedianPruner(n_startup_trials=5, n_warmup_steps=5)
        elif pruner is None:
            pruner = optuna.pruners.NopPruner()
        sampler = self.sampler
        if sampler is None and self.random_state is None:
            sampler = optuna.samplers.TPESampler()
        elif sampler is None:
            sampler = TrialSeededSampler(_int_seed(self.random_state))
        return sampler, pruner

    def _make_study(self, storage):
        sampler, pruner = self._sampler_and_pruner()
        return retry_races(
            lambda: optuna.create_study(
                storage=storage,
                study_name=self.study_name,
                load_if_exists=self.load_if_exists,
                direction="maximize",
                sampler=sampler,
                pruner=pruner,
            )
        )

    def _check_initial_trials(self):
        """Each initial trial names only parameters that a dict space draws.

        Optuna ignores a name the space does not draw, so a misspelt one would
        leave the "initial" configuration to the sampler, unnoticed.
        """
        if callable(self.space):
            return
        for i, params in enumerate(self.initial_trials or []):
            if not isinstance(params, dict):
                raise ValueError(
                    f"initial_trials[{i}] must be a dict of trial parameters; got "
                    f"{type(params).__name__}."
                )
            unknown = sorted(set(params) - set(self.space))
            if unknown:
                raise ValueError(
                    f"initial_trials[{i}] names parameters that the space does not "
                    f"draw: {unknown}; it draws {sorted(self.space)}."
                )

    def _check_study(self, study, scorers, refit_metric, n_splits):
        """The study's finished trials were run by a search like this one.

        A loaded study (``load_if_exists``) whose trials were scored, split or
        drawn otherwise would mix incomparable scores in one ranking.
        """
        for trial in study.get_trials(deepcopy=False, states=_FINISHED):
            if "metrics" in trial.user_attrs:
                self._trial_params(trial, scorers, refit_metric, n_splits, study)

    def _trial_params(self, trial, scorers, refit_metric, n_splits, study):
        """The ``set_params`` parameters of a finished ``trial`` of ``study``."""
        problem = _scoring_mismatch(trial, scorers, refit_metric, n_splits)
        params = None
        if problem is None:
            fixed = FixedTrial(trial.params)
            try:
                params = self._params_for(fixed)
            except ValueError as exc:
                problem = (
                    f"trial {trial.number} has parameters {trial.params}, which "
                    f"this space does not draw ({str(exc).rstrip('.')})"
                )
            else:
                undrawn = sorted(set(trial.params) - set(fixed.params))
                if undrawn:
                    problem = (
                        f"trial {trial.number} has parameters {undrawn} that this "
                        "space does not draw"
                    )
        if problem is not None:
            raise ValueError(
                f"The study {study.study_name!r} holds trials of another search: "
                f"{problem}. Resume a study with the scoring, cv and space that "
                "ran it, or give a new study_name."
            )
        return params

    def _check_stopping(self):
        if self.n_trials is None and self.total_trials is None and self.timeout is None:
            raise ValueError(
                "n_trials=None needs total_trials or timeout to stop the search."
            )

    def _worker_shares(self):
        """The trials of each worker process: ``n_trials`` split evenly."""
        workers = effective_n_jobs(self.n_jobs)
        if self.n_trials is None:
            return [None] * workers
        shares = [
            self.n_trials // workers + (i < self.n_trials % workers)
            for i in range(workers)
        ]
        return [share for share in shares if share > 0] or [0]

    # ------------------------------------------------------------------
    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Run ``n_trials`` trials, then refit the best parameters.

        Parameters
        ----------
        X : array-like or DataFrame of shape (n_samples, n_features)
            The rows every trial cross-validates on, passed to the estimator as
            given.
        y : array-like of shape (n_samples,)
            Targets; the folds of an int ``cv`` are stratified on them.
        sample_weight : array-like of shape (n_samples,), default=None
            Row weights: each fold's fit gets its training rows' weights (as
            ``sample_weight``, a pipeline's last step's, without metadata
            routing; where the estimator requests them, with routing), and
            its scores weigh its held-out rows.
        **fit_params : dict
            Passed to every fit of the estimator, in the trials and in the
            refit; per-row arrays are cut to each fold's rows.

        Returns
        -------
        self : OptunaSearchCV
            The fitted search.
        """
        scorers = self._scorers()
        refit_metric = self._refit_metric(scorers)
        self._check_space()
        self._check_initial_trials()
        self._check_stopping()
        if is_classifier(self.estimator):
            X, y, _ = check_meta_fit_input(self, X, y)
        else:
            X, y = validate_data(
                self, X, y, dtype=None, ensure_all_finite=False, accept_sparse="csr"
            )
        sample_weight = check_sample_weight(sample_weight, len(y))
        fit_params = inner_fit_params(self, sample_weight, fit_params)
        splits = list(self._splitter().split(np.zeros(len(y)), y))
        objective = _Objective(
            clone(self), X, y, splits, scorers, refit_metric, fit_params, sample_weight
        )
        shares = self._worker_shares()
        shared = SharedStorage(self.storage, self.heartbeat_interval, self.grace_period)
        if len(shares) > 1:
            shared = shared.for_processes()
        verbosity = optuna.logging.get_verbosity()
        optuna.logging.set_verbosity(optuna.logging.ERROR)
        try:
            storage = shared.open()
            study = self._make_study(storage)
            self._check_study(study, scorers, refit_metric, len(splits))
            for params in self.initial_trials or []:
                study.enqueue_trial(params, skip_if_exists=True)
            if len(shares) > 1:
                errors = self._run_in_processes(objective, shared, study, shares)
            else:
                errors = run_trials(
                    study,
                    objective,
                    shares[0],
                    self.timeout,
                    self.total_trials,
                    self.show_progress_bar,
                )
            self.study_ = _in_memory(study, storage) if shared.folder else study
        finally:
            optuna.logging.set_verbosity(verbosity)
            shared.remove()
        self._collect_results(scorers, refit_metric, len(splits), errors)
        if self.refit is not False:
            start = time.perf_counter()
            model = clone(self.estimator).set_params(**self.best_params_)
            self.best_estimator_ = model.fit(X, y, **fit_params)
            self.refit_time_ = time.perf_counter() - start
        return self

    def _collect_results(self, scorers, refit_metric, n_splits, errors):
        finished = [
            t
            for t in self.study_.trials
            if t.state in _FINISHED and "metrics" in t.user_attrs
        ]
        # other workers may have joined the study with another search meanwhile
        params = {
            t.number: self._trial_params(
                t, scorers, refit_metric, n_splits, self.study_
            )
            for t in finished
        }
        complete = [t for t in finished if t.state == TrialState.COMPLETE]
        if not complete:
            if errors:
                # every trial failed: the estimator's own error says why
                raise errors[0]
            if not finished:
                raise ValueError(
                    "The study holds no completed trial to choose from: run some "
                    "(n_trials >= 1), or load a study that has them."
                )
            raise ValueError("No trial completed: every trial was pruned.")
        best = max(complete, key=lambda t: t.value)
        best = self._apply_one_se_rule(best, complete, refit_metric)
        self.best_trial_ = best
        self.best_score_ = float(best.value)
        self.best_params_ = params[best.number]
        self.n_trials_pruned_ = sum(
            t.state == TrialState.PRUNED for t in self.study_.trials
        )
        self.n_trials_failed_ = sum(
            t.state == TrialState.FAIL for t in self.study_.trials
        )
        if errors:
            warnings.warn(
                f"{len(errors)} of {len(self.study_.trials)} trials failed and are "
                f"left out of the results; the first error: {errors[0]!r}",
                UserWarning,
                stacklevel=3,
            )
        results = {
            "params": [params[t.number] for t in finished],
            "state": np.array([t.state.name for t in finished]),
            "number": np.array([t.number for t in finished]),
        }
        for name in scorers:
            splits = np.full((len(finished), n_splits), np.nan)
            for row, trial in enumerate(finished):
                values = trial.user_attrs["metrics"][name]
                splits[row, : len(values)] = values
            for i in range(n_splits):
                results[f"split{i}_test_{name}"] = splits[:, i]
            with warnings.catch_warnings():
                # a trial pruned before its first fold has no score at all
                warnings.simplefilter("ignore", RuntimeWarning)
                mean = np.nanmean(splits, axis=1)
                std = np.nanstd(splits, axis=1)
            results[f"mean_test_{name}"] = mean
            results[f"std_test_{name}"] = std
            order = np.argsort(-np.nan_to_num(mean, nan=-np.inf), kind="stable")
            ranks = np.empty(len(finished), dtype=int)
            ranks[order] = np.arange(1, len(finished) + 1)
            results[f"rank_test_{name}"] = ranks
        self.cv_results_ = results
        self.refit_metric_ = refit_metric

    def _apply_one_se_rule(self, best, complete, refit_metric):
        """The first initial trial unless ``best`` beats it by more than one SE."""
        self.improvement_ = self.improvement_se_ = float("nan")
        if self.prefer_initial is None or not self.initial_trials:
            return best
        reference = _trial_with_params(complete, self.initial_trials[0])
        n_folds = len(best.user_attrs["metrics"][refit_metric])
        # one fold has no standard error to judge the lead by
        if reference is None or reference is best or n_folds < 2:
            return best
        gains = np.subtract(
            best.user_attrs["metrics"][refit_metric],
            reference.user_attrs["metrics"][refit_metric],
        )
        self.improvement_ = float(np.mean(gains))
        self.improvement_se_ = float(np.std(gains, ddof=1) / np.sqrt(len(gains)))
        return best if self.improvement_ > self.improvement_se_ else reference

    def _run_in_processes(self, objective, shared, study, shares):
        """Run the shares of trials in joblib workers; their errors, joined."""
        errors = Parallel(n_jobs=len(shares))(
            delayed(_run_worker)(
                shared,
                study.study_name,
                study.sampler,
                study.pruner,
                objective,
                share,
                self.timeout,
                self.total_trials,
            )
            for share in shares
        )
        return [error for worker_errors in errors for error in worker_errors]

    # ------------------------------------------------------------------
    def _fitted(self):
        check_is_fitted(self, "best_estimator_")
        return self.best_estimator_

    @delegated_if("predict", "best_estimator_")
    def predict(self, X):
        """The predictions of ``best_estimator_`` for ``X``."""
        return self._fitted().predict(X)

    @delegated_if("predict_proba", "best_estimator_")
    def predict_proba(self, X):
        """Class probabilities of ``best_estimator_``, columns in ``classes_`` order.

        Parameters
        ----------
        X : array-like
            Rows whose class probabilities are wanted.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return self._fitted().predict_proba(X)

    @delegated_if("decision_function", "best_estimator_")
    def decision_function(self, X):
        """``best_estimator_.decision_function(X)``: its scores for the rows ``X``."""
        return self._fitted().decision_function(X)

    def score(self, X, y):
        """The ``refit`` metric of ``best_estimator_`` on ``X, y``.

        Parameters
        ----------
        X : array-like
            Held-out rows.
        y : array-like
            Their labels.

        Returns
        -------
        score : float
            The metric the study optimised; higher is better.
        """
        return self._scorers()[self.refit_metric_](self._fitted(), X, y)

    @property
    def classes_(self):
        """Class labels of the best estimator."""
        return self._fitted().classes_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = get_tags(self.estimator)
        tags.estimator_type = inner.estimator_type
        tags.classifier_tags = inner.classifier_tags
        tags.input_tags = inner.input_tags
        return tags


class _Objective:
    """One trial: cross-validate the drawn parameters, reporting as it goes."""

    def __init__(
        self, search, X, y, splits, scorers, refit_metric, fit_params, sample_weight
    ):
        self.search = search
        self.X, self.y = X, y
        self.splits = splits
        self.scorers = scorers
        self.refit_metric = refit_metric
        self.fit_params = fit_params
        self.sample_weight = sample_weight
        self.errors = []

    def __call__(self, trial):
        try:
            return self._cross_validate(trial)
        except (ValueError, RuntimeError) as exc:
            self.errors.append(exc)
            raise

    def _cross_validate(self, trial):
        params = self.search._params_for(trial)
        metrics = {name: [] for name in self.scorers}
        trial.set_user_attr("refit_metric", self.refit_metric)
        trial.set_user_attr("metrics", metrics)
        for fold, (train, test) in enumerate(self.splits):
            model = clone(self.search.estimator).set_params(**params)
            add_epoch_pruning(model, trial, first_step=fold * _FOLD_STEP)
            model.fit(
                _safe_indexing(self.X, train),
                self.y[train],
                **rows_of(self.fit_params, train, len(self.y)),
            )
            X_test, y_test = _safe_indexing(self.X, test), self.y[test]
            for name, scorer in self.scorers.items():
                weight = {}
                if self.sample_weight is not None:
                    weight = {"sample_weight": self.sample_weight[test]}
                metrics[name].append(float(scorer(model, X_test, y_test, **weight)))
            trial.set_user_attr("metrics", metrics)
            running = float(np.mean(metrics[self.refit_metric]))
            trial.report(running, (fold + 1) * _FOLD_STEP - 1)
            if trial.should_prune():
                raise optuna.TrialPruned(f"pruned after fold {fold + 1}")
        return float(np.mean(metrics[self.refit_metric]))


def _finished_count(study):
    return len(study.get_trials(deepcopy=False, states=_FINISHED))


def run_trials(
    study, objective, n_trials, timeout, total_trials, show_progress_bar=False
):
    """Run trials of ``study`` here; the errors of the trials that failed.

    With ``total_trials``, no more trials than the study still lacks are
    started, and the run stops once it holds that many finished ones.
    """
    callbacks = []
    if total_trials is not None:
        missing = total_trials - _finished_count(study)
        if missing <= 0:
            return []
        n_trials = missing if n_trials is None else min(n_trials, missing)
        callbacks.append(MaxTrialsCallback(total_trials, states=_FINISHED))
    if n_trials == 0:
        return []
    study.optimize(
        objective,
        n_trials=n_trials,
        timeout=timeout,
        catch=(ValueError, RuntimeError),
        callbacks=callbacks,
        show_progress_bar=show_progress_bar,
    )
    return objective.errors


def _run_worker(
    shared, study_name, sampler, pruner, objective, n_trials, timeout, total_trials
):
    """One worker process: open the shared study and run its trials there."""
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    # every worker got a copy of one sampler: as Optuna does for its threads,
    # reseed it so that workers do not propose the same parameters (a no-op
    # for TrialSeededSampler, already seeded per trial)
    sampler.reseed_rng()
    study = retry_races(
        lambda: optuna.load_study(
            study_name=study_name, storage=shared.open(), sampler=sampler, pruner=pruner
        )
    )
    return run_trials(study, objective, n_trials, timeout, total_trials)


def _in_memory(study, storage):
    """A copy in memory of ``study``, whose ``storage`` is about to be deleted."""
    memory = optuna.storages.InMemoryStorage()
    optuna.copy_study(
        from_study_name=study.study_name, from_storage=storage, to_storage=memory
    )
    return optuna.load_study(
        study_name=study.study_name,
        storage=memory,
        sampler=study.sampler,
        pruner=study.pruner,
    )


def _scoring_mismatch(trial, scorers, refit_metric, n_splits):
    """How ``trial`` was scored otherwise than this search scores, or None."""
    metrics = trial.user_attrs["metrics"]
    missing = sorted(set(scorers) - set(metrics))
    if missing:
        return f"trial {trial.number} was scored on {sorted(metrics)}, not on {missing}"
    optimised = trial.user_attrs.get("refit_metric", refit_metric)
    if optimised != refit_metric:
        return f"trial {trial.number} optimised {optimised!r}, not {refit_metric!r}"
    folds = len(metrics[refit_metric])
    if folds > n_splits or (trial.state == TrialState.COMPLETE and folds != n_splits):
        return (
            f"trial {trial.number} was cross-validated on {folds} folds, not {n_splits}"
        )
    return None


def _trial_with_params(trials, params):
    """The earliest of ``trials`` drawn with ``params`` (and perhaps others), or None.

    An initial trial may fix some parameters and leave the rest to the sampler.
    """
    matches = [
        t
        for t in trials
        if all(t.params.get(k, _MISSING) == v for k, v in params.items())
    ]
    return min(matches, key=lambda t: t.number) if matches else None
