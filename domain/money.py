"""Money is integer micro-dollars (1 USD = 1_000_000); floats never hold money."""

from decimal import ROUND_HALF_UP, Decimal

MICROS_PER_USD = 1_000_000


def usd_to_micros(usd: Decimal | str | int) -> int:
    value = Decimal(usd) * MICROS_PER_USD
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def format_usd(micros: int) -> str:
    sign = "-" if micros < 0 else ""
    whole, frac = divmod(abs(micros), MICROS_PER_USD)
    return f"{sign}${whole}.{frac:06d}"
