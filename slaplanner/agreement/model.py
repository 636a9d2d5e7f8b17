"""The agreement: named proposals, their immutable numbered versions, signatories and signatures.

An agreement holds several proposals ("Marketing proposal", "Sales counter", "Compromise"),
each a whole plan with a history of versions. A version never changes once written; it is
named by its number and the fingerprint of its content (:mod:`slaplanner.agreement.canonical`).
Signatures point at a (proposal, version, fingerprint). "Agreed" is derived, never set: a
version is agreed when both sides, marketing and sales, signed it with the fingerprint its
content still has. An agreed proposal is locked: editing it starts a new proposal based on it.

Words: a *proposal* is a branch of the agreement; a *rate level* (low, likely, high) is how
optimistic the conversion rates are. The two are kept apart everywhere.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from slaplanner.agreement.canonical import fingerprint, short
from slaplanner.errors import Problem, ValidationError
from slaplanner.plan.format import fmt_timestamp
from slaplanner.plan.model import Plan
from slaplanner.plan.validation import Collector, check_choice, check_text

#: The two sides that sign an SLA.
SIDES = ("marketing", "sales")
#: Name of the one proposal a plan becomes when it is opened as an agreement.
FIRST_PROPOSAL = "Plan"
MAX_PROPOSALS = 50


def _other(side: str) -> str:
    return SIDES[1] if side == SIDES[0] else SIDES[0]


def person_key(name: str) -> str:
    """A person's name as signatures compare it: without case and without spaces
    ("Mia Chen", " mia  CHEN " and "MiaChen" are one person)."""
    return "".join(unicodedata.normalize("NFKC", name).split()).casefold()


def now_utc() -> str:
    """The current time as ISO 8601 in UTC, to the second (how versions and signatures are stamped)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Signatory:
    """A person who signs for one side: name, title, side (marketing or sales)."""

    name: str
    side: str
    title: str = ""

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "name", c.check(check_text, "name", self.name, max_length=120, default=""))
        object.__setattr__(self, "title", c.check(check_text, "title", self.title, required=False, default=""))
        c.check(check_choice, "side", self.side, SIDES, default="")
        c.raise_if_any()


@dataclass(frozen=True)
class Signature:
    """One side's signature on one version: who, when, and the fingerprint they signed."""

    proposal: str
    version: int
    fingerprint: str
    name: str
    side: str
    signed_at: str
    title: str = ""


@dataclass(frozen=True)
class Version:
    """One saved state of a proposal. ``fingerprint`` is recorded when it is saved; a version
    whose content no longer has that fingerprint was changed after it was written."""

    number: int
    plan: Plan
    fingerprint: str
    saved_at: str
    author: str = ""
    comment: str = ""

    @property
    def intact(self) -> bool:
        """True when the content still has the fingerprint recorded when it was saved."""
        return fingerprint(self.plan) == self.fingerprint

    @property
    def short_fingerprint(self) -> str:
        return short(self.fingerprint)


@dataclass(frozen=True)
class Proposal:
    """A named branch of the agreement with its versions (1, 2, ... in order).

    ``based_on`` names the proposal and version it started as a copy of, if any.
    """

    name: str
    versions: tuple[Version, ...]
    based_on: tuple[str, int] | None = None

    @property
    def head(self) -> Version:
        """The latest version."""
        return self.versions[-1]

    def version(self, number: int) -> Version:
        for v in self.versions:
            if v.number == number:
                return v
        numbers = ", ".join(str(v.number) for v in self.versions)
        raise ValidationError([Problem("version", number, f"allowed: one of this proposal's versions ({numbers})")])


@dataclass(frozen=True)
class Agreement:
    """Several proposals, the people who sign, and their signatures."""

    name: str
    proposals: tuple[Proposal, ...]
    signatories: tuple[Signatory, ...] = ()
    signatures: tuple[Signature, ...] = field(default=())

    def __post_init__(self) -> None:
        c = Collector()
        object.__setattr__(self, "name", c.check(check_text, "name", self.name, max_length=120, default=""))
        if not self.proposals:
            c.add("proposals", [], "allowed: at least one proposal")
        if len(self.proposals) > MAX_PROPOSALS:
            c.add("proposals", len(self.proposals), f"allowed: at most {MAX_PROPOSALS} proposals")
        seen: set[str] = set()
        for i, p in enumerate(self.proposals):
            key = p.name.strip().casefold()
            if not key:
                c.add(f"proposals[{i}].name", p.name, "allowed: a name of 1 to 80 characters")
            elif key in seen:
                c.add(f"proposals[{i}].name", p.name, "allowed: a name no other proposal has")
            seen.add(key)
            if not p.versions:
                c.add(f"proposals[{p.name}].versions", [], "allowed: at least one version")
            numbers = [v.number for v in p.versions]
            if numbers != list(range(1, len(numbers) + 1)):
                c.add(f"proposals[{p.name}].versions", numbers, "allowed: versions numbered 1, 2, 3 ... in order")
        for i, s in enumerate(self.signatures):
            if s.side not in SIDES:
                c.add(f"signatures[{i}].side", s.side, "allowed: one of " + ", ".join(SIDES))
            if s.proposal.strip().casefold() not in seen:
                c.add(f"signatures[{i}].proposal", s.proposal, "allowed: one of this agreement's proposals")
        c.raise_if_any()

    # -- finding things ------------------------------------------------------------------------
    def proposal(self, name: str) -> Proposal:
        """The proposal called ``name`` (compared without case)."""
        for p in self.proposals:
            if p.name.casefold() == name.strip().casefold():
                return p
        names = ", ".join(p.name for p in self.proposals)
        raise ValidationError([Problem("proposal", name, f"allowed: one of this agreement's proposals ({names})")])

    def signatures_of(self, proposal: str, version: int | None = None) -> tuple[Signature, ...]:
        key = proposal.casefold()
        return tuple(
            s for s in self.signatures if s.proposal.casefold() == key and (version is None or s.version == version)
        )

    # -- derived status ------------------------------------------------------------------------
    def is_agreed(self, proposal: str, version: int) -> bool:
        """Both sides signed this version with the fingerprint its content still has."""
        v = self.proposal(proposal).version(version)
        if not v.intact:
            return False
        sides = {s.side for s in self.signatures_of(proposal, version) if s.fingerprint == v.fingerprint}
        return sides >= set(SIDES)

    def agreed_version(self, proposal: str) -> Version | None:
        """The agreed version of ``proposal`` (its latest, since an agreed proposal is locked)."""
        p = self.proposal(proposal)
        for v in reversed(p.versions):
            if self.is_agreed(p.name, v.number):
                return v
        return None

    def status(self, proposal: str) -> str:
        """``agreed`` when the proposal's latest version is signed by both sides, else ``draft``."""
        p = self.proposal(proposal)
        return "agreed" if self.is_agreed(p.name, p.head.number) else "draft"

    def default_version(self) -> tuple[Proposal, Version]:
        """What a plain file name opens: the latest agreed version of any proposal (the most
        recently saved), else the latest version of the first proposal."""
        agreed = [(p, v) for p in self.proposals if (v := self.agreed_version(p.name)) is not None]
        if agreed:
            return max(agreed, key=lambda pv: pv[1].saved_at)
        first = self.proposals[0]
        return first, first.head

    def resolve(self, proposal: str | None = None, version: int | None = None) -> tuple[Proposal, Version]:
        """The proposal and version a ``FILE#PROPOSAL@VERSION`` location names."""
        if proposal is None:
            if version is not None:
                first = self.proposals[0]
                return first, first.version(version)
            return self.default_version()
        p = self.proposal(proposal)
        return p, (p.head if version is None else p.version(version))

    def signature_matches(self, signature: Signature) -> bool:
        """True when ``signature`` names a version of its proposal with that version's recorded
        fingerprint (a signature carrying another fingerprint signed other content)."""
        try:
            version = self.proposal(signature.proposal).version(signature.version)
        except ValidationError:
            return False
        return signature.fingerprint == version.fingerprint

    def signed_for_both_sides(self, proposal: str, version: int) -> tuple[str, ...]:
        """Names of people who signed ``version`` of ``proposal`` for both sides (possible only
        in a file signed before one person was refused both sides). Such a version stays agreed
        as it was signed, since a signed version never changes; ``slaplanner proposals`` flags it."""
        by_side: dict[str, dict[str, str]] = {side: {} for side in SIDES}
        for s in self.signatures_of(proposal, version):
            if s.side in by_side:
                by_side[s.side].setdefault(person_key(s.name), s.name)
        marketing, sales = (by_side[side] for side in SIDES)
        return tuple(name for key, name in marketing.items() if key in sales)

    def signatories_of(self, side: str) -> tuple[Signatory, ...]:
        """The people the agreement names as signing for ``side`` (none: the first to sign becomes it)."""
        return tuple(s for s in self.signatories if s.side == side)

    def tampered(self) -> tuple[tuple[str, int], ...]:
        """(proposal, version) of every version whose content no longer matches its fingerprint."""
        return tuple((p.name, v.number) for p in self.proposals for v in p.versions if not v.intact)


# -- changes (each returns a new Agreement; nothing is changed in place) --------------------------
def new_agreement(
    plan: Plan, *, proposal: str = FIRST_PROPOSAL, author: str = "", comment: str = "", saved_at: str | None = None
) -> Agreement:
    """An agreement with one proposal holding ``plan`` as version 1, saved at ``saved_at`` (ISO 8601;
    default now: a plain JSON plan read from a file passes the file's time)."""
    version = Version(1, plan, fingerprint(plan), saved_at or now_utc(), author, comment or "Created")
    return Agreement(plan.name, (Proposal(proposal, (version,)),))


def _replace_proposal(agreement: Agreement, proposal: Proposal) -> Agreement:
    key = proposal.name.casefold()
    proposals = tuple(proposal if p.name.casefold() == key else p for p in agreement.proposals)
    return replace(agreement, proposals=proposals)


def locked_problem(agreement: Agreement, proposal: str) -> Problem | None:
    """Why ``proposal`` cannot take a new version (it is agreed), or None."""
    agreed = agreement.agreed_version(proposal)
    if agreed is None:
        return None
    return Problem(
        "proposal",
        proposal,
        f"{proposal} version {agreed.number} is agreed (signed by both sides) and locked; "
        "save your changes as a new proposal based on it",
        "locked",
        subject=proposal,
    )


def add_version(
    agreement: Agreement, proposal: str, plan: Plan, *, parent: int, author: str = "", comment: str = ""
) -> Agreement:
    """Append ``plan`` as the next version of ``proposal``. ``parent`` is the version the edit
    started from: when it is no longer the latest, someone else saved in between and the save
    is refused (:class:`ValidationError` with kind ``conflict``), so nothing is overwritten."""
    p = agreement.proposal(proposal)
    problem = locked_problem(agreement, p.name)
    if problem is not None:
        raise ValidationError([problem])
    if parent != p.head.number:
        head = p.head
        who = f" by {head.author}" if head.author else ""
        raise ValidationError(
            [
                Problem(
                    "proposal",
                    p.name,
                    f"Not saved: {p.name} version {head.number} was saved{who} on {fmt_timestamp(head.saved_at)}, "
                    f"after you started from version {parent}; reload it and apply your changes again, or save "
                    "them as a new proposal",
                    "conflict",
                    subject=p.name,
                )
            ]
        )
    version = Version(p.head.number + 1, plan, fingerprint(plan), now_utc(), author, comment)
    return _replace_proposal(agreement, replace(p, versions=(*p.versions, version)))


def add_proposal(
    agreement: Agreement, name: str, *, copy_of: str | None = None, version: int | None = None, author: str = ""
) -> Agreement:
    """A new proposal called ``name``, starting as a copy of another proposal's version
    (default: the first proposal's latest)."""
    source, v = agreement.resolve(copy_of or agreement.proposals[0].name, version)
    comment = f"Copy of {source.name} version {v.number}"
    first = Version(1, v.plan, v.fingerprint, now_utc(), author, comment)
    return replace(
        agreement, proposals=(*agreement.proposals, Proposal(name.strip(), (first,), (source.name, v.number)))
    )


def _people(signatories: tuple[Signatory, ...]) -> str:
    names = [f"{s.name} ({s.title})" if s.title else s.name for s in signatories]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _who_signs(agreement: Agreement, proposal: Proposal, signatory: Signatory) -> Signatory | Problem:
    """The signatory as the signature records them, or why they may not sign ``proposal``'s latest
    version for their side. A person the agreement names for the side signs under the declared
    name, keeping the declared title unless another is given; where no one is named for the side,
    the first to sign becomes its signatory; no one signs for both sides."""
    side, other = signatory.side, _other(signatory.side)
    key = person_key(signatory.name)
    head = proposal.head
    declared = agreement.signatories_of(side)
    match = next((d for d in declared if person_key(d.name) == key), None)
    if declared and match is None:
        return Problem(
            "name",
            signatory.name,
            f"{signatory.name} may not sign for {side}: only {_people(declared)} may sign for {side} in this agreement",
            "not_signatory",
        )
    for s in agreement.signatures_of(proposal.name, head.number):
        if s.side == other and person_key(s.name) == key:
            return Problem(
                "name",
                signatory.name,
                f"{s.name} already signed {proposal.name} version {head.number} for {other}; "
                f"one person cannot sign for both sides, so someone else signs for {side}",
                "same_person",
            )
    if match is None:
        for d in agreement.signatories_of(other):
            if person_key(d.name) == key:
                return Problem(
                    "name",
                    signatory.name,
                    f"{d.name} signs for {other} in this agreement and cannot also sign for {side}",
                    "same_person",
                )
        return signatory
    return Signatory(match.name, side, signatory.title.strip() or match.title)


def sign(
    agreement: Agreement, proposal: str, signatory: Signatory, *, version: int | None = None
) -> tuple[Agreement, Signature]:
    """``signatory`` signs ``proposal``'s latest version. Refused (one clear line) when the
    proposal is already agreed, that side already signed this version (also with another
    fingerprint), the version named is not the latest, the content no longer matches its
    fingerprint, the agreement names other signatories for that side, or the same person would
    sign for both sides. An omitted title keeps the one the agreement declares."""
    p = agreement.proposal(proposal)
    head = p.head
    problems: list[Problem] = []
    if version is not None and version != head.number:
        problems.append(
            Problem("version", version, f"allowed: the latest version ({head.number}); only it can be signed")
        )
    elif not head.intact:
        problems.append(
            Problem(
                "version",
                head.number,
                f"{p.name} version {head.number} cannot be signed: its content was changed after it was saved "
                f"and no longer matches its fingerprint {head.short_fingerprint}",
                "tampered",
            )
        )
    elif agreement.is_agreed(p.name, head.number):
        problems.append(
            Problem("proposal", p.name, f"{p.name} version {head.number} is already agreed and locked", "locked")
        )
    else:
        for s in agreement.signatures_of(p.name, head.number):
            if s.side != signatory.side:
                continue
            when = fmt_timestamp(s.signed_at) if s.signed_at else "no time recorded"
            if s.fingerprint == head.fingerprint:
                problems.append(
                    Problem(
                        "side",
                        signatory.side,
                        f"{signatory.side.capitalize()} already signed {p.name} version {head.number} "
                        f"({s.name}, {when}); the {_other(signatory.side)} side signs next",
                        "already_signed",
                    )
                )
            else:
                problems.append(
                    Problem(
                        "side",
                        signatory.side,
                        f"The {signatory.side} signature on {p.name} version {head.number} ({s.name}, {when}) "
                        f"does not match the version's fingerprint {head.short_fingerprint}, and a side signs a "
                        "version only once; save a new version and sign that",
                        "signature_mismatch",
                    )
                )
            break
    if not problems:
        who = _who_signs(agreement, p, signatory)
        if isinstance(who, Problem):
            problems.append(who)
        else:
            signatory = who
    if problems:
        raise ValidationError(problems)
    signature = Signature(
        p.name, head.number, head.fingerprint, signatory.name, signatory.side, now_utc(), signatory.title
    )
    signed = replace(agreement, signatures=(*agreement.signatures, signature), signatories=_with(agreement, signatory))
    return signed, signature


def _with(agreement: Agreement, signatory: Signatory) -> tuple[Signatory, ...]:
    """The agreement's signatories with ``signatory`` in their place (their title as signed), or
    added at the end when they are new."""
    key = (person_key(signatory.name), signatory.side)
    people: list[Signatory] = []
    for s in agreement.signatories:
        if (person_key(s.name), s.side) != key:
            people.append(s)
        elif signatory not in people:
            people.append(signatory)
    if signatory not in people:
        people.append(signatory)
    return tuple(people)
