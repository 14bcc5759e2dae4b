"""The IATI code lists an import reads (IATI Standard 2.03), and how their codes map onto the model (MODEL.md)."""

from __future__ import annotations

from typing import Final

from service.model.enums import AuthorityKind, OrganisationKind, ParticipationRole, ProjectStatus

# The versions of the activity standard the reader knows; 1.0x files name codes differently (roles as words,
# date types as `start-planned`, transaction types as letters) and are refused with a pointer to upgrade them.
READ_VERSIONS: Final = ("2.01", "2.02", "2.03")

ORGANISATION_ROLES: Final = {1: "Funding", 2: "Accountable", 3: "Extending", 4: "Implementing"}
ORGANISATION_TYPES: Final = {
    10: "Government", 11: "Local Government", 15: "Other Public Sector", 21: "International NGO",
    22: "National NGO", 23: "Regional NGO", 24: "Partner Country based NGO", 30: "Public Private Partnership",
    40: "Multilateral", 60: "Foundation", 70: "Private Sector", 71: "Private Sector in Provider Country",
    72: "Private Sector in Aid Recipient Country", 73: "Private Sector in Third Country",
    80: "Academic, Training and Research", 90: "Other",
}  # fmt: skip
ACTIVITY_STATUSES: Final = {1: "Pipeline/identification", 2: "Implementation", 3: "Finalisation", 4: "Closed",
                            5: "Cancelled", 6: "Suspended"}  # fmt: skip
ACTIVITY_DATE_TYPES: Final = {1: "Planned start", 2: "Actual start", 3: "Planned end", 4: "Actual end"}
BUDGET_TYPES: Final = {1: "Original", 2: "Revised"}
TRANSACTION_TYPES: Final = {
    1: "Incoming Funds", 2: "Outgoing Commitment", 3: "Disbursement", 4: "Expenditure", 5: "Interest Payment",
    6: "Loan Repayment", 7: "Reimbursement", 8: "Purchase of Equity", 9: "Sale of Equity", 10: "Credit Guarantee",
    11: "Incoming Commitment", 12: "Outgoing Pledge", 13: "Incoming Pledge",
}  # fmt: skip
# Transactions that move money towards the activity's work; interest, repayments, equity and guarantees flow the
# other way or are no funding at all, so their organisations make no funding links.
FUNDING_TRANSACTIONS: Final = frozenset({1, 2, 3, 4, 7, 11, 12, 13})
REGION_VOCABULARIES: Final = {"1": "OECD DAC", "2": "UN M49", "99": "Reporting Organisation"}
# Sector vocabularies whose codes are DAC purpose codes (the model's sectorCodes): 1 five digits, 2 three.
DAC_SECTOR_DIGITS: Final = {"1": 5, "2": 3}

# IATI Activity Status -> the model's project status (the exact code stays in iatiStatus).
PROJECT_STATUS: Final[dict[int, ProjectStatus]] = {
    1: ProjectStatus.PLANNED,
    2: ProjectStatus.ACTIVE,
    3: ProjectStatus.COMPLETED,
    4: ProjectStatus.COMPLETED,
    5: ProjectStatus.UNKNOWN,
    6: ProjectStatus.UNKNOWN,
}
# IATI Organisation Role -> participation role (MODEL.md's role table): 1 Funding is a funder, 2 Accountable the
# lead national counterpart (a partner), 4 Implementing an implementer; 3 Extending (manages the funds on the
# funder's behalf) has no role of its own in the model and counts as implementing, its code kept in iatiRole.
ROLE_BY_IATI: Final[dict[int, ParticipationRole]] = {
    1: ParticipationRole.FUNDER,
    2: ParticipationRole.PARTNER,
    3: ParticipationRole.IMPLEMENTER,
    4: ParticipationRole.IMPLEMENTER,
}
# The IATI Organisation Role a participation role implies when a staff file gives none (MODEL.md's role table).
DEFAULT_IATI_ROLE: Final[dict[str, int]] = {
    ParticipationRole.IMPLEMENTER: 4,
    ParticipationRole.IMPLEMENTING_UNIT: 4,
    ParticipationRole.FUNDER: 1,
    ParticipationRole.CO_FUNDER: 1,
}
# A transaction's provider funds the activity; its receiver takes the money to do the work.
PROVIDER_ROLE: Final = ParticipationRole.FUNDER
RECEIVER_ROLE: Final = ParticipationRole.IMPLEMENTER


def kind_for(role: ParticipationRole, org_type: int | None) -> tuple[OrganisationKind, AuthorityKind | None] | None:
    """The kind of an organisation an import creates: a funder is a donor; otherwise by IATI Organisation Type;
    None when neither says."""
    if role is ParticipationRole.FUNDER:
        return OrganisationKind.DONOR, None
    if org_type in (10, 11):
        return OrganisationKind.NATIONAL_AUTHORITY, AuthorityKind.GOVERNMENT
    if org_type == 15:
        return OrganisationKind.NATIONAL_AUTHORITY, AuthorityKind.OTHER
    if org_type == 80:
        return OrganisationKind.NATIONAL_AUTHORITY, AuthorityKind.TRAINING_INSTITUTION
    if org_type == 40:
        return OrganisationKind.INTERNATIONAL, None
    if org_type is not None:
        return OrganisationKind.CIVIL_SOCIETY, None
    return None
