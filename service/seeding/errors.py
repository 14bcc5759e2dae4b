"""Seed validation failures: every problem found, each naming its file, record and field."""

from __future__ import annotations

from dataclasses import dataclass

from service.core.errors import InvalidInputError


@dataclass(frozen=True, order=True)
class SeedError:
    """One problem in one seed file: `record` is the record's id, or `#index` when it has none."""

    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.record}: {self.field}: {self.message}"


class SeedValidationError(InvalidInputError):
    """The seed files are invalid; `errors` lists every problem, nothing was written."""

    def __init__(self, errors: list[SeedError]) -> None:
        self.errors = tuple(sorted(errors))
        lines = "\n".join(f"  {e}" for e in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in the seed files:\n{lines}")
