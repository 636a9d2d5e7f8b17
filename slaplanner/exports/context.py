"""What an export names: the agreement, the proposal and the version a plan comes from.

:class:`ExportContext` is the small record the command line (from
:func:`slaplanner.storage.open_location`) and the Export page (from its agreement session) hand to
:func:`slaplanner.exports.service.export_files`. :func:`agreement_facts` derives, from the
agreement's own rules (:mod:`slaplanner.agreement.model`), what the document and the workbook say
about it: status, fingerprint, who signed and when, and what changed since the previous agreed
version. Nothing here decides whether a version is agreed; the agreement does.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from slaplanner.agreement.canonical import fingerprint, short
from slaplanner.agreement.model import SIDES, Agreement, Proposal, Version, new_agreement
from slaplanner.errors import ValidationError
from slaplanner.imports.actuals import Actuals
from slaplanner.negotiation.diff import diff_plans
from slaplanner.plan.format import fmt_date
from slaplanner.plan.model import Plan
from slaplanner.results import PlanResults


@dataclass(frozen=True)
class ExportContext:
    """The agreement an exported plan comes from, and which proposal and version it is.

    ``version`` is the version the plan was opened at (the window: the version its edits started
    from); a plan whose content differs from that version is exported as unsaved changes to it.
    """

    agreement: Agreement
    proposal: str
    version: int
    actuals: Actuals | None = None  # kept with the agreement: the workbook gets a Review sheet

    @classmethod
    def of_plan(cls, plan: Plan) -> ExportContext:
        """A plan on its own, as every face opens one: an agreement with one proposal, version 1."""
        agreement = new_agreement(plan)
        return cls(agreement, agreement.proposals[0].name, 1)

    def is_exported(self, proposal: str) -> bool:
        """``proposal`` is the one exported (names compare without case, as the agreement's do)."""
        return proposal.casefold() == self.proposal.casefold()

    def named_plans(self, plan: Plan) -> tuple[tuple[str, int, Plan], ...]:
        """Every proposal as (name, version, plan): the latest version of each, except the
        exported proposal, which is the plan exported (what the rest of the file is about)."""
        out: list[tuple[str, int, Plan]] = []
        for p in self.agreement.proposals:
            if self.is_exported(p.name):
                out.append((p.name, self.version, plan))
            else:
                out.append((p.name, p.head.number, p.head.plan))
        return tuple(out)


@dataclass(frozen=True)
class SideSignature:
    """One side of the sign-off: who signs for it (when known) and the day they signed (``None``:
    not signed yet)."""

    side: str
    name: str = ""
    title: str = ""
    signed_on: date | None = None

    @property
    def signed(self) -> bool:
        return self.signed_on is not None


@dataclass(frozen=True)
class AgreementFacts:
    """What a document says about the agreement it comes from.

    Attributes:
        agreement: the agreement's name.
        proposal, version: what is exported.
        saved_on, author: when and by whom the version was saved.
        fingerprint: SHA-256 of the exported content (``short_fingerprint``: its first 12 hex digits).
        agreed_on: the day the second side signed, when the version is agreed (else ``None``).
        unsaved: the exported content is not the saved version (edits not saved yet).
        intact: the saved version still matches the fingerprint recorded when it was saved.
        sides: marketing's and sales' signatures on this version (or who is to sign).
        previous: the previous agreed version (proposal, version, day agreed), if any.
        changes: what changed since ``previous``, as the sentences people read.
        any_agreed: some version of the agreement is agreed (earlier or later than this one).
    """

    agreement: str
    proposal: str
    version: int
    saved_on: date | None
    author: str
    fingerprint: str
    agreed_on: date | None
    unsaved: bool
    intact: bool
    sides: tuple[SideSignature, ...]
    previous: tuple[str, int, date | None] | None
    changes: tuple[str, ...]
    any_agreed: bool

    @property
    def is_agreed(self) -> bool:
        return self.agreed_on is not None

    @property
    def short_fingerprint(self) -> str:
        return short(self.fingerprint)

    @property
    def status_text(self) -> str:
        """``Agreed on 1 December 2026``, or what a draft still lacks."""
        if self.agreed_on is not None:
            return f"Agreed on {fmt_date(self.agreed_on)}"
        if self.unsaved:
            return f"Draft: changes to version {self.version} not saved yet"
        signed = [s.side for s in self.sides if s.signed]
        if signed:
            return f"Draft: signed by {signed[0]} only, not yet by both sides"
        return "Draft: not signed by both sides"


def stamp_day(stamp: str) -> date | None:
    """The day of an ISO 8601 stamp (versions and signatures carry UTC), in this computer's time
    zone, as ``fmt_timestamp`` shows it; ``None`` when the stamp cannot be read."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.date()


def _agreed_day(agreement: Agreement, proposal: str, version: Version) -> date | None:
    signed = [
        s.signed_at for s in agreement.signatures_of(proposal, version.number) if s.fingerprint == version.fingerprint
    ]
    return stamp_day(max(signed)) if signed else None


def _ancestors(agreement: Agreement, proposal: str, number: int) -> set[tuple[str, int]]:
    """(proposal, version) of every version ``proposal``'s version ``number`` descends from:
    the proposal's earlier versions and, through ``based_on``, the versions it was copied from."""
    out: set[tuple[str, int]] = set()
    todo = [(proposal, number)]
    while todo:
        name, n = todo.pop()
        try:
            p = agreement.proposal(name)
        except ValidationError:  # copied from a proposal this agreement no longer has
            continue
        for v in p.versions:
            if v.number < n and (p.name.casefold(), v.number) not in out:
                out.add((p.name.casefold(), v.number))
        if p.based_on is not None:
            key = (p.based_on[0].casefold(), p.based_on[1])
            if key not in out:
                out.add(key)
                todo.append(key)
    return out


def agreement_facts(context: ExportContext, plan: Plan) -> AgreementFacts:
    """The facts a document states about ``plan``, exported as ``context`` names it."""
    agreement = context.agreement
    proposal = agreement.proposal(context.proposal)
    version = proposal.version(context.version)
    content = fingerprint(plan)
    unsaved = content != version.fingerprint
    agreed = not unsaved and agreement.is_agreed(proposal.name, version.number)

    sides: list[SideSignature] = []
    for side in SIDES:
        signature = None
        if not unsaved and version.intact:
            signed = [
                s
                for s in agreement.signatures_of(proposal.name, version.number)
                if s.side == side and s.fingerprint == version.fingerprint
            ]
            signature = max(signed, key=lambda s: s.signed_at) if signed else None
        if signature is not None:
            sides.append(SideSignature(side, signature.name, signature.title, stamp_day(signature.signed_at)))
            continue
        known = [s for s in agreement.signatories if s.side == side]
        sides.append(SideSignature(side, known[-1].name, known[-1].title) if known else SideSignature(side))

    agreed_versions = [(p, v) for p in agreement.proposals if (v := agreement.agreed_version(p.name)) is not None]
    here = (proposal.name.casefold(), version.number)
    mine = _ancestors(agreement, *here)

    def before(p: Proposal, v: Version) -> bool:
        """``v`` came before what is exported: an ancestor of it, or saved earlier (stamps are to the
        second, so at a tie an unrelated version counts as earlier unless it descends from this one)."""
        key = (p.name.casefold(), v.number)
        if key == here:  # unsaved edits come after the version they started from
            return unsaved
        if key in mine:
            return True
        return v.saved_at < version.saved_at or (
            v.saved_at == version.saved_at and here not in _ancestors(agreement, *key)
        )

    earlier = [(p, v) for p, v in agreed_versions if before(p, v)]
    previous = None
    changes: tuple[str, ...] = ()
    if earlier:
        p, v = max(earlier, key=lambda pv: (pv[1].saved_at, (pv[0].name.casefold(), pv[1].number) in mine))
        previous = (p.name, v.number, _agreed_day(agreement, p.name, v))
        changes = tuple(c.label for c in diff_plans(v.plan, plan))
    return AgreementFacts(
        agreement=agreement.name,
        proposal=proposal.name,
        version=version.number,
        saved_on=stamp_day(version.saved_at),
        author=version.author,
        fingerprint=content,
        agreed_on=_agreed_day(agreement, proposal.name, version) if agreed else None,
        unsaved=unsaved,
        intact=version.intact,
        sides=tuple(sides),
        previous=previous,
        changes=changes,
        any_agreed=bool(agreed_versions),
    )


def settings_text(results: PlanResults) -> str:
    """What an export's figures were computed with, in one sentence. Runs are named only when the
    simulation ran: a refused one gave no probabilities (``results.simulation_note`` says why)."""
    settings = results.settings if results.simulation is not None else replace(results.settings, runs=0)
    return settings.describe()
