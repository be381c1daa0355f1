"""The basin's own settings."""
