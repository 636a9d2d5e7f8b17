"""The one glossary: the window's Help, docs/glossary.md and the SLA document read the same terms."""

from __future__ import annotations

from pathlib import Path

import pytest

from slaplanner.exports.glossary import GLOSSARY
from slaplanner.glossary import DOCUMENT_GLOSSARY, TERMS, glossary_markdown, term, terms_in

DOCS = Path(__file__).resolve().parents[2] / "docs" / "glossary.md"


def test_docs_glossary_is_what_the_generator_writes():
    """Regenerate with ``python -m slaplanner.glossary docs/glossary.md``."""
    assert DOCS.read_text(encoding="utf-8") == glossary_markdown()


def test_the_document_reads_the_same_glossary():
    assert GLOSSARY is DOCUMENT_GLOSSARY
    assert {"MQL", "SAL", "SQL", "SDR", "AE", "Shrinkage", "Maximum occupancy", "Handle time"} <= {
        t for t, _ in GLOSSARY
    }
    assert [t for t, _ in GLOSSARY] == sorted((t for t, _ in GLOSSARY), key=str.casefold)


def test_the_words_the_window_uses_are_in_it():
    keys = {t.key for t in TERMS}
    assert {"shrinkage", "max_occupancy", "chance_kept", "nine_in_ten", "rate_levels", "handle_time",
            "sql", "mql", "sal", "revenue_goal", "seasonality", "first_touch"} <= keys  # fmt: skip
    assert term("nine_in_ten").term == "9 in 10 leads touched within"
    assert all(t.meaning.endswith(".") and (not t.why or t.why.endswith(".")) for t in TERMS)


@pytest.mark.parametrize(
    ("text", "keys"),
    [
        ("Max occupancy", ["max_occupancy"]),
        ("Shrinkage", ["shrinkage"]),
        ("Lead → MQL", ["lead", "mql"]),
        ("First touch within (min)", ["first_touch"]),
        ("Committed SQLs / month", ["sql_commitment"]),
        ("<b>Handle time per touch</b>", ["handle_time"]),
        ("points for SQL", ["lead_score"]),
        ("&Name:", []),
        ("P(met)", ["chance_kept"]),
    ],
)
def test_terms_are_found_in_labels_and_headings(text, keys):
    assert [t.key for t in terms_in(text)] == keys
