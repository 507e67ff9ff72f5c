"""Harbour: knowledge graphs from documents, with every fact traceable to its sentence."""

__version__ = "0.1.0"
