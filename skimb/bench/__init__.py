"""The benchmark behind ``skimb bench``: protocol, methods and report."""

from .._lazy import lazy_exports

_EXPORTS = {
    "BASE_METHODS": "._methods",
    "METHODS": "._methods",
    "best_ranked": "._report",
    "make_method": "._methods",
    "mean_ranks": "._report",
    "per_dataset": "._report",
    "seed_summaries": "._report",
    "summary": "._report",
    "tuning_losses": "._report",
    "write_report": "._report",
    "QUICK": "._catalog",
    "check_out_dir": "._run",
    "run_benchmark": "._run",
}

__all__ = sorted(_EXPORTS)

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
