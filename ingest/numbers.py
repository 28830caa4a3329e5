"""Numbers as the documents print them: 1,199.43 · 557.20 · -6.2 · 850,000 · 13.34%."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

AMOUNT = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(cell: str) -> Decimal | None:
    """The exact amount a cell prints, or None when it is not a plain number."""
    text = cell.strip().replace("，", ",").replace(" ", "")
    if not text or not AMOUNT.match(text):
        return None
    try:
        amount = Decimal(text.replace(",", "").replace("−", "-"))
    except InvalidOperation:
        return None
    # a figure of 10^12 or more is the digits of several cells read as one (the Xi'an 科技局 PDF
    # printed a 25-digit “amount”): no budget line reaches it, and in 分 it would not fit SQLite
    return amount if abs(amount) < LARGEST else None


LARGEST = Decimal(10) ** 12
