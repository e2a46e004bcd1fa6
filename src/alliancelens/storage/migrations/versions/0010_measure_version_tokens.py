"""Normalise old free-text measure versions to the shipped definitions' version tokens.

Until the eighth session the shipped definitions named their version in free text, e.g.
``PHQ-9 (Kroenke, Spitzer & Williams 2001)``; since then the version is a token (``2001``), which
is what the FHIR Questionnaire canonical (``urn:alliancelens:questionnaire:phq-9|2001``) and the
export's ``measures[].version`` carry. Forms recorded before that change kept the old text, so
one client's PHQ-9 forms were exported under two canonicals (one with a non-ASCII character for
the GAD-7). This rewrites exactly the old strings the shipped definitions used (read from the
history of ``measures/definitions/*.toml``) to the token of the same edition; any other value
(a version typed by hand, an instrument this release does not ship) is left as it is.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23
"""

from __future__ import annotations

import unicodedata

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | None = None
depends_on: str | None = None

#: (measure, old free-text version, token) — the only version strings ever shipped as free text
#: (commit e7778d5 introduced them, 7d3512b replaced them by tokens; ORS "2000" and SRS "3.0"
#: were tokens from the start). The edition each names is unchanged.
OLD_VERSIONS: tuple[tuple[str, str, str], ...] = (
    ("phq-9", "PHQ-9 (Kroenke, Spitzer & Williams 2001)", "2001"),
    ("gad-7", "GAD-7 (Spitzer, Kroenke, Williams & Löwe 2006)", "2006"),
    ("wai-sr", "Hatcher & Gillaspy 2006", "2006"),
)


def _spellings(text: str) -> set[str]:
    """The text in both Unicode normal forms (the ö of Löwe has two), with spaces or ``_``.

    The ``_`` form is what a FHIR QuestionnaireResponse exported by an older release carried in
    its canonical (``…|PHQ-9_(Kroenke,_Spitzer_&_Williams_2001)``); importing it stored that.
    """
    forms = {unicodedata.normalize(form, text) for form in ("NFC", "NFD")}
    return forms | {form.replace(" ", "_") for form in forms}


def upgrade() -> None:
    """Rewrite each old version string of a shipped measure to its token (plain UPDATEs)."""
    forms = sa.table(
        "measure_administrations",
        sa.column("measure", sa.String),
        sa.column("version", sa.String),
    )
    connection = op.get_bind()
    for measure, old, token in OLD_VERSIONS:
        connection.execute(
            sa.update(forms)
            .where(forms.c.measure == measure, forms.c.version.in_(sorted(_spellings(old))))
            .values(version=token)
        )


def downgrade() -> None:
    """Downgrades are not supported: restore a backup instead."""
    raise NotImplementedError("restore a backup to go back to an older schema")
