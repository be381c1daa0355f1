"""Partners and their representatives."""
