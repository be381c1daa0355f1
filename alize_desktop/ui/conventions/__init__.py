"""The three conventions and their wording."""
