import warnings

import numpy as np
import pytest
from imblearn.over_sampling import RandomOverSampler
from imblearn.pipeline import make_pipeline as make_imb_pipeline
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score, fbeta_score, recall_score
from sklearn.model_selection import (
    GridSearchCV,
    StratifiedShuffleSplit,
    TunedThresholdClassifierCV,
    cross_val_score,
)
from sklearn.preprocessing import StandardScaler

from skimb.decision import ThresholdOptimizer
from skimb.metrics import binary_objective_curve, count_objective
from skimb.neural import NetClassifier


@pytest.fixture
def imbalanced(seed):
    return make_classification(
        n_samples=600, n_features=5, weights=[0.9], flip_y=0.05, random_state=seed
    )


def _brute_force(y, score, beta):
    best = -np.inf
    for t in np.r_[np.unique(score), np.inf]:
        best = max(best, fbeta_score(y, score >= t, beta=beta, zero_division=0))
    return best


@pytest.mark.parametrize("beta", [0.5, 1.0, 2.0])
def test_sweep_equals_brute_force(rng, beta):
    """The sweep's best F-beta equals a loop over all distinct thresholds."""
    y = (rng.random(300) < 0.15).astype(int)
    score = np.round(rng.random(300) + 0.4 * y, 2)  # rounding makes ties
    _, values = binary_objective_curve(y, score, count_objective("fbeta", beta=beta))
    assert abs(values.max() - _brute_force(y, score, beta)) < 1e-12


def test_never_below_sklearn_grid(imbalanced):
    """On the same scores, the exact sweep is at least sklearn's 100-point grid."""
    X, y = imbalanced
    model = LogisticRegression().fit(X, y)
    ours = ThresholdOptimizer(model, objective="f1", cv="prefit").fit(X, y)
    theirs = TunedThresholdClassifierCV(
        model, scoring="f1", cv="prefit", refit=False
    ).fit(X, y)
    assert ours.best_score_ >= theirs.best_score_ - 1e-12
    assert ours.best_score_ == pytest.approx(f1_score(y, ours.predict(X)))


def test_predict_applies_threshold(imbalanced):
    """predict is positive exactly when the positive score reaches threshold_."""
    X, y = imbalanced
    model = ThresholdOptimizer(LogisticRegression(), random_state=0).fit(X, y)
    score = model.predict_proba(X)[:, 1]
    np.testing.assert_array_equal(model.predict(X), (score >= model.threshold_) * 1)
    assert model.fold_thresholds_.shape == (5,)
    assert model.threshold_std_ >= 0
    assert set(model.objective_curve_) == {"thresholds", "scores"}


def test_f2_raises_recall(imbalanced):
    """Tuning for F2 lowers the threshold below 0.5 and raises minority recall."""
    X, y = imbalanced
    base = LogisticRegression().fit(X, y)
    tuned = ThresholdOptimizer(LogisticRegression(), random_state=0).fit(X, y)
    assert tuned.threshold_ < 0.5
    assert recall_score(y, tuned.predict(X)) > recall_score(y, base.predict(X))


def test_string_labels_minority_positive():
    """With string labels the minority is the positive class, returned as a label."""
    X, y = make_classification(400, weights=[0.85], random_state=1)
    labels = np.where(y == 1, "defect", "ok")
    model = ThresholdOptimizer(LogisticRegression(), random_state=0).fit(X, labels)
    assert model.classes_[model._pos_index_] == "defect"
    assert set(model.predict(X)) <= {"defect", "ok"}


def test_recall_at_precision_meets_bound(imbalanced):
    """The constrained objective keeps out-of-fold precision above the bound."""
    X, y = imbalanced
    model = ThresholdOptimizer(
        LogisticRegression(),
        objective="recall_at_precision",
        min_precision=0.6,
        cv="prefit",
    )
    model.estimator = LogisticRegression().fit(X, y)
    model.fit(X, y)
    pred = model.predict(X)
    assert (pred[y == 1] == 1).sum() / max(pred.sum(), 1) >= 0.6


def test_unreachable_bound_warns_and_falls_back(imbalanced):
    """A precision bound no threshold meets warns and takes the most precise one."""
    X, y = imbalanced
    rng = np.random.default_rng(0)
    noise = rng.normal(size=(len(y), 2))
    with pytest.warns(UserWarning, match="No threshold reaches min_precision"):
        model = ThresholdOptimizer(
            LogisticRegression(),
            objective="recall_at_precision",
            min_precision=1.0,
            random_state=0,
        ).fit(noise, y)
    assert np.isfinite(model.threshold_)


def test_cost_matrix_binary_minimises_cost(imbalanced):
    """With a cost matrix the chosen threshold has the lowest out-of-fold cost."""
    X, y = imbalanced
    cost = np.array([[0.0, 1.0], [10.0, 0.0]])
    model = ThresholdOptimizer(
        LogisticRegression(), objective="cost", cost_matrix=cost, random_state=0
    ).fit(X, y)
    assert model.best_score_ == pytest.approx(np.max(model.objective_curve_["scores"]))
    assert model.threshold_ < 0.5  # missing a positive costs 10 times more


def test_callable_objective(imbalanced):
    """A callable (y_true, y_pred) objective is evaluated on the grid."""
    X, y = imbalanced
    model = ThresholdOptimizer(
        LogisticRegression(),
        objective=lambda t, p: fbeta_score(t, p, beta=2),
        random_state=0,
    ).fit(X, y)
    exact = ThresholdOptimizer(LogisticRegression(), random_state=0).fit(X, y)
    assert model.best_score_ == pytest.approx(exact.best_score_, abs=1e-9)


def test_multiclass_weights_improve_macro_f1(multiclass_data):
    """Coordinate ascent beats argmax on macro F1 and predict reproduces its score."""
    X, y = multiclass_data
    fitted = LogisticRegression().fit(X, y)
    model = ThresholdOptimizer(fitted, objective="f1", cv="prefit").fit(X, y)
    argmax_f1 = f1_score(y, fitted.predict(X), average="macro")
    assert model.class_weights_.shape == (3,)
    assert model.class_weights_.max() == 1.0
    assert model.best_score_ > argmax_f1
    assert f1_score(y, model.predict(X), average="macro") == pytest.approx(
        model.best_score_
    )


def test_multiclass_cost_is_bayes_decision(multiclass_data):
    """A multiclass cost matrix predicts argmin of expected cost."""
    X, y = multiclass_data
    cost = 1 - np.eye(3)
    cost[2, :2] = 20  # missing class 2 is expensive
    model = ThresholdOptimizer(
        LogisticRegression(), objective="cost", cost_matrix=cost, random_state=0
    ).fit(X, y)
    proba = model.predict_proba(X)
    np.testing.assert_array_equal(model.predict(X), np.argmin(proba @ cost, axis=1))


def test_around_pipeline_with_sampler_and_net(imbalanced):
    """It wraps an imblearn pipeline with a sampler and a NetClassifier."""
    X, y = imbalanced
    pipe = make_imb_pipeline(
        StandardScaler(),
        RandomOverSampler(random_state=0),
        NetClassifier(hidden_units=(8,), max_epochs=5, random_state=0),
    )
    model = ThresholdOptimizer(pipe, cv=3, random_state=0)
    scores = cross_val_score(model, X, y, cv=2, scoring="f1")
    assert np.all(np.isfinite(scores))


def test_grid_search_over_objective(imbalanced):
    """The objective is a parameter a GridSearchCV can search."""
    X, y = imbalanced
    grid = GridSearchCV(
        ThresholdOptimizer(LogisticRegression(), cv=3, random_state=0),
        {"objective": ["f1", "f2", "balanced_accuracy"]},
        scoring="f1",
        cv=3,
    ).fit(X, y)
    assert grid.best_params_["objective"] in {"f1", "f2", "balanced_accuracy"}


@pytest.mark.parametrize(
    "params, match",
    [
        ({"objective": "accuracy_plus"}, "'objective' parameter.*accuracy_plus"),
        ({"objective": "cost", "cost_matrix": np.ones((3, 3))}, "shape \\(2, 2\\)"),
        ({"objective": "cost"}, "needs a cost_matrix"),
        (
            {"objective": "cost", "cost_matrix": [[0, np.nan], [10, 0]]},
            "cost_matrix must hold finite numbers",
        ),
        ({"objective": "recall_at_precision"}, "needs min_precision"),
        ({"objective": "fbeta", "beta": -1}, "'beta' parameter"),
        ({"cv": 1.5}, "'cv' parameter"),
        ({"cv": "prefit"}, "needs an estimator that is already fitted"),
        ({"pos_label": 7}, "pos_label=7 is not a class"),
        ({"prefer_default": "2se"}, "'prefer_default' parameter"),
        ({"refit": "average"}, "'refit' parameter"),
        ({"fold_validation": "yes"}, "'fold_validation' parameter"),
        ({"f_beta_bound": True}, "'f_beta_bound' parameter"),
        ({"fold_validation": True}, "fit takes validation_data"),
    ],
)
def test_bad_input(imbalanced, params, match):
    """Bad objectives, cost matrices and cv values raise a clear ValueError."""
    X, y = imbalanced
    with pytest.raises(ValueError, match=match):
        ThresholdOptimizer(LogisticRegression(), **params).fit(X, y)


def test_one_class_is_named_as_a_plain_label(imbalanced):
    """The error quotes the one class as the user wrote it, not numpy's repr."""
    X, y = imbalanced
    with pytest.raises(ValueError, match="got 1 class \\(0.0\\)\\.$"):
        ThresholdOptimizer(LogisticRegression()).fit(X, np.zeros(len(y)))


def test_one_se_rule_keeps_default_without_a_gain(score_column):
    """When no threshold beats the estimator's own, the default 0.5 is kept."""
    # two score levels: every candidate threshold between them predicts as 0.5 does
    y = np.r_[np.zeros(90, int), np.ones(10, int), np.zeros(5, int), np.ones(20, int)]
    score = np.r_[np.full(100, 0.2), np.full(25, 0.8)]
    model = ThresholdOptimizer(
        score_column, objective="balanced_accuracy", cv="prefit", random_state=0
    ).fit(score[:, None], y)
    assert not model.threshold_moved_
    assert model.threshold_ == 0.5
    assert model.improvement_ <= model.improvement_se_


def test_one_se_rule_decides_by_the_standard_error(rng):
    """The tuned threshold is kept exactly when its gain exceeds one SE."""
    X = np.r_[rng.normal(-1, 1, (900, 1)), rng.normal(1, 1, (100, 1))]
    y = np.r_[np.zeros(900, int), np.ones(100, int)]
    fitted = LogisticRegression(class_weight="balanced").fit(X, y)
    for seed in range(5):
        model = ThresholdOptimizer(
            fitted, objective="balanced_accuracy", cv="prefit", random_state=seed
        ).fit(X, y)
        assert model.threshold_moved_ == (model.improvement_ > model.improvement_se_)
        if not model.threshold_moved_:
            assert model.threshold_ == 0.5
            np.testing.assert_array_equal(model.predict(X), fitted.predict(X))


def test_bootstrap_of_cells_matches_bootstrap_of_rows(rng):
    """Drawing cell counts gives the same gain distribution as resampling rows."""
    from skimb.decision._threshold import _bootstrap_cells, _bootstrap_rows
    from skimb.metrics import count_objective

    positive = rng.random(3000) < 0.1
    score = rng.random(3000) + 0.3 * positive
    tuned, default = score >= 0.6, score >= 0.5
    objective = count_objective("f2")
    row_gains = _bootstrap_rows(
        lambda t, p, w: fbeta_score(t, p, beta=2, sample_weight=w),
        positive,
        tuned,
        default,
        rng,
    )
    cell_gains = _bootstrap_cells(objective, positive, tuned, default, rng)
    assert np.mean(cell_gains) == pytest.approx(np.mean(row_gains), abs=0.01)
    assert np.std(cell_gains) == pytest.approx(np.std(row_gains), rel=0.3)


def test_one_se_rule_moves_on_a_clear_gain(imbalanced):
    """An unweighted model's F2 threshold moves: the gain is far above its SE."""
    X, y = imbalanced
    fitted = LogisticRegression().fit(X, y)
    model = ThresholdOptimizer(fitted, objective="f2", cv="prefit", random_state=0)
    model.fit(X, y)
    assert model.threshold_moved_
    assert model.improvement_ > model.improvement_se_ > 0


def test_cv_rule_moves_on_a_clear_gain(rng):
    """With prefer_default='cv' an unweighted model's F2 threshold still moves."""
    X = np.r_[rng.normal(-1, 1, (1800, 1)), rng.normal(1, 1, (200, 1))]
    y = np.r_[np.zeros(1800, int), np.ones(200, int)]
    model = ThresholdOptimizer(
        LogisticRegression(), objective="f2", prefer_default="cv", random_state=0
    ).fit(X, y)
    assert model.threshold_moved_
    assert model.threshold_ < 0.5
    assert model.improvement_ > model.improvement_se_ > 0


def test_cv_rule_decides_by_one_standard_error(imbalanced):
    """The tuned threshold is kept exactly when the held-out gain beats its SE."""
    X, y = imbalanced
    for seed in range(4):
        model = ThresholdOptimizer(
            LogisticRegression(class_weight="balanced"),
            objective="f1",
            cv=3,
            prefer_default="cv",
            random_state=seed,
        ).fit(X, y)
        significant = model.improvement_ > model.improvement_se_
        assert model.threshold_moved_ == significant
        if not model.threshold_moved_:
            assert model.threshold_ == 0.5


def test_cv_rule_keeps_the_default_without_signal(rng):
    """Scores unrelated to the labels give no held-out gain: 0.5 is kept."""
    X = rng.normal(size=(800, 3))
    y = (rng.random(800) < 0.1).astype(int)
    model = ThresholdOptimizer(
        LogisticRegression(class_weight="balanced"),
        objective="balanced_accuracy",
        prefer_default="cv",
        random_state=0,
    ).fit(X, y)
    assert not model.threshold_moved_
    assert model.threshold_ == 0.5
    assert model.improvement_ <= model.improvement_se_


def test_prefer_default_none_takes_the_sweep_best(rng):
    """prefer_default=None always takes the best threshold of the sweep."""
    X = np.r_[rng.normal(-1, 1, (900, 1)), rng.normal(1, 1, (100, 1))]
    y = np.r_[np.zeros(900, int), np.ones(100, int)]
    fitted = LogisticRegression(class_weight="balanced").fit(X, y)
    model = ThresholdOptimizer(
        fitted, objective="balanced_accuracy", cv="prefit", prefer_default=None
    ).fit(X, y)
    assert model.best_score_ == pytest.approx(np.max(model.objective_curve_["scores"]))


def test_refit_folds_averages_fold_models(imbalanced):
    """refit='folds' keeps the fold models and averages their probabilities."""
    X, y = imbalanced
    model = ThresholdOptimizer(
        LogisticRegression(), cv=3, refit="folds", random_state=0
    ).fit(X, y)
    members = model.estimator_.models
    assert len(members) == 3
    expected = np.mean([m.predict_proba(X) for m in members], axis=0)
    np.testing.assert_allclose(model.predict_proba(X), expected)


def test_fold_validation_validates_each_net_on_its_held_out_fold(imbalanced):
    """fold_validation trains each fold's net on all its rows, validates on the rest."""
    X, y = imbalanced
    net = NetClassifier(hidden_units=(8,), max_epochs=3, random_state=0)
    pipe = make_imb_pipeline(StandardScaler(), net)
    model = ThresholdOptimizer(
        pipe, cv=3, refit="folds", fold_validation=True, random_state=0
    ).fit(X, y)
    held_out_counts = []
    for member in model.estimator_.models:
        fold_net = member[-1]
        # no validation split inside: every training row of the fold is trained on
        assert fold_net.class_counts_.sum() + fold_net.valid_class_counts_.sum() == len(
            y
        )
        held_out_counts.append(fold_net.valid_class_counts_)
    np.testing.assert_array_equal(np.sum(held_out_counts, axis=0), np.bincount(y))


def test_fold_validation_resamples_only_training_rows(imbalanced):
    """A sampler resamples the fold's training rows, not its held-out rows."""
    X, y = imbalanced
    pipe = make_imb_pipeline(
        StandardScaler(),
        RandomOverSampler(random_state=0),
        NetClassifier(hidden_units=(8,), max_epochs=3, random_state=0),
    )
    model = ThresholdOptimizer(
        pipe, cv=3, refit="folds", fold_validation=True, random_state=0
    ).fit(X, y)
    fold_net = model.estimator_.models[0][-1]
    assert fold_net.class_counts_[0] == fold_net.class_counts_[1]
    assert fold_net.valid_class_counts_[1] < fold_net.valid_class_counts_[0]


def test_fold_validation_routes_pipeline_fit_params(imbalanced):
    """Pipeline fit parameters named step__param are routed to their step."""
    X, y = imbalanced
    pipe = make_imb_pipeline(
        StandardScaler(), NetClassifier(hidden_units=(8,), max_epochs=2)
    )
    model = ThresholdOptimizer(pipe, cv=2, fold_validation=True, random_state=0)
    with pytest.raises(ValueError, match="named step__param"):
        model.fit(X, y, epochs=3)


def test_refit_folds_offsets_nested_seeds(imbalanced):
    """Fold models get their own seeds, nested ones (a net's sampler) included."""
    X, y = imbalanced
    net = NetClassifier(
        hidden_units=(8,),
        max_epochs=2,
        sampler=RandomOverSampler(random_state=5),
        random_state=10,
    )
    model = ThresholdOptimizer(
        make_imb_pipeline(StandardScaler(), net),
        cv=3,
        refit="folds",
        fold_validation=True,
        random_state=0,
    ).fit(X, y)
    nets = [member[-1] for member in model.estimator_.models]
    assert [n.random_state for n in nets] == [10, 11, 12]
    assert [n.sampler.random_state for n in nets] == [5, 6, 7]


def test_a_fold_without_the_rare_class_is_named(binary_data):
    """One positive row: the error names the fold, the class and its count."""
    X, y = binary_data
    y = np.zeros_like(y)
    y[7] = 1
    with warnings.catch_warnings():
        # scikit-learn's splitter warns of the small class first
        warnings.simplefilter("ignore", UserWarning)
        with pytest.raises(
            ValueError,
            match=r"Fold \d of 3 has no row of class 1 .* "
            r"y holds 1 row of that class",
        ):
            ThresholdOptimizer(LogisticRegression(), cv=3, random_state=0).fit(X, y)


@pytest.mark.parametrize("prefer_default", ["1se", "cv"])
def test_multiclass_measures_the_gain_of_its_weights(multiclass_data, prefer_default):
    """Multiclass weights get a measured gain and the rule's verdict."""
    X, y = multiclass_data
    model = ThresholdOptimizer(
        LogisticRegression(),
        objective="f2",
        prefer_default=prefer_default,
        random_state=0,
    ).fit(X, y)
    assert np.isfinite(model.improvement_)
    assert np.isfinite(model.improvement_se_)
    assert model.decision_.reason == model.decision_reason_
    assert model.threshold_moved_ == (not np.all(model.class_weights_ == 1))


def test_multiclass_keeps_argmax_without_signal(rng):
    """Scores unrelated to three classes: the weights stay at one, predict is
    the argmax."""
    X = rng.normal(size=(900, 3))
    y = rng.choice(3, size=900, p=[0.8, 0.15, 0.05])
    model = ThresholdOptimizer(
        LogisticRegression(),
        objective="mcc",
        prefer_default="cv",
        random_state=0,
    ).fit(X, y)
    assert not model.threshold_moved_
    np.testing.assert_array_equal(model.class_weights_, np.ones(3))
    proba = model.predict_proba(X)
    np.testing.assert_array_equal(model.predict(X), np.argmax(proba, axis=1))
    assert "default kept" in model.decision_reason_


@pytest.mark.parametrize(
    "cv", [0.25, StratifiedShuffleSplit(n_splits=1, test_size=0.3, random_state=0)]
)
def test_cross_validated_rule_falls_back_to_bootstrap_with_one_split(imbalanced, cv):
    """One held-out split leaves no other fold to choose on: "cv" judges as "1se"."""
    X, y = imbalanced
    kwargs = {"cv": cv, "objective": "f2", "random_state": 0}
    by_cv = ThresholdOptimizer(LogisticRegression(), prefer_default="cv", **kwargs)
    by_1se = ThresholdOptimizer(LogisticRegression(), prefer_default="1se", **kwargs)
    by_cv.fit(X, y)
    by_1se.fit(X, y)
    assert by_cv.rule_ == "1se"
    assert by_cv.threshold_ == by_1se.threshold_
    assert by_cv.improvement_se_ == by_1se.improvement_se_
    assert by_cv.decision_reason_.startswith("one-SE rule")
