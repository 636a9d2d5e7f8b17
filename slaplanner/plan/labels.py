"""Stored codes and the words a user reads for them: the lookups every label table uses.

The tables themselves live beside the codes they name (:data:`slaplanner.plan.engagement.HANDOFF_ACTION_LABELS`,
:data:`slaplanner.plan.definitions.OPERATOR_LABELS`, :data:`slaplanner.plan.governance.FREQUENCIES` ...);
these functions read a code as words and words (or the code) back as the code, so the plan file keeps its
codes while the window shows and accepts words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping


def humanise(code: str) -> str:
    """A code without a label in words: ``trade_show_visit`` -> ``Trade show visit``."""
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def label_of(labels: Mapping[str, str], code: str) -> str:
    """The words for ``code`` from ``labels`` (code -> words), or the code humanised."""
    return labels.get(code) or humanise(code)


def code_of(labels: Mapping[str, str], text: str) -> str | None:
    """The code whose words or code is ``text`` (any case; blanks or ``_`` between words), or None."""
    wanted = " ".join(text.replace("_", " ").split()).casefold()
    for code, label in labels.items():
        if wanted in (" ".join(label.split()).casefold(), code.replace("_", " ").casefold()):
            return code
    return None


def split_list(text: str) -> list[str]:
    """The items of a typed list, separated by commas or semicolons, blanks trimmed, empty items dropped."""
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def join_labels(labels: Mapping[str, str], codes: Iterable[str]) -> str:
    """Codes as a list of words: ``("notify_owner", "create_task")`` -> ``Notify the owner, Create a task``."""
    return ", ".join(label_of(labels, code) for code in codes)
