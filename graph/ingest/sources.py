"""The five source documents: one registry, the only place their file names live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"


@dataclass(frozen=True)
class SourceDocument:
    """One source document as shipped in ``data/sources/``."""

    key: str
    file_name: str
    publisher: str
    title: str

    @property
    def path(self) -> Path:
        return SOURCES_DIR / self.file_name


SOURCES: dict[str, SourceDocument] = {
    doc.key: doc
    for doc in (
        SourceDocument(
            "highfield",
            "highfield-csp-mapping.txt",
            "Highfield",
            "Mapping Document for the Customer Service Practitioner Apprenticeship Standard "
            "(Level 2)",
        ),
        SourceDocument(
            "ncfe",
            "ncfe-601-3973-0-mapping.txt",
            "NCFE",
            "Customer Service Practitioner Apprenticeship Standard: "
            "NCFE Level 2 Diploma in Customer Service (601/3973/0)",
        ),
        SourceDocument(
            "epa",
            "activeiq-epa-toolkit.txt",
            "Active IQ",
            "Customer Service Practitioner – Level 2 Apprentice End Point Assessment Toolkit",
        ),
        SourceDocument(
            "cityguilds-manual",
            "cityguilds-training-manual.txt",
            "City & Guilds",
            "Customer Service Practitioner Apprenticeship training manual",
        ),
        SourceDocument(
            "cityguilds",
            "cityguilds-2794-02-handbook.txt",
            "City & Guilds",
            "Level 2 Diploma for Customer Service Practitioners (2794-02) "
            "Qualification handbook",
        ),
    )
}


def read_lines(key: str) -> list[str]:
    """Return the lines of source document ``key`` without line ends.

    Line ``n`` of the file (1-based, as editors and the audit count) is ``lines[n - 1]``.
    """
    return SOURCES[key].path.read_text(encoding="utf-8").split("\n")
