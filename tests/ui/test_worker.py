"""Task: runs a core function on a thread, reports progress in 1 % steps, result, error, cancel."""

from __future__ import annotations

import time

from ui.worker import Task, TaskCancelled, running_tasks


def count_to(n, *, progress, cancelled):
    total = 0
    for i in range(n):
        if cancelled():
            raise TaskCancelled
        total += i
        progress(i + 1, n)
    return total


def test_result_and_throttled_progress(qtbot):
    task = Task(count_to, 10_000)
    seen = []
    task.progressed.connect(seen.append)
    with qtbot.waitSignal(task.finished, timeout=5000), qtbot.waitSignal(task.succeeded) as result:
        task.start()
    assert result.args == [sum(range(10_000))]
    assert seen == sorted(set(seen)) and seen[-1] == 100 and len(seen) <= 101
    assert not running_tasks()


def test_error_is_delivered_with_its_message(qtbot):
    def boom(*, progress, cancelled):
        raise ValueError("the plan has no sources")

    task = Task(boom)
    with qtbot.waitSignal(task.failed) as failed, qtbot.waitSignal(task.finished):
        task.start()
    assert failed.args == ["the plan has no sources"]
    assert "ValueError" in task.details


def test_cancel_stops_the_function(qtbot):
    def slow(*, progress, cancelled):
        while not cancelled():
            time.sleep(0.005)
        return "not wanted"

    task = Task(slow)
    with qtbot.waitSignal(task.cancelled, timeout=5000), qtbot.assertNotEmitted(task.succeeded):
        task.start()
        task.cancel()
    task.wait()
    assert not task.is_running()


def test_the_dangling_thread_check_sees_the_task_thread(qtbot, no_dangling_qthreads):
    """The autouse fixture fails a test whose threads still run; it must see ours to do so."""

    def slow(*, progress, cancelled):
        while not cancelled():
            time.sleep(0.005)

    task = Task(slow).start()
    assert task._runner in no_dangling_qthreads and task.is_running()
    with qtbot.waitSignal(task.finished, timeout=5000):
        task.cancel()
    assert task.wait() and not running_tasks()
