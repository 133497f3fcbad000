"""skimb.tuning (in progress)."""

__all__ = []
