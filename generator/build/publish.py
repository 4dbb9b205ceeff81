"""Builds the site into a folder of its own and swaps it in whole: `make site` runs this.

    python -m generator.build.publish [--site-dir site] [mkdocs build options...]

Each build writes into a fresh folder next to the site (`.site.new-<pid>-<random>`), so two
builds never share one, and a failed or killed build leaves the published site as it was. The
swap exchanges the two folders in one system call (Linux renameat2 RENAME_EXCHANGE), so there
is no moment without a site; where that call is missing, the old site is renamed aside and the
new one renamed into place, and only then is the old one deleted. The mkdocs child is killed if
this process dies (PR_SET_PDEATHSIG), so it cannot write on after a killed build.
"""

from __future__ import annotations

import argparse
import ctypes
import errno
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

_RENAME_EXCHANGE = 2
_PR_SET_PDEATHSIG = 1
_AT_FDCWD = -100


def _libc() -> ctypes.CDLL | None:
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - not a C library we can load
        return None


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False if the system cannot (then nothing was changed)."""
    libc = _libc()
    function = getattr(libc, "renameat2", None) if libc is not None else None
    if function is None:
        return False
    result = function(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(a))


def swap_in(new: Path, site: Path) -> None:
    """Put the folder `new` at `site`; the previous site is deleted only once the new one is there."""
    if site.exists() and exchange(new, site):
        shutil.rmtree(new)  # now the previous site
        return
    old = None
    if site.exists():
        old = new.with_name(new.name.replace(".new-", ".old-", 1))
        os.rename(site, old)
    os.rename(new, site)
    if old is not None:
        shutil.rmtree(old)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_stale(site: Path) -> None:
    """Folders left by builds that were killed: their process is gone."""
    for path in site.parent.glob(f".{site.name}.*-*-*"):
        kind, _, rest = path.name.removeprefix(f".{site.name}.").partition("-")
        pid = rest.split("-", 1)[0]
        if kind in ("new", "old") and pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def publish(site: Path, build: Callable[[Path], int]) -> int:
    """Run `build(folder)` into a fresh folder next to `site`; swap it in if it succeeds."""
    site = site.absolute()
    site.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(site)
    new = Path(tempfile.mkdtemp(prefix=f".{site.name}.new-{os.getpid()}-", dir=site.parent))
    try:
        new.chmod(0o755)  # mkdtemp makes it private; a site is read by a web server
        code = build(new)
        if code == 0:
            swap_in(new, site)
        return code
    finally:
        shutil.rmtree(new, ignore_errors=True)


def _die_with_parent() -> None:
    libc = _libc()
    if libc is not None and hasattr(libc, "prctl"):
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def mkdocs_build(options: Sequence[str]) -> Callable[[Path], int]:
    def build(folder: Path) -> int:
        command = [sys.executable, "-m", "mkdocs", "build", *options, "--site-dir", str(folder)]
        return subprocess.run(command, preexec_fn=_die_with_parent if sys.platform == "linux" else None).returncode

    return build


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site-dir", type=Path, default=Path("site"))
    args, options = parser.parse_known_args(argv)
    return publish(args.site_dir, mkdocs_build(options))


if __name__ == "__main__":
    sys.exit(main())
