import warnings

import numpy as np
import pytest

from skimb.decision import (
    Decision,
    best_of_sweep,
    cross_validated_rule,
    f_beta_bound_rule,
    one_se_rule,
)

TUNED = Decision(threshold=0.3, score=0.8, moved=True, reason="sweep")


def test_best_of_sweep_takes_the_midpoint_below_the_best_candidate():
    """The threshold lies midway between the best candidate and the next one."""
    decision = best_of_sweep(np.array([np.inf, 0.9, 0.5, 0.1]), np.array([0, 1, 3, 2]))
    assert decision.threshold == pytest.approx(0.3)
    assert decision.score == 3
    assert decision.moved


@pytest.mark.parametrize(
    "at_default, gains, moved",
    [
        (0.7, np.array([0.0, 0.01, -0.01]), True),  # gain 0.1 > SE
        (0.7, np.array([-0.5, 0.5, 0.0]), False),  # gain 0.1 < SE 0.41
        (-np.inf, np.array([0.0, 0.0]), True),  # default fails a constraint
    ],
)
def test_one_se_rule(at_default, gains, moved):
    """The default is kept exactly when the gain is within its bootstrap SE."""
    decision = one_se_rule(TUNED, 0.5, at_default, gains)
    assert decision.moved is moved
    assert decision.threshold == (0.3 if moved else 0.5)
    assert decision.score == (0.8 if moved else at_default)
    assert ("default kept" in decision.reason) is not moved


@pytest.mark.parametrize(
    "fold_gains, moved",
    [
        ([0.1, 0.12, 0.11, 0.09, 0.1], True),
        ([0.3, -0.2, 0.1, -0.1, 0.0], False),
        # mean 0.143, SE 0.082 (1.7 SE): a gain the 95 % t bound discarded
        ([0.05, 0.3, 0.35, -0.1, 0.115], True),
    ],
)
def test_cross_validated_rule(fold_gains, moved):
    """The tuned threshold stays when the held-out gain beats its SE."""
    decision = cross_validated_rule(TUNED, 0.5, 0.6, fold_gains)
    assert decision.moved is moved
    assert decision.improvement == pytest.approx(np.mean(fold_gains))


@pytest.mark.parametrize(
    "fold_gains, moved, improvement",
    [
        ([np.inf, 0.1, -0.2], True, np.inf),  # only tuning meets the constraint
        ([-np.inf, 0.1, 0.2], False, -np.inf),
        ([np.inf, -np.inf, 0.2], False, 0.0),  # each rule fails it once
    ],
)
def test_cross_validated_rule_with_infinite_gains(fold_gains, moved, improvement):
    """Infinite gains decide by their sign; both signs cancel, quietly."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        decision = cross_validated_rule(TUNED, 0.5, 0.6, fold_gains)
    assert decision.moved is moved
    assert decision.improvement == improvement


def test_cross_validated_rule_needs_two_folds():
    with pytest.raises(ValueError, match="at least two folds"):
        cross_validated_rule(TUNED, 0.5, 0.6, [0.1])


@pytest.mark.parametrize(
    "decision, chosen",
    [
        (Decision(threshold=0.5, score=0.4, moved=False, reason="one-SE"), "default"),
        (TUNED, "tuned"),
    ],
)
def test_f_beta_bound_moves_a_kept_default_or_a_tuned_threshold(decision, chosen):
    """Either threshold moves to the plug-in, and the reason says which it was."""
    moved = f_beta_bound_rule(decision, 0.2, 0.6)
    assert (moved.threshold, moved.score, moved.moved) == (0.2, 0.6, True)
    assert f"F-beta bound: the {chosen} threshold" in moved.reason


def test_f_beta_bound_without_a_plug_in_keeps_the_decision():
    kept = Decision(threshold=0.5, score=0.4, moved=False, reason="one-SE")
    assert f_beta_bound_rule(kept, None, None) is kept
    assert f_beta_bound_rule(TUNED, None, None) is TUNED
