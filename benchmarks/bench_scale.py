"""make_imbalanced_pipeline against LightGBM on a large table.

The data: ``make_classification(rows + 200_000, 32, n_informative=12,
weights=[1 - positives], flip_y=0.001, class_sep=0.8, random_state=0)``, the
last 200,000 rows held out. Each model is fitted on the first ``rows`` rows
and scored on the held-out ones. Printed per model: fit seconds, predict
seconds, test average precision, and the peak resident memory of the process
during the fit and during the predict (the peak is reset before each, so the
figure is what that step needs on top of what was held before it), next to
the size of X as float64.

LightGBM: ``LGBMClassifier(is_unbalance=True, n_jobs=1)``, the reference of
the printed fit-time ratio, and ``LGBMClassifier(n_jobs=1)`` as it comes:
weighting the positives moves a boosted model's decision point but can cost
it ranking, and average precision measures the ranking, so both are shown.
The pipeline's threads are skimb's defaults. Needs ``pip install lightgbm``.

With ``--net-alone``, a NetClassifier without the pipeline (no preprocessing,
no threshold, no fold networks) is fitted too, with one network
(``n_networks=1``) and with its default (``n_networks="auto"``, two networks
where the rarest class has fewer than 5,000 rows), and the ratio of their fit
times is printed.

    python benchmarks/bench_scale.py --rows 1000000
    python benchmarks/bench_scale.py --rows 500000 --positives 0.0025 --net-alone
    python benchmarks/bench_scale.py --rows 10000000 --positives 0.001
    python benchmarks/bench_scale.py --rows 10000000 --device cuda
"""

import argparse
import os
import time

from sklearn.datasets import make_classification
from sklearn.metrics import average_precision_score

from skimb import make_imbalanced_pipeline
from skimb.neural import NetClassifier

TEST_ROWS = 200_000
GIB = 2**30


def reset_peak_rss():
    """Start a new peak-RSS count (Linux: ``clear_refs`` 5 resets VmHWM)."""
    with open(f"/proc/{os.getpid()}/clear_refs", "w") as f:
        f.write("5")


def peak_rss():
    """The process's peak resident memory since the last reset, in bytes."""
    with open(f"/proc/{os.getpid()}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def measure(name, model, X, y, X_test, y_test):
    reset_peak_rss()
    start = time.perf_counter()
    model.fit(X, y)
    fit_s = time.perf_counter() - start
    fit_rss = peak_rss()
    reset_peak_rss()
    start = time.perf_counter()
    score = model.predict_proba(X_test)[:, 1]
    predict_s = time.perf_counter() - start
    predict_rss = peak_rss()
    ap = average_precision_score(y_test, score)
    print(
        f"{name:<26} fit {fit_s:8.1f} s   predict {predict_s:6.2f} s   "
        f"test AP {ap:.4f}   peak RSS fit {fit_rss / GIB:5.2f} GiB, "
        f"predict {predict_rss / GIB:5.2f} GiB",
        flush=True,
    )
    return fit_s


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--positives", type=float, default=0.01)
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--verbose", type=int, default=0)
    parser.add_argument(
        "--skip-lightgbm", action="store_true", help="fit the pipeline only"
    )
    parser.add_argument(
        "--net-alone",
        action="store_true",
        help="also fit a NetClassifier alone, with n_networks=1 and 'auto'",
    )
    args = parser.parse_args()
    start = time.perf_counter()
    X, y = make_classification(
        args.rows + TEST_ROWS,
        32,
        n_informative=12,
        weights=[1 - args.positives],
        flip_y=0.001,
        class_sep=0.8,
        random_state=0,
    )
    X, X_test = X[: args.rows], X[args.rows :]
    y, y_test = y[: args.rows], y[args.rows :]
    print(
        f"{args.rows:,} training rows x 32, {int(y.sum()):,} positives; "
        f"{TEST_ROWS:,} test rows; X is {X.nbytes / GIB:.2f} GiB as float64 "
        f"(made in {time.perf_counter() - start:.0f} s)",
        flush=True,
    )
    times = {}
    if not args.skip_lightgbm:
        from lightgbm import LGBMClassifier

        lgbm = LGBMClassifier(is_unbalance=True, n_jobs=1, verbose=-1)
        times["lightgbm"] = measure("LightGBM is_unbalance", lgbm, X, y, X_test, y_test)
        plain = LGBMClassifier(n_jobs=1, verbose=-1)
        measure("LightGBM as it comes", plain, X, y, X_test, y_test)
    pipeline = make_imbalanced_pipeline(
        random_state=0, device=args.device, verbose=args.verbose
    )
    times["skimb"] = measure("make_imbalanced_pipeline", pipeline, X, y, X_test, y_test)
    if "lightgbm" in times:
        print(
            f"fit time, pipeline / LightGBM: {times['skimb'] / times['lightgbm']:.1f}x"
        )
    print(
        f"pipeline: {len(pipeline.estimator_.models)} network(s), threshold "
        f"{pipeline.threshold_:.3f} (judged by the {pipeline.rule_!r} rule)"
    )
    if args.net_alone:
        measure_net_alone(args, X, y, X_test, y_test)


def measure_net_alone(args, X, y, X_test, y_test):
    """A NetClassifier alone with one network, then with its default."""
    times = {}
    for n_networks in (1, "auto"):
        net = NetClassifier(
            n_networks=n_networks,
            random_state=0,
            device=args.device,
            verbose=args.verbose,
        )
        name = f"NetClassifier n_networks={n_networks!r}"
        times[n_networks] = measure(name, net, X, y, X_test, y_test)
        print(f"{name}: {len(net.nets_)} network(s)")
    print(f"fit time, NetClassifier 'auto' / 1: {times['auto'] / times[1]:.1f}x")


if __name__ == "__main__":
    main()
