"""bench/trees.py's trees (a commit with patches, run from its own directory), bench/revisions.py's report; and
every patch of bench/gains/ still applies to the code, so each gain stays measurable before and after in one run."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench.revisions import markdown, parse_args
from bench.trees import Tree, check_imports_from, materialise
from service.core.settings import REPO_ROOT

GAINS = sorted((REPO_ROOT / "bench" / "gains").glob("*.patch"))


def _head() -> str:
    return subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_commit_is_written_out_whole(tmp_path: Path) -> None:
    tree = materialise("HEAD", tmp_path / "t")
    assert tree.commit == _head()
    assert tree.patches == ()
    assert (tree.path / "service" / "__init__.py").is_file()
    assert (tree.path / "pyproject.toml").read_bytes() == _at_head("pyproject.toml")


@pytest.mark.parametrize("patch", GAINS, ids=[p.stem for p in GAINS])
def test_every_gain_patch_applies_to_the_code(patch: Path, tmp_path: Path) -> None:
    # A gain's patch takes it back out of today's code; when the code moves on, the patch must be made again
    # (bench/README.md, "Each gain before and after in one run") or the gain can no longer be measured.
    tree = materialise(f"HEAD+{patch.relative_to(REPO_ROOT)}", tmp_path / "t")
    assert tree.patches == (str(patch.relative_to(REPO_ROOT)),)
    touched = [line[6:] for line in patch.read_text().splitlines() if line.startswith("+++ b/")]
    assert touched
    for name in touched:
        assert (tree.path / name).read_bytes() != _at_head(name), name
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(tree.path / "service")], capture_output=True, text=True
    )
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr  # the patched code still compiles
    assert tree.describe()["patch_sha256"][0] == hashlib.sha256(patch.read_bytes()).hexdigest()


def _at_head(name: str) -> bytes:
    return subprocess.run(["git", "show", f"HEAD:{name}"], cwd=REPO_ROOT, capture_output=True, check=True).stdout


def test_the_patch_text_is_applied(tmp_path: Path) -> None:
    patch = REPO_ROOT / "bench" / "gains" / "stats_from_counted_nodes.patch"
    tree = materialise(f"HEAD+{patch.relative_to(REPO_ROOT)}", tmp_path / "t")
    assert "    from_groups = False\n" in (tree.path / "service" / "engine" / "stats.py").read_text()


def test_a_patch_that_does_not_apply_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.patch"
    bad.write_text("--- a/service/engine/stats.py\n+++ b/service/engine/stats.py\n@@ -1,1 +1,1 @@\n-no such line\n+x\n")
    with pytest.raises(SystemExit, match=r"bad\.patch does not apply to HEAD"):
        materialise(f"HEAD+{bad}", tmp_path / "t")


def test_a_second_patch_that_does_not_apply_names_the_first(tmp_path: Path) -> None:
    patch = "bench/gains/stats_from_counted_nodes.patch"  # applied twice: the second finds its change made
    with pytest.raises(SystemExit, match=r"does not apply to HEAD \(\w+\) with bench/gains/stats_from_counted"):
        materialise(f"HEAD+{patch}+{patch}", tmp_path / "t")


def test_a_patch_that_changes_no_text_is_refused(tmp_path: Path) -> None:
    mode_only = tmp_path / "mode.patch"  # applies, but changes no file's text: it would measure nothing
    mode_only.write_text("diff --git a/Makefile b/Makefile\nold mode 100644\nnew mode 100755\n")
    with pytest.raises(SystemExit, match=r"mode\.patch changed no file of HEAD"):
        materialise(f"HEAD+{mode_only}", tmp_path / "t")


def test_a_missing_patch_or_revision_is_named(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match=r"no patch file nothing\.patch"):
        materialise("HEAD+nothing.patch", tmp_path / "a")
    with pytest.raises(SystemExit, match=r"no commit no-such-revision-xyz here"):
        materialise("no-such-revision-xyz", tmp_path / "b")
    with pytest.raises(SystemExit, match=r"REV or REV\+patch"):
        materialise("+x.patch", tmp_path / "c")


def test_a_tree_serves_its_own_code(tmp_path: Path) -> None:
    tree = materialise("HEAD", tmp_path / "t")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tree.path)}
    check_imports_from(tree, env)  # the tree's own service package
    empty = Tree("HEAD", tree.commit, (), tmp_path / "empty")
    empty.path.mkdir()
    with pytest.raises(SystemExit, match="its service package is imported from"):
        # without the tree on the path, the interpreter finds this checkout's package (or none)
        check_imports_from(empty, {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(empty.path)})


def _run(rps: float, p50: float, app: float, neo4j: float) -> dict[str, Any]:
    return {"throughput_rps": rps, "p50_ms": p50, "cpu_ms_per_request": {"app": app, "neo4j": neo4j}}


def test_the_report_shows_both_sides_the_ratio_and_its_range() -> None:
    result = {
        "when": "2026-12-06T14:00:00Z",
        "graph": "10k",
        "machine": {"cpu": "a CPU", "cores": 2},
        "before": {"spec": "HEAD+bench/gains/x.patch", "commit": "a" * 40, "patches": ["bench/gains/x.patch"]},
        "after": {"spec": "HEAD", "commit": "a" * 40, "patches": []},
        "config": {"rounds": 3, "duration": 5.0, "warmup": 2.0, "workers": 1},
        "queries": {
            "path": {
                "runs": {
                    "1": {
                        "after": _run(600.0, 1.6, 0.9, 0.8),
                        "before": _run(400.0, 2.4, 1.1, 1.2),
                        "ratio": {"throughput": 1.5},
                        "rounds": {"ratio": {"each": [1.4, 1.5, 1.6], "min": 1.4, "max": 1.6, "median": 1.5}},
                    }
                }
            },
            "project_search": {"skipped": "{'text': 'x'}: answers differ at .search[0]"},
        },
    }
    text = markdown(result)
    assert "- before: `HEAD+bench/gains/x.patch` (aaaaaaaaaaaa, patched)" in text
    assert "| path | 1 | 400.0 | 600.0 | 1.50 (1.40-1.60) | 2.40 / 1.60 | 1.10 / 0.90 | 1.20 / 0.80 |" in text
    assert "| project_search | skipped: {'text': 'x'}: answers differ at .search[0] |" in text


def test_the_options() -> None:
    args = parse_args(["--before", "HEAD~1", "--queries", "path,project_search", "--concurrency", "1,8"])
    assert args.after == "HEAD"
    assert [q.name for q in args.queries] == ["path", "project_search"]
    assert args.concurrency == [1, 8]
    assert args.rounds == 2
    with pytest.raises(SystemExit):
        parse_args(["--before", "HEAD", "--rounds", "0"])
    with pytest.raises(SystemExit):
        parse_args(["--after", "HEAD"])  # --before is required
