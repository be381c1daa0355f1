"""A seeded generator of a realistic demo basin, as a format v1 document (INTERCHANGE.md).

``generate_demo_basin(seed, today)`` lays out two partnership conventions relative to ``today``
(the previous one finished, the running one started about two years ago) with their partners,
comité meetings, projects, engagements, advance fund movements, follow-ups and expenses, so that
the demo always looks current. Same seed and same ``today`` give the same document.
"""

from __future__ import annotations

from alize_desktop.demo.builder import generate_demo_basin

__all__ = ["generate_demo_basin"]
