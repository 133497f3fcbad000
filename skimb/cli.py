"""The ``skimb`` command."""

import argparse
import sys
import time

# light imports only: the help and --version must not wait for torch
from . import __version__
from .bench._catalog import BASE_METHOD_DESCRIPTIONS, METHOD_NAMES, QUICK

__all__ = ["main"]


def _methods_help():
    listed = "; ".join(
        f"{name}: {what}" for name, what in BASE_METHOD_DESCRIPTIONS.items()
    )
    return (
        f"methods to compare (default: all). {listed}. Each baseline NAME also "
        "runs as NAME+tuned, its threshold tuned for F2 by scikit-learn's "
        "TunedThresholdClassifierCV."
    )


def _bench(args):
    from .bench import check_out_dir, run_benchmark, write_report

    start = time.perf_counter()
    out = check_out_dir(args.out)
    datasets, methods, folds = args.datasets, args.methods, args.folds
    if args.quick:
        datasets = datasets or QUICK["datasets"]
        methods = methods or QUICK["methods"]
        folds = QUICK["folds"] if folds is None else folds
    results = run_benchmark(
        datasets,
        methods,
        folds=5 if folds is None else folds,
        n_jobs=args.jobs,
        seed=args.seed,
        progress=not args.no_progress,
    )
    print(write_report(results, out))
    print(f"Written: {out}/report.md, results.csv, summary.csv, ranks.png")
    minutes, seconds = divmod(round(time.perf_counter() - start), 60)
    print(f"Finished in {minutes} min {seconds} s.")
    return 0


def main(argv=None):
    """Run the ``skimb`` command line.

    Parameters
    ----------
    argv : list of str, default=None
        Arguments; ``sys.argv[1:]`` by default.

    Returns
    -------
    status : int
        The exit status.
    """
    parser = argparse.ArgumentParser(
        prog="skimb", description="Learning from imbalanced data with neural nets."
    )
    parser.add_argument("--version", action="version", version=f"skimb {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    bench = commands.add_parser(
        "bench",
        help="skimb's pipeline against common baselines on the bundled KEEL data",
    )
    bench.add_argument(
        "--datasets",
        nargs="+",
        help="bundled KEEL data sets (default: all twelve, skimb.datasets.list_keel())",
    )
    bench.add_argument(
        "--methods",
        nargs="+",
        choices=METHOD_NAMES,
        metavar="NAME",
        help=_methods_help(),
    )
    bench.add_argument("--folds", type=int, help="CV folds (default 5; 3 with --quick)")
    bench.add_argument(
        "--quick",
        action="store_true",
        help=f"data sets {', '.join(QUICK['datasets'])}, methods "
        f"{', '.join(QUICK['methods'])}, {QUICK['folds']} folds: about half a minute",
    )
    bench.add_argument("--jobs", type=int, default=2, help="parallel processes")
    bench.add_argument(
        "--seed",
        type=int,
        nargs="+",
        default=[0],
        help="seeds of the folds and methods (default 0); several run the whole "
        "bench once per seed and report each figure's spread over seeds",
    )
    bench.add_argument("--out", default="bench_out", help="output folder")
    bench.add_argument("--no-progress", action="store_true")
    args = parser.parse_args(argv)
    try:
        return _bench(args)
    except ValueError as exc:
        print(f"skimb bench: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
