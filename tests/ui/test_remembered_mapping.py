"""Issue 11 (reuse the import): the column mapping chosen for a CRM's export is remembered, per
kind of import, and filled in the next time an export with the same columns comes."""

from __future__ import annotations

from slaplanner.imports.leads import ColumnMappingNeeded
from ui.pages._lead_import import ColumnMappingDialog, crm_of, remembered_mapping

HEADERS = ("Became a Sales Qualified Lead Date", "Signup", "Rep")


def needed() -> ColumnMappingNeeded:
    return ColumnMappingNeeded("No create date found", HEADERS, {}, ("created_at",))


def test_a_mapping_is_remembered_per_crm_and_kind(qtbot):
    assert crm_of(HEADERS) == "hubspot" and crm_of(("Lead ID", "Converted")) == "salesforce"
    first = ColumnMappingDialog(needed(), kind="actuals")
    qtbot.addWidget(first)
    first.boxes["Signup"].setEditText("created_at")
    first.boxes["Rep"].setEditText("owner")
    first._remember_and_accept()
    assert remembered_mapping("actuals", HEADERS)["Signup"] == "created_at"
    assert remembered_mapping("leads", HEADERS) == {}  # the lead import keeps its own
    again = ColumnMappingDialog(needed(), kind="actuals")
    qtbot.addWidget(again)
    assert again.mapping()["Signup"] == "created_at" and again.mapping()["Rep"] == "owner"
    other = ColumnMappingDialog(ColumnMappingNeeded("x", ("Signup", "Rep", "Extra"), {}, ()), kind="actuals")
    qtbot.addWidget(other)
    assert "Signup" not in other.mapping()  # other columns: not the same export
