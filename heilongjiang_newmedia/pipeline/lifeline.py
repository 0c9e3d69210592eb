"""Exit a helper process of the build when the process it serves is gone (no orphans after a killed build)."""
from __future__ import annotations

import os
import threading
import time


def exit_when_gone(pid: int, interval: float, code: int = 0) -> threading.Thread:
    """Start a daemon thread that ends this process with ``os._exit(code)`` once process ``pid`` no longer exists
    (checked every ``interval`` seconds). Used by forked kernels (following their client) and by render workers
    (following the build)."""
    def watch() -> None:
        while True:
            time.sleep(interval)
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                os._exit(code)
            except PermissionError:  # exists, owned by someone else
                pass

    thread = threading.Thread(target=watch, name=f"hlj-follow-{pid}", daemon=True)
    thread.start()
    return thread
