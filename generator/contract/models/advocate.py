"""A person or organisation sharing lived experience online, listed on a stated basis."""

from __future__ import annotations

import datetime as dt

from typing import Annotated, ClassVar, Literal

from pydantic import Field
from pydantic_core import PydanticCustomError

from generator.contract.fields import IsoDate, ListingId, Term, Text, WebUrl
from generator.contract.models.base import StrictModel
from generator.contract.models.common import ListingBase, Place, field_error


class PlatformLink(StrictModel):
    platform: Term("platforms") = Field(description="Where: website, blog, podcast, youtube, instagram...")
    handle: Annotated[Text, Field(max_length=80)] | None = Field(None, description="The handle or channel name, e.g. '@example'.")
    url: WebUrl = Field(description="The public profile, channel or feed address.")


class Advocate(ListingBase):
    kind: ClassVar[Literal["advocate"]] = "advocate"

    entity: Literal["person", "organization"] = Field(description="person or organization.")
    organization: ListingId | None = Field(None, description="For an organisation: its id in directory/organizations/, if it has one.")
    platforms: Annotated[list[PlatformLink], Field(min_length=1, max_length=12)] = Field(description="Where to follow them.")
    content_notes: list[Text] = Field(
        default_factory=list, description="What a viewer should know before following, e.g. 'Discusses self-harm openly'."
    )
    place: Place | None = Field(None, description="Where they are based, if public: country and optional region.")
    listing_basis: Term("listing_basis") = Field(
        description="Why they may be listed: self_submitted, public_organization or consent_on_file."
    )
    consent_recorded: IsoDate | None = Field(
        None, description="For consent_on_file: the date the person's consent was recorded by the maintainers."
    )

    def consistency_errors(self, today: dt.date) -> list[PydanticCustomError | None]:
        errors = super().consistency_errors(today)
        if self.entity == "person" and self.listing_basis == "public_organization":
            errors.append(field_error("listing_basis", "a person is listed only on their own submission ('self_submitted') or with consent ('consent_on_file')"))
        if self.listing_basis == "consent_on_file" and self.consent_recorded is None:
            errors.append(field_error("consent_recorded", "'consent_on_file' needs 'consent_recorded', the date consent was recorded"))
        if self.listing_basis != "consent_on_file" and self.consent_recorded is not None:
            errors.append(field_error("consent_recorded", "is only for listings with 'listing_basis: consent_on_file'"))
        if self.entity == "person" and self.organization:
            errors.append(field_error("organization", "is only for organisations; a person is not linked to an organisation record"))
        urls = [p.url for p in self.platforms]
        for index, url in enumerate(urls):
            if url in urls[:index]:
                errors.append(field_error("platforms", f"'{url}' is listed twice"))
                break
        return errors

    @property
    def countries(self) -> list[str]:
        return [self.place.country] if self.place else []

    @property
    def regions(self) -> list[str]:
        return [self.place.region] if self.place and self.place.region else []
