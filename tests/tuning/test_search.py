import subprocess
import sys
import textwrap
import warnings

import numpy as np
import optuna
import pytest
from imblearn.over_sampling import SMOTE, RandomOverSampler
from imblearn.pipeline import Pipeline
from optuna.distributions import CategoricalDistribution, FloatDistribution
from optuna.trial import TrialState
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import ShuffleSplit, StratifiedKFold, cross_val_score
from sklearn.preprocessing import StandardScaler

from skimb.decision import ThresholdOptimizer
from skimb.neural import NetClassifier, auto_learning_rate
from skimb.tuning import OptunaSearchCV, TrialSeededSampler, imbalance_space

C_SPACE = {"C": FloatDistribution(1e-3, 1e2, log=True)}


def _two_sampler_space(trial):
    choice = trial.suggest_categorical("sampler", ["smote", "over"])
    if choice == "smote":
        k = trial.suggest_int("k_neighbors", 1, 4)
        return {"sampler": SMOTE(k_neighbors=k, random_state=0)}
    shrinkage = trial.suggest_float("shrinkage", 0.0, 1.0)
    return {"sampler": RandomOverSampler(shrinkage=shrinkage, random_state=0)}


def test_conditional_space_draws_only_chosen_parameters(binary_data):
    """Each trial holds the parameters of the sampler it chose, and only those."""
    X, y = binary_data
    pipe = Pipeline([("sampler", "passthrough"), ("clf", LogisticRegression())])
    search = OptunaSearchCV(
        pipe, _two_sampler_space, n_trials=8, cv=3, random_state=0
    ).fit(X, y)
    for trial in search.study_.trials:
        expected = (
            {"k_neighbors"} if trial.params["sampler"] == "smote" else {"shrinkage"}
        )
        assert set(trial.params) - {"sampler"} == expected
    assert type(search.best_params_["sampler"]).__name__ in {
        "SMOTE",
        "RandomOverSampler",
    }


def test_multi_metric_results(binary_data):
    """Every metric is in cv_results_; the study optimises the refit one."""
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(),
        C_SPACE,
        n_trials=4,
        cv=3,
        scoring=["f2", "pr_auc", "gmean"],
        refit="pr_auc",
        random_state=0,
    ).fit(X, y)
    for name in ("f2", "pr_auc", "gmean"):
        assert search.cv_results_[f"mean_test_{name}"].shape == (4,)
        assert search.cv_results_[f"split2_test_{name}"].shape == (4,)
    best = int(np.argmax(search.cv_results_["mean_test_pr_auc"]))
    assert search.best_score_ == pytest.approx(
        search.cv_results_["mean_test_pr_auc"][best]
    )
    assert search.score(X, y) == pytest.approx(
        search._scorers()["pr_auc"](search.best_estimator_, X, y)
    )


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_pruning_stops_trials(binary_data, n_jobs):
    """Hopeless trials are pruned after an early fold, and counted in the study,
    in worker processes too."""
    X, y = binary_data
    space = {"C": CategoricalDistribution([1.0, 1e-6])}
    search = OptunaSearchCV(
        LogisticRegression(),
        {**space, "class_weight": CategoricalDistribution([None, "balanced"])},
        n_trials=20,
        cv=5,
        scoring="f2",
        pruner=optuna.pruners.MedianPruner(n_startup_trials=3, n_warmup_steps=0),
        # draws seeded per trial: the same 20 whichever worker runs a trial
        # (a sampler seeded once is reseeded at random in each worker)
        sampler=TrialSeededSampler(
            0, make_sampler=lambda seed: optuna.samplers.RandomSampler(seed=seed)
        ),
        n_jobs=n_jobs,
    ).fit(X, y)
    assert len(search.study_.trials) == 20
    pruned = [t for t in search.study_.trials if t.state == TrialState.PRUNED]
    assert search.n_trials_pruned_ == len(pruned) > 0
    assert set(search.cv_results_["state"]) == {"COMPLETE", "PRUNED"}


def test_epoch_level_pruning_inside_net(binary_data):
    """NetClassifier trials report per-epoch scores and can be pruned mid-fit."""
    X, y = binary_data
    pipe = Pipeline(
        [
            ("scale", StandardScaler()),
            (
                "net",
                NetClassifier(
                    hidden_units=(8,),
                    max_epochs=8,
                    early_stopping=False,
                    random_state=0,
                ),
            ),
        ]
    )
    search = OptunaSearchCV(
        pipe,
        {"net__lr": FloatDistribution(1e-6, 1e-1, log=True)},
        n_trials=8,
        cv=2,
        scoring="pr_auc",
        pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=2),
        random_state=0,
    ).fit(X, y)
    first = search.study_.trials[0]
    epoch_steps = [s for s in first.intermediate_values if s % 100_000 < 8]
    assert len(epoch_steps) == 16  # 8 epochs in each of 2 folds
    assert search.n_trials_pruned_ >= 1


def test_trials_train_networks_as_the_final_estimator_does(binary_data):
    """The pruning callback a trial adds does not keep its networks from
    refitting on all rows: a trial scores what fitting its parameters gives."""
    X, y = binary_data
    net = NetClassifier(hidden_units=(8,), max_epochs=10, patience=3, random_state=0)
    cv = StratifiedKFold(2, shuffle=True, random_state=0)
    search = OptunaSearchCV(
        net,
        {"lr": FloatDistribution(1e-3, 1e-2, log=True)},
        n_trials=1,
        cv=cv,
        scoring="pr_auc",
        random_state=0,
    ).fit(X, y)
    trial = search.study_.trials[0]
    configured = clone(net).set_params(**trial.params)
    expected = cross_val_score(configured, X, y, cv=cv, scoring="average_precision")
    np.testing.assert_allclose(trial.user_attrs["metrics"]["pr_auc"], expected)
    assert search.best_estimator_.refit_epochs_ is not None


@pytest.mark.slow
def test_imbalance_space_with_threshold_pipeline(binary_data):
    """imbalance_space drives a ThresholdOptimizer around a NetClassifier pipeline."""
    X, y = binary_data
    model = ThresholdOptimizer(
        Pipeline([("scale", StandardScaler()), ("net", NetClassifier(max_epochs=5))]),
        cv=2,
        random_state=0,
    )
    space = imbalance_space(
        net="estimator__net", samplers=("none", "random_over"), random_state=0
    )
    search = OptunaSearchCV(model, space, n_trials=3, cv=2, random_state=0).fit(X, y)
    assert "estimator__net__sampler" in search.best_params_
    assert search.best_params_["objective"] in {"f1", "f2", "balanced_accuracy"}
    assert search.predict(X).shape == y.shape


def test_clone_and_nested_cross_validation(binary_data):
    """The search clones and nests in cross_val_score."""
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(), C_SPACE, n_trials=3, cv=2, random_state=0
    )
    assert clone(search).get_params()["n_trials"] == 3
    scores = cross_val_score(search, X, y, cv=2, scoring="f1")
    assert np.all(np.isfinite(scores))


def test_seeded_study_is_reproducible(binary_data):
    """The same random_state gives the same trials."""
    X, y = binary_data
    runs = [
        OptunaSearchCV(LogisticRegression(), C_SPACE, n_trials=5, cv=2, random_state=7)
        .fit(X, y)
        .cv_results_["mean_test_f2"]
        for _ in range(2)
    ]
    np.testing.assert_array_equal(*runs)


_WORKER = textwrap.dedent(
    """
    import sys
    from optuna.distributions import FloatDistribution
    from sklearn.datasets import make_classification
    from sklearn.linear_model import LogisticRegression
    from skimb.tuning import OptunaSearchCV

    storage, n_trials = sys.argv[1], int(sys.argv[2])
    X, y = make_classification(200, weights=[0.8], random_state=0)
    OptunaSearchCV(
        LogisticRegression(), {"C": FloatDistribution(1e-3, 1e2, log=True)},
        n_trials=n_trials, cv=2, storage=storage, study_name="shared",
        load_if_exists=True,
    ).fit(X, y)
    """
)


def _run_worker(storage, n_trials):
    return subprocess.Popen([sys.executable, "-c", _WORKER, storage, str(n_trials)])


@pytest.mark.slow
def test_two_processes_share_a_sqlite_study(tmp_path):
    """Two worker processes add their trials to one SQLite study; none is lost."""
    storage = f"sqlite:///{tmp_path / 'study.db'}"
    optuna.create_study(storage=storage, study_name="shared", direction="maximize")
    workers = [_run_worker(storage, 6), _run_worker(storage, 6)]
    assert [w.wait(timeout=300) for w in workers] == [0, 0]
    study = optuna.load_study(study_name="shared", storage=storage)
    finished = [t for t in study.trials if t.state.is_finished()]
    assert len(finished) == 12


def test_killed_study_resumes(tmp_path, binary_data):
    """A study killed mid-run keeps its finished trials and resumes from storage."""
    storage = f"sqlite:///{tmp_path / 'study.db'}"
    worker = _run_worker(storage, 1000)
    study = None
    for _ in range(600):
        try:
            study = optuna.load_study(study_name="shared", storage=storage)
            if sum(t.state == TrialState.COMPLETE for t in study.trials) >= 3:
                break
        except KeyError:
            pass
        try:
            worker.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
    worker.kill()
    worker.wait()
    finished = (TrialState.COMPLETE, TrialState.PRUNED)
    done_before = sum(
        t.state in finished
        for t in optuna.load_study(study_name="shared", storage=storage).trials
    )
    assert done_before >= 3
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(),
        C_SPACE,
        n_trials=2,
        cv=2,
        storage=storage,
        study_name="shared",
        load_if_exists=True,
    ).fit(X, y)
    ran = [
        t
        for t in search.study_.trials
        if t.state in (TrialState.COMPLETE, TrialState.PRUNED)
    ]
    assert len(ran) == done_before + 2


@pytest.mark.parametrize(
    "params, match",
    [
        ({"space": {"gamma": FloatDistribution(0, 1)}}, "lacks: \\['gamma'\\]"),
        ({"scoring": "f7"}, "Unknown scorer 'f7'"),
        (
            {"scoring": ["f2", "pr_auc"], "refit": "gmean"},
            "refit='gmean' names a metric",
        ),
        ({"scoring": ["f2", "pr_auc"]}, "refit must name"),
        ({"space": {"C": [1, 2]}}, "must be an Optuna distribution"),
        ({"prefer_initial": "2se"}, "'prefer_initial' parameter"),
        ({"n_trials": -1}, "'n_trials' parameter"),
        ({"n_trials": None}, "needs total_trials or timeout"),
        ({"n_trials": 0}, "no completed trial"),
        ({"heartbeat_interval": 0}, "'heartbeat_interval' parameter"),
        ({"pruner": "hyperband"}, "'pruner' parameter"),
        ({"storage": "nosuch://db"}, "not a database URL that SQLAlchemy knows"),
        ({"storage": "study.db"}, "not a database URL that SQLAlchemy knows"),
        ({"initial_trials": [{"c": 1.0}]}, "does not draw: \\['c'\\]; it draws"),
        ({"initial_trials": [("C", 1.0)]}, "initial_trials\\[0\\] must be a dict"),
    ],
)
def test_bad_input(binary_data, params, match):
    """Unknown parameters and metrics raise a ValueError that names them."""
    X, y = binary_data
    search = OptunaSearchCV(LogisticRegression(), C_SPACE, n_trials=2, cv=2)
    with pytest.raises(ValueError, match=match):
        search.set_params(**params).fit(X, y)


def test_a_storage_url_without_its_driver_says_which_to_install(binary_data):
    """A URL whose database driver is missing names it, and not the password."""
    try:
        import MySQLdb  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("MySQLdb is installed here")
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(), C_SPACE, n_trials=1, cv=2, storage="mysql://me:pw@h/db"
    )
    with pytest.raises(ImportError, match="needs the database driver 'MySQLdb'") as err:
        search.fit(X, y)
    assert "pw" not in str(err.value)


def test_initial_trials_run_first(binary_data):
    """initial_trials are the first trials of the study, as given."""
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(),
        C_SPACE,
        n_trials=3,
        cv=2,
        initial_trials=[{"C": 0.5}],
        random_state=0,
    ).fit(X, y)
    assert search.study_.trials[0].params == {"C": 0.5}


def test_imbalance_space_defaults_match_net_defaults():
    """The defaults of imbalance_space rebuild NetClassifier's default parameters."""
    from optuna.trial import FixedTrial

    space = imbalance_space(threshold=None)
    params = space(FixedTrial(space.defaults))
    net = NetClassifier()
    assert net.lr == "auto"
    # a drawn learning rate is a number: "auto" stands as its small-table value
    assert params.pop("net__lr") == auto_learning_rate(64)
    for name, value in params.items():
        assert getattr(net, name.removeprefix("net__")) == value, name


def test_imbalance_space_defaults_follow_the_base_net():
    """With base=, the defaults rebuild that net's parameters and the F2 objective."""
    from optuna.trial import FixedTrial

    from skimb import make_imbalanced_pipeline

    pipeline = make_imbalanced_pipeline()
    base = pipeline.get_params()["estimator__net"]
    space = imbalance_space(net="estimator__net", base=base)
    params = space(FixedTrial(space.defaults))
    assert params.pop("objective") == pipeline.objective
    for name, value in params.items():
        assert getattr(base, name.removeprefix("estimator__net__")) == value, name


def test_failed_trials_are_counted_and_reported(binary_data):
    """Trials whose fit raises are left out, counted, and a warning says why."""
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(),
        {"C": CategoricalDistribution([1.0, -1.0])},
        n_trials=2,
        cv=2,
        initial_trials=[{"C": 1.0}, {"C": -1.0}],
        random_state=0,
    )
    with pytest.warns(UserWarning, match="1 of 2 trials failed.*C"):
        search.fit(X, y)
    assert search.n_trials_failed_ == 1
    assert search.best_params_ == {"C": 1.0}


def test_prefer_initial_finds_an_initial_trial_that_fixes_some_parameters(
    binary_data,
):
    """An initial trial may leave parameters to the sampler and still be kept."""
    X, y = binary_data
    search = _balanced_logreg_search(
        space={**C_SPACE, "tol": FloatDistribution(1e-5, 1e-3, log=True)},
        initial_trials=[{"C": 0.03}],
    ).fit(X, y)
    assert np.isfinite(search.improvement_)
    assert search.best_trial_.number == 0
    assert search.best_params_["C"] == 0.03


def _balanced_logreg_search(**params):
    return OptunaSearchCV(
        LogisticRegression(class_weight="balanced"),
        **{"space": C_SPACE, "n_trials": 8, "cv": 5, "random_state": 0, **params},
    )


def test_prefer_initial_keeps_the_initial_trial_within_one_se(binary_data):
    """A best trial that leads the initial one by less than one SE is not chosen."""
    X, y = binary_data
    search = _balanced_logreg_search(initial_trials=[{"C": 0.03}]).fit(X, y)
    assert 0 < search.improvement_ <= search.improvement_se_
    assert search.best_params_ == {"C": 0.03}
    assert search.best_trial_.number == 0
    assert search.best_score_ == search.study_.trials[0].value


def test_prefer_initial_none_takes_the_best_mean(binary_data):
    """prefer_initial=None chooses the trial with the best mean, as before."""
    X, y = binary_data
    search = _balanced_logreg_search(
        initial_trials=[{"C": 0.03}], prefer_initial=None
    ).fit(X, y)
    complete = [t.value for t in search.study_.trials if t.state.name == "COMPLETE"]
    assert search.best_score_ == max(complete)
    assert search.best_params_ != {"C": 0.03}


def test_prefer_initial_gives_way_to_a_clear_gain(binary_data):
    """An initial trial that predicts no positives is replaced by a better one."""
    X, y = binary_data
    search = OptunaSearchCV(
        LogisticRegression(),
        C_SPACE,
        n_trials=6,
        cv=5,
        random_state=0,
        initial_trials=[{"C": 1e-3}],
    ).fit(X, y)
    assert search.study_.trials[0].value == 0.0
    assert search.improvement_ > search.improvement_se_
    assert search.best_params_ != {"C": 1e-3}


def test_prefer_initial_needs_two_folds(binary_data):
    """With a single split there is no standard error: the best trial is chosen."""
    X, y = binary_data
    search = _balanced_logreg_search(
        initial_trials=[{"C": 1.0}], cv=ShuffleSplit(1, test_size=0.3, random_state=0)
    ).fit(X, y)
    complete = [t.value for t in search.study_.trials if t.state.name == "COMPLETE"]
    assert search.study_.trials[0].value < max(complete)
    assert np.isnan(search.improvement_se_)
    assert search.best_score_ == max(complete)


@pytest.mark.parametrize(
    "loss, trial_name, net_name",
    [
        ("focal", "focal_gamma", "gamma"),
        ("logit_adjusted", "la_tau", "tau"),
        ("ldam", "ldam_max_margin", "max_margin"),
    ],
)
def test_imbalance_space_draws_the_chosen_loss_parameter(loss, trial_name, net_name):
    """Each loss with a parameter gets it drawn, and only that loss's parameter."""
    from optuna.trial import FixedTrial

    space = imbalance_space(threshold=None)
    params = space(FixedTrial({**space.defaults, "loss": loss, trial_name: 0.7}))
    drawn = {"net__gamma", "net__tau", "net__max_margin"} & set(params)
    assert drawn == {f"net__{net_name}"}
    assert params[f"net__{net_name}"] == 0.7


def test_imbalance_space_searches_the_numeric_scaling():
    """With preprocess=, a trial swaps in make_preprocessor of the drawn scaling."""
    from optuna.trial import FixedTrial
    from sklearn.preprocessing import PowerTransformer

    from skimb import make_imbalanced_pipeline

    pipeline = make_imbalanced_pipeline()
    space = imbalance_space(
        net="estimator__net",
        preprocess="estimator__preprocess",
        base=pipeline.get_params()["estimator__net"],
    )
    assert space.defaults["numeric"] == "auto"
    params = space(FixedTrial({**space.defaults, "numeric": "power"}))
    pipeline.set_params(**params)
    scaler = pipeline.get_params()["estimator__preprocess__numeric__scale"]
    assert isinstance(scaler, PowerTransformer)


def test_imbalance_space_leaves_preprocessing_alone_by_default():
    """Without preprocess=, no scaling is drawn and none is in the defaults."""
    from optuna.trial import FixedTrial

    space = imbalance_space(threshold=None)
    params = space(FixedTrial(space.defaults))
    assert "numeric" not in space.defaults
    assert all(name.startswith("net__") for name in params)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"samplers": ["adasyn"]}, "Unknown samplers \\['adasyn'\\]"),
        ({"numerics": ["minmax"]}, "Unknown numerics \\['minmax'\\]"),
        ({"losses": ["hinge"]}, "Unknown losses \\['hinge'\\]"),
        ({"objectives": ["f3"]}, "Unknown objectives \\['f3'\\]"),
        ({"samplers": []}, "samplers must be a non-empty sequence"),
        ({"objectives": ()}, "objectives must be a non-empty sequence"),
        ({"samplers": "smote"}, "got 'smote'"),
        ({"numerics": ["quantile"]}, "give its path as preprocess="),
        ({"base": LogisticRegression()}, "base must be the NetClassifier"),
    ],
)
def test_imbalance_space_bad_choices(params, match):
    """Unknown or empty choices, and settings without effect, raise an error."""
    with pytest.raises(ValueError, match=match):
        imbalance_space(**params)


def test_imbalance_space_defaults_are_among_its_choices():
    """A default the choices leave out gives way to the first choice."""
    space = imbalance_space(samplers=["smote"], losses=["focal", "ldam"])
    assert space.defaults["sampler"] == "smote"
    assert space.defaults["loss"] == "focal"
    assert imbalance_space().defaults["sampler"] == "none"


def test_imbalance_space_never_pairs_class_weights_with_batch_sampling():
    """Batch sampling is drawn only for trials without class weights."""
    space = imbalance_space(threshold=None)
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    drawn = [space(study.ask()) for _ in range(60)]
    assert all(
        p["net__class_weight"] is None or p["net__batch_sampling"] is None
        for p in drawn
    )
    assert any(p["net__batch_sampling"] is not None for p in drawn)


@pytest.mark.slow
def test_search_over_imbalance_space_warns_nothing_of_its_own(binary_data):
    """A search over imbalance_space meets no skimb warning about its choices."""
    X, y = binary_data
    net = NetClassifier(hidden_units=(8,), random_state=0)
    space = imbalance_space(samplers=("none", "random_over"), threshold=None)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        search = OptunaSearchCV(
            Pipeline([("net", net)]),
            lambda trial: {**space(trial), "net__max_epochs": 3},
            n_trials=5,
            cv=2,
            pruner=None,
            sampler=optuna.samplers.RandomSampler(seed=1),
        ).fit(X, y)
    assert search.n_trials_failed_ == 0


def _resumed_params(path, X, y):
    """The parameters of a 4-trial search and of a 3-trial resumption of it."""
    storage = f"sqlite:///{path}"
    for n_trials in (4, 3):
        search = OptunaSearchCV(
            LogisticRegression(),
            C_SPACE,
            n_trials=n_trials,
            cv=2,
            storage=storage,
            study_name="resumed",
            load_if_exists=True,
            pruner=None,
            random_state=0,
        ).fit(X, y)
    return [t.params["C"] for t in search.study_.trials]


def test_a_resumed_study_proposes_new_parameters_reproducibly(tmp_path, binary_data):
    """Resuming with the same random_state proposes no repeated parameter set,
    and rebuilding the study from the start proposes the same ones again."""
    X, y = binary_data
    first = _resumed_params(tmp_path / "a.db", X, y)
    assert len(first) == 7
    assert len(set(first)) == 7
    assert _resumed_params(tmp_path / "b.db", X, y) == first


def test_workers_with_one_seed_propose_different_trials():
    """Two samplers with one seed, as two workers of a study have, draw apart."""
    storage = optuna.storages.InMemoryStorage()
    studies = [
        optuna.create_study(
            storage=storage,
            study_name="shared",
            load_if_exists=True,
            sampler=TrialSeededSampler(0),
        )
        for _ in range(2)
    ]
    drawn = [studies[i % 2].ask().suggest_float("x", 0, 1) for i in range(6)]
    assert len(set(drawn)) == 6


def test_show_progress_bar_draws_optunas_bar(binary_data, capsys):
    """show_progress_bar=True shows Optuna's bar over the trials."""
    X, y = binary_data
    OptunaSearchCV(
        LogisticRegression(), C_SPACE, n_trials=2, cv=2, show_progress_bar=True
    ).fit(X, y)
    assert "2/2" in capsys.readouterr().err


def _stored_study(tmp_path, **params):
    """OptunaSearchCV parameters of a small search on a study in a SQLite file."""
    return {
        "space": C_SPACE,
        "n_trials": 2,
        "cv": 2,
        "storage": f"sqlite:///{tmp_path / 'study.db'}",
        "study_name": "s",
        "load_if_exists": True,
        **params,
    }


@pytest.mark.parametrize(
    "changed, match",
    [
        ({"scoring": "pr_auc"}, "trial 0 was scored on \\['f2'\\], not on"),
        (
            {"scoring": ["f2", "pr_auc"], "refit": "f2"},
            "scored on \\['f2'\\], not on \\['pr_auc'\\]",
        ),
        ({"cv": 3}, "cross-validated on 2 folds, not 3"),
        (
            {"space": {"tol": FloatDistribution(1e-5, 1e-3, log=True)}},
            "trial 0 has parameters {'C': .*}, which this space does not draw",
        ),
        (
            {"space": {**C_SPACE, "tol": FloatDistribution(1e-5, 1e-3, log=True)}},
            "which this space does not draw",
        ),
        (
            {"space": lambda trial: {"tol": trial.suggest_float("tol", 1e-5, 1e-3)}},
            "which this space does not draw",
        ),
    ],
)
def test_a_study_of_another_search_is_refused_before_any_trial(
    tmp_path, binary_data, changed, match
):
    """Resuming a study scored, split or drawn otherwise fails before it runs."""
    X, y = binary_data
    params = _stored_study(tmp_path, scoring="f2")
    OptunaSearchCV(LogisticRegression(), **params).fit(X, y)
    with pytest.raises(
        ValueError, match=f"The study 's' holds trials of another.*{match}"
    ):
        OptunaSearchCV(LogisticRegression(), **{**params, **changed}).fit(X, y)
    stored = optuna.load_study(study_name="s", storage=params["storage"])
    assert len(stored.trials) == 2


def test_a_study_optimised_on_another_metric_is_refused(tmp_path, binary_data):
    """The same metrics with another refit metric would rank scores of two kinds."""
    X, y = binary_data
    params = _stored_study(tmp_path, n_trials=1, scoring=["f2", "pr_auc"])
    OptunaSearchCV(LogisticRegression(), refit="f2", **params).fit(X, y)
    with pytest.raises(ValueError, match="trial 0 optimised 'f2', not 'pr_auc'"):
        OptunaSearchCV(LogisticRegression(), refit="pr_auc", **params).fit(X, y)


def test_a_study_resumed_by_the_same_search_runs_on(tmp_path, binary_data):
    """The check lets the search that ran a study resume it."""
    X, y = binary_data
    params = _stored_study(tmp_path, random_state=0)
    OptunaSearchCV(LogisticRegression(), **params).fit(X, y)
    search = OptunaSearchCV(LogisticRegression(), **params).fit(X, y)
    assert len(search.cv_results_["params"]) == 4
