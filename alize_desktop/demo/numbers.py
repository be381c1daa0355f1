"""Small arithmetic helpers of the demo generator: identifiers with valid check digits, calendar
helpers and the rate-0 repayment schedule of DOMAIN.md §5.1.

The demo keeps its own copies of these few lines on purpose: it must produce a basin that the
importer accepts without depending on the code it is meant to exercise.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random

# SIREN of La Poste: stdnum applies a different checksum to its establishments, so never draw it.
_LA_POSTE_SIREN = "356000000"


def luhn_check_digit(digits: str) -> str:
    """Return the digit that, appended to ``digits``, makes the whole string pass the Luhn test."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        n = int(ch)
        if i % 2 == 0:  # doubled once the check digit is appended on the right
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return str((10 - total % 10) % 10)


def make_siret(rng: random.Random, used: set[str]) -> str:
    """Draw a fresh 14-digit SIRET: a Luhn-valid SIREN plus a NIC making the SIRET Luhn-valid."""
    while True:
        body = str(rng.randint(3, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(7))
        siren = body + luhn_check_digit(body)
        if siren == _LA_POSTE_SIREN:
            continue
        # NIC "000x" + check digit: head offices usually carry small establishment numbers.
        head = siren + "000" + str(rng.randint(1, 9))
        siret = head + luhn_check_digit(head)
        if siret not in used:
            used.add(siret)
            return siret


def make_french_iban(rng: random.Random, bank_code: str) -> str:
    """Draw a French IBAN for ``bank_code`` (5 digits) with a correct RIB key and IBAN check digits."""
    branch = f"{rng.randint(1, 99999):05d}"
    account = f"{rng.randint(1, 10**11 - 1):011d}"
    rib_key = 97 - (89 * int(bank_code) + 15 * int(branch) + 3 * int(account)) % 97
    bban = f"{bank_code}{branch}{account}{rib_key:02d}"
    # ISO 13616: move "FR00" to the end, letters to numbers (F=15, R=27), check = 98 - mod 97.
    check = 98 - int(bban + "152700") % 97
    return f"FR{check:02d}{bban}"


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus ``months`` calendar months, clipped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    """The ``n``-th ``weekday`` (0 = Monday) of a month, e.g. the second Thursday."""
    first = dt.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + dt.timedelta(days=offset + 7 * (n - 1))


def paris_utc_offset(day: dt.date) -> str:
    """UTC offset of Paris on ``day`` ("+01:00" or "+02:00"), from the EU summer-time rule.

    Computed rather than read from zoneinfo so that the demo does not need tzdata installed.
    """
    start = nth_weekday(day.year, 3, 6, 1)
    while (start + dt.timedelta(days=7)).month == 3:
        start += dt.timedelta(days=7)
    end = nth_weekday(day.year, 10, 6, 1)
    while (end + dt.timedelta(days=7)).month == 10:
        end += dt.timedelta(days=7)
    return "+02:00" if start <= day < end else "+01:00"


def zero_rate_schedule(
    principal_cents: int, duration: int, deferral: int, period: int, base: dt.date
) -> list[tuple[dt.date, int]]:
    """Instalments (due date, cents) of a rate-0 advance per DOMAIN.md §5.1.

    Every due date is computed from ``base`` (the first disbursement), never from the previous one,
    so month-end clipping does not drift; instalments are ``P // n`` and the last takes the rest.
    """
    n = (duration - deferral) // period
    share = principal_cents // n
    return [
        (add_months(base, deferral + k * period), share if k < n else principal_cents - (n - 1) * share)
        for k in range(1, n + 1)
    ]


def iso(value: object) -> object:
    """Recursively turn dates into ISO strings (the format v1 edge); other values pass through."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: iso(v) for k, v in value.items()}
    if isinstance(value, list):
        return [iso(v) for v in value]
    return value
