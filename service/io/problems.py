"""Import validation failures: every problem found, each naming its file, place (line or XPath) and field."""

from __future__ import annotations

from dataclasses import dataclass

from service.core.errors import InvalidInputError


@dataclass(frozen=True, order=True)
class ImportProblem:
    """One problem in one input file: `where` is `line N` for CSV, an XPath for IATI XML."""

    file: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.field}: {self.message}"


class ImportValidationError(InvalidInputError):
    """The input is invalid; `problems` lists every problem, nothing was written."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        self.problems = tuple(sorted(set(problems), key=_order))
        shown = "\n".join(f"  {p}" for p in self.problems[:200])
        more = f"\n  ... and {len(self.problems) - 200} more" if len(self.problems) > 200 else ""
        super().__init__(f"{len(self.problems)} problem(s) in the import; nothing was written:\n{shown}{more}")


def _order(p: ImportProblem) -> tuple[str, int, str, str]:
    # `line 10` after `line 9`: order lines by number, XPaths as text.
    _, _, tail = p.where.partition("line ")
    number = int(tail) if tail.isdigit() else 0
    return (p.file, number, p.where, p.field)
