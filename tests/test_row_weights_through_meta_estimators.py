"""Row weights through the meta-estimators, the pipeline and searches."""

import numpy as np
import pytest
import sklearn
from optuna.distributions import FloatDistribution
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_validate

from skimb import make_imbalanced_pipeline
from skimb.decision import PriorCorrector, ThresholdOptimizer
from skimb.tuning import OptunaSearchCV


class _Recording(LogisticRegression):
    """LogisticRegression that keeps the weights its fit received."""

    def fit(self, X, y, sample_weight=None):
        self.seen_weight_ = sample_weight
        return super().fit(X, y, sample_weight=sample_weight)


def test_prefit_integer_weights_choose_the_threshold_of_repeated_rows(binary_data, rng):
    """cv='prefit': weights of k choose the threshold of each row repeated k times."""
    X, y = binary_data
    model = LogisticRegression().fit(X, y)
    w = rng.integers(1, 4, len(y))
    weighted = ThresholdOptimizer(model, cv="prefit").fit(X, y, sample_weight=w)
    rows = np.repeat(np.arange(len(y)), w)
    repeated = ThresholdOptimizer(model, cv="prefit").fit(X[rows], y[rows])
    assert weighted.threshold_ == repeated.threshold_
    assert weighted.best_score_ == pytest.approx(repeated.best_score_)


def test_each_folds_weights_go_with_its_rows(binary_data):
    """cv=5: each fold's model is fitted with the weights of its own rows."""
    X, y = binary_data
    w = np.arange(1.0, len(y) + 1)  # a weight names its row
    model = ThresholdOptimizer(_Recording(), cv=5, refit="folds", random_state=0)
    model.fit(X, y, sample_weight=w)
    seen = [set(m.seen_weight_) for m in model.estimator_.models]
    assert all(len(s) == len(y) * 4 // 5 for s in seen)
    held_out = [set(w) - s for s in seen]
    assert set().union(*held_out) == set(w)
    assert sum(len(h) for h in held_out) == len(y)


def test_the_refit_gets_all_the_weights(binary_data, rng):
    X, y = binary_data
    w = rng.uniform(0.5, 2, len(y))
    model = ThresholdOptimizer(_Recording(), cv=3, random_state=0)
    model.fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(model.estimator_.seen_weight_, w)


def test_prior_corrector_weighs_its_prior(binary_data, rng):
    X, y = binary_data
    w = np.where(y == 1, 3.0, 1.0)
    corrector = PriorCorrector(_Recording(), train_prior="balanced", cv=3)
    corrector.fit(X, y, sample_weight=w)
    share = 3 * y.sum() / (3 * y.sum() + (1 - y).sum())
    assert corrector.true_prior_[1] == pytest.approx(share)
    np.testing.assert_array_equal(corrector.estimator_.seen_weight_, w)


def test_an_estimator_without_weights_is_refused(binary_data):
    from sklearn.neighbors import KNeighborsClassifier

    X, y = binary_data
    with pytest.raises(ValueError, match="does not take it"):
        ThresholdOptimizer(KNeighborsClassifier()).fit(
            X, y, sample_weight=np.ones(len(y))
        )


@pytest.mark.parametrize(
    "meta",
    [
        ThresholdOptimizer(LogisticRegression()),
        PriorCorrector(LogisticRegression()),
        OptunaSearchCV(LogisticRegression(), {"C": FloatDistribution(0.1, 1)}),
    ],
)
def test_meta_estimators_name_bad_weights(binary_data, meta):
    X, y = binary_data
    with pytest.raises(ValueError, match="sample_weight must be non-negative"):
        meta.fit(X, y, sample_weight=np.r_[-1.0, np.ones(len(y) - 1)])


def _small_pipeline():
    return make_imbalanced_pipeline(cv=2, max_epochs=3, random_state=0)


@pytest.mark.slow
def test_the_pipeline_passes_weights_to_its_networks(binary_data, rng):
    X, y = binary_data
    w = rng.uniform(0.1, 3, len(y))
    plain = _small_pipeline().fit(X, y).predict_proba(X)
    weighted = _small_pipeline().fit(X, y, sample_weight=w).predict_proba(X)
    assert np.abs(weighted - plain).max() > 1e-3


@pytest.mark.slow
def test_cross_validate_routes_weights_to_the_networks(binary_data, rng):
    """With metadata routing on, cross_validate's params reach the nets."""
    X, y = binary_data
    w = rng.uniform(0.1, 3, len(y))
    with sklearn.config_context(enable_metadata_routing=True):
        model = (
            _small_pipeline()
            .set_fit_request(sample_weight=True)
            .set_score_request(sample_weight=False)
        )
        model.estimator.named_steps["net"].set_fit_request(sample_weight=True)
        runs = [
            cross_validate(model, X, y, cv=2, params=params, return_estimator=True)[
                "estimator"
            ][0].predict_proba(X)
            for params in ({}, {"sample_weight": w})
        ]
    assert np.abs(runs[1] - runs[0]).max() > 1e-3


def _weight_search(pruner):
    return OptunaSearchCV(
        _Recording(),
        {"C": FloatDistribution(0.1, 10, log=True)},
        n_trials=3,
        cv=3,
        pruner=pruner,
        scoring=["f2", "pr_auc"],
        refit="pr_auc",
        random_state=0,
    )


@pytest.mark.parametrize("pruner", [None, "median"])
def test_search_cuts_weights_per_fold(binary_data, rng, pruner):
    """OptunaSearchCV fits each fold with its rows' weights, with or without
    pruning, and weighs its scores."""
    X, y = binary_data
    w = rng.uniform(0.1, 3, len(y))
    search = _weight_search(pruner).fit(X, y, sample_weight=w)
    np.testing.assert_array_equal(search.best_estimator_.seen_weight_, w)
    unweighted = _weight_search(pruner).fit(X, y)
    assert search.cv_results_["mean_test_pr_auc"][0] != pytest.approx(
        unweighted.cv_results_["mean_test_pr_auc"][0]
    )


@pytest.mark.parametrize("scoring", ["recall_at_precision", "precision_at_recall"])
def test_a_weighted_search_scores_with_the_constrained_scores(
    binary_data, rng, scoring
):
    """Every skimb scorer weighs a weighted search's held-out rows."""
    X, y = binary_data
    w = rng.integers(0, 3, len(y)).astype(float)
    search = OptunaSearchCV(
        LogisticRegression(),
        {"C": FloatDistribution(0.01, 10, log=True)},
        n_trials=2,
        cv=2,
        scoring=scoring,
        random_state=0,
    ).fit(X, y, sample_weight=w)
    assert np.isfinite(search.best_score_)


def _fraud_costs(y, amount, review=5.0):
    """A missed fraud costs its amount; every alarm costs a review."""
    cost = np.zeros((len(y), 2, 2))
    cost[:, :, 1] = review
    cost[:, 1, 0] = amount
    return cost


def _total_cost(cost, y, flagged):
    return cost[np.arange(len(y)), y, flagged.astype(int)].sum()


def test_example_cost_threshold_is_the_cheapest(binary_data, rng):
    """With per-row costs the chosen threshold has the least total cost."""
    X, y = binary_data
    amount = rng.lognormal(3, 1, len(y))
    cost = _fraud_costs(y, amount)
    model = LogisticRegression().fit(X, y)
    tuned = ThresholdOptimizer(
        model, objective="example_cost", cv="prefit", prefer_default=None
    ).fit(X, y, sample_cost=cost)
    score = model.predict_proba(X)[:, 1]
    costs = [_total_cost(cost, y, score >= t) for t in np.r_[np.unique(score), 2.0]]
    assert _total_cost(cost, y, score >= tuned.threshold_) == pytest.approx(min(costs))
    fixed = _total_cost(cost, y, tuned.predict(X) == 1)
    assert fixed == pytest.approx(min(costs))


@pytest.mark.parametrize(
    "params, fit, match",
    [
        ({"objective": "example_cost"}, {}, "go together"),
        ({}, {"sample_cost": np.zeros((300, 2, 2))}, "go together"),
        ({"objective": "example_cost"}, {"sample_cost": np.zeros((300, 2))}, "2 x 2"),
    ],
)
def test_example_cost_needs_its_costs(binary_data, params, fit, match):
    X, y = binary_data
    with pytest.raises(ValueError, match=match):
        ThresholdOptimizer(LogisticRegression(), **params).fit(X, y, **fit)
