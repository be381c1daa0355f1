"""The name and version a format v1 document declares (INTERCHANGE.md), apart from the validator so
that writing a document (export, a document's data) does not load the schema machinery."""

FORMAT = "alize-basin"
VERSION = 1
