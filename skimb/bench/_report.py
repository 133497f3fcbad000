"""Tables, ranks and the plot of a benchmark run."""

import numpy as np
import pandas as pd

__all__ = [
    "METRICS",
    "mean_ranks",
    "per_dataset",
    "summary",
    "tuning_losses",
    "write_report",
]

METRICS = ("pr_auc", "f2", "gmean", "balanced_accuracy", "fit_time")


def per_dataset(results, metric):
    """Mean over folds: one row per data set, one column per method.

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
    return results.pivot_table(index="dataset", columns="method", values=metric)


def mean_ranks(results, metric):
    """Mean over data sets of each method's rank (1 = best; time: fastest).

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
    table = per_dataset(results, metric)
    ascending = metric == "fit_time"
    return table.rank(axis=1, ascending=ascending, method="average").mean()


def summary(results):
    """Per method: the mean of every metric over data sets and the mean ranks.

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
    rows = results[results["method"] == method]
    means = rows.groupby("dataset")[["f2", "f2_at_0.5"]].mean()
    return sorted(means.index[means["f2"] < means["f2_at_0.5"] - 1e-12])


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

    Returns
    -------
    markdown : str
        The report's text (also in ``report.md``).
    """
    results.to_csv(out / "results.csv", index=False)
    table = summary(results)
    table.to_csv(out / "summary.csv")
    table.index.name = "method"
    parts = [
        "# skimb bench",
        f"{results['dataset'].nunique()} data sets, "
        f"{results['fold'].nunique()}-fold stratified CV, same folds for all methods.",
        "## Means over data sets and mean ranks (1 = best)",
        _markdown(table),
    ]
    for metric in ("pr_auc", "f2", "gmean"):
        wide = per_dataset(results, metric)
        wide.loc["MEAN"] = wide.mean()
        parts += [f"## {metric} per data set", _markdown(wide)]
    if "skimb" in set(results["method"]):
        losses = tuning_losses(results)
        parts.append(
            f"skimb's tuned F2 is below its F2 at the 0.5 threshold on {len(losses)} "
            f"of {results['dataset'].nunique()} data sets"
            + (f": {', '.join(losses)}." if losses else ".")
        )
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
