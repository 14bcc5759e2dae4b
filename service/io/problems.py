"""Import validation failures: every problem found, each naming its file, place (line or XPath) and field."""

from __future__ import annotations

from service.core.errors import InvalidInputError
from service.seeding.errors import FileProblem


class ImportValidationError(InvalidInputError):
    """The input is invalid; `problems` lists every problem, nothing was written."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = tuple(sorted(set(problems), key=problem_order))
        shown = "\n".join(f"  {p}" for p in self.problems[:200])
        more = f"\n  ... and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the import; nothing was written:\n{shown}{more}")


def problem_order(p: FileProblem) -> tuple[str, str, int, str, str]:
    """Problems by file, then place: `line 10` after `line 9` (a place ending in a number sorts by it), XPaths as
    text."""
    head, _, tail = p.where.rpartition(" ")
    return (p.file, head, int(tail), p.where, p.field) if tail.isdigit() else (p.file, p.where, 0, "", p.field)
