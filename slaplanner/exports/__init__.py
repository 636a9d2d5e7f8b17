"""The SLA document (Word, PDF) and the executive workbook, written from one set of results."""
