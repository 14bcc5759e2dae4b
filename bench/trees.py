"""Trees of partnernet to measure side by side: a commit as `git archive` writes it, with patches applied.

A spec is `REV` or `REV+one.patch+two.patch` (a patch path is relative to this checkout). bench/revisions.py serves
two trees over one graph, bench/quickstart.py times `make run` for two trees; bench/gains/ holds patches that take
one gain back out of today's code. Each tree runs on this checkout's virtualenv, from its own directory.
"""

from __future__ import annotations

import hashlib
import io
import os
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service.core.settings import REPO_ROOT


@dataclass(frozen=True)
class Tree:
    """One side: what it was made from and where it lies."""

    spec: str
    commit: str
    patches: tuple[str, ...]
    path: Path

    def describe(self) -> dict[str, Any]:
        """What a result records of the tree: its spec, commit, and each patch with the sha256 of its text."""
        return {
            "spec": self.spec,
            "commit": self.commit,
            "patches": list(self.patches),
            "patch_sha256": [hashlib.sha256((REPO_ROOT / p).read_bytes()).hexdigest() for p in self.patches],
        }


def _git(*args: str, cwd: Path = REPO_ROOT, failure: str = "", env: dict[str, str] | None = None) -> bytes:
    """git's output; when it fails, the run stops with `failure` (or the command) and git's own message."""
    # git from the PATH, as every developer runs it; the arguments are this module's own and checked specs.
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, check=False)  # noqa: S603, S607
    if done.returncode != 0:
        raise SystemExit(f"{failure or 'git ' + ' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def _touched(patch: Path) -> list[str]:
    """The files a patch changes (its `+++ b/` lines)."""
    return [line[6:] for line in patch.read_text(encoding="utf-8").splitlines() if line.startswith("+++ b/")]


def materialise(spec: str, dest: Path) -> Tree:
    """The tree `spec` names, written to `dest`: the commit's files, then each patch applied in order. An unknown
    revision, a missing patch, or a patch that does not apply or changes nothing stops the run, naming it."""
    rev, *patches = spec.split("+")
    if not rev:
        raise SystemExit(f"{spec!r}: a side is REV or REV+patch+..., e.g. HEAD+bench/gains/x.patch")
    found = _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", failure=f"{spec!r}: no commit {rev} here")
    commit = found.decode().strip()
    dest = dest.resolve()
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(_git("archive", "--format=tar", commit))) as tar:
        tar.extractall(dest, filter="data")
    # git as a plain patch tool: no repository above the tree (it may lie inside a checkout, where git would
    # skip the patch's files as outside its directory), none named by the environment either.
    outside = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    outside["GIT_CEILING_DIRECTORIES"] = str(dest.parent)
    for i, patch in enumerate(patches):
        path = (REPO_ROOT / patch).resolve()
        if not path.is_file():
            raise SystemExit(f"{spec!r}: no patch file {patch}")
        before = {name: (dest / name).read_bytes() for name in _touched(path) if (dest / name).is_file()}
        on = f"{rev} ({commit[:12]})" + (f" with {', '.join(patches[:i])}" if i else "")
        failure = f"{spec!r}: {patch} does not apply to {on}"
        _git("apply", "--whitespace=nowarn", str(path), cwd=dest, env=outside, failure=failure)
        if not before or all((dest / name).read_bytes() == text for name, text in before.items()):
            raise SystemExit(f"{spec!r}: {patch} changed no file of {on}")
    return Tree(spec, commit, tuple(patches), dest)


def tree_env(base: dict[str, str], tree: Tree) -> dict[str, str]:
    """`base` with the tree first on the import path and this interpreter's scripts first on the PATH."""
    bindir = str(Path(sys.executable).parent)
    return base | {"PYTHONPATH": str(tree.path), "PATH": bindir + os.pathsep + base.get("PATH", "")}


def check_imports_from(tree: Tree, env: dict[str, str]) -> None:
    """Refuse to measure a tree whose `service` package would not be imported from the tree itself, run as the
    harnesses run it (from the tree's directory, with `env`)."""
    code = "import service, sys; sys.stdout.write(service.__file__)"
    done = subprocess.run(  # noqa: S603  # this interpreter, a fixed snippet
        [sys.executable, "-c", code], cwd=tree.path, env=env, capture_output=True, text=True, check=False
    )
    where = Path(done.stdout.strip()).resolve() if done.returncode == 0 else None
    if where is None or not where.is_relative_to(tree.path.resolve()):
        raise SystemExit(f"{tree.spec}: its service package is imported from {where or done.stderr.strip()}")
