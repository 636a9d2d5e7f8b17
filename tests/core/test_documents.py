"""The SLA document: its sections, the Word file read back with python-docx, and the PDF."""

from __future__ import annotations

import re
import subprocess
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import docx
import numpy as np
import pytest
from external_tools import require_tool

from slaplanner.engine.funnel import compute_funnel
from slaplanner.exports.document import (
    MISSING_PREFIX,
    BulletList,
    Figure,
    Heading,
    Paragraph,
    Table,
    build_document,
    rounded_to_total,
)
from slaplanner.exports.docx import write_docx
from slaplanner.exports.pdf import pdf_bytes, write_pdf
from slaplanner.plan.commitments import Commitments, ResponseCommitment, SqlCommitment
from slaplanner.plan.definitions import Definitions
from slaplanner.plan.edits import Edit, apply_edit
from slaplanner.plan.engagement import RulesOfEngagement
from slaplanner.plan.format import month_label
from slaplanner.plan.governance import EscalationLevel, Governance, ReviewMeeting
from slaplanner.plan.model import CommercialTerms, LeadSource, Plan
from slaplanner.results import ResultSettings, compute_results
from slaplanner.storage import load_plan

DATA = Path(__file__).parents[1] / "data"

#: Results with a small simulation: enough for the document to have every section.
QUICK = ResultSettings(runs=60, seed=1)

#: The sections the issue asks for, in its order (written here, not taken from the code).
ISSUE_SECTIONS = [
    "Summary",
    "Version and changes",
    "Definitions",
    "Marketing's commitments",
    "Sales' commitments",
    "Lead routing and assignment",
    "Rules of engagement",
    "Capacity",
    "Measurement and closed-loop reporting",
    "Term and governance",
    "Glossary",
    "Sign-off",
]
SALES_SUBSECTIONS = [
    "Response times per tier",
    "Follow-up cadence",
    "Acceptance window",
    "Feedback and rejection codes",
]


def bare_plan() -> Plan:
    """A plan with sources and terms only: every later section is still empty."""
    return Plan(
        name="Bare plan",
        start_month="2026-04",
        horizon_months=3,
        stages=("Lead", "SQL", "Won"),
        sources=(
            LeadSource(
                "Web", segment="SMB", volume_mode="monthly", monthly_leads=(100, 200, 300), conversion=(0.5, 0.2)
            ),
        ),
        terms=CommercialTerms(average_deal_size=1000, sales_cycle_days=30, revenue_target=(5000, 5000, 5000)),
    )


def section_text(document, title: str) -> list[str]:
    """The texts of the blocks under the level-1 heading ``title`` (up to the next one)."""
    out, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text == title
            continue
        if inside and isinstance(block, Paragraph):
            out.append(block.text)
    return out


def test_sections_in_the_issues_order(sample_plan):
    document = build_document(sample_plan, compute_results(sample_plan, QUICK), issued=date(2026, 1, 5))
    assert list(document.headings(level=1)) == ISSUE_SECTIONS
    level2 = document.headings(level=2)
    assert [h for h in level2 if h in SALES_SUBSECTIONS] == SALES_SUBSECTIONS
    facts = dict(document.title_page.facts)
    assert facts["Period"].startswith("January 2026 to December 2026")
    assert facts["Date"] == "5 January 2026"
    assert {"Period", "Parties", "Version", "Date"} <= set(facts)


def test_missing_sections_say_so_and_do_not_disappear():
    plan = bare_plan()
    assert plan.definitions.is_empty and plan.engagement.is_empty and plan.team.is_empty
    document = build_document(plan, compute_results(plan, QUICK))
    assert list(document.headings(level=1)) == ISSUE_SECTIONS
    notes = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.note]
    for what in ("qualification criteria", "example leads", "response-time commitments", "rules of engagement",
                 "a sales team", "rejection reason codes"):  # fmt: skip
        assert any(n.startswith(MISSING_PREFIX) and what in n for n in notes), what
    for title in ("Definitions", "Sales' commitments", "Rules of engagement", "Capacity"):
        assert any(t.startswith(MISSING_PREFIX) for t in section_text(document, title)), title


def test_marketing_table_matches_the_funnel_per_segment(sample_plan):
    """Each month's row holds the SQLs of the sources of each segment, summed independently here."""
    document = build_document(sample_plan, compute_results(sample_plan, QUICK))
    table = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Month")
    funnel = compute_funnel(sample_plan)
    k = sample_plan.stages.index("SQL")
    segments = list(table.header[1:-3])
    assert sorted(segments) == sorted({s.segment for s in sample_plan.sources})
    for m, row in enumerate(table.rows[:-1]):
        for j, segment in enumerate(segments, start=1):
            expected = sum(sf.counts[k][m] for sf in funnel.by_source if sf.segment == segment)
            assert float(row[j].replace(",", "")) == pytest.approx(expected, abs=1.0)  # rounded to add up
        assert float(row[-2].replace(",", "")) == pytest.approx(funnel.required[k][m], abs=1.0)
    assert table.rows[-1][0] == "Total"


def test_commitments_rules_and_conflicts_are_written(sample_plan):
    plan = replace(
        sample_plan,
        commitments=Commitments(
            response=(
                ResponseCommitment(
                    "Hot", share_of_sqls=1.0, first_touch_minutes=5, touches=8, touch_days=12, accept_within_hours=4
                ),
            ),
            marketing=(SqlCommitment("SMB", 90),),
        ),
        engagement=RulesOfEngagement(),
    )
    document = build_document(plan, compute_results(plan, QUICK))
    texts = [t for b in document.blocks if isinstance(b, Table) for r in b.rows for t in r]
    bullets = " ".join(i for b in document.blocks if hasattr(b, "items") for i in b.items)
    assert "5 min" in texts and "Hot" in texts
    # as simulated: the window counts from the lead's arrival, for the tier's share of leads
    assert "Hot: at least 8 attempts within 12 days of the lead's arrival, for 90 % of leads." in bullets
    assert "of the first touch" not in bullets
    assert "within 4 hours" in bullets
    assert "90" in texts  # SMB's committed SQLs a month
    conflicts = compute_results(plan, QUICK).conflicts
    assert conflicts  # without rules no stage has an owner
    conflict_table = next(b for b in document.blocks if isinstance(b, Table) and b.header[-1] == "What to settle")
    assert len(conflict_table.rows) == len(conflicts)


def test_charts_are_png(sample_plan):
    document = build_document(sample_plan, compute_results(sample_plan, QUICK))
    figures = [b for b in document.blocks if isinstance(b, Figure)]
    assert len(figures) >= 3
    assert all(f.png.startswith(b"\x89PNG\r\n\x1a\n") and len(f.png) > 10_000 for f in figures)


def test_docx_reads_back_with_headings_tables_and_page_field(sample_plan, tmp_path):
    path = tmp_path / "sla.docx"
    write_docx(build_document(sample_plan, compute_results(sample_plan, QUICK)), path)
    doc = docx.Document(str(path))
    headings1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings1 == ISSUE_SECTIONS
    headings2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert [h for h in headings2 if h in SALES_SUBSECTIONS] == SALES_SUBSECTIONS
    assert [p.text for p in doc.paragraphs if p.style.name == "Title"] == [sample_plan.name]
    assert len(doc.tables) >= 8
    for table in doc.tables[1:]:  # every table after the title page's facts has a repeating header row
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    month_table = next(t for t in doc.tables if t.rows[0].cells[0].text == "Month")
    assert month_table.rows[-1].cells[0].text == "Total"
    footer_xml = doc.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and 'w:fldCharType="begin"' in footer_xml
    assert len(doc.inline_shapes) >= 3
    assert any("Signature" in c.text for t in doc.tables for row in t.rows for c in row.cells)
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None


def test_user_text_with_markup_and_formula_characters(tmp_path):
    """A name with <, &, and a leading = is printed as written in both formats."""
    plan = replace(bare_plan(), name='=R&D <Team> "SLA"')
    document = build_document(plan, compute_results(plan, QUICK))
    write_docx(document, tmp_path / "a.docx")
    assert docx.Document(str(tmp_path / "a.docx")).paragraphs[6].text == plan.name
    data = pdf_bytes(document)
    assert data.startswith(b"%PDF-")


def test_pdf_has_every_section_and_page_numbers(sample_plan, tmp_path):
    require_tool("pdftotext", "poppler-utils")
    path = tmp_path / "sla.pdf"
    write_pdf(build_document(sample_plan, compute_results(sample_plan, QUICK)), path)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    pages = [p for p in pages if p.strip()]
    assert sample_plan.name in " ".join(pages[0].split()) and "Page 1" not in pages[0]
    for i, page in enumerate(pages[1:], start=2):
        assert f"Page {i} of {len(pages)}" in page
    positions = [text.find(title) for title in ISSUE_SECTIONS]
    assert all(p > 0 for p in positions) and positions == sorted(positions)


def test_pdf_charts_are_vector_graphics_and_every_font_is_embedded(sample_plan, tmp_path):
    """The PDF draws its charts from SVG (no raster image in the file) and embeds every font it
    names (pdffonts: "emb" yes on every row); Word keeps the PNG."""
    require_tool("pdffonts", "poppler-utils")
    path = tmp_path / "sla.pdf"
    document = build_document(sample_plan, compute_results(sample_plan, QUICK))
    figures = [b for b in document.blocks if isinstance(b, Figure)]
    assert figures and all(f.svg.lstrip().startswith(b"<?xml") for f in figures)
    write_pdf(document, path)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) == 2, images  # the heading lines only: no image
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = fonts.strip().splitlines()[2:]
    assert rows and all(row.split()[-5] == "yes" for row in rows), fonts
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert all(f.caption in " ".join(text.split()) for f in figures)


def test_a_heading_before_a_chart_stays_on_a_page_with_room_for_both(sample_plan):
    """Found checking the exports (3 December 2026, third session): the PDF's "Charts" heading and its
    first chart always went to a new page, leaving three quarters of a page empty after the risks:
    a chart is kept with its caption, and that kept together with the heading measured as taller
    than a page. The sign-off, kept with its heading the same way, always took a page of its own."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes(build_document(sample_plan, compute_results(sample_plan, QUICK))))
    pages = [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    risks = next(i for i, text in enumerate(pages) if "Risks the simulation found:" in text)
    assert "Charts" in pages[risks] and "SQLs arriving per month: the workload sales must absorb" in pages[risks]
    glossary_ends = next(i for i, text in enumerate(pages) if "Won A deal closed" in text)
    assert "Sign-off" in pages[glossary_ends]  # the glossary's last page has room for it


def test_pdf_bookmarks_point_at_their_sections_pages(sample_plan):
    import pypdfium2 as pdfium

    no_simulation = compute_results(sample_plan, ResultSettings(runs=0))
    pdf = pdfium.PdfDocument(pdf_bytes(build_document(sample_plan, no_simulation)))
    top = [(item.get_title(), item.get_dest().get_index()) for item in pdf.get_toc() if item.level == 0]
    assert [title for title, _page in top] == ISSUE_SECTIONS
    pages = [page for _title, page in top]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] == len(pdf) - 1
    for title, page in top:  # each bookmark's page carries its heading
        assert title in pdf[page].get_textpage().get_text_range(), title


def test_an_empty_plan_still_exports(tmp_path):
    plan = Plan(name="Empty", definitions=Definitions())
    document = build_document(plan, compute_results(plan, QUICK))
    assert list(document.headings(level=1)) == ISSUE_SECTIONS
    write_docx(document, tmp_path / "e.docx")
    write_pdf(document, tmp_path / "e.pdf")
    assert (tmp_path / "e.pdf").read_bytes().startswith(b"%PDF-")


def test_simulated_probabilities_are_the_simulations(sample_plan):
    """With a team, the summary shows the seeded simulation's own probabilities."""
    from slaplanner.engine import simulation

    assert sample_plan.team.roles  # the sample plan has a team, so there is a simulation to compare
    results = compute_results(sample_plan, ResultSettings(runs=120, seed=7))
    expected = simulation.simulate(sample_plan, runs=120, rng=np.random.default_rng(7), seed=7)
    document = build_document(sample_plan, results)
    table = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Commitment")
    for t in expected.response:
        row = next(r for r in table.rows if r[0].startswith(f"{t.tier}: first touch"))
        assert row[1] == f"{t.p_met * 100:.0f} %"
        cadence = next(r for r in table.rows if r[0].startswith(f"{t.tier}: {t.touches} attempts"))
        assert cadence[0].endswith(
            f"within {t.touch_days:g} days of the lead's arrival for {t.target_share * 100:.0f} % of leads"
        )
        assert cadence[1] == f"{t.p_touches_met * 100:.0f} %"
    marketing = next(r for r in table.rows if r[0].startswith("Marketing delivers"))
    assert marketing[1] == f"{sum(expected.sql_p_met) / len(expected.sql_p_met) * 100:.0f} %"
    notes = [b.text for b in document.blocks if isinstance(b, Paragraph) and b.note]
    assert not any("a sales team" in n for n in notes)


def test_each_tier_row_names_its_share_its_weakest_month_and_its_waits_in_words(sample_plan, tmp_path):
    """As simulated, acceptance is against the tier's share of leads, so the acceptance window says
    so (not "each lead"); the weakest month is named as in the window; the simulated waits are
    written to the minute ("half at once", not "median 0.000755375 min"); and in the Word file's
    running text a number never parts from its "%" at the end of a line."""
    from slaplanner.engine import simulation

    results = compute_results(sample_plan, ResultSettings(runs=120, seed=7))
    expected = simulation.simulate(sample_plan, runs=120, rng=np.random.default_rng(7), seed=7)
    document = build_document(sample_plan, results)
    table = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Commitment")
    for t in expected.response:
        share = f"{t.target_share * 100:.0f} %"
        accept = next(r for r in table.rows if r[0].startswith(f"{t.tier}: accepted or rejected"))
        assert accept[0] == f"{t.tier}: accepted or rejected within {t.accept_within_hours:g} h for {share} of leads"
        first = next(r for r in table.rows if r[0].startswith(f"{t.tier}: first touch"))
        worst = min(t.p_met_by_month)
        assert first[2].startswith(f"{worst * 100:.0f} % (")
        if f"{worst * 100:.0f}" != f"{max(t.p_met_by_month) * 100:.0f}":  # as the Simulation page: "every
            # month" only where all months show the same
            assert first[2].endswith(f"({month_label(expected.months[t.p_met_by_month.index(worst)])})")
        else:
            assert first[2].endswith("(every month)")
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "Acceptance window")
    acceptance = list(next(b for b in blocks[at:] if isinstance(b, BulletList)).items)
    assert not any("each lead" in line for line in acceptance)
    for r in sample_plan.commitments.response:
        assert (
            f"{r.tier}: sales accepts or rejects at least {r.target_share * 100:.0f} % of leads within "
            f"{r.accept_within_hours:g} hours of their arrival." in acceptance
        )
    tiers = next(b for b in document.blocks if isinstance(b, Table) and "Simulated" in b.header)
    column = tiers.header.index("Simulated")
    for row, t in zip(tiers.rows, results.simulation.response):  # the share in time, then the waits
        in_time = f"{t.p_within_target * 100:.1f} % in time; "
        assert row[column].startswith(in_time + "half ") and ", 19 in 20 within " in row[column], row[column]
        assert not re.search(r"\d\.\d\d", row[column]), row[column]  # to the minute (hours: one decimal)
    write_docx(document, tmp_path / "s.docx")
    running = [p.text for p in docx.Document(str(tmp_path / "s.docx")).paragraphs if "%" in p.text]
    assert running and not [t for t in running if re.search(r"\d %", t)]
    assert any("80\u00a0% of Hot leads" in t for t in running)


def test_first_page_preview_is_the_title_page(sample_plan):
    """The preview is a PNG of page 1: white paper with the title's dark text near the top."""
    from io import BytesIO

    from PIL import Image

    from slaplanner.exports.pdf import first_page_png

    no_simulation = compute_results(sample_plan, ResultSettings(runs=0))
    png = first_page_png(pdf_bytes(build_document(sample_plan, no_simulation)), 300)
    image = Image.open(BytesIO(png)).convert("L")
    assert image.size[0] == 300 and image.size[1] == pytest.approx(300 * 297 / 210, abs=2)
    top, bottom = image.crop((0, 0, 300, 210)), image.crop((0, 240, 300, 424))
    assert top.getextrema()[0] < 80  # the title
    assert bottom.getextrema()[0] > 200  # the lower half of a title page is blank


def _without_sdrs(plan: Plan) -> Plan:
    roles = tuple(replace(r, headcount=(0,) * plan.horizon_months) if r.kind == "SDR" else r for r in plan.team.roles)
    return replace(plan, team=replace(plan.team, roles=roles))


def test_an_infeasible_simulation_is_one_plain_sentence(sample_plan):
    """0 SDRs in every month: the simulation's twelve per-month problems become one sentence
    with a month range, in the summary and in the capacity section; the team is not called missing."""
    plan = _without_sdrs(sample_plan)
    results = compute_results(plan, ResultSettings(runs=50, seed=3))
    expected = "The simulation could not run: the SDR team has no reps in Jan–Dec 2026 while leads arrive."
    assert results.simulation is None and results.simulation_note == expected
    document = build_document(plan, results)
    notes = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    # the summary's probabilities and the capacity results (the first spells out SDR, its first use)
    spelled = expected.replace("SDR team", "SDR (sales development representative) team")
    assert notes.count(spelled) == 1 and notes.count(expected) == 1
    assert not any("team.roles" in n or "is not allowed" in n for n in notes)
    assert not any(n.startswith(MISSING_PREFIX) and "sales team" in n for n in notes)
    capacity = section_text(document, "Capacity")
    assert expected in capacity and not any("capacity results" in t for t in capacity)


def test_month_ranges_for_people():
    from slaplanner.plan.format import month_range_text

    assert month_range_text(["2026-03", "2026-01", "2026-02", "2026-06"]) == "Jan–Mar and Jun 2026"
    assert month_range_text(["2026-11", "2026-12", "2027-01"]) == "Nov 2026–Jan 2027"
    assert month_range_text(["2026-05"]) == "May 2026"


def test_no_runs_never_claims_the_team_is_missing(sample_plan):
    results = compute_results(sample_plan, ResultSettings(runs=0))
    assert results.simulation is None
    assert "team" not in results.simulation_note and not results.simulation_note.startswith(MISSING_PREFIX)


def test_the_document_shows_labels_not_codes(sample_plan):
    """Criteria, events, outcomes and fast-lane examples read as words in the signed document."""
    document = build_document(sample_plan, compute_results(sample_plan, ResultSettings(runs=20)))
    criteria = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Kind")
    texts = [r[1] for r in criteria.rows]
    assert "Company size ≥ 1,000" in texts
    assert any(t.startswith("Pricing page views at least 2× within 30 days") for t in texts)
    examples = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Example lead")
    cells = " ".join(c for row in examples.rows for c in row)
    assert "SQL (demo request — fast lane)" in cells and "SQL (score 0)" not in cells
    assert "Not qualified" in cells
    everything = " ".join(
        [b.text for b in document.blocks if isinstance(b, Paragraph)]
        + [c for b in document.blocks if isinstance(b, Table) for row in b.rows for c in row]
    )
    for code in ("company_size", "pricing_page_view", "demo_request", "not_qualified", " gte ", "closed_lost"):
        assert code not in everything, code
    assert sample_plan.definitions.fit[2].operator == "gte"  # the stored codes stay


def test_headings_stay_with_what_follows(sample_plan, tmp_path):
    """No page of the PDF ends with a heading (or an introduction ending in a colon); every
    heading in the Word file keeps with the next paragraph."""
    document = build_document(sample_plan, compute_results(sample_plan, ResultSettings(runs=20)))
    path = tmp_path / "sla.docx"
    write_docx(document, path)
    headings = [p for p in docx.Document(str(path)).paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) == len(document.headings()) and all(p.paragraph_format.keep_with_next for p in headings)
    require_tool("pdftotext", "poppler-utils")
    pdf = tmp_path / "sla.pdf"
    write_pdf(document, pdf)
    titles = set(document.headings())
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = [page for page in text.split("\f") if page.strip()]
    for number, page in enumerate(pages[1:-1], start=2):  # the title page and the sign-off page aside
        lines = [ln.strip() for ln in page.splitlines() if ln.strip() and not ln.strip().startswith("Page ")]
        assert lines, number
        assert lines[-1] not in titles and not lines[-1].endswith(":"), (number, lines[-1])


def test_workload_chart_draws_sql_and_opportunity_side_by_side(sample_plan, monkeypatch):
    import slaplanner.exports.charts as charts

    figures = []
    real = charts._png

    def keep(draw, *args, **kwargs):
        from matplotlib.figure import Figure as MplFigure

        fig = MplFigure()
        draw(fig)
        figures.append(fig)
        return real(draw, *args, **kwargs)

    monkeypatch.setattr(charts, "_png", keep)
    charts.workload_chart(sample_plan, compute_funnel(sample_plan))
    ax = figures[0].axes[0]
    sql, opp = ax.containers[0], ax.containers[1]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["SQL", "Opportunity"]
    for a, b in zip(sql.patches, opp.patches, strict=True):
        assert a.get_x() + a.get_width() <= b.get_x() + 1e-9  # beside, never on top


# -- the agreement's terms (issue 15) ----------------------------------------------------------------


def tables_under(document, title: str) -> list[Table]:
    out, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text == title
        elif inside and isinstance(block, Table):
            out.append(block)
    return out


def custom_terms(plan: Plan) -> Plan:
    g = Governance(
        effective_date="2026-02-01",
        term_months=6,
        reviews=(ReviewMeeting("Stand-up", "weekly", "SDR lead, demand generation", "Leads waiting"),),
        escalation=(EscalationLevel("SDR lead", 2.0), EscalationLevel("Head of Sales", 16.0)),
        reassign_after_hours=3.0,
        dispute_reviewer="The revenue operations desk",
        dispute_within_days=2.0,
        amendment="Changes are made only in writing, as a new version both leaders sign.",
        acceptance_rate_floor=0.85,
        mql_to_sql_floor=0.35,
        data_completeness=0.9,
        routing_method="territory",
        backup_owner="the regional lead",
    )
    return replace(plan, governance=g)


def test_term_and_governance_carry_the_plans_terms(sample_plan, tmp_path):
    plan = custom_terms(sample_plan)
    document = build_document(plan, compute_results(plan, ResultSettings(runs=0)))
    text = " ".join(section_text(document, "Term and governance"))
    assert "takes effect on 1 February 2026 and runs for 6 months, to 31 July 2026" in text
    assert "The revenue operations desk review" in text and "within 2 business days" in text
    assert "Changes are made only in writing, as a new version both leaders sign." in text
    reviews, ladder = tables_under(document, "Term and governance")
    assert reviews.rows == (("Stand-up", "weekly", "SDR lead, demand generation", "Leads waiting"),)
    assert ladder.rows == (("1", "SDR lead", "2 business hours"), ("2", "Head of Sales", "2 business days"))
    bullets = " ".join(i for b in document.blocks if isinstance(b, BulletList) for i in b.items)
    assert "nobody has touched 3 business hours after it was assigned goes to the backup owner (the regional lead)" in (
        bullets
    )
    assert "45 days as SQL" in bullets  # recycling comes from the rules of engagement, its one home
    assert "assigned by territory" in bullets
    (quality,) = [t for t in tables_under(document, "Marketing's commitments") if t.header[0] == "Quality measure"]
    assert [row[1] for row in quality.rows] == ["at least 85 %", "at least 35 %", "at least 90 %"]
    write_docx(document, tmp_path / "terms.docx")
    word = docx.Document(str(tmp_path / "terms.docx"))
    (word_ladder,) = [t for t in word.tables if t.rows[0].cells[0].text == "Level"]
    assert [[c.text for c in row.cells] for row in word_ladder.rows[1:]] == [
        ["1", "SDR lead", "2 business hours"],
        ["2", "Head of Sales", "2 business days"],
    ]
    require_tool("pdftotext", "poppler-utils")
    write_pdf(document, tmp_path / "terms.pdf")
    pdf = subprocess.run(["pdftotext", str(tmp_path / "terms.pdf"), "-"], capture_output=True, text=True).stdout
    assert "Head of Sales" in pdf and "Term and governance" in pdf


def test_editing_the_escalation_ladder_changes_the_document(sample_plan):
    results = compute_results(sample_plan, ResultSettings(runs=0))
    before = tables_under(build_document(sample_plan, results), "Term and governance")[1]
    assert before.rows[1] == ("2", "VP Sales", "1 business day")
    edited, _ = apply_edit(sample_plan, Edit(("governance", "escalation", 1, "within_business_hours"), 16.0))
    after = tables_under(build_document(edited, compute_results(edited, ResultSettings(runs=0))), "Term and governance")
    assert after[1].rows[1] == ("2", "VP Sales", "2 business days")
    assert after[1].rows[0] == before.rows[0]


def test_an_old_plan_file_exports_with_the_default_terms():
    plan = load_plan(DATA / "format-0001.slaplan")
    document = build_document(plan, compute_results(plan, ResultSettings(runs=0)))
    reviews, ladder = tables_under(document, "Term and governance")
    assert [row[:3] for row in reviews.rows] == [
        ("Working review", "weekly", "SDR manager, marketing operations"),
        ("Monthly review", "monthly", "VP Sales, VP Marketing"),
        ("Quarterly renegotiation", "quarterly", "CRO, CMO"),
    ]
    assert ladder.rows == (
        ("1", "SDR manager", "4 business hours"),
        ("2", "VP Sales", "1 business day"),
        ("3", "CMO and CRO together", "3 business days"),
    )


def _number(text: str) -> float:
    return float(text.replace(",", "").replace(" %", "").replace("+", ""))


def test_every_table_adds_up_as_printed(sample_plan):
    """Rows rounded so that they sum to the totals printed; tier shares to 100 %. A plan whose three
    tiers take a third each (33.3 % rounds to 33 % three times) and whose segments are fractional."""
    third = 1 / 3
    tiers = tuple(
        replace(sample_plan.commitments.response[i % 2], tier=name, share_of_sqls=third)
        for i, name in enumerate(("Hot", "Warm", "Cold"))
    )
    marketing = tuple(replace(c, sqls_per_month=c.sqls_per_month + 0.4) for c in sample_plan.commitments.marketing)
    plan = replace(sample_plan, commitments=replace(sample_plan.commitments, response=tiers, marketing=marketing))
    document = build_document(plan, compute_results(plan, ResultSettings(runs=0)))
    with_totals = [t for t in document.blocks if isinstance(t, Table) and t.rows and t.rows[-1][0] == "Total"]
    assert len(with_totals) >= 2
    for table in with_totals:
        body, total = table.rows[:-1], table.rows[-1]
        for col in range(1, len(table.header)):
            # (the gap is of the unrounded figures, as `slaplanner report` shows it: see the next test)
            if table.is_numeric(col) and total[col] and "%" not in total[col] and table.header[col] != "Gap":
                assert sum(_number(r[col]) for r in body) == _number(total[col]), (table.header, col)
    month = next(t for t in with_totals if t.header[0] == "Month")
    segments = len(month.header) - 4
    for row in month.rows:
        assert sum(_number(v) for v in row[1 : 1 + segments]) == _number(row[1 + segments]), row
        assert abs(_number(row[1 + segments]) - _number(row[2 + segments]) - _number(row[3 + segments])) <= 1, row
    tiers_table = next(t for t in document.blocks if isinstance(t, Table) and t.header[0] == "Tier")
    assert sum(_number(r[1]) for r in tiers_table.rows) == 100


def _report_sql_gaps(plan: Plan) -> list[str]:
    """The SQL row of the Gap table of `slaplanner report` (its months and its total), as printed."""
    from slaplanner.cli.commands.report import format_report

    text = format_report(plan.name, plan.currency, compute_funnel(plan, "likely"))
    gap_table = text.split("\nGap")[1]
    row = next(line for line in gap_table.splitlines() if line.startswith("SQL "))
    return [f"{float(v.replace(',', '')):+,.0f}" for v in row.split()[1:]]


def test_the_sql_gap_is_the_reports_in_the_pdf_and_the_word_file(sample_plan, tmp_path):
    """The month table's gap is planned minus required before rounding, as `slaplanner report` prints
    it (the sample's January: 319 planned less 303 required printed, but 318.6 - 303.3 = +15, not +16)."""
    require_tool("pdftotext", "poppler-utils")
    expected = _report_sql_gaps(sample_plan)
    assert len(expected) == sample_plan.horizon_months + 1  # the months and the total
    document = build_document(sample_plan, compute_results(sample_plan, ResultSettings(runs=0)))
    month = next(t for t in document.blocks if isinstance(t, Table) and t.header[0] == "Month")
    assert [row[-1] for row in month.rows] == expected
    assert expected[0] == "+15" and expected[3] == "+47" and expected[6] == "-54"  # the trial's months
    write_docx(document, tmp_path / "sla.docx")
    word = next(t for t in docx.Document(str(tmp_path / "sla.docx")).tables if t.rows[0].cells[0].text == "Month")
    assert [row.cells[-1].text for row in word.rows[1:]] == expected
    write_pdf(document, tmp_path / "sla.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "sla.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    for m, gap in zip(sample_plan.months, expected):
        line = next(line for line in text.splitlines() if line.strip().startswith(month_label(m)))
        assert line.split()[-1].replace("\u2212", "-") == gap, line


def test_the_measurement_table_names_the_percentile_the_review_measures(sample_plan):
    """The Review reports the median and P90 of first-touch minutes (engine.review), so the SLA
    promises those, not a 95th percentile nobody reports."""
    from dataclasses import fields

    from slaplanner.engine.review import TierReview

    measured = {f.name for f in fields(TierReview)}
    assert {"median_minutes", "p90_minutes"} <= measured and "p95_minutes" not in measured
    document = build_document(sample_plan, compute_results(sample_plan, ResultSettings(runs=0)))
    table = next(t for t in tables_under(document, "Measurement and closed-loop reporting"))
    first_touch = [row[0] for row in table.rows if row[0].startswith("First touch")]
    assert first_touch and all("(median and 90th percentile)" in text for text in first_touch)
    assert not any("95th" in cell for row in table.rows for cell in row)


def test_largest_remainder_rounding_by_hand():
    assert rounded_to_total([0.4, 0.4, 0.2]) == [1, 0, 0]  # sum 1: the first of the two largest remainders
    assert rounded_to_total([33.3, 33.3, 33.4]) == [33, 33, 34]
    assert rounded_to_total([1.5, 1.5, 1.0]) == [2, 1, 1]  # sum 4
    assert rounded_to_total([2.0, 2.0], 3) == [1, 2]  # a total below the sum takes from the first
    assert sum(rounded_to_total([10.26, 20.49, 30.25], 61)) == 61


def test_word_tables_look_like_the_pdfs(sample_plan, tmp_path):
    """The PDF's grid colour and width, cell padding, header shading and shaded total rows; header
    rows repeat on each page."""
    from docx.oxml.ns import qn

    path = tmp_path / "style.docx"
    write_docx(build_document(sample_plan, compute_results(sample_plan, ResultSettings(runs=0))), path)
    word = docx.Document(str(path))
    tables = word.tables[1:]  # after the title page's facts
    assert len(tables) >= 10
    for table in tables:
        tbl_pr = table._tbl.tblPr
        borders = tbl_pr.find(qn("w:tblBorders"))
        assert borders is not None
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            line = borders.find(qn(f"w:{edge}"))
            assert line.get(qn("w:color")) == "9AA5B1" and line.get(qn("w:sz")) == "3"  # 0.4 pt, as the PDF
        margins = {child.tag.split("}")[1]: child.get(qn("w:w")) for child in tbl_pr.find(qn("w:tblCellMar"))}
        assert margins == {"top": "40", "left": "120", "bottom": "40", "right": "120"}  # 2 pt and 6 pt
        head = table.rows[0]
        assert head._tr.trPr.find(qn("w:tblHeader")) is not None
        fills = {c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in head.cells}
        assert fills == {"DCE6F2"}
    month = next(t for t in tables if t.rows[0].cells[0].text == "Month")
    total = month.rows[-1]
    assert {c._tc.tcPr.find(qn("w:shd")).get(qn("w:fill")) for c in total.cells} == {"F2F2F2"}


def test_no_heading_wraps_in_word_or_pdf(sample_plan, tmp_path):
    """Every table heading is set on one line: each column of the Word file is at least as wide as
    its heading measured with PIL in DejaVu Sans Bold (wider than Calibri) plus the cells' padding,
    and pdftotext finds every heading on one line of the PDF."""
    import matplotlib
    from PIL import ImageFont

    document = build_document(sample_plan, compute_results(sample_plan, QUICK))
    path = tmp_path / "fit.docx"
    write_docx(document, path)
    word = docx.Document(str(path))
    font_file = str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans-Bold.ttf")
    tables = word.tables[1:-1]  # between the title page's facts and the sign-off
    for table in tables:
        columns = len(table.columns)
        size = 9 if columns <= 6 else 8
        font = ImageFont.truetype(font_file, size * 10)  # 10 units a point: fine enough to measure
        grid = [
            int(col.get(docx.oxml.ns.qn("w:w"))) for col in table._tbl.tblGrid.findall(docx.oxml.ns.qn("w:gridCol"))
        ]
        for heading, twips in zip((c.text for c in table.rows[0].cells), grid):
            width_pt = font.getlength(heading) / 10 + 12  # 6 pt of padding either side
            assert width_pt <= twips / 20, (heading, width_pt, twips / 20)
    require_tool("pdftotext", "poppler-utils")
    pdf = tmp_path / "fit.pdf"
    write_pdf(document, pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for block in document.blocks:
        if isinstance(block, Table) and block.header != ("Term", "Meaning"):
            for heading in block.header:
                assert any(heading in line for line in lines), heading


def test_weeks_above_the_maximum_are_named_beside_the_months(sample_plan):
    """New-user trial: the capacity table said 'Months likely over max: 0 of 12' for the SDRs while
    the risks listed two weeks above the maximum occupancy; the document now says both."""
    results = compute_results(sample_plan, ResultSettings(runs=120, seed=7))
    sim = results.simulation
    sdr = next(r for r in sim.roles if r.kind == "SDR")
    busy = sum(1 for u in sim.sdr_utilisation_by_week if u > sdr.max_occupancy)
    assert busy > 0
    texts = [b.text for b in build_document(sample_plan, results).blocks if isinstance(b, Paragraph)]
    expected = (
        f"Week by week the SDRs are above their maximum occupancy (85 %) in {busy} of the plan's "
        f"{len(sim.sdr_utilisation_by_week)} weeks"
    )
    assert any(t.startswith(expected) for t in texts)


EXAMPLES = Path(__file__).parents[2] / "docs" / "examples"


def test_a_team_named_in_the_plural_is_not_pluralised_again():
    """Two SDR teams, 'Americas SDRs' and 'EMEA SDRs': the open items said 'needs 3 EMEA SDRss ...
    Staff 3 EMEA SDRss'."""
    from slaplanner.exports.open_items import open_items, people_text

    assert (people_text(3, "EMEA SDRs"), people_text(1, "EMEA SDRs")) == ("3 EMEA SDRs", "1 person in EMEA SDRs")
    assert (people_text(1, "AE"), people_text(22, "AE")) == ("1 AE", "22 AEs")
    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, QUICK)
    items = open_items(plan, results)
    emea = next(i for i in items if i.topic == "EMEA SDRs headcount")
    assert "EMEA SDRs for a" in emea.finding and emea.settle.startswith("Staff ")
    document = build_document(plan, results)
    texts = [c for b in document.blocks if isinstance(b, Table) for row in b.rows for c in row]
    texts += [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert not any("SDRss" in t for t in texts)


def test_weeks_above_the_maximum_are_counted_per_sdr_team_as_the_risks_list_them():
    """Two SDR teams: the sentence said '2 of the plan's 52 weeks' (both teams' hours pooled)
    while the risks listed 3 weeks for one team and 22 for the other."""
    plan = load_plan(EXAMPLES / "two-sdr-teams-short.json")
    results = compute_results(plan, QUICK)
    sim = results.simulation
    counts = {}
    for warning in sim.warnings:
        m = re.match(r"(.+) above maximum occupancy in (\d+) weeks?:", warning)
        if m:
            counts[m[1]] = int(m[2])
    assert len(counts) == 2  # both teams have weeks over their maximum: the case this test is about
    capacity = section_text(build_document(plan, results), "Capacity")
    sentence = next(t for t in capacity if t.startswith("Week by week"))
    first, second = counts.items()
    assert (
        f"in {first[1]} of the plan's {len(sim.sdr_utilisation_by_week)} weeks for {first[0]} and {second[1]} for "
        f"{second[0]}"
    ) in sentence


def test_the_chance_marketing_delivers_is_labelled_as_an_average_months(sample_plan):
    """The summary's 33 % is the mean over the months of P(every segment meets its commitment in
    that month): the row says so, and the weakest month beside it."""
    results = compute_results(sample_plan, QUICK)
    sim = results.simulation
    table = next(
        b for b in build_document(sample_plan, results).blocks if isinstance(b, Table) and b.header[0] == "Commitment"
    )
    row = next(r for r in table.rows if r[0].startswith("Marketing delivers"))
    assert "every segment at least its own" in row[0] and row[0].endswith("chance in an average month")
    assert row[1] == f"{sum(sim.sql_p_met) / len(sim.sql_p_met) * 100:.0f} %"
    assert row[2].startswith(f"{min(sim.sql_p_met) * 100:.0f} %")


def test_a_refused_simulation_claims_no_runs(sample_plan):
    """Every lead volume ×10 with 300 runs: the simulation is refused (too many touches), so the
    summary says which rates the funnel uses and why there are no probabilities, not '300
    simulation runs'."""
    sources = tuple(
        replace(s, baseline=s.baseline * 10, monthly_leads=tuple(v * 10 for v in s.monthly_leads))
        for s in sample_plan.sources
    )
    plan = replace(sample_plan, sources=sources)
    results = compute_results(plan, ResultSettings(runs=300, seed=1))
    assert results.simulation is None and results.simulation_note  # the case this test is about
    summary = section_text(build_document(plan, results), "Summary")
    assert summary[0] == "Funnel figures use the likely conversion rates."
    assert not any("simulation runs" in t for t in summary)
    assert any(t.startswith("The simulation was not run") for t in summary)


def test_an_abbreviation_is_not_spelled_out_inside_brackets():
    """Found checking the exports (3 December 2026, fourth session): "(no SDR (sales development
    representative) headcount tried ...)" nested brackets; the next use is spelled out instead."""
    from slaplanner.exports.blocks import Paragraph
    from slaplanner.exports.glossary import spell_out_first_use

    blocks = [
        Paragraph("Bottleneck: AEs in Sep 2026 (no SDR headcount tried reaches 90 %)."),
        Paragraph("The SDRs work the leads."),
    ]
    first, second = spell_out_first_use(blocks)
    assert first.text == "Bottleneck: AEs (account executives) in Sep 2026 (no SDR headcount tried reaches 90 %)."
    assert second.text == "The SDRs (sales development representatives) work the leads."


def test_the_headcount_chart_writes_each_chance_and_says_when_none_reaches_the_target(sample_plan):
    """With lead patience the search's points were 43 and 44 people at 0 %: bars of no height, a chart
    that looked empty. Each bar now carries its chance, and the chart says no headcount reaches it."""
    from slaplanner.exports.charts import headcount_chart

    patient = replace(sample_plan, team=replace(sample_plan.team, lead_patience_hours=2.0))
    sim = compute_results(patient, QUICK).simulation
    assert sim.headcount.points and max(p for _h, p in sim.headcount.points) < 0.9  # the case under test
    svg = headcount_chart(sim).svg.decode()
    # (matplotlib's SVG names each text it draws in a comment)
    assert "<!-- No headcount tried reaches the 90 % target -->" in svg
    for _h, p in sim.headcount.points:
        assert f"<!-- {p * 100:.0f} % -->" in svg
    healthy = compute_results(sample_plan, QUICK).simulation
    assert "No headcount tried reaches" not in headcount_chart(healthy).svg.decode()
