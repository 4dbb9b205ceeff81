"""Fuzz run: hostile listing files through `peerdir validate`, and the valid ones through a build.

    .venv/bin/python -m benchmarks.fuzz --documents 10000 --batch 500 --seed 0

Every document is a fictional listing (benchmarks/fictional.py) with one or more mutations:
text from every Unicode class (controls, lone surrogates, noncharacters, bidirectional
controls, astral, combining, right-to-left), injection attempts (HTML, CSV formulas, iCalendar
lines, template syntax), values of the wrong type, extreme but valid dates and lengths, YAML
structure attacks (deep nesting, huge numbers, second documents, CR-only lines, anchors) and
edits of the YAML text and bytes. Each batch is written as a directory and validated by the
real CLI in a child process (a crash is a child killed by a signal; a traceback is one on its
output). The valid files of the batch are then built with `mkdocs build --strict`, and every
file of the site is checked by benchmarks/wellformed.py. The counts are printed as a table.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from benchmarks import fictional  # noqa: E402
from benchmarks.wellformed import check_site  # noqa: E402
from generator.contract.fields import UNSAFE_CHARACTER  # noqa: E402

# The day the fictional listings are reviewed around, and the build time: fixed, so a run does
# not depend on the machine's clock (a review date after the real today would be refused).
TODAY = dt.date(2026, 1, 5)
BUILD_TIME = "2026-01-06T12:00:00+00:00"
ORGANIZATIONS = 6

SAMPLES = [
    "\x00", "\x1b]0;owned\x07", "\x1b[2J", "\x07", "\x7f", "\x85", "\x9b", "\r", "\n", "\t", "\r\n", "\u2028", "\u2029",
    "\u202e", "\u202d", "\u2066", "\u2069", "\u200e", "\u061c", "\u200b", "\u2060", "\ufeff", "\ufffe", "\uffff",
    "\U0001fffe", "\U0010ffff", "\ufdd0", "\ud800", "\udfff", "\ud83d", "\ue000", "\U000f0000", "\ufffd",
    "]]>", "<![CDATA[x]]>", "</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>", "&amp;&lt;&#0;&#xFFFF;",
    "=HYPERLINK(\"https://evil.example\")", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\tx", "\"", "'", "\\", "\\n",
    "\nBEGIN:VEVENT\nSUMMARY:x\nEND:VEVENT", "END:VCALENDAR", ";X-PARAM=\"a:b\"", ",", ":", "{{ 7*7 }}", "{% raw %}",
    "${jndi:x}", "javascript:alert(1)", "data:text/html,x", "𝕏", "👩🏽‍🦰", "e\u0301\u0301\u0301", "ﷺ", "مرحبا بكم",
    "שלום", "日本語のテキスト", "Ω≈ç√∫", "ǅ", "\u0345", "ß", "İ", "ﬃ", "A" * 300, "é" * 1000, "𝕏" * 700, "- x", "a: b",
    "[x]", "{a: b}", "&a", "*a", "!tag", "# comment", "---", "...", "%YAML 1.2", "|", ">", "? x", "null", "~", "NO",
    "0x1F", "1e999", "-0", "01", "1_000", "9" * 30, ".inf", ".nan", "2026-02-30", "24:00", "+44",
]
ZONES = ["Pacific/Kiritimati", "Etc/GMT+12", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu", "Europe/London",
         "Australia/Lord_Howe", "America/Adak", "Pacific/Chatham"]
EXTREME_DATES = ["1900-01-01", "1900-01-02", "2999-12-31", "2999-12-30", "2000-02-29", "2026-03-29", "2026-10-25"]


def _random_text(rng: random.Random, size: int) -> str:
    """Characters of every class: mostly assigned letters, some anything at all."""
    out = []
    for _ in range(size):
        pick = rng.random()
        if pick < 0.25:
            out.append(chr(rng.randrange(0x20, 0x7F)))
        elif pick < 0.5:
            out.append(chr(rng.randrange(0xA0, 0x3000)))
        elif pick < 0.65:
            out.append(chr(rng.randrange(0x10000, 0x30000)))
        elif pick < 0.8:
            out.append(rng.choice(SAMPLES))
        else:
            out.append(chr(rng.randrange(0x110000)))
    return "".join(out)


def hostile_text(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.3:
        return rng.choice(SAMPLES)
    if roll < 0.5:
        return "Fictional " + rng.choice(SAMPLES) + " text"
    return _random_text(rng, rng.choice((1, 3, 10, 40, 200, 1200)))


def allowed(text: str) -> str:
    """`text` without the characters the contract refuses: hostile, but valid text."""
    return UNSAFE_CHARACTER.sub("", text)


def _paths(value: Any, path: tuple = ()) -> Iterator[tuple]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, path + (index,))


def _set(data: Any, path: tuple, value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _random_value(rng: random.Random) -> Any:
    roll = rng.random()
    if roll < 0.55:
        return hostile_text(rng)
    if roll < 0.75:
        return allowed(hostile_text(rng)) or "x"
    return rng.choice([None, True, 0, -1, 10**40, 1.5, float("inf"), [], {}, [hostile_text(rng)], {"x": hostile_text(rng)},
                       rng.choice(EXTREME_DATES), "2999-12-31", "1899-12-31", "3000-01-01", rng.choice(ZONES)])


def _extreme(data: dict[str, Any], rng: random.Random) -> None:
    """Valid but extreme: the longest texts the contract allows, of any class, and dates at its limits."""
    limits = {"name": 120, "summary": 280, "description": 5000, "source": 1000, "reviewed_by": 200, "status_note": 200}
    for key, limit in limits.items():
        if key in data and rng.random() < 0.7:
            text = " ".join(allowed(_random_text(rng, 40)).split())
            while len(text) < limit:
                text += " " + " ".join(allowed(_random_text(rng, 40)).split())
            text = text[:limit].strip()
            if key == "summary" and len(text) < 20:
                text = (text + " fictional summary text").strip()
            if key in ("summary", "description"):
                text = text.replace("<", "‹").replace("](", "] (")
            data[key] = text
    data["last_reviewed"] = rng.choice(["1900-01-01", "2000-02-29", TODAY.isoformat()])
    for meeting in data.get("meetings", []):
        meeting["timezone"] = rng.choice(ZONES)
        meeting["ends_on"] = "2999-12-31"
        if rng.random() < 0.5 and meeting.get("interval", 1) == 1:
            meeting["starts_on"] = "1900-01-01"  # a Monday
            meeting["days"] = ["monday"]
            meeting.pop("weeks_of_month", None)
            meeting["frequency"] = "weekly"
    for cohort in data.get("cohorts", []):
        cohort.update({"application_deadline": "1900-01-01", "starts_on": "1900-01-02", "ends_on": "2999-12-31"})


def _structure_attack(rng: random.Random, text: str) -> str:
    body = text.split("\n", 1)
    attacks = [
        lambda: text + "deep: " + "[" * 30000 + "]" * 30000 + "\n",
        lambda: text + "deep:\n" + "- " * 20000 + "x\n",
        lambda: text + "deep: " + "{a: " * 5000 + "1" + "}" * 5000 + "\n",
        lambda: text + "size_limit: " + "9" * rng.choice((101, 4301, 20000)) + "\n",
        lambda: text + "---\n" + text,
        lambda: text.replace("\n", "\r"),
        lambda: text.replace("\n", "\r\n"),
        lambda: text.replace("  ", "\t", 1),
        lambda: text + "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
        lambda: text + "<<: {x: 1}\n",
        lambda: text + "e: !!python/object/apply:os.system ['true']\n",
        lambda: body[0] + "\n" + "\ufeff" + body[1],
        lambda: text + "name: duplicate\n",
    ]
    return rng.choice(attacks)()


def _edit_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(text) + 1)
        roll = rng.random()
        if roll < 0.5:
            text = text[:at] + rng.choice(SAMPLES) + text[at:]
        elif roll < 0.75:
            text = text[:at] + text[at + rng.randint(1, 20):]
        else:
            lines = text.split("\n")
            line = rng.randrange(len(lines))
            lines.insert(rng.randrange(len(lines) + 1), lines[line])
            text = "\n".join(lines)
    return text


def _edit_bytes(rng: random.Random, raw: bytes) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def to_yaml(data: dict[str, Any], schema: str) -> str:
    """Like fictional.to_yaml, with PyYAML's pure-Python emitter: it writes what UTF-8 cannot
    hold (lone surrogates) and what YAML may not hold raw (controls) as escapes ("\\uD800")."""
    body = yaml.dump(data, Dumper=yaml.SafeDumper, sort_keys=False, allow_unicode=True, width=200, default_flow_style=False)
    return fictional.MODELINE.format(schema) + body


def fuzzed_document(index: int, seed: int, organizations: list[str]) -> tuple[str, str, bytes, str]:
    """(kind folder, file name, bytes, mutation) of document `index`: deterministic for a seed."""
    rng = random.Random(f"fuzz-{seed}-{index}")
    folder, maker, schema = rng.choice([("groups", fictional.fictional_group, "group"), ("groups", fictional.fictional_group, "group"),
                                        ("advocates", fictional.fictional_advocate, "advocate"),
                                        ("training", fictional.fictional_training, "training")])
    data = maker(index, seed, TODAY, organizations)
    mutation = rng.choice(["value", "value", "allowed", "extreme", "extreme", "structure", "text", "bytes", "none"])
    if mutation in ("value", "allowed"):
        for _ in range(rng.randint(1, 4)):
            path = rng.choice([p for p in _paths(data) if p and p[0] != "id"])
            value = _random_value(rng) if mutation == "value" else (allowed(hostile_text(rng)).strip() or "x")
            _set(data, path, value)
            if rng.random() < 0.1:
                _set(data, path[:-1] + (allowed(hostile_text(rng)) or "k",), value) if len(path) > 1 and isinstance(path[-1], str) else None
    elif mutation == "extreme":
        _extreme(data, rng)
    text = to_yaml(data, schema)
    if mutation == "structure":
        text = _structure_attack(rng, text)
    elif mutation == "text":
        text = _edit_text(rng, text)
    raw = text.encode("utf-8", "surrogatepass") if mutation != "bytes" else _edit_bytes(rng, text.encode("utf-8"))
    return folder, f"{data['id']}.yml", raw, mutation


def _write_base(root: Path, seed: int) -> list[str]:
    shutil.copytree(REPO / "directory" / "vocabularies", root / "vocabularies")
    (root / "organizations").mkdir()
    ids = []
    for index in range(ORGANIZATIONS):
        organization = fictional.fictional_organization(index, seed, TODAY)
        (root / "organizations" / f"{organization['id']}.yml").write_text(fictional.to_yaml(organization, "organization"), encoding="utf-8")
        ids.append(organization["id"])
    for folder in ("groups", "advocates", "training"):
        (root / folder).mkdir()
    return ids


def validate_document(root: Path) -> tuple[int, str, list[dict[str, Any]]]:
    """(exit status, error output, problems) of the real CLI on `root`."""
    result = subprocess.run([str(Path(sys.executable).parent / "peerdir"), "--root", str(root), "validate", "--format", "json"],
                            cwd=root, capture_output=True, text=True, timeout=600, env={**os.environ, "PYTHONWARNINGS": "ignore"})
    try:
        problems = json.loads(result.stdout) if result.stdout.strip() else []
    except ValueError:
        problems = []
    return result.returncode, result.stderr + (result.stdout if "Traceback" in result.stdout else ""), problems


def run_batch(work: Path, start: int, count: int, seed: int, build: bool) -> Counter:
    counts: Counter = Counter()
    root = work / f"batch-{start}" / "directory"
    root.mkdir(parents=True)
    organizations = _write_base(root, seed)
    for index in range(start, start + count):
        folder, name, raw, mutation = fuzzed_document(index, seed, organizations)
        counts["documents"] += 1
        counts[f"mutation: {mutation}"] += 1
        (root / folder / name).write_bytes(raw)
    code, errors, problems = validate_document(root)
    counts["crashes"] += code < 0
    counts["tracebacks"] += "Traceback" in errors
    if code < 0 or "Traceback" in errors:
        (work / f"batch-{start}.log").write_text(errors)
        return counts
    # Remove what is invalid (a file named in an error), until the rest validates.
    for _ in range(5):
        bad = {(root / p["path"]).resolve() for p in problems if p["severity"] == "error"}
        for path in bad:
            path.unlink(missing_ok=True)
        if not bad:
            break
        code, errors, problems = validate_document(root)
        counts["crashes"] += code < 0
        counts["tracebacks"] += "Traceback" in errors
    valid = sum(1 for folder in ("groups", "advocates", "training") for _ in (root / folder).iterdir())
    counts["valid"] += valid
    counts["invalid"] += count - valid
    if build and valid:
        import fictional

        config = fictional.write_site_config(root.parent, root, BUILD_TIME)
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config)], cwd=root.parent,
                                capture_output=True, text=True, timeout=1800, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
        counts["builds"] += 1
        counts["crashes"] += result.returncode < 0
        counts["tracebacks"] += "Traceback" in result.stderr
        counts["failed builds"] += result.returncode != 0
        if result.returncode != 0:
            (work / f"batch-{start}.build.log").write_text(result.stderr)
        else:
            checked, ill_formed = check_site(root.parent / "site")
            counts["output files checked"] += checked
            counts["ill-formed outputs"] += len(ill_formed)
            if ill_formed:
                (work / f"batch-{start}.ill-formed.log").write_text("\n".join(ill_formed))
        shutil.rmtree(root.parent / "site", ignore_errors=True)
    return counts


def fuzz(documents: int, batch: int, seed: int, build: bool, work: Path, progress: bool = False) -> Counter:
    totals: Counter = Counter({"crashes": 0, "tracebacks": 0, "ill-formed outputs": 0, "failed builds": 0})
    for start in range(0, documents, batch):
        totals.update(run_batch(work, start, min(batch, documents - start), seed, build))
        shutil.rmtree(work / f"batch-{start}", ignore_errors=True)
        if progress:
            shown = ("documents", "valid", "crashes", "tracebacks", "failed builds", "ill-formed outputs")
            print("after", start + batch, "documents:", {key: totals[key] for key in shown}, file=sys.stderr, flush=True)
    return totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-build", action="store_true", help="validate only")
    parser.add_argument("--keep", type=Path, help="keep logs of failures in this folder")
    args = parser.parse_args()
    started = time.perf_counter()
    work = args.keep or Path(tempfile.mkdtemp(prefix="peerdir-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    totals = fuzz(args.documents, args.batch, args.seed, not args.no_build, work, progress=True)
    print(f"| {'count':<28} | {'value':>8} |\n|{'-' * 30}|{'-' * 10}|")
    for key in ["documents", "valid", "invalid", "builds", "output files checked", "crashes", "tracebacks", "failed builds",
                "ill-formed outputs", *sorted(k for k in totals if k.startswith("mutation"))]:
        print(f"| {key:<28} | {totals[key]:>8} |")
    print(f"\n{time.perf_counter() - started:.0f} s; seed {args.seed}; logs of any failure in {work}")
    failed = totals["crashes"] + totals["tracebacks"] + totals["ill-formed outputs"] + totals["failed builds"]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
