"""The plan: its records (model and sections), validation, edits and months."""
