"""Write a workspace's label corrections as training material for ``comptoir nlp train``.

* sentiment: one UMSAB-format folder per language (``french/train_text.txt`` and
  ``french/train_labels.txt``, labels 0 negative, 1 neutral, 2 positive), read by
  ``comptoir nlp train --extra DIR``;
* language: ``language_samples.tsv`` (``lang<TAB>text``, "unknown" for another
  language), the format of the identifier's hand-written samples, also read by ``--extra``;
* intent: ``intents.tsv`` (``lang<TAB>model<TAB>person<TAB>text``): the intents come
  from hand-written rules, so these are for the people who maintain the rules to read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from comptoir.nlp.corpora import UMSAB_LANGUAGES
from comptoir.nlp.model import SENTIMENTS, UNKNOWN
from comptoir.nlp.models import Correction, LabelField
from comptoir.nlp.train import LANGUAGE_SAMPLES

#: Folder of each language code: UMSAB's name when it has one, else the code.
FOLDERS = {code: folder for folder, code in UMSAB_LANGUAGES.items()}
INTENTS = "intents.tsv"


def one_line(text: str) -> str:
    """A text as one line of a line- or tab-separated file."""
    return " ".join(text.replace("\t", " ").split())


def folder_for(language: str) -> str:
    return FOLDERS.get(language, language or UNKNOWN)


def export_corrections(corrections: Iterable[Correction], out: Path) -> dict[str, int]:
    """Write the files described above under ``out``; return how many rows each got.

    Rows are written oldest first, so the same corrections give the same files.
    """
    sentiment: dict[str, list[tuple[str, int]]] = {}
    languages: list[str] = []
    intents: list[str] = []
    for row in corrections:
        text = one_line(row.text)
        if not text:
            continue
        if row.field == LabelField.SENTIMENT and row.person_value in SENTIMENTS:
            label = SENTIMENTS.index(row.person_value)
            sentiment.setdefault(folder_for(row.language), []).append((text, label))
        elif row.field == LabelField.LANGUAGE:
            languages.append(f"{row.person_value or UNKNOWN}\t{text}")
        elif row.field == LabelField.INTENT:
            intents.append(f"{row.language}\t{row.model_value}\t{row.person_value}\t{text}")
    out.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for folder, rows in sorted(sentiment.items()):
        target = out / folder
        target.mkdir(exist_ok=True)
        # UMSAB files end without a final newline.
        (target / "train_text.txt").write_text("\n".join(t for t, _ in rows), encoding="utf-8")
        (target / "train_labels.txt").write_text(
            "\n".join(str(label) for _, label in rows), encoding="utf-8"
        )
        counts[folder] = len(rows)
    if languages:
        header = "lang\ttext\n"
        (out / LANGUAGE_SAMPLES).write_text(header + "\n".join(languages) + "\n", encoding="utf-8")
        counts[LANGUAGE_SAMPLES] = len(languages)
    if intents:
        header = "lang\tmodel\tperson\ttext\n"
        (out / INTENTS).write_text(header + "\n".join(intents) + "\n", encoding="utf-8")
        counts[INTENTS] = len(intents)
    return counts


def corrections_of(workspace_slug: str | None) -> Iterable[Correction]:
    """Every correction, or one workspace's, oldest first."""
    rows = Correction.objects.order_by("corrected_at", "pk")
    if workspace_slug:
        rows = rows.filter(workspace__slug=workspace_slug)
    return rows.iterator()
