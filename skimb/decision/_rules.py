"""The rules that decide a binary threshold, as pure functions of scores.

Each rule takes the decision so far and the numbers it needs, and returns a
new :class:`Decision`: the threshold, its out-of-fold score, whether it moved
away from the estimator's own threshold, and why. ThresholdOptimizer applies
them in this order: the best threshold of the sweep, then at most one rule
that may prefer the default threshold (one-SE or cross-validated), then the
F-beta bound.
"""

from dataclasses import dataclass, replace

import numpy as np

__all__ = [
    "Decision",
    "best_of_sweep",
    "cross_validated_rule",
    "f_beta_bound_rule",
    "mean_and_standard_error",
    "one_se_rule",
]


@dataclass(frozen=True)
class Decision:
    """A threshold, its out-of-fold score, whether it moved, and why.

    Attributes
    ----------
    threshold : float or None
        The decision threshold; None for a multiclass decision (class
        weights).
    score : float
        The objective at ``threshold`` on the out-of-fold predictions.
    moved : bool
        Whether ``threshold`` differs from the estimator's own threshold.
    reason : str
        Which rule decided, with its numbers.
    improvement, improvement_se : float
        The gain of the tuned threshold over the default and its standard
        error, as the rule preferring the default measured them (NaN when no
        such rule ran).
    """

    threshold: float
    score: float
    moved: bool
    reason: str
    improvement: float = float("nan")
    improvement_se: float = float("nan")


def midpoint(thresholds, best):
    """Midway between the chosen candidate score and the next lower one."""
    chosen = thresholds[best]
    if best + 1 < len(thresholds) and np.isfinite(chosen):
        return float((chosen + thresholds[best + 1]) / 2)
    return float(chosen)


def best_of_sweep(thresholds, values):
    """The threshold with the best objective on the sweep (the latest of ties).

    Parameters
    ----------
    thresholds : ndarray
        Candidate thresholds, decreasing.
    values : ndarray
        The objective at each candidate.

    Returns
    -------
    decision : Decision

    Examples
    --------
    >>> import numpy as np
    >>> from skimb.decision import best_of_sweep
    >>> best_of_sweep(np.array([np.inf, 0.8, 0.3]), np.array([0, 0.9, 0.5])).threshold
    0.55
    """
    best = int(np.argmax(values))
    return Decision(
        threshold=midpoint(thresholds, best),
        score=float(values[best]),
        moved=True,
        reason="the best objective of the out-of-fold sweep",
    )


def one_se_rule(tuned, default_threshold, at_default, bootstrap_gains):
    """Keep the default threshold unless the tuned one gains more than its SE.

    Breiman's one-standard-error rule (Breiman et al., "Classification and
    Regression Trees", 1984): the gain of the tuned threshold over the
    default one, on the out-of-fold predictions, must exceed its bootstrap
    standard error. With few positives the best threshold of one sample of
    predictions is mostly noise, and moving to it can cost more than it gains.

    Parameters
    ----------
    tuned : Decision
        The best threshold of the sweep.
    default_threshold : float
        The estimator's own threshold.
    at_default : float
        The objective at the default threshold; not finite when the default
        fails a constraint the tuned threshold meets.
    bootstrap_gains : ndarray
        Bootstrap replicates of the gain. Replicates in which a rule fails the
        objective's constraint (an infinite or NaN gain) are left out of the
        standard error.

    Returns
    -------
    decision : Decision
    """
    if not np.isfinite(at_default):
        return replace(
            tuned,
            reason="the default threshold fails the objective's constraint",
            improvement=np.inf,
            improvement_se=0.0,
        )
    gain = float(tuned.score - at_default)
    se = _finite_std(bootstrap_gains)
    return _tuned_or_default(
        tuned,
        Decision(default_threshold, float(at_default), False, ""),
        keep_tuned=gain > se,
        rule="one-SE rule",
        numbers=f"gain {gain:.4f}, bootstrap standard error {se:.4f}",
        improvement=(gain, se),
    )


def _finite_std(values):
    """Standard deviation of the finite values (0 without any)."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    return float(np.std(finite)) if len(finite) else 0.0


def _tuned_or_default(tuned, default, *, keep_tuned, rule, numbers, improvement):
    """The tuned or the default decision, with the rule's verdict and numbers."""
    chosen = tuned if keep_tuned else default
    # a multiclass decision tunes class weights, not a threshold
    tuned_rule = "class weights" if tuned.threshold is None else "threshold"
    verdict = (
        f"tuning gains, tuned {tuned_rule} used"
        if keep_tuned
        else "no sure gain, default kept"
    )
    return replace(
        chosen,
        reason=f"{rule}: {verdict} ({numbers})",
        improvement=improvement[0],
        improvement_se=improvement[1],
    )


def mean_and_standard_error(gains):
    """Mean and standard error of per-fold gains.

    An infinite gain (a constraint met by one rule only) decides by its sign
    alone, with a standard error of 0; infinite gains of both signs cancel.
    """
    gains = np.asarray(gains, dtype=float)
    if not np.all(np.isfinite(gains)):
        with np.errstate(invalid="ignore"):  # inf - inf: the cancelling case
            total = float(np.sum(gains))
        return (0.0 if np.isnan(total) else total), 0.0
    se = float(np.std(gains, ddof=1) / np.sqrt(len(gains)))
    return float(np.mean(gains)), se


def cross_validated_rule(tuned, default_threshold, at_default, fold_gains):
    """Keep the default threshold unless tuning gains on held-out folds.

    Each fold's gain is that of the threshold chosen on the other folds over
    the default, both scored on the fold itself; the tuned threshold is kept
    when the mean of these gains exceeds its standard error (the one-SE rule
    of Breiman et al., 1984, applied to held-out gains).

    Held-out gains are out of sample: their mean estimates, without the
    optimism of a threshold scored on the predictions that chose it, what
    tuning gains on new rows. A significance test on five of them (a
    one-sided Student-t bound at 95 % needs the mean to exceed 2.13 SE)
    discards most real gains for want of power; one SE still leaves a
    gain within fold noise to the default. Measured on the 12 KEEL sets under
    ``skimb bench``'s folds and on 16 synthetic tables of 4,000 and 16,000
    training rows (0.5 % and 2 % positives), test F2 after each rule, for
    balanced logistic regression, balanced gradient boosting and
    make_imbalanced_pipeline's networks: the one-SE rule was above the 95 %
    t bound in 5 of the 6 pairs (e.g. 0.624 against 0.606 for boosting on
    KEEL, 0.743 against 0.741 for the networks), and lost 0.013 on the
    networks' synthetic tables; it left F2 below the default's on at most 6
    of 60 KEEL folds for any model. ``benchmarks/bench_threshold_rules.py``
    scores make_imbalanced_pipeline's test folds at this rule's threshold, at
    0.5, at the always-tuned one and at each fold's own best.

    Parameters
    ----------
    tuned : Decision
        The sweep's best threshold on all the out-of-fold predictions.
    default_threshold : float
        The threshold kept when the gain is not sure.
    at_default : float
        The objective at the default threshold, out of fold.
    fold_gains : array-like of shape (n_folds,)
        The held-out gain of each fold (at least two).

    Returns
    -------
    decision : Decision
    """
    if len(fold_gains) < 2:
        raise ValueError(
            "prefer_default='cv' needs at least two folds; the splitter gave one."
        )
    mean, se = mean_and_standard_error(fold_gains)
    return _tuned_or_default(
        tuned,
        Decision(default_threshold, float(at_default), False, ""),
        keep_tuned=mean > se,
        rule="cross-validated rule",
        numbers=f"mean held-out gain {mean:.4f}, standard error {se:.4f}",
        improvement=(mean, se),
    )


def f_beta_bound_rule(decision, plug_in_threshold, plug_in_score):
    """Move a threshold that lies above every F-beta optimum down to the plug-in.

    The bound holds whichever rule chose the threshold: a kept default, or a
    tuned one that a sweep over few positives put too high (see
    ``ThresholdOptimizer``'s ``f_beta_bound``). Measured on synthetic tables
    (``make_classification``, 300 to 3,000 training rows, 1 % to 10 %
    positives, three class separations; F2 on 20,000 test rows), with the
    cross-validated rule and ``f_beta_bound="balanced"``: for balanced
    logistic regression the bound fired on a tuned threshold in 11 of 375
    tables and raised F2 there by 0.044 on average (7 up, 4 down); for
    balanced gradient boosting in 5 of 147, by 0.012 (5 up). Going back to
    the default threshold instead lost F2 on both (9 and 4 of those tables
    down).

    Parameters
    ----------
    decision : Decision
        The decision so far.
    plug_in_threshold : float or None
        The plug-in threshold below the decision's (the score whose
        calibrated posterior is ``F / (1 + beta**2)``), or None when the
        decision's threshold is not too strict.
    plug_in_score : float or None
        The objective at ``plug_in_threshold``.

    Returns
    -------
    decision : Decision
    """
    if plug_in_threshold is None:
        return decision
    chosen = "tuned" if decision.moved else "default"
    return replace(
        decision,
        threshold=float(plug_in_threshold),
        score=float(plug_in_score),
        moved=True,
        reason=(
            f"F-beta bound: the {chosen} threshold lies above every "
            "F-beta-optimal threshold; moved to the plug-in threshold"
        ),
    )
