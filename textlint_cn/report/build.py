"""From records (or run results) to the report's HTML."""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Iterable, Sequence

from .context import SourceReader
from .model import ReportModel, build_model
from .records import (
    CheckedFile,
    checked_from_results,
    records_from_results,
    to_findings,
)
from .render import RenderOptions, render


def _rule_summaries() -> dict[str, str]:
    try:
        from ..api import catalogue

        return {s.code: s.summary for s in catalogue().specs}
    except Exception:  # noqa: BLE001 - summaries are tooltips; a broken plugin must not stop the report
        return {}


def _version() -> str:
    from .. import __version__

    return str(__version__)


def model_from_records(records: Sequence[Any], checked: Iterable[CheckedFile] | None = None,
                       name: str = "<records>") -> ReportModel:
    return build_model(to_findings(records, name), checked)


def build_report(source: Sequence[Any], *, checked: Iterable[CheckedFile] | None = None,
                 reader: SourceReader | None = None, options: RenderOptions | None = None) -> str:
    """The report page for JSON records (dicts as ``textlint --format json`` prints) or run results.

    Results are converted to records first, and their file list becomes ``checked`` so files
    without findings are counted too. Raises :class:`RecordError` for malformed records.
    """
    return build(source, checked=checked, reader=reader, options=options)[0]


def build(source: Sequence[Any], *, checked: Iterable[CheckedFile] | None = None, reader: SourceReader | None = None,
          options: RenderOptions | None = None, name: str = "<records>") -> tuple[str, ReportModel]:
    """The page and the model it shows (the command needs the model for its exit code)."""
    items = list(source)
    if items and hasattr(items[0], "diagnostics"):
        if checked is None:
            checked = checked_from_results(items)
        items = records_from_results(items)
    model = model_from_records(items, checked, name)
    options = options or RenderOptions()
    if not options.version:
        options = replace(options, version=_version())
    if not options.rule_summaries:
        options = replace(options, rule_summaries=_rule_summaries())
    return render(model, reader or SourceReader(), options), model
