"""skimb.sampling (in progress)."""

__all__ = []
