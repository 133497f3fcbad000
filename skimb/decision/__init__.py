"""skimb.decision (in progress)."""

__all__ = []
