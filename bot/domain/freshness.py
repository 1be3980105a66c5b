"""How fresh the data is: whether an address may be shown, and when the whole list is stale."""

from __future__ import annotations

from datetime import date, timedelta

from bot.domain.prisoner import Prisoner, Status


def address_is_current(prisoner: Prisoner, today: date, max_age_days: int) -> bool:
    """Tell whether the person's facility and address may be offered for letters today.

    Only for a person in prison whose record was confirmed within `max_age_days`: people are
    moved between prisons, and a letter to an old address is a letter lost.
    """
    confirmed = prisoner.confirmed_on
    return (
        prisoner.status is Status.IMPRISONED
        and confirmed is not None
        and today - confirmed <= timedelta(days=max_age_days)
    )


def shows_place(prisoner: Prisoner) -> bool:
    """Tell whether a card may name where the person is held: never after release or death."""
    return prisoner.status in (Status.IMPRISONED, Status.PERSECUTED)


def data_as_of(newest_confirmed: date | None, last_sync: date | None) -> date | None:
    """Return the day the data as a whole was last confirmed: by a record's source or a sync."""
    dates = [d for d in (newest_confirmed, last_sync) if d is not None]
    return max(dates) if dates else None


def stale_days(as_of: date | None, today: date, max_age_days: int) -> int | None:
    """Return how many days old the data is when that is more than `max_age_days`, else None.

    Data never confirmed at all counts as stale from the start.
    """
    if as_of is None:
        return max_age_days + 1
    age = (today - as_of).days
    return age if age > max_age_days else None
