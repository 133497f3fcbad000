"""A sampler whose random draws depend on the seed and the trial's number."""

import threading

import numpy as np
from optuna.samplers import BaseSampler, TPESampler

__all__ = ["TrialSeededSampler", "trial_seed"]


def trial_seed(seed, number):
    """The seed of trial ``number`` in a study searched with ``seed``.

    Parameters
    ----------
    seed : int
        The search's seed.
    number : int
        The trial's number in its study.

    Returns
    -------
    seed : int
        Distinct for distinct numbers, the same in every process.

    Examples
    --------
    >>> from skimb.tuning import trial_seed
    >>> trial_seed(0, 4) == trial_seed(0, 4) != trial_seed(0, 5)
    True
    """
    return int(np.random.SeedSequence([seed, number]).generate_state(1)[0])


class TrialSeededSampler(BaseSampler):
    """Optuna's TPE with each trial's random draws seeded by its number.

    A sampler seeded once draws the same sequence in every process: a study
    resumed with the same seed, or joined by several workers with the same
    seed, gets the same proposals again. The study's storage numbers its
    trials uniquely, so a seed derived from ``(seed, trial number)`` gives
    every trial its own draws, whoever runs it, and the same draws when the
    same study is rebuilt from the start. TPE's model of the finished trials
    is unchanged: only its randomness is per trial.

    Parameters
    ----------
    seed : int
        The search's seed.
    make_sampler : callable, default=None
        ``make_sampler(seed) -> optuna sampler`` builds the sampler of one
        trial; ``TPESampler(seed=seed)`` by default.

    Examples
    --------
    >>> import optuna
    >>> from skimb.tuning import TrialSeededSampler
    >>> def draw(study_seed):
    ...     study = optuna.create_study(sampler=TrialSeededSampler(study_seed))
    ...     return [study.ask().suggest_float("x", 0, 1) for _ in range(3)]
    >>> draw(0) == draw(0) and len(set(draw(0))) == 3
    True
    """

    def __init__(self, seed, make_sampler=None):
        self.seed = seed
        self.make_sampler = make_sampler
        self._by_trial = {}
        self._lock = threading.Lock()

    def __getstate__(self):
        # copies and pickles (a trial in a cloned estimator, a worker process)
        # carry the seed, not the lock or the samplers of trials in flight
        return {"seed": self.seed, "make_sampler": self.make_sampler}

    def __setstate__(self, state):
        self.__init__(**state)

    def _sampler(self, trial):
        with self._lock:
            sampler = self._by_trial.get(trial.number)
            if sampler is None:
                make = self.make_sampler or (lambda seed: TPESampler(seed=seed))
                sampler = make(trial_seed(self.seed, trial.number))
                self._by_trial[trial.number] = sampler
            return sampler

    def before_trial(self, study, trial):
        self._sampler(trial).before_trial(study, trial)

    def infer_relative_search_space(self, study, trial):
        return self._sampler(trial).infer_relative_search_space(study, trial)

    def sample_relative(self, study, trial, search_space):
        return self._sampler(trial).sample_relative(study, trial, search_space)

    def sample_independent(self, study, trial, param_name, param_distribution):
        return self._sampler(trial).sample_independent(
            study, trial, param_name, param_distribution
        )

    def after_trial(self, study, trial, state, values):
        self._sampler(trial).after_trial(study, trial, state, values)
        with self._lock:
            self._by_trial.pop(trial.number, None)

    def reseed_rng(self):
        # every trial is seeded by its number already: parallel threads draw apart
        pass
