"""Stands in for psutil in ``bench_worker_idle.py --no-psutil``: importing fails."""

raise ImportError("psutil hidden by bench_worker_idle.py --no-psutil")
