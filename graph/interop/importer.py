"""Bring your own qualification: check uploaded files, then merge them into the tidy tables.

One import is a set of files about one qualification (or, for SSSOM, about mappings):

* the template's ``qualification`` and ``units`` tables (CSV files or sheets of one workbook,
  see :mod:`graph.ingest.template`) add a framework, or replace one an earlier import added:
  its frameworks row, items, properties and mappings are all replaced;
* mapping tables (the template's ``mapping`` or SSSOM TSV, :mod:`graph.ingest.sssom_tsv`)
  imported with them map the new items; imported on their own they replace the mappings of
  the frameworks they name.

Rules, each reported as a :class:`~graph.ingest.upload.Problem` (file, row, column, sentence):

* every file and row is checked and **all** problems are reported (by file, then row); if
  there is any, nothing is written. The merged tables must also build and conform to the
  SHACL shapes, with the curation decisions, before anything is written;
* a framework key is lower-case ``[a-z0-9-]+``. It may not be a key the data has, unless
  ``framework`` (``--framework``) names it and an earlier import added it: rows that come from
  the five source documents are never replaced;
* an upload's name (base name only) may not be a source document's or the curation file's;
  it becomes the rows' ``source_file``, and the row their ``source_line``.

A good import keeps the previous tables in ``data/history/<UTC time>/`` (the newest
:data:`HISTORY_KEPT`) and writes all tables atomically (temporary files, then renames). The
whole read-check-write holds an exclusive ``flock`` on the data folder itself (no lock file
is left behind), so two imports at once run one after the other.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from graph.errors import CrosswalkError
from graph.fileio import locked
from graph.ingest.sources import SOURCES
from graph.ingest.sssom_tsv import is_sssom, read_sssom
from graph.ingest.template import (
    TEMPLATES,
    check_header,
    read_mapping,
    read_qualification,
    read_units,
    standard_notations,
    template_kind,
)
from graph.ingest.upload import MAX_UPLOAD_BYTES, Problem, Sheet, Upload, read_upload
from graph.model.build import build_graph
from graph.model.curation import CURATION_FILE, accepted_mappings, check_curation, read_curation
from graph.model.tables import TABLES, table
from graph.model.tables_io import read_tables, table_path, write_tables
from graph.model.validate import validate_graph

HISTORY = "history"
HISTORY_KEPT = 5
DOCUMENTS = frozenset(doc.file_name for doc in SOURCES.values())
RESERVED_NAMES = DOCUMENTS | {CURATION_FILE}
FRAMEWORK_TABLES = ("frameworks", "items", "properties", "texts")  # keyed by "framework"


@dataclass
class ImportResult:
    """What an import found and did.

    ``problems`` is empty when the files were good; ``added`` counts the new rows per table;
    ``replaced`` names the frameworks whose earlier rows were replaced; ``written`` is False
    for a dry run or a rejected import; ``history`` is where the previous tables were kept.
    """

    problems: list[Problem] = field(default_factory=list)
    frameworks: list[str] = field(default_factory=list)
    added: dict[str, int] = field(default_factory=dict)
    replaced: list[str] = field(default_factory=list)
    written: bool = False
    history: Path | None = None

    def summary(self) -> str:
        """One line saying what the import adds (or added)."""
        counts = ", ".join(f"{n} {name}" for name, n in self.added.items() if n)
        verb = "imported" if self.written else "would import"
        replaced = f" (replacing the earlier {', '.join(self.replaced)})" if self.replaced else ""
        return f"{verb} {', '.join(self.frameworks)}: {counts or 'no rows'}{replaced}"


@dataclass
class _Plan:
    """The sheets of an import sorted by table, and what they resolve to."""

    qualification: list[Sheet] = field(default_factory=list)
    units: list[Sheet] = field(default_factory=list)
    mapping: list[Sheet] = field(default_factory=list)
    sssom: list[Sheet] = field(default_factory=list)
    rows: dict[str, list[dict]] = field(default_factory=lambda: {n: [] for n in TABLES})
    replace_all: set[str] = field(default_factory=set)
    replace_mappings: set[str] = field(default_factory=set)
    incomplete: bool = False  # a file or table could not be read, so one may be missing


def read_paths(paths: Sequence[Path]) -> tuple[list[Upload], list[Problem]]:
    """The files at ``paths`` as uploads (at most one byte over the size limit is read)."""
    uploads, problems = [], []
    for path in paths:
        try:
            with path.open("rb") as stream:
                uploads.append(Upload(path.name, stream.read(MAX_UPLOAD_BYTES + 1)))
        except OSError as exc:
            problems.append(Problem(path.name, None, None, f"cannot read it ({exc.strerror})"))
    return uploads, problems


def import_paths(paths: Sequence[Path], data_dir: Path, framework: str | None = None,
                 dry_run: bool = False) -> ImportResult:
    """:func:`import_files` on files named on the command line."""
    uploads, problems = read_paths(paths)
    if problems:
        return ImportResult(problems=problems)
    return import_files(uploads, data_dir, framework, dry_run)


def import_files(uploads: Sequence[Upload], data_dir: Path, framework: str | None = None,
                 dry_run: bool = False) -> ImportResult:
    """Check ``uploads`` against the tables in ``data_dir`` and, unless ``dry_run`` or a
    problem was found, merge them in (module docstring)."""
    with locked(data_dir):
        tables = read_tables(data_dir)
        result, merged = _check(uploads, tables, framework)
        if not result.problems:
            result.problems = _build_problems(merged, data_dir, uploads)
        result.problems.sort(key=lambda p: (p.file, p.row or 0))
        if result.problems or dry_run:
            return result
        result.history = keep_previous(data_dir)
        write_tables(merged, data_dir)
        result.written = True
        return result


def _check(uploads: Sequence[Upload], tables: dict[str, pd.DataFrame],
           framework: str | None) -> tuple[ImportResult, dict[str, pd.DataFrame]]:
    """Every problem of the uploads, and the merged tables when there is none."""
    plan, problems = _sort_sheets(uploads)
    key, trouble = _framework_key(plan, tables, framework)
    problems += trouble + _read_items(plan, key or "")
    items = _items_after(plan, tables)
    problems += _read_mappings(plan, tables, items, key, framework)
    if problems:
        return ImportResult(problems=problems), tables
    had_mappings = set(tables["mappings"]["subject_framework"])
    replaced = (plan.replace_all & set(tables["frameworks"]["framework"])) | \
        (plan.replace_mappings & had_mappings)
    return ImportResult(frameworks=sorted(plan.replace_all | plan.replace_mappings),
                        added={name: len(rows) for name, rows in plan.rows.items()},
                        replaced=sorted(replaced)), _merge(tables, plan)


def _sort_sheets(uploads: Sequence[Upload]) -> tuple[_Plan, list[Problem]]:
    """Read every upload and sort its sheets by the table their header names."""
    plan, problems = _Plan(), []
    names = [upload.file_name for upload in uploads]
    for upload in uploads:
        name = upload.file_name
        if name in RESERVED_NAMES:
            problems.append(Problem(name, None, None, "this name belongs to a bundled source "
                                    "document or the curation file; rename the file"))
            continue
        if names.count(name) > 1:
            problems.append(Problem(name, None, None, "two files of this import have this "
                                    "name; rename one of them"))
            continue
        sheets, trouble = read_upload(upload)
        plan.incomplete |= not sheets
        problems += trouble
        for sheet in sheets:
            problems += _sort_sheet(plan, sheet)
    return plan, problems


def _sort_sheet(plan: _Plan, sheet: Sheet) -> list[Problem]:
    header_row = len(sheet.metadata) + 1
    if is_sssom(sheet.header):
        plan.sssom.append(sheet)
        return []
    kind = template_kind(sheet.header)
    if kind is None:
        plan.incomplete = True
        expected = "; ".join(f"{k}: {', '.join(c.name for c in columns)}"
                             for k, columns in TEMPLATES.items())
        return [Problem(sheet.label, header_row, None, "the header row matches none of the "
                        f"template's tables ({expected}) nor SSSOM TSV (subject_id, "
                        "predicate_id, object_id, mapping_justification)")]
    problems = check_header(sheet, kind)
    chosen: list[Sheet] = getattr(plan, kind)
    if chosen and kind != "mapping":
        problems.append(Problem(sheet.label, None, None, f"a second {kind} table "
                                f"(the first is {chosen[0].label}); import one qualification "
                                "at a time"))
    if any(c.required and c.name not in sheet.header for c in TEMPLATES[kind]):
        plan.incomplete = True
    else:
        chosen.append(sheet)
    return problems


def _framework_key(plan: _Plan, tables: dict[str, pd.DataFrame],
                   framework: str | None) -> tuple[str | None, list[Problem]]:
    """The framework this import is about and its problems: None when the import names
    none, empty when its qualification table gives no usable key."""
    problems: list[Problem] = []
    if plan.units and not plan.qualification and not plan.incomplete:
        problems.append(Problem(plan.units[0].label, None, None, "units need the qualification "
                                "table (framework, title, publisher) in the same import"))
    if not plan.qualification:
        return framework, problems
    sheet = plan.qualification[0]
    row, trouble = read_qualification(sheet)
    if row is None:
        return "", problems + trouble
    key, line = row["framework"], row["source_line"]
    if not plan.units and not plan.incomplete:
        problems.append(Problem(sheet.label, None, None, "a qualification needs its units "
                                "table in the same import"))
    if framework is not None and framework != key:
        problems.append(Problem(sheet.label, line, "framework", f"the file says {key!r} but "
                                f"--framework is {framework!r}"))
    problems += _replaceable(tables, key, framework, sheet.label, line, "framework")
    plan.rows["frameworks"].append(row)
    plan.replace_all.add(key)
    return key, problems


def _bundled(tables: dict[str, pd.DataFrame]) -> set[str]:
    """Frameworks whose row comes from one of the source documents."""
    frameworks = tables["frameworks"]
    return set(frameworks.loc[frameworks["source_file"].isin(DOCUMENTS), "framework"])


def _replaceable(tables: dict[str, pd.DataFrame], key: str, framework: str | None,
                 label: str, row: int, column: str) -> list[Problem]:
    """Problems of adding framework ``key`` or replacing it."""
    frameworks = tables["frameworks"]
    if key in _bundled(tables):
        return [Problem(label, row, column, f"{key!r} is a framework of the bundled source "
                        "documents and cannot be replaced; choose another key")]
    earlier = frameworks.loc[frameworks["framework"] == key, "source_file"]
    if len(earlier) and framework != key:
        return [Problem(label, row, column, f"{key!r} was imported before (from "
                        f"{earlier.iloc[0]}); to replace it, import with --framework {key}")]
    return []


def _read_items(plan: _Plan, key: str) -> list[Problem]:
    """Read the units tables as items of framework ``key``."""
    problems = []
    for sheet in plan.units:
        items, properties, trouble = read_units(sheet, key)
        if not sheet.rows:
            trouble.append(Problem(sheet.label, None, None, "the units table has no rows"))
        plan.rows["items"] += items
        plan.rows["properties"] += properties
        problems += trouble
    return problems


def _items_after(plan: _Plan, tables: dict[str, pd.DataFrame]) -> set[tuple[str, str]]:
    """``(framework, item_id)`` of every item once the import's items replace the old."""
    items = tables["items"]
    kept = items[~items["framework"].isin(plan.replace_all)]
    return set(zip(kept["framework"], kept["item_id"], strict=True)) | \
        {(row["framework"], row["item_id"]) for row in plan.rows["items"]}


def _read_mappings(plan: _Plan, tables: dict[str, pd.DataFrame], items: set[tuple[str, str]],
                   key: str | None, framework: str | None) -> list[Problem]:
    """Read the mapping tables and check which frameworks' mappings they may replace."""
    problems: list[Problem] = []
    standard = standard_notations(tables["items"])
    known = set(tables["frameworks"]["framework"]) | plan.replace_all
    for sheet in plan.mapping:
        if key is None:
            problems.append(Problem(sheet.label, None, None, "a mapping table imported on its "
                                    "own needs --framework naming the qualification it maps"))
            continue
        if not plan.qualification and key not in known:
            problems.append(Problem(sheet.label, None, None, f"there is no framework {key!r}; "
                                    "import its qualification and units tables first"))
            continue
        subjects = {item_id for f, item_id in items if f == key}
        rows, trouble = read_mapping(sheet, key, subjects, standard)
        problems += trouble + _mapping_targets(plan, tables, rows, key, framework, sheet)
        plan.rows["mappings"] += rows
    for sheet in plan.sssom:
        rows, trouble = read_sssom(sheet, items)
        problems += trouble
        for row in rows:
            if key and row["subject_framework"] != key:
                problems.append(Problem(sheet.label, row["source_line"], "subject_id",
                                        f"an item of {row['subject_framework']!r}, but this "
                                        f"import is about {key!r}"))
        problems += _mapping_targets(plan, tables, rows, key, framework, sheet)
        plan.rows["mappings"] += rows
    return problems


def _mapping_targets(plan: _Plan, tables: dict[str, pd.DataFrame], rows: list[dict],
                     key: str | None, framework: str | None, sheet: Sheet) -> list[Problem]:
    """Problems of replacing the mappings of each framework ``rows`` name (once each)."""
    problems = []
    mappings = tables["mappings"]
    for row in rows:
        subject = row["subject_framework"]
        if subject == "standard":
            problems.append(Problem(sheet.label, row["source_line"], _subject_column(sheet),
                                    "the standard's own items cover nothing; the subject is "
                                    "an item of a qualification or resource"))
            continue
        if subject in plan.replace_all | plan.replace_mappings or subject != (key or subject):
            continue
        plan.replace_mappings.add(subject)
        earlier = mappings.loc[mappings["subject_framework"] == subject, "source_file"]
        where = (sheet.label, row["source_line"], _subject_column(sheet))
        if earlier.isin(DOCUMENTS).any():
            problems.append(Problem(*where, f"the mappings of {subject!r} come from its source "
                                    "document and cannot be replaced; accept or reject "
                                    "suggestions with crosswalk curate instead"))
        elif len(earlier) and framework != subject:
            problems.append(Problem(*where, f"{subject!r} has mappings from an earlier import "
                                    f"({earlier.iloc[0]}); to replace them, import with "
                                    f"--framework {subject}"))
    return problems


def _subject_column(sheet: Sheet) -> str:
    return "subject_id" if is_sssom(sheet.header) else "unit"


def _merge(tables: dict[str, pd.DataFrame], plan: _Plan) -> dict[str, pd.DataFrame]:
    """The tables with the replaced frameworks' rows dropped and the import's rows added."""
    merged = {}
    for name in TABLES:
        frame = tables[name]
        if name in FRAMEWORK_TABLES:
            frame = frame[~frame["framework"].isin(plan.replace_all)]
        elif name == "mappings":
            frame = frame[~frame["subject_framework"].isin(plan.replace_all
                                                           | plan.replace_mappings)]
        merged[name] = pd.concat([frame, table(name, plan.rows[name])], ignore_index=True)
    return merged


def _build_problems(tables: dict[str, pd.DataFrame], data_dir: Path,
                    uploads: Sequence[Upload]) -> list[Problem]:
    """Problems of building and validating the graph from ``tables`` with the curation."""
    label = ", ".join(upload.file_name for upload in uploads)
    try:
        curation = read_curation(data_dir)
        check_curation(curation, tables["items"], data_dir / CURATION_FILE)
        mappings = pd.concat([tables["mappings"], accepted_mappings(curation)],
                             ignore_index=True)
        conforms, report = validate_graph(build_graph({**tables, "mappings": mappings}))
    except CrosswalkError as exc:
        return [Problem(label, None, None, f"the data would not build: {exc}")]
    if not conforms:
        first = " ".join(line.strip() for line in report.splitlines()[:8])
        return [Problem(label, None, None, f"the graph would not conform to the shapes: "
                        f"{first}")]
    return []


def keep_previous(data_dir: Path) -> Path:
    """Copy the current tables to ``history/<UTC time>/`` and drop all but the newest."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    folder = data_dir / HISTORY / stamp
    folder.mkdir(parents=True)
    for name in TABLES:
        shutil.copy2(table_path(data_dir, name), folder)
    for old in sorted((data_dir / HISTORY).iterdir())[:-HISTORY_KEPT]:
        shutil.rmtree(old)
    return folder
