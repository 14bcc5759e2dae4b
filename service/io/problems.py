"""Import validation failures: every problem found, each naming its file, place (line or XPath) and field."""

from __future__ import annotations

from service.core.errors import InvalidInputError
from service.seeding.errors import FileProblem


class ImportValidationError(InvalidInputError):
    """The input is invalid; `problems` lists every problem, nothing was written."""

    def __init__(self, problems: list[FileProblem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_order))
        shown = "\n".join(f"  {p}" for p in self.problems[:200])
        more = f"\n  ... and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the import; nothing was written:\n{shown}{more}")


def _order(p: FileProblem) -> tuple[str, int, str, str]:
    # `line 10` after `line 9`: order lines by number, XPaths as text.
    _, _, tail = p.where.partition("line ")
    number = int(tail) if tail.isdigit() else 0
    return (p.file, number, p.where, p.field)
