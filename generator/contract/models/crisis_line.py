"""A national crisis line or emergency number, shown on the crisis page."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from generator.contract.fields import CountryCode, DialledNumber, IsoDate, LanguageTag, ListingId, LongText, Summary, Text, WebUrl
from generator.contract.models.base import StrictModel
from generator.contract.models.common import field_error


class TextService(StrictModel):
    number: DialledNumber = Field(description="The number to text, in quotes.")
    keyword: Annotated[Text, Field(max_length=20)] | None = Field(None, description="A word to send, if the service asks for one.")


class CrisisLine(StrictModel):
    kind: ClassVar[Literal["crisis_line"]] = "crisis_line"

    id: ListingId = Field(description="The id, the same as the file name.")
    name: Text = Field(description="The service's name.")
    countries: Annotated[list[CountryCode], Field(min_length=1)] = Field(description="Countries where the number works.")
    emergency: bool = Field(description="true for emergency-services numbers (911, 999, 112, 000...).")
    summary: Summary
    phone: DialledNumber | None = Field(None, description="The number as dialled inside those countries, in quotes.")
    sms: TextService | None = Field(None, description="A text-message service, if there is one.")
    chat: WebUrl | None = Field(None, description="A web chat page, if there is one.")
    website: WebUrl | None = Field(None, description="The service's website, if it has one; leave it out rather than link a page that is not the service's own.")
    hours: Text = Field(description="When it answers, e.g. '24 hours a day, 7 days a week'.")
    languages: list[LanguageTag] = Field(default_factory=list, description="Languages it answers in, BCP 47.")
    cost: Text | None = Field(None, description="What it costs to call, e.g. 'Free'.")
    source: LongText = Field(description="Where the facts come from.")
    last_reviewed: IsoDate = Field(description="When they were last checked.")

    @model_validator(mode="after")
    def _reachable(self) -> CrisisLine:
        if not (self.phone or self.sms or self.chat):
            raise field_error("phone", "a crisis line needs at least one of phone, sms or chat")
        return self
