"""The rules that size a fit from its data: batch, step size, epochs, hold-out.

Each is a pure function of a few counts, so that what NetClassifier (and
make_imbalanced_pipeline) does on a table of any size can be read, tested
and overridden one rule at a time.
"""

import math

import numpy as np
import torch

__all__ = [
    "auto_batch_size",
    "auto_learning_rate",
    "auto_n_networks",
    "epochs_within",
    "held_out_share",
    "refits_on_all_rows",
    "resolve_device",
]

#: the batch size of small tables, where the learning rate is REFERENCE_LR
REFERENCE_BATCH = 64
#: Adam's step size at REFERENCE_BATCH (torch's default for Adam)
REFERENCE_LR = 1e-3
#: the largest automatic batch: beyond it a pass takes few steps
MAX_AUTO_BATCH = 4096


def auto_batch_size(n_train):
    """Rows per batch for ``n_train`` training rows: about ``sqrt(n_train)``.

    The power of two nearest to the square root of the number of training
    rows, at least 64 and at most 4,096. An epoch then takes about as many
    steps as a batch has rows, both growing as the square root of the data:
    a table ten times larger gets batches about three times larger (cheaper
    per row, on a CPU as on a GPU) and about three times more steps per pass.
    Tables of up to about 6,000 training rows keep batches of 64, the size
    most studies of networks on small tables train with.

    Parameters
    ----------
    n_train : int
        Training rows.

    Returns
    -------
    batch_size : int

    Examples
    --------
    >>> from skimb.neural import auto_batch_size
    >>> auto_batch_size(3_000), auto_batch_size(900_000), auto_batch_size(10**8)
    (64, 1024, 4096)
    """
    exponent = round(math.log2(max(n_train, 1)) / 2)
    return int(min(max(2**exponent, REFERENCE_BATCH), MAX_AUTO_BATCH))


def auto_learning_rate(batch_size):
    """Adam's step size for ``batch_size``: 1e-3 at 64 rows, scaled by the root.

    ``1e-3 * sqrt(batch_size / 64)``: the square-root scaling rule for
    adaptive optimisers (Malladi et al., "On the SDEs and Scaling Rules for
    Adaptive Gradient Algorithms", NeurIPS 2022; Hoffer et al., "Train
    longer, generalize better", NeurIPS 2017). A batch ``k`` times larger
    averages away ``k`` times the gradient noise, which a ``sqrt(k)`` times
    larger step keeps at the same level.

    The batch carries the data's size into the step; the rare class's count
    needs no term of its own: with balanced class weights its share of a
    batch's gradient, and of the gradient's noise, is the same at every
    batch size, so the rule's ratio holds for every class balance.

    Parameters
    ----------
    batch_size : int
        Rows per batch.

    Returns
    -------
    lr : float

    Examples
    --------
    >>> from skimb.neural import auto_learning_rate
    >>> auto_learning_rate(64), auto_learning_rate(1024)
    (0.001, 0.004)
    """
    return REFERENCE_LR * math.sqrt(batch_size / REFERENCE_BATCH)


def epochs_within(max_epochs, max_steps, batches_per_epoch):
    """The epochs a fit may run: ``max_epochs``, or fewer within ``max_steps``.

    Parameters
    ----------
    max_epochs : int
        Passes over the training rows.
    max_steps : int or None
        Optimizer steps in all; ``None``: no bound.
    batches_per_epoch : int
        Steps per pass.

    Returns
    -------
    epochs : int
        At least 1.

    Examples
    --------
    >>> from skimb.neural import epochs_within
    >>> epochs_within(100, 20_000, 50), epochs_within(100, 20_000, 880)
    (100, 23)
    """
    if max_steps is None:
        return max_epochs
    return max(1, min(max_epochs, math.ceil(max_steps / max(batches_per_epoch, 1))))


def rarest_class_rows(class_counts):
    """Rows of the rarest class that has rows (a class without any is not rarest)."""
    counts = np.asarray(class_counts)
    return int(counts[counts > 0].min())


def held_out_share(class_counts, fraction, rare_rows):
    """Share of every class to hold out: ``fraction``, or less on large data.

    A held-out part is there to measure the rare class: its scores (the
    average precision that early stopping watches, the objective a threshold
    is chosen on) are as steady as the number of rare rows it holds. Beyond
    ``rare_rows`` rows of the rarest class, more held-out rows buy little
    steadiness and cost training rows and time, so the share drops to hold
    ``rare_rows`` of them. With 1,000 rare rows, a recall near one half is
    measured to within about 0.016 (one binomial standard error); a fifth of
    ten million rows would be two million rows not trained on.

    Parameters
    ----------
    class_counts : array-like of int
        Rows per class.
    fraction : float in (0, 1)
        The share held out on smaller data.
    rare_rows : int or None
        Rows of the rarest class the held-out part needs at most; ``None``:
        always ``fraction``.

    Returns
    -------
    share : float

    Examples
    --------
    >>> from skimb.neural import held_out_share
    >>> held_out_share([9_000, 1_000], 0.2, 1_000)
    0.2
    >>> held_out_share([990_000, 10_000], 0.2, 1_000)
    0.1
    """
    if rare_rows is None:
        return fraction
    return min(fraction, rare_rows / rarest_class_rows(class_counts))


#: below this many rows of the rarest class, refit="auto" trains again on all rows
REFIT_RARE_ROWS = 5000


def refits_on_all_rows(class_counts, rare_rows=REFIT_RARE_ROWS):
    """Whether ``refit="auto"`` trains a second network on all rows.

    The held-out rows that choose when to stop are rows the first network
    never learns from: a fifth of the rare class, on a table whose rare
    class has a few dozen rows, is a fifth of all there is to learn about
    it. Trained again on all rows for the epochs that early stopping chose
    (the second procedure of Goodfellow, Bengio and Courville, *Deep
    Learning*, 2016, section 7.8), the network sees them at the cost of a
    second fit. Once the rarest class has ``rare_rows`` rows (5,000, where
    make_imbalanced_pipeline also trains one network on one split instead
    of five), the held-out part holds at most 1,000 of them
    (:func:`held_out_share`), a fifth or less, and the second fit would
    double a long fit for little: the network is not refit.

    On the twelve bundled KEEL sets (``benchmarks/bench_keel.py --seed S``,
    a NetClassifier of one network alone, ``n_networks=1``, 5-fold CV),
    refitting raised the mean average
    precision from 0.705 to 0.725 at seed 0, from 0.717 to 0.736 at seed 1
    and from 0.724 to 0.737 at seed 2, and the mean G-mean at the 0.5
    threshold from 0.862, 0.870 and 0.878 to 0.871, 0.878 and 0.887.

    Parameters
    ----------
    class_counts : array-like of int
        Rows per class of the whole fit (training and held-out rows).
    rare_rows : int, default=5000
        Rows of the rarest class from which the network is not refit.

    Returns
    -------
    refit : bool

    Examples
    --------
    >>> from skimb.neural import refits_on_all_rows
    >>> refits_on_all_rows([1_900, 100]), refits_on_all_rows([990_000, 10_000])
    (True, False)
    """
    return rarest_class_rows(class_counts) < rare_rows


#: networks that n_networks="auto" trains for a fit refit on all rows
AUTO_NETWORKS = 2


def auto_n_networks(refits):
    """Networks that ``n_networks="auto"`` trains: 2 for a refit fit, else 1.

    A fit that is refit on all rows (:func:`refits_on_all_rows`: the
    rarest class has fewer than 5,000 rows) takes its epochs from one
    held-out split, whose few rare rows make the epoch it picks, and so the
    network, vary with the split. A second network, on its own split and
    from its own initial weights, averages that variance away: the
    probabilities of independently trained networks, averaged, rank better
    than one network's (Lakshminarayanan et al., "Simple and Scalable
    Predictive Uncertainty Estimation using Deep Ensembles", NeurIPS 2017).
    A fit that is not refit (a rarest class of 5,000 rows or more, a given
    validation set, ``warm_start``) trains one.

    The second network doubles the fit's time: seconds on a table of a few
    thousand rows, a minute or more on a large table whose rare class is
    that small. On 500,000 rows with 1,470 positives
    (``benchmarks/bench_scale.py --rows 500000 --positives 0.0025
    --net-alone``) the fit took 150 s against 79 s for one network, and the
    test average precision rose from 0.709 to 0.745. Set ``n_networks=1``
    where a fit's time matters more, as in a search over many fits.

    On the twelve bundled KEEL sets (``benchmarks/bench_keel.py --seed S``,
    a NetClassifier alone, 5-fold CV; one network with ``--params
    '{"n_networks": 1}'``), two networks raised the mean average precision
    from 0.725 to 0.738 at seed 0, from 0.736 to 0.742 at seed 1 and from
    0.737 to 0.741 at seed 2; it rose on 20 of the 36 data sets and seeds
    and fell on 5. The mean G-mean at the 0.5 threshold moved from 0.871,
    0.878 and 0.887 to 0.873, 0.874 and 0.879, and a fit took about twice
    as long (a mean of 2.1 to 2.5 seconds a fold against 4.7 to 4.9). A
    third network (``'{"n_networks": 3}'``) added nothing more: 0.736, 0.744
    and 0.740.

    Parameters
    ----------
    refits : bool
        Whether the fit is refit on all rows.

    Returns
    -------
    n_networks : int

    Examples
    --------
    >>> from skimb.neural import auto_n_networks
    >>> auto_n_networks(True), auto_n_networks(False)
    (2, 1)
    """
    return AUTO_NETWORKS if refits else 1


def resolve_device(device):
    """The torch device of ``device``: ``"auto"`` is CUDA when available.

    Any other device is returned as given, once torch knows it and, for a GPU
    (``"cuda"``, ``"mps"``), once this machine's torch can reach one.

    Raises
    ------
    ValueError
        For a device torch does not know, or a GPU this torch cannot use.

    Examples
    --------
    >>> from skimb.neural import resolve_device
    >>> resolve_device("cpu")
    'cpu'
    """
    if isinstance(device, str) and device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    try:
        kind = torch.device(device).type
    except (RuntimeError, TypeError) as exc:
        raise ValueError(f"device={device!r} is not a torch device: {exc}") from None
    check = _GPU_CHECKS.get(kind)
    if check is not None and not check[1]():
        raise ValueError(
            f"device={device!r} asks for a GPU that this torch cannot use "
            f"({check[0]}() is False); use device='auto', a GPU where there is "
            "one, or 'cpu'."
        )
    return device


# the GPU kinds, each with the torch call that says whether one can be used
_GPU_CHECKS = {
    "cuda": ("torch.cuda.is_available", torch.cuda.is_available),
    "mps": ("torch.backends.mps.is_available", torch.backends.mps.is_available),
}
