"""Evaluation against the programme's targets."""
