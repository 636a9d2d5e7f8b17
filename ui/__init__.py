"""The desktop application: Qt windows and widgets, thin adapters over :mod:`slaplanner`.

``ui.qt`` is the only module that imports PySide6; everything else imports from it.
"""
