"""Run CPU-heavy work behind the interactive requests: in a thread of lower scheduling priority.

Pure Python (no Django). A placement proposal is seconds of solver time; on the same cores as the web workers it
would make every page wait. At a nice value of 10 the solver gets the cores whenever no page request wants them,
and yields to them when one does. On Linux the nice value is per thread (man 2 setpriority), so the rest of the
process keeps its priority; where that is not so, the work simply runs at normal priority.
"""
from __future__ import annotations

import os
import threading
from typing import Callable, TypeVar

T = TypeVar("T")
BACKGROUND_NICENESS = 10


def run_in_background_priority(work: Callable[[], T], niceness: int = BACKGROUND_NICENESS) -> T:
    """``work()`` in a thread at lower priority; waits for it and returns its result, or raises what it raised."""
    outcome: dict[str, object] = {}

    def thread_main() -> None:
        try:  # never higher priority than the caller had (that would need privileges, and is not the point)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), max(niceness, current_niceness()))
        except (AttributeError, OSError):  # not Linux, or not allowed: run at the priority we have
            pass
        try:
            outcome["result"] = work()
        except BaseException as error:  # noqa: BLE001 - handed to the caller below
            outcome["error"] = error

    thread = threading.Thread(target=thread_main, name="background-priority", daemon=True)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["result"]  # type: ignore[return-value]


def current_niceness() -> int:
    """The calling thread's nice value (Linux: per thread)."""
    return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
