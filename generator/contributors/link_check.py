"""`peerdir check-links`: is every web address in the directory still there?

- Targets: every web address of every listing, organisation and crisis line (website, platform
  urls, contact form, meeting link, chat...) and the links inside `description`, each with the
  file, line and field it comes from. The same address is fetched once.
- Verdicts: 2xx = fine; 404, 410 and a domain name that does not exist = broken (an error);
  429, 5xx, timeouts and refused connections = could not check, retry later (a warning);
  other 4xx (often bot blocking) = a warning. Redirects are followed; a permanent one (301, 308)
  is a warning suggesting the new address.
- A cache (`.cache/link-check.json`) keeps fine results for `max_age_hours`, so a re-run only
  fetches what is new or was failing.
- An allow-list (`.github/link-allowlist.txt`: one address prefix a line, `#` comments) skips
  known false positives, such as sites that refuse automated requests.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import json
import re
import socket
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Awaitable, Callable, Iterable
from urllib.parse import urlsplit

import httpx

from generator.contract.problems import Problem

USER_AGENT = "PeerSupportDirectoryLinkCheck/1.0 (+a volunteer-run directory checking its listings' links)"
DEFAULT_CACHE = Path(".cache/link-check.json")
DEFAULT_ALLOWLIST = Path(".github/link-allowlist.txt")
URL_FIELDS = {"website", "url", "form", "meeting_link", "chat", "find_a_group"}
_MD_LINK = re.compile(r"\]\(\s*<?(https?://[^)\s>]+)")

OK, REDIRECTED, BROKEN, UNKNOWN, SKIPPED = "ok", "redirected", "broken", "unknown", "skipped"


@dataclass(frozen=True)
class Target:
    path: str
    line: int
    field: str
    url: str


@dataclass
class LinkResult:
    url: str
    verdict: str  # ok, redirected, broken, unknown, skipped
    reason: str = ""
    status: int | None = None
    final_url: str | None = None
    checked_at: str = ""


# ----------------------------------------------------------------------------- targets


def _field_name(path: tuple[Any, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _walk(data: Any, path: tuple[Any, ...]) -> Iterable[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _walk(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, path + (index,))
    elif isinstance(data, str):
        leaf = next((p for p in reversed(path) if isinstance(p, str)), "")
        if leaf in URL_FIELDS and re.match(r"(?i)https?://", data.strip()):
            yield path, data.strip()
        elif leaf == "description":
            for url in _MD_LINK.findall(data):
                yield path, url


def targets_from_catalog(catalog: Any) -> list[Target]:
    """Every web address in the catalog's files, with where it is written."""
    targets: list[Target] = []
    for record in sorted(catalog.records(), key=lambda r: catalog.source_of(r).display):
        source = catalog.source_of(record)
        for path, url in _walk(record.model_dump(mode="json", exclude_none=True), ()):
            targets.append(Target(source.display, source.document.line_of(path), _field_name(path), url))
    return targets


# ----------------------------------------------------------------------------- allow-list and cache


def load_allowlist(path: Path) -> list[str]:
    if not path.is_file():
        return []
    prefixes = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line.startswith("#"):
            continue
        line = line.split(" #", 1)[0].strip()  # a comment after the prefix (URLs may contain '#')
        if line:
            prefixes.append(line)
    return prefixes


def allowed(url: str, allowlist: list[str]) -> bool:
    return any(url.startswith(prefix) for prefix in allowlist)


def load_cache(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data.get("results", {}) if isinstance(data, dict) else {}


def save_cache(path: Path | None, results: dict[str, LinkResult], previous: dict[str, dict[str, Any]]) -> None:
    if path is None:
        return
    entries = dict(previous)
    for url, result in results.items():
        if result.verdict in (OK, REDIRECTED):
            entries[url] = asdict(result)
        else:
            entries.pop(url, None)  # broken or unknown: check again next time
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"version": 1, "results": entries}, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def _fresh(entry: dict[str, Any], now: dt.datetime, max_age_hours: float) -> bool:
    try:
        checked = dt.datetime.fromisoformat(entry["checked_at"])
    except (KeyError, TypeError, ValueError):
        return False
    return now - checked < dt.timedelta(hours=max_age_hours)


# ----------------------------------------------------------------------------- checking

Resolver = Callable[[str, int], Awaitable[Any]]


async def _default_resolve(host: str, port: int) -> Any:
    return await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)


def _verdict(response: httpx.Response, url: str) -> LinkResult:
    status = response.status_code
    final = str(response.url)
    permanent = any(r.status_code in (301, 308) for r in response.history)
    if 200 <= status < 300:
        if permanent and final != url:
            return LinkResult(url, REDIRECTED, f"moved permanently; use the new address {final}", status, final)
        return LinkResult(url, OK, "", status, final)
    if status in (404, 410):
        return LinkResult(url, BROKEN, f"is broken: the server answers {status} ({'not found' if status == 404 else 'gone'})", status, final)
    if status == 429 or status >= 500:
        return LinkResult(url, UNKNOWN, f"could not be checked: the server answers {status}; retry later", status, final)
    if 300 <= status < 400:
        return LinkResult(url, UNKNOWN, f"could not be checked: a redirect ({status}) without a usable address", status, final)
    return LinkResult(url, UNKNOWN, f"could not be checked: the server answers {status} (it may refuse automated checks; add it to the allow-list if it works in a browser)", status, final)


async def check_url(client: httpx.AsyncClient, url: str, resolve: Resolver) -> LinkResult:
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        await resolve(host, parts.port or (443 if parts.scheme == "https" else 80))
    except socket.gaierror as error:
        if error.errno in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", socket.EAI_NONAME)):
            return LinkResult(url, BROKEN, f"is broken: the domain name '{host}' does not exist")
        return LinkResult(url, UNKNOWN, f"could not be checked: looking up '{host}' failed ({error.strerror}); retry later")
    except OSError as error:
        return LinkResult(url, UNKNOWN, f"could not be checked: looking up '{host}' failed ({error}); retry later")
    try:
        async with client.stream("GET", url) as response:
            return _verdict(response, url)
    except httpx.TimeoutException:
        return LinkResult(url, UNKNOWN, "could not be checked: no answer before the time limit; retry later")
    except httpx.TooManyRedirects:
        return LinkResult(url, BROKEN, "is broken: it redirects in a loop")
    except httpx.ConnectError as error:
        text = str(error)
        if "CERTIFICATE" in text.upper() or "SSL" in text.upper():
            return LinkResult(url, BROKEN, f"is broken: the site's security certificate is not valid ({text[:120]})")
        return LinkResult(url, UNKNOWN, f"could not be checked: the connection failed ({text[:120] or 'refused'}); retry later")
    except httpx.HTTPError as error:
        return LinkResult(url, UNKNOWN, f"could not be checked: {type(error).__name__} {str(error)[:120]}; retry later")


async def check_urls(
    urls: Iterable[str],
    *,
    concurrency: int = 8,
    per_host: int = 2,
    timeout: float = 15.0,
    resolve: Resolver | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> dict[str, LinkResult]:
    """Fetch each distinct url once, at most `concurrency` at a time and `per_host` per host."""
    resolve = resolve or _default_resolve
    unique = list(dict.fromkeys(urls))
    overall = asyncio.Semaphore(concurrency)
    hosts: dict[str, asyncio.Semaphore] = {}
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    async with httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=10,
        timeout=httpx.Timeout(timeout),
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
        transport=transport,
    ) as client:

        async def one(url: str) -> LinkResult:
            host = hosts.setdefault((urlsplit(url).hostname or "").lower(), asyncio.Semaphore(per_host))
            async with overall, host:
                try:
                    result = await asyncio.wait_for(check_url(client, url, resolve), timeout * 2 + 5)
                except asyncio.TimeoutError:
                    result = LinkResult(url, UNKNOWN, "could not be checked: no answer before the time limit; retry later")
            result.checked_at = now
            return result

        results = await asyncio.gather(*(one(url) for url in unique))
    return {result.url: result for result in results}


@dataclass
class LinkReport:
    problems: list[Problem]
    checked: int  # distinct addresses fetched now
    cached: int  # distinct addresses answered from the cache
    skipped: int  # distinct addresses on the allow-list

    @property
    def broken(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")


def _run(coroutine: Any) -> Any:
    """asyncio.run, also from a thread whose event loop is already running (a notebook, a
    synchronous Playwright session): then the checks run on a loop of their own in a worker thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def check_targets(
    targets: list[Target],
    *,
    allowlist: list[str] | None = None,
    cache_path: Path | None = None,
    max_age_hours: float = 24,
    concurrency: int = 8,
    timeout: float = 15.0,
    resolve: Resolver | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> LinkReport:
    """Check the targets' addresses and return one problem per target whose link is not fine."""
    allowlist = allowlist or []
    cache = load_cache(cache_path)
    now = dt.datetime.now(dt.timezone.utc)
    results: dict[str, LinkResult] = {}
    to_fetch: list[str] = []
    skipped = cached = 0
    for url in dict.fromkeys(t.url for t in targets):
        if allowed(url, allowlist):
            results[url] = LinkResult(url, SKIPPED)
            skipped += 1
        elif url in cache and _fresh(cache[url], now, max_age_hours):
            entry = cache[url]
            results[url] = LinkResult(**{k: entry.get(k) for k in ("url", "verdict", "reason", "status", "final_url", "checked_at")})
            cached += 1
        else:
            to_fetch.append(url)
    fetched = _run(check_urls(to_fetch, concurrency=concurrency, timeout=timeout, resolve=resolve, transport=transport)) if to_fetch else {}
    results.update(fetched)
    save_cache(cache_path, fetched, cache)
    problems = []
    for target in targets:
        result = results[target.url]
        if result.verdict in (OK, SKIPPED):
            continue
        severity = "error" if result.verdict == BROKEN else "warning"
        problems.append(Problem(target.path, target.line, target.field, f"{target.url} {result.reason}", severity))
    return LinkReport(sorted(problems, key=lambda p: (p.path, p.line, p.field)), len(fetched), cached, skipped)
