"""A host organisation (or training provider) given on a form by id or by name.

An id or name the directory knows becomes the listing's `organization`/`provider`. A name it
does not know never blocks a group's listing: with the organisation's website (the form's next
question) the organisation file is written in the same pull request, from what the form says
and nothing more; without it the group is listed without the link, and the name goes to the
reviewer. A training programme needs its provider, so the form asks for that website instead.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from generator.contract.fields import KEBAB_ID
from generator.kinds import FOLDER_OF_KIND

from generator.contributors import normalise
from generator.contributors.forms.answers import slugify
from generator.contributors.forms.listing_text import dump_listing
from generator.contributors.forms.outcome import Conversion, Directory, FormError, Reading
from generator.contributors.forms.parse import Answer, FormElement

ORGANISATIONS = FOLDER_OF_KIND["organization"]  # the registry of kinds names the folder


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def known_organisation(value: str, directory: Directory) -> str | None:
    """The id of the organisation `value` names, by id or by its display name."""
    if KEBAB_ID.match(value) and directory.names.get(value, ("",))[0] == ORGANISATIONS:
        return value
    wanted = _folded(value)
    for org_id, (folder, name) in sorted(directory.names.items()):
        if folder == ORGANISATIONS and _folded(name) == wanted:
            return org_id
    return None


def organisation_file(name: str, website: str, country: str, listing_name: str, reviewed_by: str, today: dt.date) -> tuple[str, str]:
    """(id, file text) of a new organisation, from the form's words only."""
    org_id = slugify(name)
    data: dict[str, Any] = {
        "id": org_id,
        "name": name,
        "summary": f"{name} is the organisation that runs {listing_name}."[:280],
        "website": website,
        "country": country,
        "last_reviewed": today.isoformat(),
        "reviewed_by": reviewed_by,
        "source": f"Named as the host of {listing_name}, with its website, in an issue form on {today.isoformat()}."[:1000],
    }
    return org_id, dump_listing(ORGANISATIONS, data)


def host_organisation(element: FormElement, website_label: str, value: str, answers: dict[str, Answer], data: dict[str, Any], result: Conversion,
                      directory: Directory, country: str | None, today: dt.date, reviewed_by: str) -> None:
    """Set `data[element.id]` from the answer, or say on `result` why not."""
    if not value:
        return
    known = known_organisation(value, directory)
    if known:
        data[element.id] = known
        if known != value:
            result.readings.append(Reading(element.label, value, known))
        return
    website_id = f"{element.id}_website"
    website_answer = answers.get(website_id)
    listing_name = str(answers.get("name") or "").strip() or "this listing"
    if website_label and isinstance(website_answer, str) and website_answer.strip() and not country:
        result.errors.append(FormError(website_label, "to add the organisation we also need the country it is in: "
                                                      "please answer the question about the country too"))
        return
    if website_label and isinstance(website_answer, str) and website_answer.strip():
        try:
            website = normalise.web_address(website_answer)
        except normalise.Unreadable as error:
            result.errors.append(FormError(website_label, str(error)))
            return
        org_id, text = organisation_file(value, website, country, listing_name, reviewed_by, today)
        data[element.id] = org_id
        result.companions.append((ORGANISATIONS, org_id, text))
        result.told.append(f"{element.label}: '{value}' is not in the directory yet, so its own entry (name, website and country) "
                           "is added in the same pull request for the reviewer to check.")
        result.notes.append(f"new organisation directory/{ORGANISATIONS}/{org_id}.yml from the form: check its summary and source")
        return
    if element.id == "provider" and website_label:
        result.errors.append(FormError(element.label, f"'{value}' is not in the directory yet; give its website under "
                                                      f"'{website_label}' so we can add it with this listing"))
        return
    result.told.append(f"{element.label}: '{value}' is not in the directory yet, so the listing is published without a link to it for now; "
                       "a maintainer adds the organisation.")
    result.notes.append(f"host organisation given by name: '{value}'; add directory/{ORGANISATIONS}/{slugify(value)}.yml "
                        f"and set {element.id}: {slugify(value)}")

