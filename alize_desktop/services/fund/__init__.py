"""The advance fund."""
