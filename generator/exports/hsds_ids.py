"""HSDS ids and names shared by the HSDS export's modules: every id is a UUID v5 from a fixed
namespace and the record's path (kind, listing id, part), so ids stay the same from build to build.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from functools import cache

import pycountry

from generator.contract.models import Listing
from generator.kinds import FOLDER_OF_KIND

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/peer-support-directory/peer-support-directory#hsds")
_NAMESPACE_BYTES = NAMESPACE.bytes
_RRULE_DAYS = {"monday": "MO", "tuesday": "TU", "wednesday": "WE", "thursday": "TH", "friday": "FR", "saturday": "SA", "sunday": "SU"}
_WEEK = list(_RRULE_DAYS)


def uid(*parts: str) -> str:
    """str(uuid.uuid5(NAMESPACE, "/".join(parts))), without building a UUID object: an export
    makes over a hundred thousand ids, and the object costs twice the hashing."""
    digest = bytearray(hashlib.sha1(_NAMESPACE_BYTES + "/".join(parts).encode("utf-8")).digest()[:16])
    digest[6] = (digest[6] & 0x0F) | 0x50  # version 5
    digest[8] = (digest[8] & 0x3F) | 0x80  # RFC 4122 variant
    h = digest.hex()
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _folder(listing: Listing) -> str:
    return FOLDER_OF_KIND[listing.kind]


def service_id(listing: Listing) -> str:
    return uid("service", _folder(listing), listing.id)


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


# Names are looked up once per code: pycountry and langcodes searches cost more than the records.
# Countries by their ISO short name here (presentation.country_name prefers the common name);
# regions as everywhere else (presentation.region_name).
@cache
def _country_name(code: str) -> str:
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
