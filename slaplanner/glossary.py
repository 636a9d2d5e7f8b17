"""The one glossary: every term the window, the docs and the SLA document use, in plain words.

Each :class:`Term` says what a word means and why it matters. The window's Help (F1 on a field,
a column heading or a chart) looks terms up here, ``docs/glossary.md`` is generated from here
(:func:`glossary_markdown`; ``python -m slaplanner.glossary docs/glossary.md`` writes it, and a
test checks the file never drifts), and the SLA document's glossary is :data:`DOCUMENT_GLOSSARY`.

Nothing here imports anything else of SLA Planner: every layer may read it.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes:
        key: a stable name for code (``"shrinkage"``); widgets carry it as their help key.
        term: the word as people read it ("Shrinkage").
        meaning: what it means.
        why: why it matters (empty when the meaning says it).
        aliases: other ways the window writes it (headings, labels), matched as whole words.
        in_document: whether the SLA document's glossary lists it.
    """

    key: str
    term: str
    meaning: str
    why: str = ""
    aliases: tuple[str, ...] = ()
    in_document: bool = True

    def names(self) -> tuple[str, ...]:
        """The term and its aliases."""
        return (self.term, *self.aliases)


# fmt: off
_TERMS: tuple[Term, ...] = (
    # -- the funnel's stages and the people --------------------------------------------------
    Term("lead", "Lead",
         "A person who showed interest (an inquiry, a download, a sign-up) and is not qualified yet.",
         "Leads are where the funnel starts: every SQL and every win is a share of them.",
         ("leads",)),
    Term("mql", "MQL",
         "Marketing-qualified lead: a lead whose fit and behaviour reach the MQL score; marketing owns it.",
         "The MQL score decides how many leads marketing passes on and how good they are.",
         ("MQLs", "marketing-qualified lead")),
    Term("sal", "SAL",
         "Sales-accepted lead: a lead sales agreed to work.",
         "The share of MQLs sales accepts shows whether both sides mean the same by a good lead.",
         ("SALs", "sales-accepted lead", "accept / reject")),
    Term("sql", "SQL",
         "Sales-qualified lead: a lead in a real buying conversation; marketing commits to deliver these.",
         "The SQL is the hand-over the agreement is about: marketing promises a number of SQLs a month and "
         "sales promises how fast it touches each one.",
         ("SQLs", "sales-qualified lead")),
    Term("opportunity", "Opportunity",
         "A deal sales is working on: a qualified buyer with a need, a budget and a time frame.",
         "Opportunities are what the sales cycle turns into wins.",
         ("opportunities", "opps")),
    Term("won", "Won",
         "A deal closed: the customer signed.",
         "Wins times the average deal size is the revenue the plan compares with the goal.",
         ("wins", "wins needed")),
    Term("ae", "AE",
         "Account executive: the salesperson who takes an opportunity to a close.",
         "How many AEs are staffed limits how many opportunities can be worked at once.",
         ("AEs", "account executive", "account executives")),
    Term("sdr", "SDR",
         "Sales development representative: makes the first touches and follow-up, and qualifies leads.",
         "SDRs decide how fast leads are touched: too few and the response promises are broken.",
         ("SDRs", "sales development representative", "SDR team")),
    Term("stage", "Stage",
         "A step of the funnel a lead moves through (Lead, MQL, SAL, SQL, Opportunity, Won).",
         "Each stage has its own conversion rate, owner and rules.",
         ("stages",)),
    # -- the plan and targets ----------------------------------------------------------------
    Term("revenue_goal", "Revenue goal",
         "The revenue the company wants from new deals, month by month. Typed as one annual figure, it is "
         "spread over the months by the plan's seasonality.",
         "The goal fixes how many wins, opportunities, SQLs and leads are needed (the required funnel).",
         ("revenue target", "revenue targets", "monthly revenue targets", "target", "goal")),
    Term("marketing_share", "Marketing's share",
         "The part of the revenue goal that comes from marketing-sourced leads; the rest is sales' own "
         "prospecting, partners or existing customers.",
         "Only this share is turned into required SQLs and leads.",
         ("marketing's share of the target", "marketing-sourced")),
    Term("deal_size", "Average deal size",
         "The revenue of a typical won deal, in the plan's currency.",
         "Revenue goal ÷ deal size = wins needed: a larger deal size needs fewer leads.",
         ("deal size", "deal economics")),
    Term("sales_cycle", "Sales cycle",
         "The days from an SQL to a won deal, on average.",
         "Wins land this long after their leads arrive, so early months' wins come from earlier pipeline.",
         ("sales cycle (days)",)),
    Term("horizon", "Horizon",
         "The months the plan covers, from its first month.",
         "Every monthly figure (leads, targets, headcount) has one value per month of the horizon.",
         ("first month",), in_document=False),
    Term("start_day", "Months start on day",
         "The day of the month each plan month starts on: 1 for calendar months; 15 when the plan starts "
         "on 15 January, so that “Jan 2026” means 15 January to 14 February.",
         "Lead arrivals, business hours, the simulation and the review of actuals count each month from this "
         "day, so a quarter that starts mid-month is planned and measured as it is signed.",
         ("months start on day", "start day"), in_document=False),
    Term("plan", "Plan",
         "Everything the agreement assumes: the revenue goal, the lead sources, the conversion rates, the "
         "definitions, the rules, the commitments and the team, month by month. Its name heads the "
         "document.",
         "Every figure on every page and in the SLA document is computed from it.",
         ("plan name",), in_document=False),
    Term("currency", "Currency",
         "The currency of the revenue goal and deal size (for example USD or EUR).",
         "Only labels the money; nothing is converted.", (), in_document=False),
    # -- lead volume --------------------------------------------------------------------------
    Term("source", "Source",
         "Where leads come from: a channel and a campaign type (paid search, webinars, partner referrals).",
         "Sources differ in volume and in how well their leads convert, so the mix changes the SQLs.",
         ("sources", "all sources")),
    Term("segment", "Segment",
         "The kind of customer a source brings (for example Enterprise, Mid-Market, SMB).",
         "Marketing's SQL commitment is given per segment.",
         ("segments",)),
    Term("channel", "Channel",
         "The marketing channel of a source (paid, inbound, events, partner).",
         "Groups sources in the charts and the document.", (), in_document=False),
    Term("baseline", "Baseline",
         "A source's leads in an average month, before seasonality and growth.",
         "Baseline × seasonality × growth gives the months a source's leads unless typed month by month.",
         ("baseline / month", "volume given as", "leads per month")),
    Term("growth", "Growth",
         "How much a source's leads grow from one month to the next, in percent.",
         "Small monthly growth adds up over a year: 2 % a month is 27 % more in month 13.",
         ("growth / month",), in_document=False),
    Term("seasonality", "Seasonality",
         "How busy each calendar month is, 1 being an average month (0.8 is 20 % quieter).",
         "It shapes both the leads of baseline sources and how an annual revenue goal is spread.",
         ()),
    # -- the funnel ---------------------------------------------------------------------------
    Term("conversion_rate", "Conversion rate",
         "The share of leads in one stage that reach the next (Lead → MQL 12 %: 12 of 100 leads become MQLs).",
         "Rates multiply down the funnel: a small change early changes every stage after it.",
         ("conversion rates", "rate", "rates")),
    Term("rate_levels", "Rates (low, likely, high)",
         "Three values for each conversion rate: a cautious one (low), the one expected (likely) and an "
         "optimistic one (high). The rate level chooses which the figures use.",
         "The range shows how much the answer depends on rates nobody knows exactly; the document leads "
         "with one level and shows the other two beside it.",
         ("rate level", "rate levels", "low", "likely", "high", "low rates", "likely rates", "high rates")),
    Term("planned", "Planned (forward funnel)",
         "What the plan's leads produce: leads × conversion rates, stage by stage.",
         "Compared with the required funnel, it says whether the plan reaches the goal.",
         ("planned", "forward funnel", "planned (likely)")),
    Term("required", "Required (reverse funnel)",
         "What each stage needs to reach the revenue goal: wins needed ÷ the conversion rates, back up "
         "the funnel.",
         "The required SQLs are what the goal asks of marketing.",
         ("required", "reverse funnel", "needed")),
    Term("gap", "Gap",
         "Planned minus required: positive is more than the goal needs, negative is short.",
         "A negative gap at a stage names where the plan falls short.",
         ("gap per stage",)),
    Term("coverage", "Coverage",
         "Planned ÷ required, in percent: 100 % exactly meets the goal.",
         "Below 100 % the plan does not reach the goal at that stage.", (), in_document=False),
    # -- definitions --------------------------------------------------------------------------
    Term("lead_score", "Lead score",
         "Points a lead earns from who it is (fit) and what it did (behaviour); at the MQL threshold it "
         "becomes an MQL, at the SQL threshold an SQL.",
         "The thresholds decide how many leads pass, so they change every later stage.",
         ("score", "points", "thresholds", "threshold", "points for MQL", "points for SQL")),
    Term("fit", "Fit",
         "Points for who the lead is: company size, industry, country, job title or seniority.",
         "Keeps leads that could never buy out of sales' queue.", ("fit: who the lead is",)),
    Term("behaviour", "Behaviour",
         "Points for what the lead did (demo requests, pricing page views, webinars), fading with time.",
         "Recent interest counts more than old interest.", ("behaviour: what the lead did (with decay)", "event")),
    Term("half_life", "Half-life",
         "The days after which an action's points count half (after twice as long, a quarter).",
         "A short half-life favours leads that are active now.", ("half-life (days)",), in_document=False),
    Term("disqualifier", "Disqualifier",
         "A rule that keeps a lead from becoming an MQL or SQL whatever its score (a student, a competitor).",
         "Stops high-scoring but hopeless leads from reaching sales.", ("disqualifiers",)),
    Term("fast_lane", "Fast lane",
         "Events (a demo or contact request) that make a lead an SQL straight away, whatever its score.",
         "A buyer asking to talk should not wait for points to add up.",
         ("fast lane (straight to SQL)", "hand-raise")),
    # -- rules of engagement ------------------------------------------------------------------
    Term("owner", "Owner",
         "The team responsible for a lead in a stage: marketing or sales.",
         "A stage without an owner is a lead nobody works.", (), in_document=False),
    Term("nurture", "Nurture",
         "Marketing's automated e-mails that keep a lead warm until it is ready for sales.",
         "Nurture must stop before sales touches a lead, or the buyer hears from both at once.",
         ("nurture email", "nurture e-mail")),
    Term("sla_clock", "SLA clock",
         "The hours a stage's owner has to act on a lead before it is escalated.",
         "Without a clock a lead can wait in a queue unnoticed.", ("SLA clock (h)", "escalate to")),
    Term("hand_off", "Hand-off actions",
         "What happens automatically when a lead enters a stage: assign an owner, notify the owner, stop or "
         "start nurture, create a task, send the buyer's history to sales.",
         "A hand-off nobody is told about is a lead that waits.", ("on entry",), in_document=False),
    Term("recycling", "Recycling",
         "Sending a lead back to marketing's nurture when sales does not work it or rejects it.",
         "Recycled leads are not lost: they can come back when they are ready.",
         ("recycle after (days)", "recycle")),
    Term("conflicts", "Conflicts",
         "Rules of engagement that contradict each other: a stage without an owner, nurture still running "
         "when sales touches, a clock that never escalates, a lead recycled before its cadence ends.",
         "Each conflict is a lead that falls between the teams.", ("warnings", "conflict"), in_document=False),
    Term("sales_touches", "Sales touches",
         "Whether sales may contact a lead in this stage (calls, e-mails).",
         "Sales touching leads marketing still owns confuses buyers.", (), in_document=False),
    # -- commitments --------------------------------------------------------------------------
    Term("sql_commitment", "SQL commitment",
         "The SQLs marketing promises to deliver each month (per segment), whatever the forecast says.",
         "It is marketing's side of the agreement; sales staffs for it.",
         ("committed SQLs / month", "committed", "commit", "marketing commits")),
    Term("tier", "Lead tier",
         "A class of SQL with its own response promise (Hot: a demo request; Warm: promoted by score).",
         "Hot leads go cold fastest, so they get the fastest promise.", ("tier", "tiers", "sales commits")),
    Term("first_touch", "First touch",
         "Sales' first attempt to contact a lead (a call or an e-mail) after it reaches the SQL stage.",
         "The chance of qualifying a lead falls quickly with every minute it waits.",
         ("first touch within (min)", "first touch within")),
    Term("share_of_leads", "Share of leads (for % of leads)",
         "The share of a tier's leads the first-touch promise is for (90 %: nine in ten leads touched in "
         "time; the rest may take longer).",
         "Promising 100 % is promising something no team can keep on its busiest day.",
         ("for % of leads",), in_document=False),
    Term("accept_within", "Accept within",
         "The hours sales has to accept or reject an SQL.",
         "A lead nobody accepts is in limbo: not marketing's and not sales'.", ("accept within (h)",)),
    Term("clock", "Business hours",
         "The team's working hours in its own time zone, without weekends and holidays. A clock in business "
         "hours stops outside them; a clock in clock hours never stops.",
         "A lead arriving on Friday evening is touched on Monday in business hours, but is late in clock "
         "hours.",
         ("business", "clock", "clock hours", "working hours", "business hours")),
    Term("touches", "Touches",
         "How many attempts sales makes to reach a lead, within the days given.",
         "Most leads answer only after several attempts.", ("within days",), in_document=False),
    # -- capacity ------------------------------------------------------------------------------
    Term("handle_time", "Handle time",
         "The minutes one touch takes (a call, an e-mail, the notes after it), on average.",
         "Handle time × touches is the work each lead brings, so it decides how many people are needed.",
         ("handle time per touch", "minutes", "spread (min)")),
    Term("shrinkage", "Shrinkage",
         "The share of paid hours not available for leads (meetings, training, breaks, leave).",
         "At 30 % shrinkage a 40-hour week gives 28 hours for leads: forgetting it understaffs the team.",
         ()),
    Term("max_occupancy", "Maximum occupancy",
         "The highest share of a role's available hours planned for leads, leaving room for peaks.",
         "A team busy 100 % of the time makes every new lead wait; 80–85 % keeps response times short.",
         ("max occupancy",)),
    Term("ramp", "Ramp-up",
         "The months a new hire needs to work at full speed.",
         "A hire in March counts only partly in March and April.", ("ramp (months)", "ramp"), in_document=False),
    Term("max_open_opps", "Maximum open opportunities",
         "How many opportunities one AE can work at once.",
         "Caps what the AEs can take; beyond it opportunities wait.", ("max open opps",), in_document=False),
    Term("headcount", "Headcount",
         "The people in a role, month by month.",
         "Staffed against needed headcount says whether sales can keep its promises.",
         ("headcount by month", "people", "staffed", "team")),
    Term("holidays", "Holidays",
         "Days nobody in the role works; clocks in business hours stop on them.",
         "Leads arriving before a holiday wait longer for their first touch.", (), in_document=False),
    Term("time_zone", "Time zone",
         "The time zone of the team's working hours (and of the leads' arrival times).",
         "A team in another time zone than its leads has fewer shared working hours.",
         ("leads' time zone",), in_document=False),
    Term("arrival_profile", "Arrival profile",
         "When in the week leads arrive: a weight for each hour of each weekday, in the leads' time zone.",
         "Leads arriving at night or at weekends wait for the team's working hours.",
         ("weights",), in_document=False),
    Term("response_decay", "Response decay",
         "How the chance of qualifying a lead falls the longer its first touch waits, against a touch "
         "within 5 minutes.",
         "It turns slow responses into lost SQLs and revenue.", ("chance vs. 5 min",), in_document=False),
    Term("utilisation", "Utilisation",
         "The share of a role's available hours spent on leads.",
         "Close to the maximum occupancy, waiting times grow quickly.", ("utilization",)),
    # -- simulation and results -----------------------------------------------------------------
    Term("chance_kept", "Chance we keep the promise",
         "The share of simulated runs (each a possible course of the whole plan) in which a commitment "
         "is met over the whole plan: for a first-touch promise, at least its agreed share of leads "
         "touched in time (for example 80 % of Hot leads within 5 minutes). \"Weakest Nov 2026\" gives "
         "the same chance for one month alone. The command line and the workbook call it P(met).",
         "Below about 80 % the promise will be broken in some months: change the team, the hours or the "
         "promise before signing.",
         ("chance we keep it", "chance we keep them", "chance the commitments are kept", "P(met)", "probability")),
    Term("nine_in_ten", "9 in 10 leads touched within",
         "The time within which 9 of every 10 leads get their first touch (also written P90).",
         "It shows the wait the slow leads have, which an average hides.",
         ("P90", "9 in 10")),
    Term("percentiles", "P10, P50, P90",
         "The values that 10 %, 50 % (the median) and 90 % of the simulated horizons stay at or below.",
         "The range from P10 to P90 is where the result lands in 8 of 10 plausible years.",
         ("P10", "P50", "P10-P90", "8 in 10 runs")),
    Term("simulation", "Simulation",
         "Many possible years played out lead by lead (2,000 runs by default): leads arrive at random, "
         "the team works its calendar, and each run records who was touched when.",
         "It gives the chance each promise is kept, which averages cannot.",
         ("runs", "simulation runs", "run the simulation")),
    Term("seed", "Seed",
         "The number that fixes the simulation's random draws: the same plan, runs and seed give the same "
         "figures everywhere.",
         "Lets two people check the same numbers.", (), in_document=False),
    Term("load", "Load (planned or committed SQLs)",
         "Whether the simulation sends the SQLs the plan forecasts or the SQLs marketing committed.",
         "Sales staffs for the commitment; the forecast shows what will probably happen.",
         ("load",), in_document=False),
    Term("bottleneck", "Bottleneck",
         "The role or stage that limits the plan first (too few SDRs, too few AEs, too few leads).",
         "Adding anywhere else does not help until the bottleneck is fixed.", ()),
    Term("stationary_estimate", "Stationary estimate",
         "A quick formula (Erlang C) for the wait of the first touch, as if the busiest month's rate held "
         "around the clock.",
         "A check on the simulation; it ignores calendars and peaks.",
         ("Round-the-clock estimate", "24/7 stationary estimate", "Erlang C"), in_document=False),
    # -- the agreement ---------------------------------------------------------------------------
    Term("agreed", "Agreed",
         "A version both sides signed while its content still has the fingerprint they signed. It is "
         "locked: a change starts a new proposal based on it.",
         "", ("AGREED",)),
    Term("fingerprint", "Fingerprint",
         "The SHA-256 hash of the plan's content, shown by its first 12 hexadecimal digits. Any change to "
         "the content changes it, so a signature names exactly what was signed.",
         ""),
    Term("proposal", "Proposal",
         "One named line of versions of the agreement (for example a marketing proposal or a sales "
         "counter); each version is a whole plan.",
         "", ("proposals",)),
    Term("version", "Version",
         "A numbered, saved state of a proposal. It never changes once saved.", "", ("versions",)),
    Term("review_meeting", "Review meeting",
         "A meeting the agreement schedules to look at how it is kept: how often, who attends and what it "
         "decides (a weekly working review, a monthly review, the quarterly renegotiation).",
         "Commitments are only kept when someone looks at them on a fixed rhythm; the document lists each "
         "meeting so that both sides put it in their calendars.",
         ("review cadence", "review meetings"), in_document=False),
    Term("escalation", "Escalation ladder",
         "Who settles a dispute or a missed commitment, in order, and within how many business hours each "
         "level must act before it goes to the next (for example the SDR manager, then the VP of Sales, "
         "then the CMO and CRO together).",
         "A missed commitment gets a decision within a known time instead of an argument.",
         ("escalation levels",), in_document=False),
    Term("actuals", "Actuals",
         "The leads exported from the CRM for a past period, with when each was created, became an SQL, "
         "was first touched and accepted, and by whom.",
         "The review compares them with the signed commitments: what marketing delivered, how fast sales "
         "followed up, and which leads broke a promise.",
         ("CRM actuals", "review of actuals"), in_document=False),
    Term("broken_promise", "Broken promise",
         "A lead whose handling missed a commitment: touched later than its tier's first-touch target, "
         "fewer touches than promised, or not accepted or rejected in time. Each row names the lead, its "
         "month, the commitment and what happened.",
         "The list is what the weekly review works through: each broken promise has an owner who can say why.",
         ("broken promises", "what happened"), in_document=False),
)
# fmt: on

#: Every term, in alphabetical order.
TERMS: tuple[Term, ...] = tuple(sorted(_TERMS, key=lambda t: t.term.casefold()))
_BY_KEY = {t.key: t for t in TERMS}
if len(_BY_KEY) != len(TERMS):  # pragma: no cover - a duplicate key is a typo
    raise ValueError("two glossary terms have the same key")

#: The SLA document's glossary: (term, meaning), in alphabetical order.
DOCUMENT_GLOSSARY: tuple[tuple[str, str], ...] = tuple((t.term, t.meaning) for t in TERMS if t.in_document)


def term(key: str) -> Term:
    """The term with ``key`` (KeyError if there is none: a help key must exist)."""
    return _BY_KEY[key]


def _normalise(text: str) -> str:
    text = re.sub(r"<[^>]+>", " ", text)  # rich-text labels
    return " ".join(text.replace("&", "").replace("→", " ").casefold().split())


def _index() -> list[tuple[re.Pattern[str], Term, int]]:
    out = []
    for t in TERMS:
        for name in t.names():
            folded = _normalise(name).rstrip(":")
            out.append((re.compile(rf"(?<![\w-]){re.escape(folded)}(?![\w-])"), t, len(folded)))
    return sorted(out, key=lambda entry: -entry[2])


_INDEX = _index()


def terms_in(text: str, limit: int = 3) -> list[Term]:
    """The terms ``text`` (a label, a column heading) mentions, the longest name first, at most ``limit``.

    "Max occupancy" finds Maximum occupancy; "Lead → MQL" finds MQL and Lead.
    """
    folded = _normalise(text).rstrip(":")
    found: list[Term] = []
    taken: list[tuple[int, int]] = []
    for pattern, t, _length in _INDEX:
        for match in pattern.finditer(folded):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            taken.append(span)
            if t not in found:
                found.append(t)
    return found[:limit]


def glossary_markdown() -> str:
    """``docs/glossary.md``: every term, what it means and why it matters."""
    lines = [
        "# Glossary",
        "",
        "<!-- Generated from slaplanner/glossary.py by `python -m slaplanner.glossary docs/glossary.md`;",
        "     tests/core/test_glossary.py checks this file is what the generator writes. Do not edit. -->",
        "",
        "The words SLA Planner uses, on screen (F1 on a field, a column heading or a chart shows the entry),",
        "here and, for the terms marked so, in the SLA document's glossary.",
        "",
    ]
    for t in TERMS:
        lines.append(f"## {t.term}")
        lines.append("")
        lines.append(t.meaning)
        if t.why:
            lines += ["", f"*Why it matters:* {t.why}"]
        if t.in_document:
            lines += ["", "*In the SLA document's glossary.*"]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    """Write :func:`glossary_markdown` to the file named in ``argv`` (or print it)."""
    if argv:
        Path(argv[0]).write_text(glossary_markdown(), encoding="utf-8")
    else:
        print(glossary_markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
