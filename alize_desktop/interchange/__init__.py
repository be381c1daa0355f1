"""Format v1 (JSON schema, import, export) and the ASTREES bundle."""
