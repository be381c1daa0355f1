"""The 18-month follow-up of approved projects."""
