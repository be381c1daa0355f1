"""Import, export, e-mail and backup copies."""
