"""A peer support group: in person, online, hybrid or by phone, with its meetings."""

from __future__ import annotations

import datetime as dt

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.contract.fields import CountryCode, ListingId, RegionCode, Term, Text, TimeZoneName, WebUrl
from generator.contract.models.base import StrictModel
from generator.contract.time_zones import UTC_NAME, suggestion
from generator.contract.models.common import Contact, Cost, ListingBase, Place, duplicate, field_error, unique
from generator.contract.models.meeting import Meeting


class Location(Place):
    address: Text | None = Field(None, description="Street address of the venue, if public.")
    locality: Text = Field(description="Town or city.")
    postal_code: Annotated[Text, Field(max_length=12)] | None = Field(None, description="Postal code, in quotes.")
    latitude: Annotated[float, Field(ge=-90, le=90)] | None = Field(None, description="Latitude in decimal degrees.")
    longitude: Annotated[float, Field(ge=-180, le=180)] | None = Field(None, description="Longitude in decimal degrees.")
    venue_notes: Text | None = Field(None, description="How to find the room, parking, step-free entrance...")

    @model_validator(mode="after")
    def _both_coordinates(self) -> Location:
        if (self.latitude is None) != (self.longitude is None):
            raise field_error("longitude" if self.longitude is None else "latitude", "give both latitude and longitude, or neither")
        return self


class AreaServed(StrictModel):
    countries: Annotated[list[CountryCode], Field(min_length=1, max_length=60)] = Field(
        description="Countries whose residents it serves (ISO 3166-1 codes)."
    )
    regions: list[RegionCode] = Field(default_factory=list, description="Regions within those countries, if narrower (ISO 3166-2).")
    timezone: TimeZoneName | None = Field(None, description="For online groups: the time zone it is run from.")

    @model_validator(mode="after")
    def _regions_in_countries(self) -> AreaServed:
        unique(self.countries, "countries")
        for index, region in enumerate(self.regions):
            if region.split("-")[0] not in self.countries:
                raise field_error("regions", f"'{region}' (regions[{index}]) is not in one of the listed countries")
        return self


class Joining(StrictModel):
    method: Term("joining") = Field(description="open (just turn up), registration (sign up first) or referral.")
    meeting_link: WebUrl | None = Field(None, description="Public link to join online meetings, only if the group publishes it.")
    link_on_request: bool = Field(False, description="true when the meeting link is given only on request: then leave out 'meeting_link'.")
    instructions: Text | None = Field(None, description="How to join, in one or two sentences.")

    @model_validator(mode="after")
    def _link_or_request(self) -> Joining:
        if self.meeting_link and self.link_on_request:
            raise field_error("meeting_link", "the link is marked as given only on request ('link_on_request: true'); remove 'meeting_link' or set link_on_request to false")
        return self


class Group(ListingBase):
    kind: ClassVar[Literal["group"]] = "group"

    organization: ListingId | None = Field(None, description="Id of the host organisation in directory/organizations/.")
    attendance: Annotated[list[Term("attendance")], Field(min_length=1, max_length=4)] = Field(
        description="How people take part: in_person, online, hybrid, phone."
    )
    location: Location | None = Field(None, description="The venue, for in-person or hybrid groups with one meeting place.")
    area_served: AreaServed | None = Field(None, description="Countries or regions it serves, for online groups or programmes with many local groups.")
    joining: Joining = Field(description="How someone joins: the way of joining and, for online meetings, the link or that it is given on request.")
    # For a programme of many local groups, the way to an actual meeting: shown as the listing's
    # main call to action, on its page, in the finder and in embeds.
    find_a_group: WebUrl | None = Field(
        None, description="The programme's own page for finding a local group or meeting (its group finder or meeting list), if it has one. Give it only when you are sure of the address."
    )
    meetings: list[Meeting] = Field(default_factory=list, description="Regular meetings. Leave empty if times are not published; never guess.")
    schedule_note: Text | None = Field(None, description="Where times are found when they are not listed, e.g. 'Times vary by local group; see the website.'")
    facilitation: Term("facilitation") = Field(description="peer_led, co_facilitated or professionally_led.")
    cost: Cost = Field(description="What taking part costs.")
    contact: Contact | None = Field(None, description="Public contact details of the group.")
    accessibility: list[Text] = Field(default_factory=list, description="Access features, e.g. 'Step-free access', 'Live captions'.")
    size_limit: Annotated[int, Field(ge=2, le=1000)] | None = Field(None, description="Most people in one meeting, if there is a limit.")
    min_age: Annotated[int, Field(ge=0, le=120)] | None = Field(None, description="Youngest age welcome, if there is one.")
    max_age: Annotated[int, Field(ge=0, le=120)] | None = Field(None, description="Oldest age welcome, if there is one.")
    new_members: bool = Field(True, description="false when the group is not taking new members now.")

    def consistency_errors(self, today: dt.date) -> list[PydanticCustomError | None]:
        errors = [*super().consistency_errors(today), duplicate(self.attendance, "attendance")]
        physical = {"in_person", "hybrid"} & set(self.attendance)
        if physical and self.location is None and self.area_served is None:
            errors.append(field_error("location", f"a group that meets {sorted(physical)[0].replace('_', ' ')} needs a 'location' (or an 'area_served' for a programme of many local groups)"))
        if self.location and self.area_served is None and not physical:
            errors.append(field_error("location", "only in-person or hybrid groups have a 'location'; for an online group give 'area_served'"))
        if self.min_age is not None and self.max_age is not None and self.min_age > self.max_age:
            errors.append(field_error("max_age", f"is lower than min_age ({self.min_age})"))
        for index, meeting in enumerate(self.meetings):
            if meeting.attendance and meeting.attendance not in self.attendance:
                errors.append(field_error(("meetings", index, "attendance"), f"this meeting is '{meeting.attendance}' but the group's 'attendance' does not include it"))
            # UTC is no place's clock: a meeting people go to keeps its place's zone (and its daylight saving).
            taking_part = {meeting.attendance} if meeting.attendance else set(self.attendance)
            if meeting.timezone == UTC_NAME and taking_part & {"in_person", "hybrid"}:
                errors.append(field_error(("meetings", index, "timezone"),
                                          f"'{UTC_NAME}' is only for online meetings; a meeting in a place keeps that place's time zone: {suggestion(UTC_NAME, self.countries)}"))
        if not self.meetings and not self.schedule_note:
            errors.append(field_error("schedule_note", "list the 'meetings', or say in 'schedule_note' where people find the times"))
        return errors

    @property
    def place(self) -> Place | None:
        if self.location:
            return self.location
        if self.area_served and len(self.area_served.countries) == 1:
            regions = self.area_served.regions
            return Place(country=self.area_served.countries[0], region=regions[0] if len(regions) == 1 else None)
        return None

    @property
    def countries(self) -> list[str]:
        found = {self.location.country} if self.location else set()
        if self.area_served:
            found.update(self.area_served.countries)
        return sorted(found)

    @property
    def regions(self) -> list[str]:
        found = {self.location.region} if self.location and self.location.region else set()
        if self.area_served:
            found.update(self.area_served.regions)
        return sorted(found)
