"""The corpus health report: one self-contained HTML file from the linter's JSON records.

    textlint report PATH... -o report.html
    textlint --format json PATH... | textlint report --from-json - -o report.html

Both build from the same records: a run's results are converted to the JSON the CLI prints
first, then the report is built from those.
"""
from __future__ import annotations

from .build import build_report
from .command import report_command

__all__ = ["build_report", "report_command"]
