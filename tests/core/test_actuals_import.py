"""Reading actuals: the lead reader's rules plus timestamps with offsets, UTC or the team's zone."""

from __future__ import annotations

import math

import pytest

from slaplanner.imports.actuals import ColumnMappingNeeded, LeadFileError, parse_actuals, parse_map_options

NY = "America/New_York"


def minutes(text: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(text).timestamp() / 60.0


def test_offsets_utc_and_local_times():
    """2026-01-09 16:50 local New York (EST, -05:00) is 21:50Z; the same moment written with an
    offset, with Z, and as epoch milliseconds (1767995400000 = 21:50Z) reads the same; a local
    time in July is EDT (-04:00). A warning says local times were taken in the team's zone."""
    data = (
        b"Create Date,Became a Sales Qualified Lead Date\n"
        b"2026-01-09,2026-01-09 16:50\n"
        b"2026-01-09,2026-01-09T16:50:00-05:00\n"
        b"2026-01-09,2026-01-09T21:50:00Z\n"
        b"2026-01-09,1767995400000\n"
        b"2026-07-09,07/09/2026 4:50 PM\n"
    )
    a = parse_actuals(data, time_zone=NY)
    sql = a.time("became_sql_at").tolist()
    assert sql[:4] == [minutes("2026-01-09T21:50:00+00:00")] * 4
    assert sql[4] == minutes("2026-07-09T20:50:00+00:00")
    assert any("taken as the team's time zone, America/New_York" in w.reason for w in a.warnings)


def test_hubspot_and_salesforce_names_are_recognised():
    hubspot = parse_actuals(
        b"Record ID,Create Date,Became a Marketing Qualified Lead Date,Became a Sales Qualified Lead Date,"
        b"First Outreach Date,Number of Sales Activities,Contact Owner,Became a Customer Date,Amount\n"
        b'1,2026-01-05,2026-01-06,2026-01-07 10:00,2026-01-07 10:05,4,Ana,2026-03-01,"$12,500.00"\n',
        time_zone=NY,
    )
    assert set(hubspot.mapping.values()) == {
        "lead_id", "created_at", "became_mql_at", "became_sql_at", "first_touch_at", "touches", "owner", "won_at",
        "amount",
    }  # fmt: skip
    assert hubspot.number("amount").tolist() == [12500.0] and hubspot.number("touches").tolist() == [4.0]
    assert hubspot.kind == "hubspot"
    salesforce = parse_actuals(
        b"Lead ID,CreatedDate,LeadSource,Lead Owner,ConvertedDate,First_Activity_Date\n"
        b"00Q1,2026-01-05T09:00:00.000+0000,Web,Ben,2026-01-06T15:00:00.000+0000,2026-01-06T15:30:00.000+0000\n",
        time_zone=NY,
    )
    assert salesforce.mapping["ConvertedDate"] == "became_sql_at"
    assert salesforce.mapping["First_Activity_Date"] == "first_touch_at"
    assert salesforce.time("first_touch_at")[0] - salesforce.time("became_sql_at")[0] == 30.0
    assert salesforce.text("owner").tolist() == ["Ben"] and salesforce.text("source").tolist() == ["Web"]


def test_bad_cells_are_reported_and_the_rest_used():
    """Row 3 has no create date (rejected); row 4's SQL date is not a date and its touch count is
    not a number (warnings, read as blank); rows 2 and 4 are kept."""
    a = parse_actuals(
        b"Create Date,SQL Date,Touches\n2026-01-05,2026-01-06 10:00,3\n,2026-01-06,2\n2026-01-07,soon,many\n",
        time_zone=NY,
    )
    assert len(a) == 2 and [(p.row, p.column) for p in a.rejected] == [(3, "Create Date")]
    assert {(w.row, w.column) for w in a.warnings if w.row} == {(4, "SQL Date"), (4, "Touches")}
    assert math.isnan(a.time("became_sql_at")[1]) and math.isnan(a.number("touches")[1])


def test_mapping_created_at_and_unknown_fields():
    with pytest.raises(ColumnMappingNeeded) as caught:
        parse_actuals(b"When,Who\n2026-01-05,Ana\n", time_zone=NY)
    assert caught.value.missing == ("created_at",) and "created_at" in str(caught.value)
    a = parse_actuals(b"When,Who\n2026-01-05,Ana\n", time_zone=NY, mapping={"When": "created_at", "Who": "owner"})
    assert a.text("owner").tolist() == ["Ana"]
    assert parse_map_options(["SQL on=became_sql_at"]) == {"SQL on": "became_sql_at"}
    with pytest.raises(LeadFileError, match="unknown field 'sql'"):
        parse_map_options(["X=sql"])
