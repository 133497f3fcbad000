"""Tables, ranks and the plot of a benchmark run."""

from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "METRICS",
    "best_ranked",
    "mean_ranks",
    "per_dataset",
    "seed_summaries",
    "summary",
    "tuning_losses",
    "write_report",
]

METRICS = ("pr_auc", "f2", "gmean", "balanced_accuracy", "fit_time")
# the per-data-set tables' column of the best method's score on each data set
BEST_COLUMN = "(best)"
# the figures whose spread over seeds the report shows
SPREAD_COLUMNS = ("pr_auc", "rank_pr_auc", "f2", "rank_f2", "gmean", "rank_gmean")


def _seeds(results):
    """``(seed, rows)`` per seed; a frame without a seed column is one seed."""
    if "seed" not in results:
        return [(None, results)]
    return list(results.groupby("seed", sort=True))


def per_dataset(results, metric):
    """Mean over folds (and seeds): one row per data set, one column per method.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_benchmark`.
    metric : str
        A score column, e.g. ``"pr_auc"``.

    Returns
    -------
    table : DataFrame
        Data sets by methods.
    """
    _check_column(results, metric, "metric")
    return results.pivot_table(index="dataset", columns="method", values=metric)


def _check_column(results, name, what):
    """``name`` is a score column of the results (numeric, not a key)."""
    scores = [c for c in results.select_dtypes("number") if c not in ("seed", "fold")]
    if name not in scores:
        raise ValueError(f"Unknown {what} {name!r}; the results hold {scores}.")


def mean_ranks(results, metric):
    """Mean over data sets of each method's rank (1 = best; time: fastest).

    With several seeds, methods are ranked within each seed's run and the
    ranks averaged over seeds: a rank compares methods on the same folds.

    Parameters
    ----------
    results : DataFrame
        One row per data set, method and fold (:func:`run_benchmark`).
    metric : str
        A score column.

    Returns
    -------
    ranks : Series
        One mean rank per method (ties share the average rank).
    """
    ascending = metric == "fit_time"
    per_seed = [
        per_dataset(rows, metric)
        .rank(axis=1, ascending=ascending, method="average")
        .mean()
        for _, rows in _seeds(results)
    ]
    return pd.concat(per_seed, axis=1).mean(axis=1)


def summary(results):
    """Per method: the mean of every metric over data sets and the mean ranks.

    With several seeds, both are averaged over the seeds.

    Returns
    -------
    table : DataFrame
        Sorted by the mean rank on average precision.
    """
    columns = {}
    for metric in METRICS:
        columns[metric] = per_dataset(results, metric).mean()
        columns[f"rank_{metric}"] = mean_ranks(results, metric)
    table = pd.DataFrame(columns)
    return table.sort_values("rank_pr_auc")


def seed_summaries(results):
    """:func:`summary` of each seed's run, stacked.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_benchmark`.

    Returns
    -------
    table : DataFrame
        One row per seed and method (index ``seed``, ``method``).
    """
    tables = {seed: summary(rows) for seed, rows in _seeds(results)}
    return pd.concat(tables, names=["seed", "method"])


def best_ranked(results, metric):
    """Per seed, the method with the best mean rank on a metric.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_benchmark`.
    metric : str
        A score column.

    Returns
    -------
    best : DataFrame
        One row per seed: ``method`` (tied methods joined by " = ") and its
        mean ``rank``.
    """
    rows = []
    for seed, seed_rows in _seeds(results):
        ranks = mean_ranks(seed_rows, metric)
        best = ranks.min()
        tied = sorted(ranks.index[np.isclose(ranks, best)])
        rows.append({"seed": seed, "method": " = ".join(tied), "rank": best})
    return pd.DataFrame(rows).set_index("seed")


def _spread(by_seed):
    """Each method's "mean (min–max)" over seeds of SPREAD_COLUMNS.

    ``by_seed`` is :func:`seed_summaries`' table.
    """
    by_seed = by_seed[list(SPREAD_COLUMNS)].groupby(level="method")
    mean, low, high = by_seed.mean(), by_seed.min(), by_seed.max()
    cells = pd.DataFrame(
        {
            column: [
                f"{m:.3f} ({lo:.3f}–{hi:.3f})"
                for m, lo, hi in zip(mean[column], low[column], high[column])
            ]
            for column in SPREAD_COLUMNS
        },
        index=mean.index,
    )
    return cells.loc[mean.sort_values("rank_pr_auc").index]


def tuning_losses(results, method="skimb"):
    """Data sets where a method's tuned F2 is below its F2 at the 0.5 threshold.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_benchmark`.
    method : str, default="skimb"
        The method.

    Returns
    -------
    datasets : list of str
        Sorted names.
    """
    methods = sorted(set(results["method"]))
    if method not in methods:
        raise ValueError(f"Unknown method {method!r}; the results hold {methods}.")
    rows = results[results["method"] == method]
    means = rows.groupby("dataset")[["f2", "f2_at_0.5"]].mean()
    return sorted(means.index[means["f2"] < means["f2_at_0.5"] - 1e-12])


def _tuning_losses_line(results):
    n_datasets = results["dataset"].nunique()
    seeds = _seeds(results)
    counts = []
    for seed, rows in seeds:
        losses = tuning_losses(rows)
        named = f" ({', '.join(losses)})" if losses else ""
        where = f"seed {seed}: " if len(seeds) > 1 else ""
        counts.append(f"{where}{len(losses)} of {n_datasets}{named}")
    return (
        "Data sets where skimb's tuned F2 is below its F2 at the 0.5 threshold: "
        + "; ".join(counts)
        + "."
    )


def _markdown(frame, floatfmt=".3f"):
    header = (
        "| " + " | ".join([frame.index.name or "", *map(str, frame.columns)]) + " |"
    )
    rule = "|" + "---|" * (len(frame.columns) + 1)
    lines = [header, rule]
    for index, row in frame.iterrows():
        cells = [f"{v:{floatfmt}}" if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join([str(index), *cells]) + " |")
    return "\n".join(lines)


def write_report(results, out):
    """Write results.csv, summary.csv, report.md and ranks.png into ``out``.

    The per-data-set tables end with a ``(best)`` column, the highest score
    of any method on each data set; its mean is the bar that a method
    winning everywhere would reach.

    summary.csv holds the means over seeds; with several seeds,
    seed_summaries.csv holds each seed's summary and the report shows each
    figure's range over seeds and the best-ranked method at each seed.

    Parameters
    ----------
    results : DataFrame
        The output of :func:`run_benchmark`.
    out : str or Path
        An existing folder (see :func:`check_out_dir`).

    Returns
    -------
    markdown : str
        The report's text (also in ``report.md``).
    """
    out = Path(out)
    results.to_csv(out / "results.csv", index=False)
    table = summary(results)
    table.to_csv(out / "summary.csv")
    table.index.name = "method"
    seeds = [seed for seed, _ in _seeds(results)]
    several = len(seeds) > 1
    protocol = (
        f"{results['dataset'].nunique()} data sets, "
        f"{results['fold'].nunique()}-fold stratified CV, same folds for all methods"
    )
    if several:
        protocol += f"; seeds {', '.join(map(str, seeds))}, each drawing other folds"
    parts = [
        "# skimb bench",
        protocol + ".",
        "## Means over data sets and mean ranks (1 = best)"
        + (", averaged over seeds" if several else ""),
        _markdown(table),
    ]
    if several:
        by_seed = seed_summaries(results)
        by_seed.to_csv(out / "seed_summaries.csv")
        best = pd.DataFrame(
            {
                metric: [
                    f"{row.method} ({row.rank:.3f})"
                    for row in best_ranked(results, metric).itertuples()
                ]
                for metric in ("pr_auc", "f2", "gmean")
            },
            index=pd.Index(seeds, name="seed"),
        )
        parts += [
            "## Spread over seeds: mean (min–max) of each seed's figure",
            _markdown(_spread(by_seed)),
            "## Best mean rank at each seed",
            _markdown(best),
        ]
    for metric in ("pr_auc", "f2", "gmean"):
        wide = per_dataset(results, metric)
        # the best score of any method on each data set
        wide[BEST_COLUMN] = wide.max(axis=1)
        wide.loc["MEAN"] = wide.mean()
        title = f"## {metric} per data set" + (", mean over seeds" if several else "")
        parts += [title, _markdown(wide)]
    if "skimb" in set(results["method"]):
        parts.append(_tuning_losses_line(results))
    markdown = "\n\n".join(parts) + "\n"
    (out / "report.md").write_text(markdown)
    _plot(results, table, out / "ranks.png")
    return markdown


def _plot(results, table, path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 5))
    ranks = table[["rank_pr_auc", "rank_f2", "rank_gmean"]]
    y = np.arange(len(ranks))
    for i, column in enumerate(ranks.columns):
        left.barh(y + (i - 1) * 0.27, ranks[column], height=0.27, label=column[5:])
    left.set_yticks(y, ranks.index)
    left.invert_yaxis()
    left.set_xlabel("mean rank (lower is better)")
    left.legend()
    _plot_per_dataset(right, per_dataset(results, "f2"), "F2")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


_MARKERS = "osD^v<>pXh*"


def _plot_per_dataset(ax, wide, metric):
    """One dot per method and data set, side by side within each data set.

    Data sets are unrelated, so no line joins them; each method has its own
    offset and marker, so that methods with equal scores stay visible. F2
    rather than AP: a ``+tuned`` method only moves the threshold, so its AP
    is its base method's, and one would hide the other.
    """
    x = np.arange(len(wide.index))
    width = 0.8 / max(len(wide.columns), 1)
    for i, method in enumerate(wide.columns):
        ax.plot(
            x - 0.4 + (i + 0.5) * width,
            wide[method],
            linestyle="none",
            marker=_MARKERS[i % len(_MARKERS)],
            markersize=5,
            label=method,
        )
    ax.set_xticks(x, wide.index, rotation=70)
    for boundary in x[:-1] + 0.5:
        ax.axvline(boundary, color="0.9", linewidth=0.8, zorder=0)
    ax.set_ylabel(f"{metric} per data set (mean over folds)")
    ax.legend(fontsize=7)
