"""The basin as one typed, frozen, id-indexed snapshot: what rules, views, alerts and documents read.

- `records`: the immutable records (NamedTuples with dates, int cents, enums);
- `snapshot.Snapshot`: the lists in document order, the indexes by id and the relations;
- `load.load_snapshot(engine_or_connection)`: the whole basin in one query per table;
  `load.load_project_slice(engine, project_id)`: only what one project's documents need;
- `from_v1.snapshot_from_v1(data)`: the adapter for the format v1 edge and the tests;
- `defaults`: the programme's default settings, defined once.

Format v1 (ISO strings, nested dicts) lives only in `interchange/`; nothing here knows it but
`from_v1`. Figures computed from a snapshot are in `rules.figures`.
"""

from .from_v1 import snapshot_from_v1
from .load import load_project_slice, load_snapshot
from .snapshot import AdvanceMovements, Snapshot

__all__ = ["AdvanceMovements", "Snapshot", "load_project_slice", "load_snapshot", "snapshot_from_v1"]
