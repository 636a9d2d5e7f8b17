"""The one place that imports the Qt binding (PySide6); the rest of ``ui`` imports from here.

A Qt upgrade or a binding switch touches this file only. Names not re-exported one by one
are reachable through the modules ``QtCore``, ``QtGui`` and ``QtWidgets``.
matplotlib's Qt canvas is imported here too, after PySide6, so it binds to the same Qt.
"""

# ruff: noqa: F401  (this module re-exports; every import is "unused" here)
from __future__ import annotations

from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import (
    Property,
    QAbstractTableModel,
    QByteArray,
    QCoreApplication,
    QDir,
    QEvent,
    QLockFile,
    QMimeData,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QSettings,
    QSignalBlocker,
    QSize,
    QStandardPaths,
    Qt,
    QThread,
    QTimer,
    QUrl,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QBrush,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QIcon,
    QKeyEvent,
    QKeySequence,
    QPalette,
    QShortcut,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QStatusBar,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionHeader,
    QTableView,
    QTabWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

# isort: split
# matplotlib picks the binding already imported (PySide6) for its Qt canvas, so import it after.
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg

QT_VERSION = QtCore.qVersion()

__all__ = [name for name in dir() if not name.startswith("_") and name != "annotations"]
