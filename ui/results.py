"""The window's one set of result settings and its results service.

Every page reads the same :class:`~slaplanner.results.ResultSettings` (the rate level chosen on
the Overview, the runs and seed chosen on the Simulation page) and the same
:class:`~slaplanner.results.ResultsService`, so the Simulation page and the Export page show one
simulation, and the exported SLA uses the rate level the room is looking at.
"""

from __future__ import annotations

from dataclasses import replace

from slaplanner.engine.funnel import Scenario
from slaplanner.results import ResultSettings, ResultsService
from ui.qt import QObject, Signal


class SharedResults(QObject):
    """The result settings of one window and the service that keeps its last simulation.

    Signals:
        settingsChanged(object): the settings changed; carries the new ResultSettings.
    """

    settingsChanged = Signal(object)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = ResultSettings()
        self.service = ResultsService()

    @property
    def settings(self) -> ResultSettings:
        return self._settings

    def update(self, **changes: object) -> None:
        """Change some settings (``scenario``, ``runs``, ``seed``); a refused value raises
        :class:`~slaplanner.errors.ValidationError` and nothing changes."""
        settings = replace(self._settings, **changes)  # type: ignore[arg-type]
        if settings != self._settings:
            self._settings = settings
            self.settingsChanged.emit(settings)

    def set_scenario(self, scenario: Scenario) -> None:
        self.update(scenario=scenario)
