import re
import subprocess
import sys

import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score

import skimb
from skimb.bench import (
    BASE_METHODS,
    METHODS,
    best_ranked,
    check_out_dir,
    mean_ranks,
    per_dataset,
    run_benchmark,
    seed_summaries,
    summary,
    tuning_losses,
    write_report,
)
from skimb.bench._catalog import METHOD_NAMES
from skimb.bench._methods import method_groups
from skimb.bench._run import _fold_tasks, _scores
from skimb.cli import main
from skimb.metrics import balanced_accuracy, f2_score, gmean_score


def test_run_and_report(tmp_path):
    """A small run gives one row per fold and writes all report files."""
    results = run_benchmark(
        ["glass5"],
        ["logreg_balanced", "logreg_balanced+tuned"],
        folds=2,
        n_jobs=1,
        progress=False,
    )
    assert len(results) == 4
    assert {"pr_auc", "f2", "f2_at_0.5", "gmean", "fit_time"} <= set(results)
    text = write_report(results, tmp_path)
    for name in ("report.md", "results.csv", "summary.csv", "ranks.png"):
        assert (tmp_path / name).stat().st_size > 0
    assert "| logreg_balanced |" in text
    assert set(summary(results).index) == {"logreg_balanced", "logreg_balanced+tuned"}


@pytest.mark.slow
@pytest.mark.parametrize("baseline", ["logreg_balanced", "skorch_mlp"])
def test_shared_fit_scores_as_separate_fits(baseline):
    """A baseline fitted with its tuned version scores as when each runs alone."""
    names = [baseline, f"{baseline}+tuned"]
    options = {"folds": 2, "n_jobs": 1, "progress": False}
    together = run_benchmark(["glass5"], names, **options)
    alone = pd.concat(
        [run_benchmark(["glass5"], [name], **options) for name in names],
        ignore_index=True,
    )
    scores = ["method", "fold", "pr_auc", "f2", "f2_at_0.5", "gmean"]
    pd.testing.assert_frame_equal(together[scores], alone[scores])
    assert (together["fit_time"] > 0).all()


def test_tasks_run_largest_first_and_slowest_methods_first():
    """Tasks start with the largest training folds, tuned pairs before others."""
    groups = method_groups(["skimb", "logreg", "logreg+tuned", "logreg_balanced"])
    tasks = _fold_tasks(["glass5", "page-blocks0"], groups, 2, [0])
    sizes = [len(task[4]) for task in tasks]
    assert sizes == sorted(sizes, reverse=True)
    assert {task[0] for task in tasks[:6]} == {"page-blocks0"}
    # page-blocks0 splits into two folds of one size
    assert [task[1] for task in tasks[:6:2]] == [
        ("logreg", "logreg+tuned"),
        ("skimb",),
        ("logreg_balanced",),
    ]
    assert len(tasks) == 2 * 2 * len(groups)


def test_fold_scores_are_skimb_metrics(binary_data):
    """A fold's scores are those of skimb's public metric functions."""
    X, y = binary_data
    model = LogisticRegression().fit(X[:200], y[:200])
    X_test, y_test = X[200:], y[200:]
    score = model.predict_proba(X_test)[:, 1]
    pred = model.predict(X_test)
    assert _scores(model, X_test, y_test) == {
        "pr_auc": average_precision_score(y_test, score),
        "f2": f2_score(y_test, pred, pos_label=1),
        "f2_at_0.5": f2_score(y_test, (score >= 0.5).astype(int), pos_label=1),
        "gmean": gmean_score(y_test, pred),
        "balanced_accuracy": balanced_accuracy(y_test, pred),
    }


@pytest.mark.parametrize(
    "kwargs, match",
    [
        ({"datasets": ["iris"]}, "Unknown data sets \\['iris'\\]; known: abalone19"),
        ({"methods": ["svm"]}, "Unknown methods \\['svm'\\]; known: skimb"),
    ],
)
def test_unknown_names(kwargs, match):
    """Unknown data set or method names list the known ones."""
    with pytest.raises(ValueError, match=match):
        run_benchmark(**kwargs, folds=2, n_jobs=1, progress=False)


class _FailingFit(LogisticRegression):
    def fit(self, X, y):
        raise ArithmeticError("no fit today")


def test_a_failed_fit_names_its_method_data_set_and_fold():
    """Of the bench's many fits, the error says which one failed, and why."""
    with pytest.raises(
        RuntimeError, match="broken failed on glass5 \\(fold \\d, seed 3\\)"
    ) as err:
        run_benchmark(
            ["glass5"],
            {"broken": lambda s: _FailingFit()},
            folds=2,
            n_jobs=1,
            seed=3,
            progress=False,
        )
    assert "ArithmeticError: no fit today" in str(err.value)
    assert isinstance(err.value.__cause__, ArithmeticError)


def test_unwritable_output(tmp_path):
    """An output folder that cannot be written is a clear error."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(ValueError, match="Cannot write benchmark results"):
        check_out_dir(blocker / "sub")


def test_cli_reports_errors(capsys, tmp_path):
    """The command exits with status 2 and a message on bad input."""
    status = main(["bench", "--datasets", "nope", "--out", str(tmp_path)])
    assert status == 2
    assert "Unknown data sets" in capsys.readouterr().err


def test_cli_runs(capsys, tmp_path):
    """`skimb bench` with explicit small choices prints the report and its run time."""
    status = main(
        [
            "bench",
            "--datasets",
            "ecoli1",
            "--methods",
            "logreg",
            "--folds",
            "2",
            "--jobs",
            "1",
            "--no-progress",
            "--out",
            str(tmp_path),
        ]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "# skimb bench" in printed
    assert re.search(r"Finished in \d+ min \d+ s\.", printed)


def test_cli_version(capsys):
    """`skimb --version` prints the package's version."""
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"skimb {skimb.__version__}"


def test_cli_help_lists_the_methods(capsys):
    """The bench help names every method the benchmark knows."""
    with pytest.raises(SystemExit):
        main(["bench", "--help"])
    printed = " ".join(capsys.readouterr().out.split())
    assert all(name in printed for name in BASE_METHODS)
    assert list(METHODS) == METHOD_NAMES


def test_cli_rejects_an_unknown_method(capsys):
    """An unknown method name is refused by the parser, with the known ones."""
    with pytest.raises(SystemExit) as exit_info:
        main(["bench", "--methods", "catboost"])
    assert exit_info.value.code == 2
    assert "hgb_balanced+tuned" in capsys.readouterr().err


def test_importing_the_command_leaves_torch_unloaded():
    """`import skimb.cli` (what `skimb --help` runs) does not import torch."""
    code = "import sys, skimb.cli; print('torch' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_a_method_whose_package_is_missing_is_skipped_with_a_message(
    capsys, monkeypatch
):
    from skimb.bench import _methods

    monkeypatch.setitem(
        _methods.OPTIONAL_PACKAGES, "logreg", "no_such_package_for_skimb"
    )
    results = run_benchmark(
        ["glass5"],
        ["logreg", "logreg+tuned", "logreg_balanced"],
        folds=2,
        n_jobs=1,
        progress=False,
    )
    assert set(results["method"]) == {"logreg_balanced"}
    err = capsys.readouterr().err
    assert "logreg skipped, no_such_package_for_skimb is not installed" in err
    assert "logreg+tuned skipped" in err
    assert "pip install 'skimb[bench]'" in err


def _scored(seed, dataset, method, score):
    """A results row whose every score is ``score``."""
    return {
        "seed": seed,
        "dataset": dataset,
        "method": method,
        "fold": 0,
        **dict.fromkeys(
            ["pr_auc", "f2", "f2_at_0.5", "gmean", "balanced_accuracy"], score
        ),
        "fit_time": 1.0,
    }


@pytest.fixture
def three_seeds():
    """A wins every data set at seed 0, B at seed 1, and they tie at seed 2.

    Pooled over seeds A scores higher on every data set, so ranking the
    pooled means would put A first; within seeds the two are even.
    """
    scores = {0: {"A": 0.9, "B": 0.1}, 1: {"A": 0.4, "B": 0.5}, 2: {"A": 0.6, "B": 0.6}}
    return pd.DataFrame(
        [
            _scored(seed, dataset, method, score)
            for seed, by_method in scores.items()
            for dataset in ("d1", "d2")
            for method, score in by_method.items()
        ]
    )


def test_ranks_over_seeds_are_the_mean_of_each_seeds_ranks(three_seeds):
    """Methods are ranked within each seed's run, not on means pooled over seeds."""
    ranks = mean_ranks(three_seeds, "pr_auc")
    assert ranks.to_dict() == {"A": 1.5, "B": 1.5}
    assert mean_ranks(three_seeds[three_seeds["seed"] == 0], "pr_auc")["A"] == 1.0


def test_best_ranked_names_each_seeds_leader_and_ties(three_seeds):
    """Each seed has its own leader; tied methods are named together."""
    best = best_ranked(three_seeds, "f2")
    assert best["method"].to_dict() == {0: "A", 1: "B", 2: "A = B"}
    assert best["rank"].to_dict() == {0: 1.0, 1: 1.0, 2: 1.5}


def test_seed_summaries_are_each_seeds_summary(three_seeds):
    """seed_summaries stacks the summary of each seed's rows."""
    table = seed_summaries(three_seeds)
    for seed in (0, 1, 2):
        alone = summary(three_seeds[three_seeds["seed"] == seed])
        pd.testing.assert_frame_equal(
            table.loc[seed], alone, check_names=False, check_like=True
        )


def test_report_of_several_seeds_gives_the_spread_and_each_seeds_leader(
    three_seeds, tmp_path
):
    """The report gives mean (min–max) per method and the leader per seed."""
    text = write_report(three_seeds, tmp_path)
    assert "seeds 0, 1, 2" in text
    # A's AP: 0.9, 0.4 and 0.6 at the three seeds
    assert "| A | 0.633 (0.400–0.900) | 1.500 (1.000–2.000) |" in text
    assert "| 2 | A = B (1.500) | A = B (1.500) | A = B (1.500) |" in text
    # per data set, mean over seeds: A 0.633, B 0.400, and the best of them
    assert "| dataset | A | B | (best) |" in text
    assert "| MEAN | 0.633 | 0.400 | 0.633 |" in text
    by_seed = pd.read_csv(tmp_path / "seed_summaries.csv")
    assert by_seed[["seed", "method"]].value_counts().shape[0] == 6


def test_report_of_one_seed_has_no_spread(three_seeds, tmp_path):
    """A run of one seed reports as before: no spread, no per-seed table."""
    text = write_report(three_seeds[three_seeds["seed"] == 1], tmp_path)
    assert "Spread over seeds" not in text
    assert "seed 1" not in text
    assert not (tmp_path / "seed_summaries.csv").exists()


def test_report_takes_its_folder_as_a_string(three_seeds, tmp_path):
    """write_report writes into a folder given by its path as a str."""
    write_report(three_seeds, str(tmp_path))
    assert (tmp_path / "report.md").exists()


def test_tuning_losses_are_counted_per_seed(tmp_path):
    """Tuning losses are counted in each seed's run, not on pooled means."""
    rows = [
        {**_scored(seed, "d1", "skimb", 0.5), "f2_at_0.5": 0.5 + gain}
        for seed, gain in [(0, 0.1), (1, -0.1)]
    ]
    text = write_report(pd.DataFrame(rows), tmp_path)
    assert "0.5 threshold: seed 0: 1 of 1 (d1); seed 1: 0 of 1." in text


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda r: tuning_losses(r), "Unknown method 'skimb'; the results hold"),
        (lambda r: per_dataset(r, "f3"), "Unknown metric 'f3'; the results hold"),
        (lambda r: mean_ranks(r, "dataset"), "Unknown metric 'dataset'"),
    ],
)
def test_report_functions_name_what_the_results_lack(three_seeds, call, match):
    """A method or metric the results do not hold is an error, not [] or KeyError."""
    with pytest.raises(ValueError, match=match):
        call(three_seeds)


def test_several_seeds_run_each_seed_as_a_run_of_its_own():
    """A seed's rows in a run of several seeds are those of a run of that seed."""
    options = {"folds": 2, "n_jobs": 1, "progress": False}
    both = run_benchmark(["glass5"], ["logreg_balanced"], seed=[0, 3], **options)
    assert both["seed"].tolist() == [0, 0, 3, 3]
    alone = run_benchmark(["glass5"], ["logreg_balanced"], seed=3, **options)
    pd.testing.assert_frame_equal(
        both[both["seed"] == 3].drop(columns="fit_time").reset_index(drop=True),
        alone.drop(columns="fit_time"),
    )


@pytest.mark.parametrize(
    "seed, match",
    [
        ([], "Give at least one seed"),
        ([1, 1], "Seeds must differ; got \\[1, 1\\]"),
        ([0, -1], "non-negative integers; got \\[-1\\]"),
        ([0, 1.5], "non-negative integers; got \\[1.5\\]"),
    ],
)
def test_bad_seeds(seed, match):
    """Empty, repeated, negative or fractional seeds are refused."""
    with pytest.raises(ValueError, match=match):
        run_benchmark(["glass5"], ["logreg"], seed=seed, folds=2, progress=False)


def test_cli_runs_several_seeds(capsys, tmp_path):
    """`skimb bench --seed 0 1` reports each seed's leader and their summaries."""
    options = "--datasets glass5 --methods logreg logreg_balanced --folds 2 --jobs 1"
    status = main(
        ["bench", *options.split(), "--seed", "0", "1", "--no-progress"]
        + ["--out", str(tmp_path)]
    )
    assert status == 0
    printed = capsys.readouterr().out
    assert "## Best mean rank at each seed" in printed
    assert (tmp_path / "seed_summaries.csv").exists()


def test_best_column_is_the_best_method_on_each_data_set(tmp_path):
    """The (best) column takes each data set's best method, so its mean beats all."""
    scores = {("d1", "A"): 0.9, ("d1", "B"): 0.1, ("d2", "A"): 0.2, ("d2", "B"): 0.8}
    rows = [_scored(0, d, m, score) for (d, m), score in scores.items()]
    text = write_report(pd.DataFrame(rows), tmp_path)
    assert "| d2 | 0.200 | 0.800 | 0.800 |" in text
    assert "| MEAN | 0.550 | 0.450 | 0.850 |" in text
