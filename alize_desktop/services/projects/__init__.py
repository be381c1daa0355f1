"""Companies and their projects."""
