"""``comptoir nlp``: train, evaluate and try the language, sentiment and intent models.

* ``comptoir nlp train [--data-dir PATH] [--output FILE] [--extra DIR]`` rebuilds the
  shipped model file from the data folder (deterministic: same data, same bytes),
  adding a workspace's exported corrections when given ``--extra``;
* ``comptoir nlp export-corrections [--workspace SLUG] --out DIR`` writes the label
  corrections colleagues made, as training material;
* ``comptoir nlp eval --data DIR --lang L [--json]`` prints macro-F1, accuracy and
  texts per second on a UMSAB-format folder (test split if present, else val);
* ``comptoir nlp eval-intents [--data TSV] [--json]`` measures the intents on a
  hand-labelled set (default: the held-out customer messages);
* ``comptoir nlp analyse TEXT...`` shows what the product sees in a message.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from comptoir.nlp.model import MODEL_FILE

#: The data folder next to the repository, the usual place during development.
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[5].parent / "shared" / "data"


class Command(BaseCommand):
    help = "Train, evaluate or try the language, sentiment and intent models."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="Rebuild the shipped model file from the data.")
        train.add_argument(
            "--data-dir",
            type=Path,
            default=DEFAULT_DATA_DIR,
            help="Folder holding umsab/ and extra/ (default: %(default)s).",
        )
        train.add_argument(
            "--output",
            type=Path,
            default=MODEL_FILE,
            help="Where to write the model file (default: the shipped one).",
        )
        train.add_argument(
            "--extra",
            type=Path,
            default=None,
            help="Folder written by export-corrections, added to the training data.",
        )
        export = sub.add_parser(
            "export-corrections", help="Write label corrections as training material."
        )
        export.add_argument("--workspace", default=None, help="Only this workspace (its slug).")
        export.add_argument("--out", type=Path, required=True, help="Folder to write into.")
        evaluate = sub.add_parser("eval", help="Measure the model on a UMSAB-format folder.")
        evaluate.add_argument(
            "--data",
            type=Path,
            required=True,
            help="Folder with test_text.txt/test_labels.txt or val_text.txt/val_labels.txt.",
        )
        evaluate.add_argument("--lang", required=True, help="Language of the texts, e.g. fr.")
        evaluate.add_argument("--json", action="store_true", help="Print one JSON object.")
        evaluate.add_argument(
            "--model", type=Path, default=None, help="Model file to use instead of the shipped one."
        )
        evaluate.add_argument(
            "--onnx", type=Path, default=None, help="Take the sentiment from this ONNX model."
        )
        intents = sub.add_parser(
            "eval-intents", help="Precision and recall of the intents on a labelled TSV."
        )
        intents.add_argument(
            "--data",
            type=Path,
            default=None,
            help="TSV with lang, sentiment, intents, text (default: the held-out set).",
        )
        intents.add_argument("--json", action="store_true", help="Print one JSON object.")
        analyse = sub.add_parser("analyse", help="Show language, sentiment and intents.")
        analyse.add_argument("texts", nargs="+", help="Messages to analyse.")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "train":
            self._train(options["data_dir"], options["output"], options["extra"])
        elif action == "export-corrections":
            self._export(options["workspace"], options["out"])
        elif action == "eval-intents":
            self._eval_intents(options["data"], options["json"])
        elif action == "eval":
            self._eval(
                options["data"], options["lang"], options["json"], options["model"], options["onnx"]
            )
        else:
            self._analyse(options["texts"])

    def _export(self, workspace_slug: str | None, out: Path) -> None:
        from comptoir.nlp.export import corrections_of, export_corrections
        from comptoir.workspaces.models import Workspace

        if workspace_slug and not Workspace.objects.filter(slug=workspace_slug).exists():
            raise CommandError(_("No workspace %(slug)s.") % {"slug": workspace_slug})
        if out.exists() and not out.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": out})
        counts = export_corrections(corrections_of(workspace_slug), out)
        if not counts:
            self.stdout.write(_("No correction to export."))
            return
        for name, n in counts.items():
            self.stdout.write(_("%(name)s: %(n)s corrections.") % {"name": out / name, "n": n})

    def _train(self, data_dir: Path, output: Path, extra: Path | None = None) -> None:
        from comptoir.nlp.train import train

        if not (data_dir / "umsab").is_dir():
            raise CommandError(
                _("No umsab folder in %(path)s: pass the data folder with --data-dir.")
                % {"path": data_dir}
            )
        try:
            report = train(data_dir, output, extra=extra, log=lambda msg: self.stderr.write(msg))
        except (FileNotFoundError, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        digest = hashlib.sha256(output.read_bytes()).hexdigest()
        self.stdout.write(
            _("Wrote %(path)s: %(features)s features, %(bytes)s bytes, sha256 %(digest)s.")
            % {
                "path": output,
                "features": report["features"],
                "bytes": report["bytes"],
                "digest": digest,
            }
        )

    def _eval(
        self,
        folder: Path,
        lang: str,
        as_json: bool,
        model_path: Path | None,
        onnx_path: Path | None,
    ) -> None:
        from comptoir.nlp.evaluate import evaluate
        from comptoir.nlp.model import ModelFileError, NlpModel, get_model
        from comptoir.nlp.onnx_backend import OnnxModelError, OnnxSentiment

        if not folder.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": folder})
        try:
            model = NlpModel.load(model_path) if model_path else get_model()
            onnx = OnnxSentiment(onnx_path) if onnx_path else None
            result = evaluate(folder, lang, model, onnx)
        except (FileNotFoundError, ValueError, ModelFileError, OnnxModelError) as exc:
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(result.as_json()))
            return
        self.stdout.write(
            _(
                "%(lang)s, %(split)s split, %(n)s texts: macro-F1 %(f1).1f, accuracy %(acc).1f, "
                "%(speed)s texts/s (one text per call, one core, warm; %(cold)s texts/s cold)."
            )
            % {
                "lang": result.lang,
                "split": result.split,
                "n": result.n,
                "f1": result.macro_f1,
                "acc": result.accuracy,
                "speed": round(result.texts_per_s),
                "cold": round(result.cold_texts_per_s),
            }
        )

    def _eval_intents(self, path: Path | None, as_json: bool) -> None:
        from comptoir.nlp.evaluate import HELDOUT_MESSAGES, evaluate_intents

        path = path or HELDOUT_MESSAGES
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        try:
            report = evaluate_intents(path)
        except (ValueError, IndexError) as exc:
            raise CommandError(str(exc)) from exc
        if as_json:
            self.stdout.write(json.dumps(report.as_json()))
            return
        self.stdout.write(
            _("%(n)s messages: sentiment accuracy %(acc).1f, language accuracy %(lang).1f.")
            % {"n": report.n, "acc": report.sentiment_accuracy, "lang": report.language_accuracy}
        )
        for name, (precision, recall, predicted, gold) in report.per_intent.items():
            self.stdout.write(
                _(
                    "%(intent)s: precision %(precision)s, recall %(recall)s "
                    "(%(predicted)s predicted, %(gold)s expected)."
                )
                % {
                    "intent": name,
                    "precision": "-" if precision is None else f"{precision:.1f}",
                    "recall": "-" if recall is None else f"{recall:.1f}",
                    "predicted": predicted,
                    "gold": gold,
                }
            )

    def _analyse(self, texts: list[str]) -> None:
        from comptoir.nlp import analyse

        for text in texts:
            result = analyse(text)
            intents = ", ".join(result.intents) or "-"
            self.stdout.write(
                _(
                    "%(text)s\n  language: %(lang)s, sentiment: %(sentiment)s (%(score)+.2f), "
                    "intents: %(intents)s"
                )
                % {
                    "text": text,
                    "lang": result.language,
                    "sentiment": result.sentiment,
                    "score": result.sentiment_score,
                    "intents": intents,
                }
            )
