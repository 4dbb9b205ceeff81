"""A Content-Security-Policy for every page: only the site's own scripts and the inline scripts
the page was built with may run; no plugins; no <base> that moves relative links elsewhere.

Material's own inline scripts (its storage helpers, the colour palette) come from shared files
(theme/partials/), so most pages hold none; a page that does (the finder's start) has a policy
listing the SHA-256 hashes of exactly the inline scripts it holds, computed from the built HTML. An inline script injected later (or
contributed text that escaped its template) has no hash and does not run. Data blocks
(`application/json`, `application/ld+json`) are not run by browsers and need no hash.

The policy is a <meta http-equiv> as the first thing after <meta charset> (it applies only to
what follows it); `_headers` keeps the framing rules, which a <meta> policy cannot set.
"""

from __future__ import annotations

import base64
import hashlib
import re

_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_SRC = re.compile(r"\bsrc\s*=", re.IGNORECASE)
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.IGNORECASE)
_HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
_JAVASCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module", "text/ecmascript", "application/ecmascript"}
MARKER = 'http-equiv="Content-Security-Policy"'


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expressions ('sha256-...') of the page's inline scripts, in order, once each."""
    hashes: list[str] = []
    for match in _SCRIPT.finditer(html):
        attributes, body = match.group(1), match.group(2)
        kind = _TYPE.search(attributes)
        if _SRC.search(attributes) or (kind and kind.group(1).lower() not in _JAVASCRIPT_TYPES):
            continue
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        expression = f"'sha256-{digest}'"
        if expression not in hashes:
            hashes.append(expression)
    return hashes


def policy(html: str) -> str:
    return "; ".join([
        " ".join(["script-src", "'self'", *inline_script_hashes(html)]),
        "object-src 'none'",
        "base-uri 'self'",
    ])


def with_policy(html: str) -> str:
    """`html` with its Content-Security-Policy <meta>, placed before any script."""
    if MARKER in html:
        return html
    anchor = _CHARSET.search(html) or _HEAD.search(html)
    if anchor is None:
        return html  # not a page (a fragment, a redirect stub without <head>)
    meta = f'<meta {MARKER} content="{policy(html)}">'
    return html[: anchor.end()] + "\n" + meta + html[anchor.end():]
