"""SLA Planner core: the planning model, computations, storage, exports and CLI.

Nothing in this package imports Qt; the desktop UI lives in ``ui/``.
"""

__version__ = "0.1.0"
