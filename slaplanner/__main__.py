"""``python -m slaplanner``: the command line (``python -m slaplanner --help``); the window is
``slaplanner`` or ``python main.py``."""

from __future__ import annotations

import sys

from slaplanner.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
