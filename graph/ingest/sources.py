"""The source documents: one registry, the only place their file names live.

The five mapping documents are text files in ``data/sources/``; the Skills England records
(the official standard, Open Government Licence v3.0) are the public APIs' JSON responses in
``data/sources/skills-england/`` with their README.
"""

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
        SourceDocument(
            "skills-england-standard",
            "skills-england/ST0072.json",
            "Skills England",
            "Customer service practitioner (ST0072): apprenticeship standards API record "
            "(Open Government Licence v3.0)",
        ),
        SourceDocument(
            "skills-england-occupation",
            "skills-england/OCC0072.json",
            "Skills England",
            "Customer service practitioner (OCC0072): occupational maps API record "
            "(Open Government Licence v3.0)",
        ),
    )
}



def read_lines(key: str) -> list[str]:
    """Return the lines of source document ``key`` without line ends.

    Line ``n`` of the file (1-based, as editors and the audit count) is ``lines[n - 1]``.
    """
    return SOURCES[key].path.read_text(encoding="utf-8").split("\n")
