"""The one fictional directory the tests share, and how tests build sites from it.

`tests/fixtures/directory/` holds it as plain listing files: every kind, every status, every
meeting pattern the calendar and finder tests need, and hostile text. Tests that need a variant
copy it (`write_fictional_directory`) and edit the copy; benchmarks/fictional.py adds generated
listings to the same files to reach thousands. Every name starts with "Fictional"; no listing
describes a real group, person or organisation.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from generator.build.products import BuildSettings
from generator.contract.catalog import Catalog, load_catalog

REPO = Path(__file__).resolve().parent.parent
DIRECTORY = REPO / "tests" / "fixtures" / "directory"

# Names and summaries written to break out of HTML, JSON, CSV and spreadsheets: tests check they do not.
HOSTILE_NAME = "Fictional </script><script>window.__pwned=1</script> Circle & Friends"
QUOTED_NAME = 'Fictional Evening Circle </script> "quoted", comma'
FORMULA_SUMMARY = "=cmd|' /C calc'!A0 is not a formula: a fictional circle, with commas, \"quotes\" & ampersands."

# The moment every test build counts "next meetings" from, and the browser tests' clock by default:
# a test never reads the machine's clock, so it passes on any day.
BUILD_TIME = "2026-11-23T12:00:00+00:00"

# The export tests' settings: a build time before the US (8 March 2026) and European (29 March
# 2026) clock changes, which the calendar tests cross.
SETTINGS = BuildSettings(
    now=dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc),
    site_url="https://example.org/",
    repo_url="https://github.com/example/peer-support-directory",
)

# The address the `fictional_site_with_url` fixture is built for: a project path, as on GitHub Pages.
# Browser tests serve that site under /psd/ on the local server; only the path has to match.
PUBLISHED_URL = "https://directory.example.org/psd/"

# The maintainers' address test sites name (`extra.contact_email`), so listing pages offer an
# e-mailed correction. Fictional; the shipped mkdocs.yml names none, and its site has no such link.
CONTACT = "corrections@directory.example.org"


def write_fictional_directory(root: Path) -> Path:
    """Copy the fictional directory into `root`, with the project's real crisis lines beside the
    fictional one (the crisis page is tested with real numbers, which are sourced facts)."""
    shutil.copytree(DIRECTORY, root)
    shutil.copytree(REPO / "directory" / "crisis-lines", root / "crisis-lines", dirs_exist_ok=True)
    return root


def build_catalog(root: Path, extra: dict[str, str] | None = None) -> Catalog:
    """The fictional directory written under `root` (plus `extra` files: path -> text), loaded."""
    write_fictional_directory(root)
    for name, text in (extra or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    result = load_catalog(root)
    errors = [p.text() for p in result.problems if p.severity == "error"]
    assert result.catalog is not None, errors
    return result.catalog


def read_project_config() -> dict:
    """The project's mkdocs.yml as plain data: `!!python/...` tags dropped, and every `!ENV` value
    None, so that a test build never depends on the environment it runs in."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_constructor("!ENV", lambda loader, node: None)
    return yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"), Loader=Loader)  # noqa: S506


def write_site_config(folder: Path, directory: Path, build_time: str = BUILD_TIME, site_url: str | None = None,
                      contact_email: str | None = CONTACT) -> Path:
    """An mkdocs.yml in `folder` that builds the project's content and theme from `directory`,
    published at `site_url` (None: no address, as a local preview), naming `contact_email`."""
    import yaml

    config = read_project_config()
    if site_url:
        config["site_url"] = site_url
    else:
        config.pop("site_url", None)
    config["docs_dir"] = str(REPO / "content")
    config["theme"]["custom_dir"] = str(REPO / "theme")
    config["site_dir"] = str(folder / "site")
    if contact_email:
        config.setdefault("extra", {})["contact_email"] = contact_email
    plugins = []
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "directory" in plugin:
            plugin = {"directory": {**plugin["directory"], "directory": str(directory), "build_time": build_time}}
        plugins.append(plugin)
    config["plugins"] = plugins
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return path
