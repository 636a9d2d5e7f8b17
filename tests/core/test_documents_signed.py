"""The exported SLA names the agreement it comes from (issue 10) and is fit to sign (issue 15).

A small agreement is built in a temporary ``.slaplan`` file: the sample plan as proposal "Plan",
signed by both sides (agreed), and a proposal "Compromise" copied from it whose version 2 raises
Enterprise's committed SQLs from 100 to 120 a month. Compromise version 2 is exported unsigned (a
draft), then signed by both sides and exported again. The files are read back with pdftotext and
python-docx, the workbook with openpyxl.
"""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import docx
import openpyxl
import pytest
from external_tools import require_tool

from slaplanner import storage
from slaplanner.agreement import model
from slaplanner.agreement.model import Signatory
from slaplanner.exports import document as document_module
from slaplanner.exports.blocks import BulletList, Heading, Paragraph, SignOff, Table
from slaplanner.exports.document import build_document
from slaplanner.exports.service import ExportContext, export_files
from slaplanner.plan.commitments import Commitments, SqlCommitment
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan
from slaplanner.results import ResultSettings, compute_results

QUICK = ResultSettings(runs=60, seed=1)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")  # fmt: skip
#: The change between Plan version 1 and Compromise version 2, as a person writes it.
ENTERPRISE_CHANGE = "Marketing's SQL commitment (Enterprise): 100 -> 120 a month"
MARIA = Signatory("Maria Lopez", "marketing", "Chief Marketing Officer")
SAM = Signatory("Sam Okafor", "sales", "Chief Revenue Officer")


def written_date(day: date) -> str:
    """``1 December 2026``, written here without the code's formatter."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def raised_enterprise(plan: Plan) -> Plan:
    marketing = tuple(
        SqlCommitment(c.segment, 120) if c.segment == "Enterprise" else c for c in plan.commitments.marketing
    )
    return replace(plan, commitments=replace(plan.commitments, marketing=marketing))


@dataclass
class Exported:
    path: Path  # the .slaplan file
    fingerprint: str  # Compromise version 2's, as the store recorded it when saved
    docx: Path
    pdf: Path
    xlsx: Path | None = None


def _export(location: str, folder: Path, xlsx: bool) -> Exported:
    opened = storage.open_location(location)
    folder.mkdir()
    out = Exported(Path(location.split("#")[0]), opened.version.fingerprint, folder / "sla.docx", folder / "sla.pdf")
    out.xlsx = folder / "sla.xlsx" if xlsx else None
    context = ExportContext(opened.agreement, opened.proposal.name, opened.version.number)
    export_files(opened.plan, docx=out.docx, pdf=out.pdf, xlsx=out.xlsx, settings=QUICK, context=context)
    return out


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """(draft, agreed): Compromise version 2 exported before and after both sides signed it."""
    import json

    from slaplanner.samples import sample_plan_text

    folder = tmp_path_factory.mktemp("agreement")
    sample = Plan.from_dict(json.loads(sample_plan_text()))
    path = folder / "negotiation.slaplan"
    storage.save_plan(sample, path, author="alice")
    store = storage.file_store(path)
    store.sign("Plan", MARIA)
    store.sign("Plan", SAM)
    store.add_proposal("Compromise", copy_of="Plan", author="alice")
    store.save_version("Compromise", raised_enterprise(sample), parent=1, author="alice", comment="Enterprise 120")
    draft = _export(f"{path}#Compromise@2", folder / "draft", xlsx=True)
    store.sign("Compromise", MARIA)
    store.sign("Compromise", SAM)
    agreed = _export(f"{path}#Compromise", folder / "agreed", xlsx=False)
    return draft, agreed


def pdf_pages(pdf: Path) -> list[str]:
    require_tool("pdftotext", "poppler-utils")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    return [" ".join(p.split()) for p in pages if p.strip()]


def docx_text(path: Path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


# -- DRAFT on every page until both sides signed -------------------------------------------------
def test_a_draft_says_draft_on_every_pdf_page_and_an_agreed_version_on_none(exports):
    draft, agreed = exports
    draft_pages, agreed_pages = pdf_pages(draft.pdf), pdf_pages(agreed.pdf)
    assert len(draft_pages) > 5
    assert all("DRAFT" in page for page in draft_pages)
    assert not any("DRAFT" in page for page in agreed_pages)
    assert len(agreed_pages) == len(draft_pages)


def test_the_watermark_is_a_shape_so_page_text_has_no_stray_letters(exports):
    """The diagonal watermark is drawn as outlines: the only DRAFT text on a page is its header."""
    draft, _ = exports
    for page in pdf_pages(draft.pdf):
        assert page.count("DRAFT") == 1
        assert " DR " not in f" {page} " and " AF " not in f" {page} "


def test_a_draft_word_file_says_draft_in_every_section_header(exports):
    draft, agreed = exports
    d = docx.Document(str(draft.docx))
    for section in d.sections:
        assert "DRAFT" in " ".join(p.text for p in section.header.paragraphs)
        assert "DRAFT" in " ".join(p.text for p in section.first_page_header.paragraphs)  # the title page
    a = docx.Document(str(agreed.docx))
    for section in a.sections:
        headers = [*section.header.paragraphs, *section.first_page_header.paragraphs]
        assert not any("DRAFT" in p.text for p in headers)


# -- the title page, the signatories, the fingerprint ------------------------------------------
def test_the_title_page_states_status_version_and_fingerprint(exports):
    draft, agreed = exports
    today = written_date(date.today())
    short = draft.fingerprint[:12]
    d = docx.Document(str(draft.docx))
    facts = {r.cells[0].text: r.cells[1].text for r in d.tables[0].rows}
    assert facts["Proposal"] == "Compromise"
    assert facts["Version"] == f"2, saved {today}"
    assert facts["Status"] == "Draft: not signed by both sides"
    assert facts["Fingerprint"] == short
    assert facts["Parties"] == (
        "Marketing (Maria Lopez, Chief Marketing Officer) and Sales (Sam Okafor, Chief Revenue Officer)"
    )
    a = docx.Document(str(agreed.docx))
    facts = {r.cells[0].text: r.cells[1].text for r in a.tables[0].rows}
    assert facts["Status"] == f"Agreed on {today}"
    assert facts["Fingerprint"] == short  # signing does not change the content
    assert pdf_pages(agreed.pdf)[0].count(f"Agreed on {today}") == 1


def test_the_signed_document_names_both_signatories_with_title_side_and_date(exports):
    _, agreed = exports
    today = written_date(date.today())
    d = docx.Document(str(agreed.docx))
    sign_off = d.tables[-1]
    columns = [[sign_off.rows[r].cells[c].text for r in range(len(sign_off.rows))] for c in range(2)]
    assert columns[0] == [
        "For Marketing",
        "Name: Maria Lopez",
        "Title: Chief Marketing Officer",
        "Signed: in SLA Planner for marketing",
        f"Date: {today}",
    ]
    assert (
        columns[1][1:3] == ["Name: Sam Okafor", "Title: Chief Revenue Officer"] and columns[1][-1] == f"Date: {today}"
    )
    text = docx_text(agreed.docx)
    assert agreed.fingerprint in text  # the full fingerprint under the sign-off
    assert f"Marketing: signed by Maria Lopez, Chief Marketing Officer on {today}." in text
    last = pdf_pages(agreed.pdf)[-1]
    assert "Maria Lopez" in last and "Sam Okafor" in last and today in last
    assert agreed.fingerprint in last
    assert "Signature:" not in last  # nothing left to sign


def test_an_unsigned_side_gets_empty_lines_to_sign_on(exports):
    draft, _ = exports
    d = docx.Document(str(draft.docx))
    sign_off = d.tables[-1]
    for c in range(2):
        cells = [sign_off.rows[r].cells[c].text for r in range(len(sign_off.rows))]
        assert cells[3].startswith("Signature: ___") and cells[4].startswith("Date: ___")
    last = pdf_pages(draft.pdf)[-1]
    assert last.count("Signature:") == 2 and last.count("Date:") == 2
    assert draft.fingerprint in last


def test_one_side_signed_shows_that_signature_and_lines_for_the_other(sample_plan):
    agreement = model.new_agreement(sample_plan, author="alice")
    agreement, _ = model.sign(agreement, "Plan", MARIA)
    document = build_document(sample_plan, compute_results(sample_plan, ResultSettings(runs=0)),
                              context=ExportContext(agreement, "Plan", 1))  # fmt: skip
    sign_off = next(b for b in document.blocks if isinstance(b, SignOff))
    marketing, sales = sign_off.signatories
    assert marketing.name == "Maria Lopez" and marketing.signed_on == written_date(date.today())
    assert not sales.signed and sales.name == ""
    assert dict(sign_off.lines(sales, "___"))["Signature"] == "___"
    assert dict(document.title_page.facts)["Status"] == "Draft: signed by marketing only, not yet by both sides"
    assert document.draft


# -- what changed since the previous agreed version ---------------------------------------------
def _changes_section(document) -> list[str]:
    out, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading):
            inside = block.text == "Changes since the previous agreed version"
            continue
        if inside and isinstance(block, Paragraph):
            out.append(block.text)
        elif inside and isinstance(block, BulletList):
            out += block.items
    return out


def test_the_changes_since_the_previous_agreed_version_are_listed(exports):
    draft, _ = exports
    pdf = " ".join(pdf_pages(draft.pdf))
    assert f"1 change since Plan version 1, agreed on {written_date(date.today())}: • {ENTERPRISE_CHANGE}" in pdf
    assert ENTERPRISE_CHANGE in docx_text(draft.docx)


def test_the_first_agreed_version_and_a_plan_without_agreement_say_so(exports, sample_plan):
    draft, _ = exports
    opened = storage.open_location(f"{draft.path}#Plan")
    results = compute_results(opened.plan, ResultSettings(runs=0))
    first = build_document(opened.plan, results, context=ExportContext(opened.agreement, "Plan", 1))
    assert _changes_section(first) == ["This is the first agreed version: no earlier version was agreed."]
    assert not first.draft
    alone = build_document(sample_plan, results)  # a plan on its own: one proposal, version 1, unsigned
    assert _changes_section(alone) == ["No agreed version yet: there is nothing earlier to compare with."]
    assert alone.draft


def test_unsaved_edits_are_a_draft_that_names_the_version_they_started_from(exports):
    draft, _ = exports
    opened = storage.open_location(f"{draft.path}#Plan")
    edited = replace(opened.plan, name="Northwind, edited")
    document = build_document(edited, compute_results(edited, ResultSettings(runs=0)),
                              context=ExportContext(opened.agreement, "Plan", 1))  # fmt: skip
    facts = dict(document.title_page.facts)
    assert facts["Version"] == "1 with changes not saved yet"
    assert facts["Status"] == "Draft: changes to version 1 not saved yet"
    assert document.draft
    sign_off = next(b for b in document.blocks if isinstance(b, SignOff))
    assert not any(s.signed for s in sign_off.signatories)  # their signatures were on other content
    assert "Plan name: Northwind Analytics FY2026 SLA -> Northwind, edited" in _changes_section(document)


# -- the workbook ---------------------------------------------------------------------------
def _rows(sheet) -> dict[str, tuple]:
    return {row[0]: row[1:] for row in sheet.iter_rows(min_row=5, values_only=True) if row[0]}


def test_the_workbook_compares_every_proposal_side_by_side(exports):
    """Committed SQLs a month: the sample's 165 + 70 + 100 = 335; the compromise raises Enterprise
    to 120, so 165 + 70 + 120 = 355."""
    draft, _ = exports
    wb = openpyxl.load_workbook(draft.xlsx)
    sheet = wb["Proposals"]
    header = [c.value for c in sheet[4]]
    assert header == ["Measure", "Plan (version 1)", "Compromise (version 2)"]
    rows = _rows(sheet)
    assert rows["SQLs committed a month (all segments)"] == (335, 355)
    assert rows["Status"] == (f"Agreed on {written_date(date.today())}", "Draft: not signed by both sides")
    assert rows["SQLs planned a month (average)"][0] == pytest.approx(rows["SQLs planned a month (average)"][1])
    assert sheet.cell(row=6, column=2).fill.fgColor.rgb.endswith("FCE4D6")  # Plan's 335 differs from 355
    assert not sheet.cell(row=6, column=3).fill.fgColor.rgb.endswith("FCE4D6")  # the base is not shaded
    assert "60 simulation runs (seed 1)" in sheet["A2"].value
    summary = wb["Summary"]
    assert summary["B3"].value == (
        f"Proposal Compromise, version 2 · Draft: not signed by both sides · fingerprint {draft.fingerprint[:12]}"
    )
    scenario = wb.defined_names["Scenario"].attr_text
    assert scenario.startswith("'Assumptions'!") and ":" not in scenario  # still one input cell


def test_one_proposal_still_gets_the_sheet_with_one_column(sample_plan, tmp_path):
    export_files(sample_plan, xlsx=tmp_path / "one.xlsx", settings=ResultSettings(runs=0))
    sheet = openpyxl.load_workbook(tmp_path / "one.xlsx")["Proposals"]
    assert [c.value for c in sheet[4] if c.value is not None] == ["Measure", "Plan (version 1)"]
    assert _rows(sheet)["SQLs committed a month (all segments)"] == (335,)


# -- issue 15: open items, abbreviations, no "month(s)" nor ISO dates, Word properties -------
def small_plan(commitment: float) -> Plan:
    """Apr-Jun 2026; 100, 200, 300 leads; Lead->SQL 50 %, SQL->Won 20 %: SQLs 50, 100, 150.
    Revenue target 5,000 a month at a deal size of 1,000: 5 wins a month, so 5 / 0.2 = 25 SQLs a
    month required (a 30-day cycle shifts them by one month; past the horizon the last month's)."""
    return Plan(
        name="Small plan",
        start_month="2026-04",
        horizon_months=3,
        stages=("Lead", "SQL", "Won"),
        sources=(
            LeadSource(
                "Web", segment="SMB", volume_mode="monthly", monthly_leads=(100, 200, 300), conversion=(0.5, 0.2)
            ),
        ),
        terms=CommercialTerms(
            average_deal_size=1000, sales_cycle_days=30, revenue_target=(5000, 5000, 5000), marketing_share=1.0
        ),
        commitments=Commitments(marketing=(SqlCommitment("SMB", commitment),)),
    )


def _open_items(document) -> list[tuple[str, ...]]:
    table = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Open item")
    return list(table.rows)


def test_a_commitment_below_the_plan_and_the_goal_is_an_open_item_with_its_settlement():
    plan = small_plan(20)
    document = build_document(plan, compute_results(plan, ResultSettings(runs=0)))
    items = {topic: (finding, settle) for topic, finding, settle in _open_items(document)}
    finding, settle = items["Marketing's SQL commitment against the plan"]
    assert finding == (
        "Marketing commits to 20 SQLs a month, fewer than the plan yields in 3 of 3 months (Apr–Jun 2026; up to 150)."
    )
    assert settle.startswith("Raise the commitment in those months")
    finding, settle = items["Marketing's SQL commitment against the revenue goal"]
    assert finding == (
        "Marketing commits to 20 SQLs a month, fewer than the revenue goal needs in 3 of 3 months (Apr–Jun 2026; "
        "up to 25 needed); 60 over the period against 75."
    )
    assert "lower the revenue target" in settle


def test_a_commitment_between_goal_and_plan_in_every_month_leaves_no_open_item():
    plan = small_plan(40)  # 40 is above 25 required, and 50, 100, 150 planned are all above it
    document = build_document(plan, compute_results(plan, ResultSettings(runs=0)))
    topics = [row[0] for row in _open_items(document)]
    assert topics == ["Marketing's SQL commitment against the plan"]  # the plan yields more than 40
    plan = small_plan(160)  # above the plan in every month, far above the goal
    document = build_document(plan, compute_results(plan, ResultSettings(runs=0)))
    assert not any(isinstance(b, Table) and b.header[0] == "Open item" for b in document.blocks)


def test_the_sample_team_that_cannot_carry_the_commitments_is_an_open_item(sample_plan):
    """The sample staffs 4 to 5 SDRs and 16 to 18 AEs (its team, read by hand)."""
    results = compute_results(sample_plan, QUICK)
    sim = results.simulation
    assert sim is not None
    document = build_document(sample_plan, results)
    items = {topic: (finding, settle) for topic, finding, settle in _open_items(document)}
    assert sim.ae_needed > 18
    finding, settle = items["AE headcount"]
    assert finding == f"Carrying the open opportunities needs {sim.ae_needed} AEs; the plan staffs 16 to 18."
    assert settle.startswith(f"Hire up to {sim.ae_needed - 16} AEs")
    for tier in sim.response:
        assert (f"{tier.tier} first touch" in items) == (tier.p_met < sim.headcount.target_probability)
    needed = sim.headcount.headcount_needed
    if needed is not None and needed > 4:
        finding, settle = items["SDR headcount"]
        assert "the plan staffs 4 to 5" in finding and settle.startswith(f"Staff {needed} SDRs in every month")
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert not any("no open items" in t for t in texts)


def _all_text(document) -> list[str]:
    out = [v for pair in document.title_page.facts for v in pair]
    for b in document.blocks:
        if isinstance(b, (Heading, Paragraph)):
            out.append(b.text)
        elif isinstance(b, BulletList):
            out += b.items
        elif isinstance(b, Table):
            out += [*b.header, b.caption, *(c for r in b.rows for c in r)]
        elif isinstance(b, SignOff):
            out += [v for s in b.signatories for _label, v in b.lines(s, "")]
    return out


def test_abbreviations_are_spelled_out_once_at_first_use_and_in_the_glossary(exports):
    draft, _ = exports
    opened = storage.open_location(f"{draft.path}#Compromise@2")
    document = build_document(opened.plan, compute_results(opened.plan, QUICK),
                              context=ExportContext(opened.agreement, "Compromise", 2))  # fmt: skip
    running = " ".join(
        t for b in document.blocks if isinstance(b, (Paragraph, BulletList))
        for t in ((b.text,) if isinstance(b, Paragraph) else b.items)
    )  # fmt: skip
    for short, long in (("SQL", "sales-qualified lead"), ("SDR", "sales development representative"),
                        ("MQL", "marketing-qualified lead")):  # fmt: skip
        spelled = [m.start() for m in re.finditer(rf"\b{short}s? \({long}", running)]
        assert len(spelled) == 1, short
        unexplained = [m.start() for m in re.finditer(rf"\b{short}s?\b(?! \()", running)]
        assert not unexplained or spelled[0] < unexplained[0], short  # the first use is the spelled-out one
    glossary = next(b for b in document.blocks if isinstance(b, Table) and b.header == ("Term", "Meaning"))
    terms = {row[0] for row in glossary.rows}
    assert {"MQL", "SAL", "SQL", "SDR", "AE"} <= terms
    assert document.headings(level=1)[-2:] == ("Glossary", "Sign-off")


def test_no_months_with_parentheses_and_no_iso_dates_anywhere(exports):
    draft, _ = exports
    opened = storage.open_location(f"{draft.path}#Compromise@2")
    document = build_document(opened.plan, compute_results(opened.plan, QUICK),
                              context=ExportContext(opened.agreement, "Compromise", 2))  # fmt: skip
    text = "\n".join(_all_text(document))
    assert "(s)" not in text
    assert not re.search(r"\b\d{4}-\d{2}(-\d{2})?\b", text), re.findall(r".{30}\b\d{4}-\d{2}\b.{10}", text)
    assert "Bottleneck: Account executives in " in text  # the simulation's "2026-09" as a month people read
    source = Path(document_module.__file__).read_text(encoding="utf-8")
    assert "month(s)" not in source and "isoformat" not in source
    pdf = " ".join(pdf_pages(draft.pdf))
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", pdf) and "(s)" not in pdf


def test_word_core_properties_come_from_the_plan_not_the_template(exports):
    draft, _ = exports
    props = docx.Document(str(draft.docx)).core_properties
    assert props.title == "Northwind Analytics FY2026 SLA"
    assert props.author == "alice"  # who saved the version
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    for stamp in (props.created, props.modified):
        assert now - timedelta(minutes=10) < stamp.replace(tzinfo=None) <= now + timedelta(seconds=5)
    assert props.last_printed is None
    assert draft.fingerprint in props.comments and "Compromise, version 2" in props.comments
    names = zipfile.ZipFile(draft.docx).namelist()
    assert not any("thumbnail" in n for n in names)
