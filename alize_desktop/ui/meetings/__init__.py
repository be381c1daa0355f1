"""Comités d'agrément."""
