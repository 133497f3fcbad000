"""TabMNet: an ensemble of MLPs in one network, on embedded numeric features."""

from torch import nn

__all__ = ["TabMNet", "class_probabilities"]


def class_probabilities(logits):
    """Class probabilities of a batch's logits: softmax, averaged over members.

    Logits of shape ``(n, k, n_classes)`` come from ``k`` ensemble members;
    the prediction is the mean of the members' probabilities (Gorishniy et
    al., ICLR 2025). Two-dimensional logits get their softmax.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import class_probabilities
    >>> logits = torch.tensor([[[0.0, 0.0], [0.0, 100.0]]])  # 1 row, 2 members
    >>> class_probabilities(logits).tolist()
    [[0.25, 0.75]]
    """
    proba = logits.softmax(dim=-1)
    return proba.mean(dim=1) if proba.ndim == 3 else proba


class TabMNet(nn.Module):
    """``k`` MLPs trained together in one network (TabM).

    The members share their weights and differ by a few per-member scaling
    vectors (BatchEnsemble), so ``k`` of them cost little more than one;
    each returns its own logits, each is trained on its own loss, and the
    prediction is the mean of their probabilities (Gorishniy et al.,
    "TabM: Advancing Tabular Deep Learning with Parameter-Efficient
    Ensembling", ICLR 2025). With ``d_embedding``, numeric features enter
    through periodic embeddings (Gorishniy et al., "On Embeddings for
    Numerical Features in Tabular Deep Learning", NeurIPS 2022), in their
    "lite" form. The modules are those of the ``tabm`` and
    ``rtdl_num_embeddings`` packages.

    The defaults are sized for a CPU: eight members of two layers of 64, as
    wide as :class:`~skimb.neural.MLP`'s default, no embeddings. The
    package's own defaults (32 members, 512 wide) cost hundreds of times the
    arithmetic of that MLP per row.

    It is not NetClassifier's default network. Under ``skimb bench``'s
    protocol (the twelve KEEL sets, 5-fold, seed 0;
    ``benchmarks/bench_networks.py --networks plain_mlp tabm``),
    ``make_imbalanced_pipeline(module="tabm")`` scored a mean average
    precision of 0.746, F2 of 0.737 and G-mean of 0.886, where the pipeline
    with the plain MLP (no batch normalisation, dropout 0.1) scores 0.753,
    0.744 and 0.895, in 2.4 times its fit time; the pipeline's own MLP, with
    batch normalisation, reaches a higher average precision and F2 (see
    :class:`~skimb.neural.MLP`). TabMNet loses most on two tables of
    one-hot encoded categories (car-good, kr-vs-k-zero_vs_eight) and on
    glass5, and gains on poker-8_vs_6; the pipeline's five fold networks
    already average away much of what members would.

    The output has shape ``(n, k, n_classes)``; NetClassifier's losses and
    scores read it as ``k`` members (``n_members``).

    The members' scaling vectors (``r`` and ``s`` of each layer, started at
    one or at random signs) are left out of NetClassifier's weight decay
    (``undecayed_parameters``). Adam adds an L2 penalty to the gradient
    before normalising it (Loshchilov and Hutter, "Decoupled Weight Decay
    Regularization", ICLR 2019), so a parameter whose loss gradient is small
    is moved by the penalty at up to the learning rate per step; each
    scaling vector serves one member and gets a ``1 / k`` share of the loss's
    gradient, so the penalty would pull the members to zero and towards each
    other. Under ``benchmarks/bench_keel.py --params '{"module": "tabm",
    "refit": false}'`` (NetClassifier alone, seed 0) exempting them raised
    the mean average precision from 0.688 to 0.714 and the G-mean from 0.877
    to 0.892.

    Parameters
    ----------
    n_features : int
        Input features.
    n_classes : int
        Classes.
    k : int, default=8
        Members.
    n_blocks : int, default=2
        Hidden layers of each member.
    d_block : int, default=64
        Width of the hidden layers.
    dropout : float, default=0.1
        Dropout after each hidden layer.
    d_embedding : int or None, default=None
        Size of each numeric feature's periodic embedding (16 is a common
        choice); ``None`` feeds the features as they are.

    Examples
    --------
    >>> import torch
    >>> from skimb.neural import TabMNet
    >>> TabMNet(5, 2, k=4)(torch.zeros(3, 5)).shape
    torch.Size([3, 4, 2])
    """

    def __init__(
        self,
        n_features,
        n_classes,
        *,
        k=8,
        n_blocks=2,
        d_block=64,
        dropout=0.1,
        d_embedding=None,
    ):
        super().__init__()
        # imported here: the packages load only for the networks that use them
        from rtdl_num_embeddings import PeriodicEmbeddings
        from tabm import TabM

        embeddings = (
            None
            if d_embedding is None
            else PeriodicEmbeddings(n_features, d_embedding, lite=True)
        )
        self.n_members = k
        self.undecayed_parameters = ("*.r", "*.s")
        self.tabm = TabM.make(
            n_num_features=n_features,
            d_out=n_classes,
            num_embeddings=embeddings,
            k=k,
            n_blocks=n_blocks,
            d_block=d_block,
            dropout=dropout,
        )

    def forward(self, X):
        return self.tabm(X)
