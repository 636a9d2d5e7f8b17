"""Python's cyclic garbage is collected in the GUI thread only (``ui.gc_collector``): a worker's
allocations once set off the collector in its own thread, which freed an earlier window's widgets
there and crashed the process."""

from __future__ import annotations

import gc
import threading
import weakref

from ui import gc_collector


class _Cycle:
    def __init__(self) -> None:
        self.me = self


def test_the_gui_thread_collects_and_a_worker_never_does(qtbot, qapp):
    collector = gc_collector.install(qapp)
    assert gc_collector.install(qapp) is collector  # one per application
    assert not gc.isenabled()
    threads: list[int] = []

    def record(phase: str, info: dict) -> None:
        if phase == "start":
            threads.append(threading.get_ident())

    gc.callbacks.append(record)
    try:
        # A worker allocating far past every threshold: no collection in its thread.
        def allocate() -> None:
            for _ in range(20):
                [_Cycle() for _ in range(gc.get_threshold()[0] * 5)]

        worker = threading.Thread(target=allocate)
        worker.start()
        worker.join()
        assert threading.get_ident() != worker.ident and worker.ident not in threads
        # Garbage in a cycle is freed by the GUI thread's timer.
        ref = weakref.ref(_Cycle())
        for _ in range(gc.get_threshold()[0] + 1):
            _Cycle()
        qtbot.waitUntil(lambda: ref() is None, timeout=5 * gc_collector.INTERVAL_MS)
        assert threads and set(threads) == {threading.get_ident()}
    finally:
        gc.callbacks.remove(record)
