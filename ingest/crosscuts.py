"""Columns that cut across a line's parts rather than being one of them: 支出总计 | 基本支出 | 项目支出 |
… | 2026年政府采购项目 (小计 | 其中 中小企业) — what is bought through procurement, out of both. Read by
the ingest's checks and by the engine (a small module: the engine imports it at start-up)."""

CROSS_CUTS = ("政府采购",)


def cuts_across(column: str) -> bool:
    """Whether a column path is one of those (its figures are no part of the line's total)."""
    return any(word in column for word in CROSS_CUTS)
