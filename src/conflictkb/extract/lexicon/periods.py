"""Periods named relative to a publication date, shared by every language's lexicon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from ...model import DatePrecision

__all__ = ["days_ago", "last_month", "last_week", "last_weekend", "this_month", "this_week"]

Period = tuple[date, date, int]


def days_ago(n: int) -> Callable[[date], Period]:
    def period(p: date) -> Period:
        d = p - timedelta(days=n)
        return d, d, DatePrecision.DAY

    return period


def this_week(p: date) -> Period:
    return p - timedelta(days=p.weekday()), p, DatePrecision.WEEK


def last_week(p: date) -> Period:
    monday = p - timedelta(days=p.weekday() + 7)
    return monday, monday + timedelta(days=6), DatePrecision.WEEK


def last_weekend(p: date) -> Period:
    sunday = p - timedelta(days=(p.weekday() + 1) % 7)
    return sunday - timedelta(days=1), sunday, DatePrecision.DAYS_2_6


def this_month(p: date) -> Period:
    return p.replace(day=1), p, DatePrecision.MONTH


def last_month(p: date) -> Period:
    end = p.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end, DatePrecision.MONTH
