"""CRM exports read into the core (lead exports; later the actuals)."""
