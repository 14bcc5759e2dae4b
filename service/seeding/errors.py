"""Problems in input files (seed files, import files), each naming its file, place and field; the seed loader's
failure listing every one of them."""

from __future__ import annotations

from dataclasses import dataclass

from service.core.errors import InvalidInputError


@dataclass(frozen=True, order=True)
class FileProblem:
    """One problem in one input file: `where` is a seed record's id (`#index` when it has none), `line N` of a
    CSV file or an XPath of an XML file."""

    file: str
    where: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.field}: {self.message}"


class SeedValidationError(InvalidInputError):
    """The seed files are invalid; `errors` lists every problem, nothing was written."""

    def __init__(self, errors: list[FileProblem]) -> None:
        self.errors = tuple(sorted(errors))
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in the seed files:\n{lines}")
