"""Fields and parts shared by every kind of listing."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import Field, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from generator.contract.fields import (
    CountryCode,
    Email,
    IsoDate,
    LanguageTag,
    ListingId,
    LongText,
    Markdown,
    Phone,
    RegionCode,
    Summary,
    Term,
    Text,
    WebUrl,
)
from generator.contract.models.base import StrictModel

Status = Literal["active", "paused", "closed"]


def field_error(field: str | tuple[str | int, ...], message: str) -> PydanticCustomError:
    """An error from a model-level check, reported at `field` (or a path such as ("meetings", 0)) of that model."""
    return PydanticCustomError("peerdir_field", message, {"field": field})


def duplicate(values: list, field: str) -> PydanticCustomError | None:
    """The error for the first value listed twice, if any."""
    seen: set = set()
    for value in values:
        if value in seen:
            return field_error(field, f"lists '{value}' more than once")
        seen.add(value)
    return None


def unique(values: list, field: str) -> None:
    error = duplicate(values, field)
    if error is not None:
        raise error


def raise_all(errors: list[PydanticCustomError | None]) -> None:
    """Raise every problem a model-level check found at once (one error per field), so a
    contributor sees them all in one run instead of one per fix."""
    found = [error for error in errors if error is not None]
    if len(found) == 1:
        raise found[0]
    if found:
        problems = [(error.context["field"] if error.context else "", error.message()) for error in found]
        raise PydanticCustomError("peerdir_fields", "; ".join(message for _, message in problems), {"problems": problems})




class Contact(StrictModel):
    email: Email | None = Field(None, description="A public e-mail address of the group or organisation (never a private person's).")
    phone: Phone | None = Field(None, description="A public phone number in international form, in quotes, e.g. '+44 20 7946 0000'.")
    form: WebUrl | None = Field(None, description="A web page with a contact form.")

    @model_validator(mode="after")
    def _not_empty(self) -> Contact:
        if not (self.email or self.phone or self.form):
            raise field_error("email", "'contact' needs at least one of email, phone or form")
        return self


class Cost(StrictModel):
    kind: Term("cost") = Field(description="free, donation, paid or sliding_scale.")
    note: Text | None = Field(None, description="What it costs and what that covers; required unless free or donation.")

    @model_validator(mode="after")
    def _note_when_paid(self) -> Cost:
        if self.kind in ("paid", "sliding_scale") and not self.note:
            raise field_error("note", f"a '{self.kind}' cost needs a 'note' saying what it costs")
        return self


class Place(StrictModel):
    """Where a listing is, down to a region; used where no street address is needed."""

    country: CountryCode = Field(description="Two-letter ISO 3166-1 country code, e.g. GB, US, IE.")
    region: RegionCode | None = Field(None, description="ISO 3166-2 region code, e.g. GB-ENG or US-GA.")

    @model_validator(mode="after")
    def _region_in_country(self) -> Place:
        if self.region and not self.region.startswith(self.country + "-"):
            raise field_error("region", f"'{self.region}' is not a region of '{self.country}'")
        return self


class ListingBase(StrictModel):
    id: ListingId = Field(description="The listing's id: lower-case words joined by hyphens, the same as the file name.")
    name: Annotated[Text, Field(max_length=120)] = Field(description="The name people know it by.")
    summary: Summary
    description: Markdown | None = Field(None, description="Optional longer description in Markdown (no HTML).")
    website: WebUrl | None = Field(None, description="Its own web page, https:// preferred.")
    topics: Annotated[list[Term("topics")], Field(min_length=1, max_length=12)] = Field(
        description="Topics it covers, from directory/vocabularies/topics.yml."
    )
    audiences: Annotated[list[Term("audiences")], Field(min_length=1, max_length=8)] = Field(
        description="Who it is for, from directory/vocabularies/audiences.yml ('everyone' if open to all)."
    )
    languages: Annotated[list[LanguageTag], Field(min_length=1, max_length=20)] = Field(
        description="Languages it is offered in, as BCP 47 tags: en, es, fr, pt-BR..."
    )
    status: Status = Field(description="active, paused (temporarily not running) or closed.")
    status_note: Text | None = Field(None, description="Why it is paused or closed, or when it resumes.")
    last_reviewed: IsoDate = Field(description="When the facts were last checked (YYYY-MM-DD).")
    reviewed_by: Text = Field(description="Who checked them: a GitHub user name or the organisation.")
    source: LongText = Field(description="What the facts rest on: the pages or people they were checked against.")

    @model_validator(mode="after")
    def _all_checks(self, info: ValidationInfo) -> ListingBase:
        # "Today" comes from the validation context (the CLI's --today, a test's fixed day), else the clock.
        raise_all(self.consistency_errors((info.context or {}).get("today") or dt.date.today()))
        return self

    def consistency_errors(self, today: dt.date) -> list[PydanticCustomError | None]:
        """Every check across fields; each kind adds its own (one validator, so none hides another)."""
        errors = [duplicate(self.topics, "topics"), duplicate(self.audiences, "audiences"), duplicate(self.languages, "languages")]
        if self.last_reviewed > today + dt.timedelta(days=1):
            errors.append(field_error("last_reviewed", f"{self.last_reviewed.isoformat()} is in the future; write the date the facts were last checked, today ({today.isoformat()}) or earlier"))
        if self.status in ("paused", "closed") and not self.status_note:
            errors.append(field_error("status_note", f"a {self.status} listing needs a 'status_note' saying why (or since when)"))
        return errors
