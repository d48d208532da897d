"""Running a few functions in threads at once, with errors and hangs reported."""

import sys
import threading


def run_all(threads, switch_interval: float = 1e-5):
    """Run each function in ``threads`` in a thread of its own, switching between
    them every ``switch_interval`` seconds (often, so that races show every time);
    re-raise the first error any of them raised."""
    errors = []

    def guarded(fn):
        def run():
            try:
                fn()
            except BaseException as err:  # reported in the main thread
                errors.append(err)
        return run

    workers = [threading.Thread(target=guarded(fn)) for fn in threads]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(switch_interval)
    try:
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=60)
    finally:
        sys.setswitchinterval(interval)
    assert not any(w.is_alive() for w in workers), "a thread did not finish"
    if errors:
        raise errors[0]
