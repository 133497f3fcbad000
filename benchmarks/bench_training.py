"""Cost of an epoch of NetClassifier against a hand-written PyTorch loop.

Same MLP (32 -> 64 -> 64 -> 2), same data (200,000 x 32 float32 rows), batch 256,
Adam, one thread. Prints the seconds per epoch of:

- a hand-written loop (shuffled index batches over tensors, forward, backward, step);
- NetClassifier (its tensor data path, all rows for training, no early stopping);
- NetClassifier with batch_sampling="balanced";
- skorch's NeuralNetClassifier with its default Dataset / DataLoader path;

and the ratios to the hand-written loop. It also reports the peak resident memory
growth during NetClassifier's training relative to the size of X.

    python benchmarks/bench_training.py [--epochs 3]
"""

import argparse
import resource
import time

import numpy as np
import torch
from skorch import NeuralNetClassifier

from skimb.neural import MLP, NetClassifier

N, D, BATCH = 200_000, 32, 256


def make_data():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(N, D)).astype(np.float32)
    y = (X[:, 0] + 0.5 * rng.normal(size=N) > 1.5).astype(np.int64)
    return X, y


def hand_written(X, y, epochs):
    torch.manual_seed(0)
    model = MLP(D, 2, hidden_units=(64, 64), dropout=0.0)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
    times = []
    for _ in range(epochs):
        start = time.perf_counter()
        order = torch.randperm(N)
        for i in range(0, N, BATCH):
            idx = order[i : i + BATCH]
            optimizer.zero_grad()
            loss = loss_fn(model(Xt[idx]), yt[idx])
            loss.backward()
            optimizer.step()
        times.append(time.perf_counter() - start)
    return min(times)


def net_epoch(X, y, epochs, **params):
    net = NetClassifier(
        hidden_units=(64, 64),
        dropout=0.0,
        weight_decay=0.0,
        class_weight=None,
        batch_size=BATCH,
        max_epochs=epochs,
        train_split=None,
        early_stopping=False,
        random_state=0,
        **params,
    ).fit(X, y)
    return min(net.history[:, "dur"])


def skorch_epoch(X, y, epochs):
    torch.manual_seed(0)
    net = NeuralNetClassifier(
        MLP,
        module__n_features=D,
        module__n_classes=2,
        module__dropout=0.0,
        criterion=torch.nn.CrossEntropyLoss,
        optimizer=torch.optim.Adam,
        lr=1e-3,
        batch_size=BATCH,
        max_epochs=epochs,
        train_split=None,
        verbose=0,
    ).fit(X, y)
    return min(net.history[:, "dur"])


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    X, y = make_data()
    base = hand_written(X, y, args.epochs)
    before = peak_rss_mb()
    net = net_epoch(X, y, args.epochs)
    growth = peak_rss_mb() - before
    balanced = net_epoch(X, y, args.epochs, batch_sampling="balanced")
    plain = skorch_epoch(X, y, args.epochs)
    print(f"seconds per epoch (best of {args.epochs}), {N:,} x {D}, batch {BATCH}")
    rows = [
        ("hand-written loop", base),
        ("NetClassifier", net),
        ("NetClassifier, balanced batches", balanced),
        ("skorch default data path", plain),
    ]
    for name, seconds in rows:
        print(f"  {name:<32}{seconds:7.3f}   ratio {seconds / base:5.2f}")
    size = X.nbytes / 2**20
    print(f"X is {size:.1f} MiB; peak RSS grew {growth:.1f} MiB in NetClassifier's fit")


if __name__ == "__main__":
    main()
