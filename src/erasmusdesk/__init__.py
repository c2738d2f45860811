"""Erasmus Desk: the international office's system for Erasmus+."""

__version__ = "0.1.0"
