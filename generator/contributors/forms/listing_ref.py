"""The listing a report or update form names: its id, its web address, or its display name, with
"did you mean" when none matches (rapidfuzz on names and ids)."""

from __future__ import annotations

from urllib.parse import urlsplit

from rapidfuzz import fuzz, process, utils

from generator.contract.fields import KEBAB_ID
from generator.kinds import FOLDER_OF_KIND

from generator.contributors.forms.outcome import Directory, FormError
from generator.contributors.forms.parse import Answer

ORGANISATIONS = FOLDER_OF_KIND["organization"]  # the registry of kinds names the folder
_SHOWN = 3


def _written(answer: Answer) -> str:
    value = (answer if isinstance(answer, str) else "").strip().strip("`").strip()
    if value.startswith(("http://", "https://")):
        path = urlsplit(value).path.rstrip("/")
        value = path.rsplit("/", 1)[-1].removesuffix(".html").removesuffix(".yml")
    return value


def find_listing(answer: Answer, question: str, directory: Directory) -> tuple[str, str, str] | FormError:
    """(id, folder, file text) of the listing the answer names, or the FormError saying why not."""
    value = _written(answer)
    if not value:
        return FormError(question, "please say which listing: copy the last part of its web address, like grief-circle-leeds")
    listings = {i: (folder, name) for i, (folder, name) in directory.names.items() if folder != ORGANISATIONS}
    chosen = value if KEBAB_ID.match(value) and value in listings else None
    if chosen is None:
        wanted = " ".join(value.casefold().split())
        same_name = sorted(i for i, (_, name) in listings.items() if " ".join(name.casefold().split()) == wanted)
        if len(same_name) == 1:
            chosen = same_name[0]
        elif same_name:
            return FormError(question, f"several listings are called '{value}' ({', '.join(same_name)}); write the one you mean")
    if chosen is not None:
        found = directory.text(chosen)
        if found is not None:
            return chosen, found[0], found[1]
    choices = {i: f"{name} {i}" for i, (_, name) in listings.items()}
    near = process.extract(value, choices, scorer=fuzz.WRatio, processor=utils.default_process, limit=_SHOWN, score_cutoff=75)
    hint = ""
    if near:
        hint = " Did you mean " + " or ".join(f"'{listings[i][1]}' ({i})" for _, _, i in near) + "?"
    return FormError(question, f"we could not find a listing called '{value}'.{hint} Copy the last part of the listing's "
                               "web address, like grief-circle-leeds")
