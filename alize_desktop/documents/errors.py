"""The one exception document builders raise for a request they cannot honour."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document cannot be produced from these data; the message is in French and says why."""
