"""Scores that tell the truth on imbalanced data."""

__all__ = []
