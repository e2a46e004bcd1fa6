"""QA41 #7: the client page's "Session not analysed" reason names the job state, no CLI command."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import update

from alliancelens import services
from alliancelens.errors import QueueUnavailableError
from alliancelens.storage import ConsentKind
from alliancelens.storage.tables import JobRow

from .web_helpers import World, actor_of, sign_in

#: Synthetic, written for this test.
TEXT = (
    "Therapist: Where would you like to begin?\n"
    "Client: The choir concert went well and my sister came to hear it.\n"
)


class _Down:
    """A queue that takes nothing: the job stays queued in the database."""

    name = "rq"

    def submit(self, job_id: int) -> None:
        raise QueueUnavailableError(f"cannot hand job {job_id} to Redis")


def test_failed_analysis_reason_on_the_client_page_names_the_button(
    client: TestClient, world: World
) -> None:
    """A failed job reads "its analysis failed (job J, after N attempt(s))" and the button."""
    actor = actor_of(world, "ther-a")
    owner = services.create_client(world.database, actor, name="Nell Arbuthnot").id
    for kind in (ConsentKind.RECORDING, ConsentKind.ANALYSIS):
        services.grant_consent(world.database, actor, client_id=owner, kind=kind)
    path = world.database.settings.home / "failing.txt"
    path.write_text(TEXT, encoding="utf-8")
    report = services.import_transcript(
        world.database, actor, client_id=owner, path=path, backend=_Down()
    )
    (job,) = report.job_ids
    with world.database.transaction() as db:
        db.execute(update(JobRow).where(JobRow.id == job).values(status="failed", attempts=1))
    sign_in(client, "ther-a")
    html = client.get(f"/clients/{owner}").text
    insights = html[html.index("<h2>Insights") :]
    insights = insights[: insights.index("</section>")]
    assert "Session not analysed" in insights
    assert f"its analysis failed (job {job}, after 1 attempt(s))" in insights
    assert "use Analyse this session on the session" in insights
    assert "alliancelens" not in insights and "jobs work" not in insights
