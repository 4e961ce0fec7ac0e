"""Background priority: the work runs at a higher nice value in its own thread, the caller's priority is untouched,
results and exceptions come back as if called directly."""
import sys

import pytest

from velkomst.lib.priority import BACKGROUND_NICENESS, current_niceness, run_in_background_priority


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the nice value is per thread on Linux only")
def test_the_work_runs_at_lower_priority_and_the_caller_keeps_its_own():
    before = current_niceness()
    inside = run_in_background_priority(current_niceness)
    assert inside == max(before, BACKGROUND_NICENESS)
    assert current_niceness() == before


def test_the_result_and_the_exception_come_back():
    assert run_in_background_priority(lambda: 6 * 7) == 42

    def fails():
        raise ValueError("bad instance")

    with pytest.raises(ValueError, match="bad instance"):
        run_in_background_priority(fails)
