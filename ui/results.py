"""The window's one set of result settings and its results service, with live answers.

Every page reads the same :class:`~slaplanner.results.ResultSettings` (the rate level chosen on
the Overview, the runs and seed chosen on the Simulation page) and the same
:class:`~slaplanner.results.ResultsService`, so the Simulation page and the Export page show one
simulation, and the exported SLA uses the rate level the room is looking at.

**Live answers**: after every change of the plan, :class:`SharedResults` waits
:data:`DEBOUNCE_MS` for the next one, then runs the service's quick simulation
(:meth:`~slaplanner.results.ResultsService.quick_simulation`) on a worker thread. A newer change
cancels the quick run of an older plan (its result is dropped, never shown); at most one quick run
is on a thread at a time. Quick runs happen only while a window that shows results is on screen
(:meth:`SharedResults.attach`), so a hidden or closed window computes nothing.
"""

from __future__ import annotations

import contextlib
import weakref
from dataclasses import replace

from slaplanner.engine.funnel import Scenario
from slaplanner.engine.simulation import SimulationCancelled, feasibility_problems, feasibility_summary
from slaplanner.plan.model import Plan
from slaplanner.results import KeptSimulation, ResultSettings, ResultsService
from ui.qt import QObject, QTimer, QWidget, Signal
from ui.worker import Task, TaskCancelled

#: How long after the last edit the quick simulation starts (typing "1", "2", "0" is one run).
DEBOUNCE_MS = 350


def _quick(
    service: ResultsService, plan: Plan, settings: ResultSettings, *, progress: object, cancelled: object
) -> KeptSimulation:
    try:
        return service.quick_simulation(plan, settings, progress=progress, cancelled=cancelled)  # type: ignore[arg-type]
    except SimulationCancelled:
        raise TaskCancelled() from None


class SharedResults(QObject):
    """The result settings of one window, the service that keeps its simulations, and the live
    quick simulation after every edit.

    Signals:
        settingsChanged(object): the settings changed; carries the new ResultSettings.
        documentReplaced(): another plan is open (New, Open, another proposal): every simulation
            kept was forgotten, and a run still on a thread will not be shown.
        simulationKept(): the service kept a simulation (full or quick, from any page or thread).
        quickStarted(object): a quick simulation started; carries the plan it simulates.
        quickFinished(object): the quick simulation of the current plan is kept; carries the
            :class:`~slaplanner.results.KeptSimulation` (a superseded plan's run is dropped silently).
        quickFailed(str): the current plan's quick simulation was refused; carries the message.
    """

    settingsChanged = Signal(object)
    documentReplaced = Signal()
    simulationKept = Signal()
    quickStarted = Signal(object)
    quickFinished = Signal(object)
    quickFailed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._settings = ResultSettings()
        self.service = ResultsService(listener=self._on_kept)
        self.plan: Plan | None = None  # the plan being edited (as the last planChanged said)
        self.quick_task: Task | None = None
        self._quick_plan: Plan | None = None  # the plan the running quick task simulates
        self._refused: tuple[Plan, str] | None = None  # the last plan whose quick run was refused, and why
        self._viewers: list[weakref.ref[QWidget]] = []
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._start_quick)

    @property
    def settings(self) -> ResultSettings:
        return self._settings

    def update(self, **changes: object) -> None:
        """Change some settings (``scenario``, ``runs``, ``seed``, ``load``, ``quick_runs``); a refused
        value raises :class:`~slaplanner.errors.ValidationError` and nothing changes."""
        settings = replace(self._settings, **changes)  # type: ignore[arg-type]
        if settings != self._settings:
            simulated = (settings.seed, settings.load, settings.live_runs) != (
                self._settings.seed,
                self._settings.load,
                self._settings.live_runs,
            )
            self._settings = settings
            self.settingsChanged.emit(settings)
            if simulated and self.plan is not None:
                self.plan_changed(self.plan)  # another seed or load: the quick answer is another one

    def set_scenario(self, scenario: Scenario) -> None:
        self.update(scenario=scenario)

    def _on_kept(self) -> None:
        """The service's listener (any thread): tell the pages in the GUI thread."""
        with contextlib.suppress(RuntimeError):  # the window (and this object) is gone while a run finished
            self.simulationKept.emit()

    # -- live answers ----------------------------------------------------------------------------
    def attach(self, widget: QWidget) -> None:
        """Run quick simulations while ``widget``'s window is on screen (a page that shows them)."""
        self._viewers.append(weakref.ref(widget))

    def live(self) -> bool:
        """True when a window that shows results is on screen and the settings ask for quick runs."""
        if not self._settings.live_runs:
            return False
        for ref in list(self._viewers):
            widget = ref()
            try:
                if widget is not None and widget.window().isVisible():
                    return True
            except RuntimeError:  # deleted on the C++ side
                self._viewers.remove(ref)
        return False

    def current(self, plan: Plan | None = None) -> KeptSimulation | None:
        """The simulation to show for ``plan`` (default: the current plan): its full run if kept, else
        its quick one, else ``None``."""
        plan = plan if plan is not None else self.plan
        return None if plan is None else self.service.current(plan, self._settings)

    def quick_pending(self) -> bool:
        """True while a quick simulation of the current plan is waiting for its debounce or running."""
        return self._timer.isActive() or (self.quick_running() and self._quick_plan == self.plan)

    def quick_running(self) -> bool:
        return self.quick_task is not None and self.quick_task.is_running()

    def plan_changed(self, plan: Plan) -> None:
        """The plan changed (edit, undo, open, switch): supersede an older quick run and, if no
        simulation of ``plan`` is kept, start a quick one :data:`DEBOUNCE_MS` after the last change."""
        self.plan = plan
        if self.quick_running() and self._quick_plan != plan:
            self.quick_task.cancel()  # type: ignore[union-attr]  # superseded: its result is dropped
        if self.current(plan) is not None or not self._settings.live_runs:
            self._timer.stop()
            return
        self._timer.start()  # restarts: only the last of several quick edits is simulated

    def new_document(self) -> None:
        """Another plan is open (New, Open, another proposal, a restore): forget every simulation of
        the previous one (no page shows it as "before your last change"), drop its quick run."""
        self.stop_quick()
        self.service.forget()
        self.documentReplaced.emit()

    def stop_quick(self) -> None:
        """No quick run now (a full run of the plan is starting): stop the debounce, cancel a running one."""
        self._timer.stop()
        if self.quick_running():
            self.quick_task.cancel()  # type: ignore[union-attr]

    def request_quick(self) -> None:
        """Start the quick run of the current plan soon, if it has no simulation kept (after a cancelled full run)."""
        if self.plan is not None:
            self.plan_changed(self.plan)

    def _start_quick(self) -> None:
        plan = self.plan
        if plan is None or self.current(plan) is not None or not self.live():
            return
        if self.quick_running():  # an older plan's run is still stopping: start when it has
            self._timer.start()
            return
        self._quick_plan = plan
        task = Task(_quick, self.service, plan, self._settings, parent=self)
        task.succeeded.connect(self._quick_done)
        task.failed.connect(lambda message, p=plan: self._quick_refused(p, message))
        self.quick_task = task
        self.quickStarted.emit(plan)
        task.start()

    def _quick_done(self, kept: KeptSimulation) -> None:
        if kept.plan == self.plan:  # else superseded by a newer edit: dropped
            self.quickFinished.emit(kept)

    def _quick_refused(self, plan: Plan, message: str) -> None:
        if plan == self.plan:
            self._refused = (plan, refusal_text(plan, message))
            self.quickFailed.emit(self._refused[1])

    def refused(self, plan: Plan) -> str | None:
        """Why the simulation of ``plan`` is refused, in the room's words: its last quick run's
        refusal, else the plan's feasibility problems (a plan opened that way, before any run;
        about half a millisecond); None when it can be simulated."""
        if self._refused is not None and self._refused[0] == plan:
            return self._refused[1]
        problems = feasibility_problems(plan)
        return feasibility_summary(problems) if problems else None


def refusal_text(plan: Plan, message: str) -> str:
    """Why the simulation of ``plan`` was refused, for people: the plan's feasibility problems as one
    sentence ("The simulation could not run: the SDR team has no reps in Mar 2026 while leads
    arrive."), not the fields' paths; any other refusal as its message."""
    problems = feasibility_problems(plan)
    return feasibility_summary(problems) if problems else message
