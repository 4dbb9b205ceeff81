"""A programme that trains or certifies peer specialists / peer support workers."""

from __future__ import annotations

import datetime as dt

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from generator.contract.fields import CountryCode, IsoDate, ListingId, RegionCode, Term, Text
from generator.contract.models.base import StrictModel
from generator.contract.models.common import Contact, Cost, ListingBase, duplicate, field_error


class Jurisdiction(StrictModel):
    country: CountryCode = Field(description="Country where it counts, ISO 3166-1, e.g. US.")
    region: RegionCode | None = Field(None, description="State or region where it counts, ISO 3166-2, e.g. US-GA.")
    certifying_body: Text = Field(description="Who certifies or recognises it there.")
    counts_towards: Text | None = Field(None, description="The certification it counts towards, e.g. 'Certified Peer Specialist (CPS)'.")

    @model_validator(mode="after")
    def _region_in_country(self) -> Jurisdiction:
        if self.region and not self.region.startswith(self.country + "-"):
            raise field_error("region", f"'{self.region}' is not a region of '{self.country}'")
        return self


class Prerequisites(StrictModel):
    lived_experience: bool | None = Field(None, description="true if lived experience of mental health or substance use challenges is required.")
    min_age: Annotated[int, Field(ge=14, le=99)] | None = Field(None, description="Minimum age, if stated.")
    education: Text | None = Field(None, description="Schooling required, e.g. 'High school diploma or equivalent'.")
    other: list[Text] = Field(default_factory=list, description="Other requirements, one a line.")


class Cohort(StrictModel):
    starts_on: IsoDate = Field(description="First day (YYYY-MM-DD).")
    ends_on: IsoDate | None = Field(None, description="Last day, if known.")
    application_deadline: IsoDate | None = Field(None, description="Last day to apply, if any.")
    format: Term("attendance") | None = Field(None, description="in_person, online or hybrid, when it differs by cohort.")
    location: Text | None = Field(None, description="Where, for in-person cohorts.")

    @model_validator(mode="after")
    def _dates(self) -> Cohort:
        if self.ends_on and self.ends_on < self.starts_on:
            raise field_error("ends_on", "is before 'starts_on'")
        if self.application_deadline and self.application_deadline > self.starts_on:
            raise field_error("application_deadline", "is after the cohort starts")
        return self


class Training(ListingBase):
    kind: ClassVar[Literal["training"]] = "training"

    provider: ListingId = Field(description="Id of the provider in directory/organizations/.")
    credential: Text = Field(description="What it awards, e.g. 'Certified Peer Specialist (CPS)' or 'Certificate of completion'.")
    credential_type: Term("credential_types") = Field(description="mental_health, substance_use, integrated, family, youth...")
    jurisdictions: Annotated[list[Jurisdiction], Field(max_length=60)] = Field(
        default_factory=list, description="Where it counts towards certification, and who certifies. Leave empty if it counts nowhere."
    )
    taught_in: Annotated[list[CountryCode], Field(max_length=60)] = Field(
        default_factory=list, description="Countries where it is offered, if not the same as where it counts (ISO 3166-1)."
    )
    format: Annotated[list[Term("attendance")], Field(min_length=1, max_length=4)] = Field(description="in_person, online, hybrid.")
    hours: Annotated[int, Field(ge=1, le=5000)] | None = Field(None, description="Hours of instruction, if published.")
    duration: Text | None = Field(None, description="How long it takes, in words, if published.")
    cost: Cost = Field(description="What the programme costs.")
    prerequisites: Prerequisites | None = Field(None, description="What applicants need.")
    cohorts: list[Cohort] = Field(default_factory=list, description="Upcoming cohorts with dates, if published.")
    funding: list[Text] = Field(default_factory=list, description="Scholarships or funding that can cover the cost.")
    accessibility: list[Text] = Field(default_factory=list, description="Access features, e.g. 'Materials in large print'.")
    contact: Contact | None = Field(None, description="Public contact details for applicants.")

    def consistency_errors(self, today: dt.date) -> list[PydanticCustomError | None]:
        errors = [*super().consistency_errors(today), duplicate(self.format, "format"), duplicate(self.taught_in, "taught_in")]
        if not self.jurisdictions and not self.taught_in:
            errors.append(field_error("jurisdictions", "say where it counts ('jurisdictions') or, if it counts nowhere, where it is offered ('taught_in')"))
        return errors

    @property
    def countries(self) -> list[str]:
        return sorted({j.country for j in self.jurisdictions} | set(self.taught_in))

    @property
    def regions(self) -> list[str]:
        return sorted({j.region for j in self.jurisdictions if j.region})
