"""Shared widgets: tables, forms, date field, messages, undo, charts, PDF preview."""
