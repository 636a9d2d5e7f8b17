"""The ``slaplanner`` command line: argument parsing and printing over the core's functions."""
