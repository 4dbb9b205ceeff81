"""What the open-data formats and the importers agree on: codes and fixed sentences that the
exporters (exports/meeting_guide.py, exports/hsds*.py) write and the importers
(contributors/importers/) read back. One place, so an export and its import cannot drift apart.
"""

from __future__ import annotations

# --- Meeting Guide (code4recovery spec) -----------------------------------------------------

# Meeting Guide days: 0 = Sunday ... 6 = Saturday.
MG_DAY = {"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}

# BCP 47 primary language -> the spec's language type code.
LANGUAGE_TYPES = {
    "af": "AF", "am": "AM", "ar": "AR", "ase": "ASL", "bg": "BG", "da": "DA", "de": "DE", "el": "EL", "en": "EN",
    "fa": "FA", "fi": "FI", "fr": "FR", "he": "HE", "hi": "HI", "hr": "HR", "hu": "HU", "is": "IS", "it": "ITA",
    "ja": "JA", "ka": "KA", "ko": "KOR", "lt": "LT", "ml": "ML", "mt": "MT", "ne": "NE", "nl": "NL", "no": "NO",
    "nb": "NO", "nn": "NO", "pa": "PUN", "pl": "POL", "pt": "POR", "ru": "RUS", "es": "S", "sk": "SK", "sl": "SL",
    "sv": "SV", "th": "TH", "tl": "TL", "fil": "TL", "tr": "TUR", "uk": "UK",
}
# The spec's type code -> the language tag an import gives it (the first tag above with that code).
TYPE_LANGUAGES = {code: tag for tag, code in reversed(list(LANGUAGE_TYPES.items()))}
AUDIENCE_TYPES = {"men": "M", "women": "W", "young_people": "Y", "older_adults": "SEN", "lgbtqia": "LGBTQ"}
TYPE_AUDIENCES = {code: audience for audience, code in AUDIENCE_TYPES.items()}
# Types that say how people take part. ONL and TC are not in the spec's list but TSML feeds carry
# them: ONL an online meeting, TC a venue temporarily closed (the meeting may go on online).
ONLINE_TYPE = "ONL"
TEMPORARILY_CLOSED_TYPE = "TC"

# Notes the feed adds to a meeting, read back by the import.
LINK_ON_REQUEST_NOTE = "The meeting link is given on request: see the listing."
NEXT_DAY_NOTE = "Ends at {end} the next day."

# --- HSDS 3.0 -------------------------------------------------------------------------------

HSDS_STATUS = {"active": "active", "paused": "temporarily closed", "closed": "defunct"}
# A physical location without a street address says where it is in its description, ending so.
NO_STREET_ADDRESS = " (no street address published)"
# A virtual location without a published link.
LINK_ON_REQUEST_DESCRIPTION = "Online; the meeting link is given on request."
ONLINE_DESCRIPTION = "Online."
# application_process: "<joining label>[: instructions][ FIND_A_GROUP<url>]".
FIND_A_GROUP = " Find a local group or meeting: "
NOT_TAKING_NEW_MEMBERS = "Not taking new members now"
# Accessibility types of the spec, as the text of a group's `accessibility`.
ACCESS_TYPES = {"X": "Wheelchair access", "XB": "Wheelchair-accessible bathroom"}
