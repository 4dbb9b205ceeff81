"""A meeting schedule: a recurrence rule in the group's own IANA time zone."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.contract.fields import IsoDate, LocalTime, Term, Text, TimeZoneName
from generator.contract.models.base import StrictModel
from generator.contract.models.common import field_error, raise_all

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
WeekOfMonth = Literal[1, 2, 3, 4, 5, -1]


class Meeting(StrictModel):
    title: Text | None = Field(None, description="Optional name of this meeting, e.g. 'Evening group'.")
    frequency: Literal["weekly", "monthly"] = Field(
        description="'weekly' (every week, or every few weeks with 'interval') or 'monthly' (given weeks of the month)."
    )
    days: Annotated[list[Weekday], Field(min_length=1, max_length=7)] = Field(
        description="Days of the week it meets, e.g. [tuesday, thursday]."
    )
    interval: Annotated[int, Field(ge=1, le=8)] = Field(
        1, description="Weekly meetings only: meets every this many weeks (2 = fortnightly). Needs 'starts_on'."
    )
    weeks_of_month: Annotated[list[WeekOfMonth], Field(min_length=1, max_length=5)] | None = Field(
        None, description="Monthly meetings only: which weeks, 1 to 5 or -1 for the last, e.g. [1, 3] = first and third."
    )
    start_time: LocalTime = Field(description="Start time, 24-hour, in quotes, e.g. '18:30'.")
    end_time: LocalTime | None = Field(None, description="End time, 24-hour, e.g. '20:00'. Give this or 'duration_minutes'.")
    duration_minutes: Annotated[int, Field(ge=10, le=720)] | None = Field(
        None, description="Length in minutes. Give this or 'end_time'; use it for meetings that pass midnight."
    )
    timezone: TimeZoneName = Field(description="IANA time zone of the start time, e.g. 'Europe/London'.")
    starts_on: IsoDate | None = Field(None, description="First date it meets (YYYY-MM-DD), if it has one.")
    ends_on: IsoDate | None = Field(None, description="Last date it meets (YYYY-MM-DD), if it has one.")
    attendance: Term("attendance") | None = Field(
        None, description="Only when this meeting differs from the group: in_person, online, hybrid or phone."
    )
    notes: Text | None = Field(None, description="Anything else about this meeting, in a short sentence.")

    @model_validator(mode="after")
    def _consistent(self) -> Meeting:
        errors: list[PydanticCustomError | None] = []

        def fail(field: str, message: str) -> None:
            errors.append(field_error(field, message))

        if len(set(self.days)) != len(self.days):
            fail("days", "lists a day more than once")
        if self.frequency == "monthly" and not self.weeks_of_month:
            fail("weeks_of_month", "a monthly meeting needs 'weeks_of_month', e.g. [1, 3] for the first and third week")
        if self.frequency == "weekly" and self.weeks_of_month:
            fail("weeks_of_month", "only monthly meetings have 'weeks_of_month'; set 'frequency: monthly' or remove it")
        if self.weeks_of_month and len(set(self.weeks_of_month)) != len(self.weeks_of_month):
            fail("weeks_of_month", "lists a week more than once")
        if self.frequency == "monthly" and self.interval != 1:
            fail("interval", "'interval' is for weekly meetings; for monthly ones use 'weeks_of_month'")
        if self.interval > 1 and self.starts_on is None:
            fail("starts_on", f"a meeting every {self.interval} weeks needs 'starts_on', the date of one meeting, to know which weeks")
        if self.end_time is None and self.duration_minutes is None:
            fail("end_time", "give 'end_time' (such as '20:00') or 'duration_minutes'")
        if self.end_time is not None and self.duration_minutes is not None:
            fail("duration_minutes", "give 'end_time' or 'duration_minutes', not both")
        if self.end_time is not None and self.end_time <= self.start_time:
            fail("end_time", "is not after 'start_time'; for a meeting that passes midnight use 'duration_minutes'")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            fail("ends_on", "is before 'starts_on'")
        if self.starts_on and self.starts_on.weekday() not in {WEEKDAYS.index(d) for d in self.days}:
            fail("starts_on", f"is a {WEEKDAYS[self.starts_on.weekday()]}, not one of the meeting's days")
        raise_all(errors)
        return self

    @property
    def minutes(self) -> int:
        if self.duration_minutes is not None:
            return self.duration_minutes
        assert self.end_time is not None
        return (self.end_time.hour * 60 + self.end_time.minute) - (self.start_time.hour * 60 + self.start_time.minute)
