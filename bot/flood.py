"""The per-user flood guard: more than N questions a minute → one "slow down", then silence.

    guard = FloodGuard(limit=20)
    verdict = guard.check(now)    # ALLOW, WARN (say "slow down" once) or IGNORE

One guard a user (kept in ``context.user_data``); the clock is passed in, so tests need no sleep.
A user who stays under the limit for a minute is served again, and warned again next time.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

ALLOW = "allow"
WARN = "warn"
IGNORE = "ignore"
WINDOW = 60.0  # seconds


@dataclass(slots=True)
class FloodGuard:
    """A sliding one-minute window of the times a user was served."""

    limit: int
    served: deque[float] = field(default_factory=deque)
    warned: bool = False

    def check(self, now: float) -> str:
        """Count one question at ``now`` (wall-clock seconds, so that a guard kept across a restart
        still holds) and say what to do with it."""
        while self.served and now - self.served[0] >= WINDOW:
            self.served.popleft()
        if len(self.served) < self.limit:
            self.served.append(now)
            self.warned = False
            return ALLOW
        if self.warned:
            return IGNORE
        self.warned = True
        return WARN
