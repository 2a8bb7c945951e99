"""The monthly fee (rules.md §4, 中组发〔2008〕3号, all confirmed):

- salaried (第二条), and others on their average monthly net income (第四条): the whole base at one
  rate, each upper bound inclusive: ≤ 3000 → 0.5 %, ≤ 5000 → 1 %, ≤ 10000 → 1.5 %, above → 2 %;
- retirees (第五条): ≤ 5000 → 0.5 %, above → 1 %;
- students, laid-off or unemployed members, members on 抚恤/救济/低保 (第六条): 0.2 元;
- farmers (第六条): 0.2-1 元, the province sets it: FEE_FARMER_AMOUNT (default 0.5, configurable);
- approved exemption: 0.
Amounts are rounded to the fen (ROUND_HALF_UP). Back-payment ≤ 6 months (第十二条); quarterly
payment with the branch's consent, so up to 3 months in advance.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings

from dangjian.core.errors import ApplicationError
from dangjian.fees import errors
from dangjian.fees.enums import FeeCategory

SALARIED_BRACKETS = [
    (Decimal(3000), Decimal("0.005")),
    (Decimal(5000), Decimal("0.01")),
    (Decimal(10000), Decimal("0.015")),
]
SALARIED_TOP = Decimal("0.02")
RETIRED_BRACKETS = [(Decimal(5000), Decimal("0.005"))]
RETIRED_TOP = Decimal("0.01")
LOW_AMOUNT = Decimal("0.20")
BACK_PAYMENT_MONTHS = 6
AHEAD_MONTHS = 3
MAX_BASE = Decimal("10000000")
CENT = Decimal("0.01")


def farmer_amount() -> Decimal:
    return Decimal(str(getattr(settings, "FEE_FARMER_AMOUNT", "0.5")))


def parse_base(value) -> Decimal:
    """The declared monthly base as Decimal yuan; ApplicationError on the field "base"."""
    if isinstance(value, Decimal):
        base = value
    else:
        try:
            base = Decimal(str(value).strip().replace(",", ""))
        except (InvalidOperation, ValueError):
            raise ApplicationError(errors.ERR_BASE_NUMBER, field="base") from None
    if not base.is_finite():
        raise ApplicationError(errors.ERR_BASE_NUMBER, field="base")
    if base < 0:
        raise ApplicationError(errors.ERR_BASE_NEGATIVE, field="base")
    if base > MAX_BASE:
        raise ApplicationError(errors.ERR_BASE_TOO_BIG, field="base")
    return base.quantize(CENT, rounding=ROUND_HALF_UP)


def rate(category: str, base: Decimal) -> Decimal | None:
    """The rate applied to the base, or None for a fixed amount."""
    if category in (FeeCategory.SALARIED, FeeCategory.OTHER):
        brackets, top = SALARIED_BRACKETS, SALARIED_TOP
    elif category == FeeCategory.RETIRED:
        brackets, top = RETIRED_BRACKETS, RETIRED_TOP
    else:
        return None
    for bound, r in brackets:
        if base <= bound:
            return r
    return top


def monthly_fee(category: str, base) -> Decimal:
    base = parse_base(base)
    r = rate(category, base)
    if r is not None:
        return (base * r).quantize(CENT, rounding=ROUND_HALF_UP)
    if category == FeeCategory.LOW:
        return LOW_AMOUNT
    if category == FeeCategory.FARMER:
        return farmer_amount()
    return Decimal("0.00")


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1
