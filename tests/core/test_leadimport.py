"""Importing messy CRM exports: encodings, separators, quoted newlines, dates, formulas, non-CSV."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from slaplanner.cells import inert_text, is_formula_like
from slaplanner.engine.scoring import recorded_stages
from slaplanner.imports.leads import (
    ColumnMappingNeeded,
    LeadFileError,
    crm_number,
    guess_mapping,
    no_leads_text,
    parse_leads,
    read_headers,
    read_leads,
)
from slaplanner.plan.definitions import Definitions

STAGES = ("Lead", "MQL", "SAL", "SQL", "Opportunity", "Won")


def days(*texts: str) -> list[np.datetime64]:
    return [np.datetime64(t, "D") for t in texts]


def test_hubspot_export_with_bom_and_commas() -> None:
    data = (
        "\ufeffRecord ID,Create Date,Original Source,Lifecycle Stage,Number of Employees,Country/Region\r\n"
        "1,2025-03-14 09:30,Organic search,lead,250,Germany\r\n"
        '2,2025-03-15T10:00:00Z,Paid search,marketingqualifiedlead,"1,200",France\r\n'
    ).encode("utf-8")
    result = parse_leads(data)
    assert result.kind == "hubspot"
    assert result.delimiter == ","
    assert result.rejected == ()
    table = result.table
    assert table.created.tolist() == [d.astype(object) for d in days("2025-03-14", "2025-03-15")]
    assert table.source.tolist() == ["Organic search", "Paid search"]
    assert table.fields["company_size"].tolist() == ["250", "1,200"]
    assert table.fields["country"].tolist() == ["Germany", "France"]
    assert table.rows.tolist() == [2, 3]


def test_salesforce_export_with_semicolons_and_day_first_dates() -> None:
    data = (
        b"Lead ID;CreatedDate;LeadSource;Status;NumberOfEmployees;Title\n"
        b"00Q1;14.03.2025;Webinars;Working - Contacted;50;CFO\n"
        b"00Q2;01.04.2025;Webinars;Closed - Converted;10;Analyst\n"
    )
    result = parse_leads(data)
    assert result.kind == "salesforce"
    assert result.delimiter == ";"
    assert result.table.created.astype(str).tolist() == ["2025-03-14", "2025-04-01"]
    assert result.table.fields["job_title"].tolist() == ["CFO", "Analyst"]
    recorded, warnings = recorded_stages(result.table, STAGES, Definitions())
    assert recorded.tolist() == [2, 3]  # working -> SAL, converted -> SQL
    assert warnings == ()


def test_quoted_newlines_and_blank_lines_keep_row_numbers() -> None:
    """Row numbers are the line a record starts on: the note spans lines 3-4, a blank line is 5."""
    data = (
        b"Create Date,Lead Source,Notes\n"  # line 1
        b"2025-01-02,Webinars,ok\n"  # line 2
        b'2025-01-03,Webinars,"first line\n'  # line 3
        b'second line"\n'  # line 4
        b"\n"  # line 5
        b"not a date,Webinars,x\n"  # line 6
        b",,\n"  # line 7: empty cells only, skipped
        b"2025-01-05,Webinars,y\n"  # line 8
    )
    result = parse_leads(data)
    assert result.table.rows.tolist() == [2, 3, 8]
    assert result.table.fields["notes"].tolist()[1] == "first line\nsecond line"
    assert [(p.row, p.column) for p in result.rejected] == [(6, "Create Date")]
    assert "'not a date' is not a date" in result.rejected[0].reason
    assert "allowed:" in result.rejected[0].reason


def test_bad_and_mixed_date_formats() -> None:
    """The column holds both 13/03/2025 (day first) and 03/14/2025 (month first): those two are read
    by the day that is above 12; 04/05/2025 cannot be told apart and is rejected; 2025-02-30 does not
    exist; ISO, named months and 05/05 (same either way) are fine."""
    data = (
        b"Create Date,Lead Source\n"
        b"13/03/2025,a\n"  # 2
        b"03/14/2025,a\n"  # 3
        b"04/05/2025,a\n"  # 4
        b"2025-02-30,a\n"  # 5
        b"5 Mar 2025,a\n"  # 6
        b"Mar 7, 2025,a\n"  # 7 (quoted just below: the comma would split it)
    )
    data = data.replace(b"Mar 7, 2025,a", b'"Mar 7, 2025",a')
    data += b"05/05/2025,a\n2025/06/01 08:00,a\n1735689600000,a\n"  # rows 8, 9, 10
    result = parse_leads(data)
    assert result.table.created.astype(str).tolist() == [
        "2025-03-13",
        "2025-03-14",
        "2025-03-05",
        "2025-03-07",
        "2025-05-05",
        "2025-06-01",
        "2025-01-01",
    ]
    rejected = {p.row: p.reason for p in result.rejected}
    assert set(rejected) == {4, 5}
    assert "ambiguous" in rejected[4]
    assert "not a date" in rejected[5]


def test_date_order_from_the_column_and_forced() -> None:
    data = b"Create Date,Lead Source\n01/02/2025,a\n25/02/2025,a\n"
    assert parse_leads(data).table.created.astype(str).tolist() == ["2025-02-01", "2025-02-25"]
    us = b"Create Date,Lead Source\n01/02/2025,a\n"
    assert parse_leads(us).table.created.astype(str).tolist() == ["2025-01-02"]
    assert parse_leads(us, dayfirst=True).table.created.astype(str).tolist() == ["2025-02-01"]
    assert parse_leads(b"Create Date\n1885-01-01\n").rejected[0].row == 2  # outside 1990-2199


def test_unknown_stage_values_are_kept_with_a_warning() -> None:
    data = b"Create Date,Lifecycle Stage\n2025-01-01,Customer\n2025-01-02,Hot prospect!!\n2025-01-03,\n"
    result = parse_leads(data)
    assert len(result.table) == 3
    recorded, warnings = recorded_stages(result.table, STAGES, Definitions())
    assert recorded.tolist() == [5, 0, 0]
    assert [(w.row, "Hot prospect!!" in w.reason) for w in warnings] == [(3, True)]


def test_formula_like_cells_are_kept_as_inert_text_and_flagged() -> None:
    data = (
        b"Create Date,Company,Job Title,Number of Employees,Phone\n"
        b'2025-01-01,"=HYPERLINK(""http://x"",""y"")",@SUM(A1),-5,+49 30 1234\n'
        b"2025-01-02,-cmd|' /C calc'!A0,Analyst,+12,\n"
    )
    result = parse_leads(data)
    company = result.table.fields["company"].tolist()
    assert company == ['=HYPERLINK("http://x","y")', "-cmd|' /C calc'!A0"]
    flagged = {(p.row, p.column) for p in result.formula_cells}
    assert flagged == {(2, "Company"), (2, "Job Title"), (2, "Phone"), (3, "Company")}  # -5 and +12 are numbers
    assert inert_text(company[0]) == "'" + company[0]
    assert inert_text("Analyst") == "Analyst"
    assert is_formula_like("@x") and is_formula_like("+49 30 1234")
    assert not is_formula_like("-5") and not is_formula_like("") and not is_formula_like("-")  # "-": a blank


def test_rows_with_extra_cells_are_rejected_and_short_rows_padded() -> None:
    """A short row is kept (its missing cells blank) and named: it was accepted without a word."""
    data = b"Create Date,Lead Source,Industry\n2025-01-01,a,Retail,unexpected\n2025-01-02,b\n"
    result = parse_leads(data)
    assert [p.row for p in result.rejected] == [2]
    assert "4 cells but the header has 3 columns" in result.rejected[0].reason
    assert result.table.fields["industry"].tolist() == [""]
    assert [(p.row, p.reason) for p in result.warnings] == [
        (3, "2 cells but the header has 3 columns; the missing cell reads as blank")
    ]


def _sixty_rows(bad_row: int) -> bytes:
    """A header and 60 leads (rows 2-61), created over Jan-Mar 2026; on ``bad_row``
    the source cell opens a quote that never closes."""
    lines = ["Create Date,Lead Source,Industry"]
    for row in range(2, 62):
        source = '"unterminated,quote' if row == bad_row else "Paid search"
        month, day = 1 + (row - 2) // 28, 1 + (row - 2) % 28
        lines.append(f"2026-{month:02d}-{day:02d},{source},Retail")
    return ("\n".join(lines) + "\n").encode()


def test_an_unclosed_quote_is_said_and_the_rows_after_it_are_read() -> None:
    """Row 37 opens a quote that never closes: the csv module read rows 38-61 as part of its
    source cell, so 24 rows vanished and only "row 37 ... no date" was said (rows_read 36). Now
    row 37 is rejected with why, and the 24 lines after it are read on their own."""
    result = parse_leads(_sixty_rows(37), name="sixty.csv")
    assert result.rows_read == 60 and len(result.table) == 59
    (problem,) = result.rejected
    assert problem.row == 37
    assert "never closes" in problem.reason and "swallowed the 24 lines after it (rows 38–61)" in problem.reason
    assert result.table.rows.tolist() == [r for r in range(2, 62) if r != 37]
    assert set(result.table.source.tolist()) == {"Paid search"}


def test_an_unclosed_quote_on_the_last_row_and_a_quoted_newline() -> None:
    """A quote left open on the last line swallows nothing: the row is read as the csv module
    reads it. A quoted newline that closes is one record, as before."""
    data = b'Create Date,Lead Source\n2026-01-01,"a\nb"\n2026-01-02,"open\n'
    result = parse_leads(data)
    assert result.rejected == () and result.table.source.tolist() == ["a\nb", "open"]
    unclosed = parse_leads(b'Create Date,Lead Source\n2026-01-01,"open\n2026-01-02,x\n')
    assert [p.row for p in unclosed.rejected] == [2] and "swallowed the 1 line after it (row 3)" in (
        unclosed.rejected[0].reason
    )
    assert unclosed.table.rows.tolist() == [3]


def test_a_header_whose_quote_never_closes_is_a_file_error() -> None:
    with pytest.raises(LeadFileError, match="header row never closes"):
        parse_leads(b'Create Date,"Lead Source\n2026-01-01,x\n2026-01-02,y\n')


def test_no_leads_text_lists_the_first_rejected_rows() -> None:
    data = "Create Date,Lead Source\n" + "".join(f"soon {k},x\n" for k in range(8))
    result = parse_leads(data.encode(), name="baddates.csv")
    text = no_leads_text("baddates.csv", result.rejected, result.rows_read)
    lines = text.splitlines()
    assert lines[0] == "baddates.csv: no lead could be read: all 8 rows were rejected; the first 5:"
    assert lines[1].startswith("  row 2, column 'Create Date': 'soon 0' is not a date; allowed: e.g. 2025-03-14")
    assert len(lines) == 7 and lines[-1] == "  ... and 3 more"
    assert no_leads_text("empty.csv", (), 0).endswith("the file has no rows under its header")


def test_behaviour_columns_are_recognised() -> None:
    data = (
        b"Create Date,Number of Webinars Attended,Last Webinar Attended Date,Demo Request Date,Email Clicks Count\n"
        b"2025-01-01,2,2025-01-20,,x\n"
        b"2025-01-02,0,,2025-01-03,4\n"
    )
    result = parse_leads(data)
    t = result.table
    assert t.event_counts["webinar_attended"].tolist() == [2, 0]
    assert t.event_last["webinar_attended"].astype(str).tolist() == ["2025-01-20", "NaT"]
    assert t.event_counts["demo_request"].tolist() == [0, 1]  # a date alone is one event
    assert t.event_counts["email_click"].tolist() == [0, 4]
    assert [(w.row, w.column) for w in result.warnings] == [(2, "Email Clicks Count")]


def test_a_file_that_is_not_csv(tmp_path: Path) -> None:
    png = tmp_path / "leads.csv"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(LeadFileError, match="leads.csv is not a CSV file"):
        read_leads(png)
    with pytest.raises(LeadFileError, match="empty"):
        parse_leads(b"\n\n")
    with pytest.raises(LeadFileError, match="cannot read"):
        read_leads(tmp_path / "missing.csv")
    prose = b"Dear team,\nplease find the leads attached.\n"
    with pytest.raises(ColumnMappingNeeded) as info:
        parse_leads(prose)
    assert "no column holds the lead's create date" in str(info.value)


def test_unknown_columns_need_a_mapping_and_then_import() -> None:
    data = b"Signup,Channel,Plan views\n2025-01-01,Webinars,3\n"
    with pytest.raises(ColumnMappingNeeded) as info:
        parse_leads(data)
    assert info.value.headers == ("Signup", "Channel", "Plan views")
    assert info.value.missing == ("created",)
    mapping = {"Signup": "created", "Channel": "source", "Plan views": "event:pricing_page_view:count"}
    result = parse_leads(data, mapping=mapping)
    assert result.kind == "other"
    assert result.table.source.tolist() == ["Webinars"]
    assert result.table.event_counts["pricing_page_view"].tolist() == [3]
    with pytest.raises(LeadFileError, match="does not have"):
        parse_leads(data, mapping={"Sign-up date": "created"})


def test_windows_1252_is_read_with_a_warning() -> None:
    data = "Create Date,Company\n2025-01-01,Société Générale\n".encode("cp1252")
    result = parse_leads(data)
    assert result.table.fields["company"].tolist() == ["Société Générale"]
    assert "not UTF-8" in result.warnings[0].reason


def test_read_headers_for_the_mapping_step(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("\ufeffA;B;C\n1;2;3\n", encoding="utf-8")
    assert read_headers(path) == (("A", "B", "C"), ";")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1200", 1200.0),
        ("1,200", 1200.0),
        ("1.200,5", 1200.5),
        ("1,5", 1.5),
        ("-3", -3.0),
        ("51-200", 51.0),
        ("10000+", 10000.0),
        ("$2,500.75", 2500.75),
        ("", None),
        ("n/a", None),
        ("inf", None),
        ("1.200", 1200.0),  # German thousands, as the window's editors read it
        ("1 200,5", 1200.5),
    ],
)
def test_crm_number(text: str, value: float | None) -> None:
    assert crm_number(text) == value


def test_guess_mapping_prefers_lifecycle_stage_over_lead_status() -> None:
    mapping = guess_mapping(["Lead Status", "Lifecycle Stage", "Create Date"])
    assert mapping["Lifecycle Stage"] == "lifecycle_stage"
    assert "Lead Status" not in mapping or mapping["Lead Status"] != "lifecycle_stage"


@given(st.binary(max_size=400))
def test_any_bytes_give_an_import_or_a_clear_error(data: bytes) -> None:
    try:
        result = parse_leads(b"Create Date,Lead Source\n" + data)
    except LeadFileError as error:
        assert str(error)
    else:
        assert len(result.table) + len(result.rejected) <= result.rows_read


@given(st.lists(st.text(alphabet='0123456789/-.: ,;"=+@abcMarT\n', max_size=24), max_size=12))
def test_any_cells_give_an_import_or_a_clear_error(cells: list[str]) -> None:
    text = "Create Date;Number of Employees;Last Webinar Attended Date\n" + "\n".join(f"{c};{c};{c}" for c in cells)
    try:
        result = parse_leads(text.encode("utf-8"))
    except LeadFileError as error:
        assert str(error)
    else:
        assert all(p.reason for p in (*result.rejected, *result.warnings))
        assert result.table.created.dtype == np.dtype("datetime64[D]")


def test_mapping_targets_are_checked():
    from slaplanner.imports.leads import mapping_target_problem

    assert mapping_target_problem("created") is None
    assert mapping_target_problem("ignore") is None
    assert mapping_target_problem("event:pricing_page_view:count") is None
    assert mapping_target_problem("lead_score", ["lead_score"]) is None  # a field the definitions test
    problem = mapping_target_problem("nonsense")
    assert problem is not None and problem.startswith("unknown field 'nonsense'; known fields: lead_id, created")
    assert "event:<name>:count" in (mapping_target_problem("event:x:when") or "")
