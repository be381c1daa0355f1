"""ALIZÉ Desktop: the office program of an ALIZÉ local operator."""

__version__ = "1.0.0"
