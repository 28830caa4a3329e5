"""The projects of a project list that prints categories above them, found by the figures alone.

Xi'an's 专项业务经费支出表 prints 通用项目 3,650,000 over 大型活动 150,000 over 审计培训 150,000, then
购买服务 3,500,000 over 购买中介机构审计服务 3,500,000 …: a line equal to the one below it is a level
above it, and a line equal to the sum of the lines right below it is their category. The reading
is taken only when the projects left add up to the table's total (within 1%: some lists miss it by
a line), so that two projects of equal amounts one after the other stay two projects. Used by the
ingest's checks and by the engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def project_leaves(amounts: Sequence[Decimal], total: Decimal) -> list[int]:
    """The positions of the projects among lines of ``amounts`` (all, unless a reading by
    levels and categories adds up to ``total`` where the lines as printed do not)."""
    every = list(range(len(amounts)))
    printed = sum(amounts, Decimal(0))
    if abs(printed - total) <= ROUNDING * (len(amounts) + 1):
        return every  # the lines add up, to their rounding
    kept = list(every)
    while True:
        dropped = next((p for p in range(len(kept) - 1) if _heads(kept, p, amounts)), None)
        if dropped is None:
            break
        del kept[dropped]
    # the projects left add up to the total, or nearly (a list whose own sum misses by a line or
    # two): far nearer than the lines as printed, which count every category twice
    left = sum((amounts[i] for i in kept), Decimal(0))
    nearer = abs(left - total) <= NEAR * abs(total) and 2 * abs(left - total) < abs(printed - total)
    return kept if len(kept) < len(every) and nearer else every


NEAR = Decimal("0.01")  # the share of the total the projects left may miss it by
ROUNDING = Decimal("0.005")  # half a cent a line: lines printed to 0.01 adding up to their total


def _heads(kept: list[int], position: int, amounts: Sequence[Decimal]) -> bool:
    """Whether the line at ``position`` of ``kept`` is the level or category of the lines after it."""
    head = amounts[kept[position]]
    running = Decimal(0)
    for count, index in enumerate(kept[position + 1 :], 1):
        running += amounts[index]
        if running == head and (count >= 2 or amounts[kept[position + 1]] == head):
            return True
        if running > head:
            return False
    return False
