"""The benchmark behind ``skimb bench``: protocol, methods and report."""

from ._methods import BASE_METHODS, METHODS, make_method
from ._report import mean_ranks, per_dataset, summary, tuning_losses, write_report
from ._run import QUICK, check_out_dir, run_benchmark

__all__ = [
    "BASE_METHODS",
    "METHODS",
    "QUICK",
    "check_out_dir",
    "make_method",
    "mean_ranks",
    "per_dataset",
    "run_benchmark",
    "summary",
    "tuning_losses",
    "write_report",
]
