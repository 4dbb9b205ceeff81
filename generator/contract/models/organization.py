"""An organisation that hosts groups, provides training or runs advocacy channels."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from generator.contract.fields import CountryCode, IsoDate, ListingId, LongText, Summary, Text, WebUrl
from generator.contract.models.base import StrictModel
from generator.contract.models.common import Contact


class Organization(StrictModel):
    kind: ClassVar[Literal["organization"]] = "organization"

    id: ListingId = Field(description="The organisation's id, the same as the file name.")
    name: Annotated[Text, Field(max_length=160)] = Field(description="Its name.")
    summary: Summary
    website: WebUrl = Field(description="Its website.")
    country: CountryCode = Field(description="Where it is based, ISO 3166-1.")
    contact: Contact | None = Field(None, description="Public contact details.")
    last_reviewed: IsoDate = Field(description="When the facts were last checked (YYYY-MM-DD).")
    reviewed_by: Text = Field(description="Who checked them.")
    source: LongText = Field(description="What the facts rest on.")
