"""The seed files read independently of the loader, as the answers the read API must give."""

from __future__ import annotations

import calendar
import datetime as dt
from functools import cache, cmp_to_key
from typing import Any

import yaml

from service.core.settings import REPO_ROOT

SEEDS = REPO_ROOT / "seeds"
Row = dict[str, Any]


@cache
def records(name: str) -> tuple[Row, ...]:
    """The records of seeds/<name>.yaml."""
    with (SEEDS / f"{name}.yaml").open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh)[name])


def day(value: Any, *, end: bool) -> str | None:
    """A seed date as the graph stores it: partial starts at the first day, partial ends at the last."""
    if value is None:
        return None
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}"
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return f"{parts[0]:04d}-{parts[1]:02d}-{last if end else 1:02d}"
    return f"{parts[0]:04d}-12-31" if end else f"{parts[0]:04d}-01-01"


@cache
def projects() -> dict[str, Row]:
    """Projects by key, with graph-style fields."""
    return {
        p["id"]: p
        | {
            "key": p["id"],
            "name": p["title"],
            "startDate": day(p["start_date"], end=False),
            "endDate": day(p["end_date"], end=True),
            "budgetEur": p["budget_eur"],
            "iatiStatus": p["iati_status"],
            "divisionAttribution": p["division_attribution"],
            "jpCode": p["jp_code"],
        }
        for p in records("projects")
    }


@cache
def programmes() -> dict[str, Row]:
    """Programmes by key."""
    return {
        g["id"]: g
        | {
            "key": g["id"],
            "shortName": g["short_name"],
            "startDate": day(g["start_date"], end=False),
            "endDate": day(g["end_date"], end=True),
            "budgetEur": g["budget_eur"],
        }
        for g in records("programmes")
    }


@cache
def organisations() -> dict[str, Row]:
    """Organisations by key."""
    out = {}
    for o in records("organisations"):
        out[o["id"]] = o | {
            "key": o["id"],
            "shortName": o["short_name"],
            "authorityKind": o.get("authority_kind"),
            "ganhriStatus": o.get("ganhri_status"),
            "npmMandate": o.get("npm_mandate"),
            "iatiOrgType": o.get("iati_org_type"),
        }
    return out


@cache
def countries() -> dict[str, Row]:
    """Countries by key."""
    return {
        c["id"]: c
        | {"key": c["id"], "coeMember": c["coe_member"], "coeMemberSince": day(c["coe_member_since"], end=False)}
        for c in records("countries")
    }


@cache
def participations() -> tuple[Row, ...]:
    """Participations in projects and programmes, with the dates the loader derives when they have none."""
    out = []
    for p in records("participations"):
        target = projects().get(p.get("project") or "") or programmes()[p["programme"]]
        derived = p["since"] is None and p["until"] is None
        out.append(
            p
            | {
                "key": p["id"],
                "since": target["startDate"] if derived else day(p["since"], end=False),
                "until": target["endDate"] if derived else day(p["until"], end=True),
            }
        )
    return tuple(out)


def project_participants(key: str) -> list[Row]:
    """Participations in one project."""
    return [p for p in participations() if p.get("project") == key]


def memberships() -> list[Row]:
    """Network memberships, each with its network's key."""
    return [
        m | {"network": n["id"], "status": m["membership_status"]} for n in records("networks") for m in n["members"]
    ]


def region_of(country_key: str | None) -> set[str]:
    """The regions of a country (empty for none)."""
    return set(countries()[country_key]["regions"]) if country_key else set()


def ordered(rows: list[Row], keys: list[tuple[str, bool]], tie: str = "key") -> list[str]:
    """Row keys sorted as Cypher sorts them: nulls greatest (last ascending, first descending), then tie ascending."""

    def compare(a: Row, b: Row) -> int:
        for field, ascending in keys:
            x, y = a[field], b[field]
            if x == y:
                continue
            # null is the greatest value, as in Cypher's ORDER BY
            result = (1 if x is None else -1) if x is None or y is None else (1 if x > y else -1)
            return result if ascending else -result
        return (a[tie] > b[tie]) - (a[tie] < b[tie])

    return [r[tie] for r in sorted(rows, key=cmp_to_key(compare))]
