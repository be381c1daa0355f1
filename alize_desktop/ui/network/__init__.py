"""The « Réseau ALIZÉ » window of the network head (ASTREES): basins, flags, charts, reception."""
