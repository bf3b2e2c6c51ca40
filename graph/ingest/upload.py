"""Reading an uploaded file into sheets of cells, whatever its name claims it is.

An upload is a name and its bytes; the bytes decide the type, never the name's extension:

* a ZIP archive holding ``xl/workbook.xml`` is an Excel workbook (each non-empty sheet is read
  with openpyxl through pandas; the archive may unpack to at most :data:`MAX_UNPACKED_BYTES`);
* text starting with a UTF-16 or UTF-32 byte-order mark, or bytes that do not decode as
  UTF-8 (with or without a BOM), are ``not UTF-8 text``;
* NUL bytes or a known binary signature (PNG, PDF, GIF, JPEG, an old ``.xls``) make it ``not
  a CSV, XLSX or TSV file``;
* other text is CSV, or TSV when its first line after the ``#`` metadata lines holds a tab.
  The leading ``#`` lines are the metadata block (SSSOM's YAML); see :func:`read_metadata`.

Every problem is a :class:`Problem` naming the file, row and column. The first row of a sheet
is its header (row 1). Cells are stripped, and their runs of white space (line breaks
included) become one space; a cell holding any other control character, or an invisible
formatting character (Unicode category Cf: zero-width spaces and joiners, the bidirectional
overrides such as U+202E that display text reversed, soft hyphens ...), is a problem naming the
character. Empty
rows are skipped, rows shorter than the header are padded, and a value beyond the last
named column is a problem.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # keep in step with server.maxUploadSize (MB)
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
BINARY_SIGNATURES = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\xd0\xcf\x11\xe0")
WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
NOT_A_TABLE = "not a CSV, XLSX or TSV file"
NOT_UTF8 = "not UTF-8 text; save it as \"CSV UTF-8\" and import it again"


@dataclass(frozen=True)
class Problem:
    """One problem of an import: where it is and a plain sentence saying what is wrong.

    >>> str(Problem("units.csv", 4, "ac", "empty; every AC row needs its code"))
    'units.csv: row 4, column ac: empty; every AC row needs its code'
    >>> str(Problem("photo.csv", None, None, "not a CSV, XLSX or TSV file"))
    'photo.csv: not a CSV, XLSX or TSV file'
    """

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [f"row {self.row}"] if self.row is not None else []
        where += [f"column {self.column}"] if self.column is not None else []
        return ": ".join([self.file, *([", ".join(where)] if where else []), self.message])


@dataclass(frozen=True)
class Upload:
    """A file to import: its name as the user gave it and its bytes."""

    name: str
    data: bytes

    @property
    def file_name(self) -> str:
        """The name kept as provenance: the base name, characters outside ``A-Za-z0-9._-``
        replaced by ``-``.

        >>> Upload("../My units (v2).csv", b"").file_name
        'My-units-v2-.csv'
        """
        base = PurePath(self.name.replace("\\", "/")).name or "upload"
        return re.sub(r"-+", "-", re.sub(r"[^A-Za-z0-9._-]", "-", base))


@dataclass(frozen=True)
class Sheet:
    """One table of an upload: its header (lower-cased) and its non-empty rows.

    ``label`` names it in messages (``book.xlsx, sheet units`` or ``units.csv``);
    ``file_name`` is the upload's provenance name; ``rows`` are ``(row number, cells by
    column)``; ``metadata`` is the ``#`` block of a text file.
    """

    label: str
    file_name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]
    metadata: tuple[str, ...] = field(default=())


def read_upload(upload: Upload) -> tuple[list[Sheet], list[Problem]]:
    """The sheets of ``upload`` and the problems found reading it (module docstring)."""
    label = upload.file_name
    data = upload.data
    if not data:
        return [], [Problem(label, None, None, "the file is empty")]
    if len(data) > MAX_UPLOAD_BYTES:
        return [], [Problem(label, None, None, f"larger than the limit of "
                                               f"{MAX_UPLOAD_BYTES // (1024 * 1024)} MB")]
    if data.startswith(b"PK\x03\x04"):
        return _read_workbook(upload)
    if data.startswith(WIDE_BOMS):
        return [], [Problem(label, None, None, NOT_UTF8)]
    if b"\x00" in data or data.startswith(BINARY_SIGNATURES):
        return [], [Problem(label, None, None, NOT_A_TABLE)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [], [Problem(label, None, None, f"{NOT_UTF8} (byte {exc.start + 1} is not "
                                               "UTF-8)")]
    return _read_text(upload, text)


def _read_text(upload: Upload, text: str) -> tuple[list[Sheet], list[Problem]]:
    lines = text.splitlines(keepends=True)
    metadata = []
    while lines and lines[0].startswith("#"):
        metadata.append(lines.pop(0).rstrip("\r\n"))
    if not "".join(lines).strip():
        return [], [Problem(upload.file_name, None, None, "no header row: the file has no "
                                                          "table")]
    delimiter = "\t" if "\t" in lines[0] else ","
    try:
        records = list(csv.reader(io.StringIO("".join(lines), newline=""), delimiter=delimiter,
                                  strict=True))
    except csv.Error as exc:
        return [], [Problem(upload.file_name, None, None, f"{NOT_A_TABLE} ({exc})")]
    first = len(metadata) + 1
    return _sheet(upload.file_name, upload.file_name, records, first, tuple(metadata))


def _read_workbook(upload: Upload) -> tuple[list[Sheet], list[Problem]]:
    label = upload.file_name
    try:
        with zipfile.ZipFile(io.BytesIO(upload.data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        return [], [Problem(label, None, None, NOT_A_TABLE)]
    if "xl/workbook.xml" not in {m.filename for m in members}:
        return [], [Problem(label, None, None, NOT_A_TABLE)]
    if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
        return [], [Problem(label, None, None, "the workbook unpacks to more than "
                                               f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB")]
    try:
        frames = pd.read_excel(io.BytesIO(upload.data), sheet_name=None, header=None, dtype=str,
                               na_filter=False, engine="openpyxl")
    except Exception as exc:  # openpyxl and zipfile raise many kinds for a broken workbook
        return [], [Problem(label, None, None, f"not a readable XLSX workbook ({exc})")]
    sheets, problems = [], []
    for name, frame in frames.items():
        records = [list(row) for row in frame.itertuples(index=False)]
        found, trouble = _sheet(f"{label}, sheet {name}", label, records, 1)
        sheets += found
        problems += trouble
    if not sheets and not problems:
        problems.append(Problem(label, None, None, "every sheet of the workbook is empty"))
    return sheets, problems


def _sheet(label: str, file_name: str, records: list[list[str]], first: int,
           metadata: tuple[str, ...] = ()) -> tuple[list[Sheet], list[Problem]]:
    """One sheet from raw records whose first record is row ``first`` (the header)."""
    records = [[_clean(str(cell)) for cell in record] for record in records]
    if not any(any(record) for record in records):
        return [], []
    header, problems = records[0], []
    if not any(header):
        return [], [Problem(label, first, None, "the header row is empty; the first row "
                                                "must name the columns")]
    named = [i for i, name in enumerate(header) if name]
    names = [header[i].lower() for i in named]
    for name in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(label, first, name, "this column appears twice"))
    rows = []
    for offset, record in enumerate(records[1:], start=1):
        row_number = first + offset
        if not any(record):
            continue
        for index, value in enumerate(record):
            if value and (index >= len(header) or not header[index]):
                problems.append(Problem(label, row_number, f"{index + 1}", "a value in a "
                                        "column that has no name in the header row"))
        cells = {name: record[i] if i < len(record) else "" for name, i in
                 zip(names, named, strict=True)}
        for name, value in cells.items():
            if (found := _hidden_character(value)):
                problems.append(Problem(label, row_number, name, f"contains {found}; "
                                        "remove it"))
        rows.append((row_number, cells))
    for name in names:
        if (found := _hidden_character(name)):
            problems.append(Problem(label, first, name, f"contains {found}"))
    return [Sheet(label, file_name, tuple(names), tuple(rows), metadata)], problems


def _clean(value: str) -> str:
    """A cell with its white space runs made one space and its ends stripped.

    >>> _clean("  Explain\\r\\n the  difference ")
    'Explain the difference'
    """
    return " ".join(value.split())


def _hidden_character(value: str) -> str | None:
    """What a cell holds that does not show as written, in words, or None.

    >>> _hidden_character("Unit\u202e101")
    'an invisible formatting character (U+202E RIGHT-TO-LEFT OVERRIDE)'
    >>> _hidden_character("Unit 101") is None
    True
    """
    for ch in value:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs"):
            return "a control character"
        if category == "Cf":
            return (f"an invisible formatting character (U+{ord(ch):04X} "
                    f"{unicodedata.name(ch, 'unnamed')})")
    return None


def read_metadata(sheet: Sheet) -> dict[str, str | dict[str, str]]:
    """The ``#`` metadata block of a sheet: top-level ``key: value`` pairs, and one level of
    indented ``key: value`` pairs under a key with no value (SSSOM's ``curie_map``).

    Only this subset of YAML is read; lists and other structures are ignored.

    >>> block = ("#curie_map:", "#  id: https://w3id.org/ksb-crosswalk/id/",
    ...          "#mapping_set_id: 'https://example.org/set'")
    >>> read_metadata(Sheet("m.tsv", "m.tsv", (), (), block))
    {'curie_map': {'id': 'https://w3id.org/ksb-crosswalk/id/'}, 'mapping_set_id': \
'https://example.org/set'}
    """
    found: dict[str, str | dict[str, str]] = {}
    current: dict[str, str] | None = None
    for line in sheet.metadata:
        body = line[1:]
        key, colon, value = body.strip().partition(":")
        if not colon or not key or key.startswith("-"):
            continue
        value = value.strip().strip("'\"")
        if body[:1].isspace():
            if current is not None:
                current[key.strip()] = value
        elif value:
            found[key], current = value, None
        else:
            current = {}
            found[key] = current
    return found
