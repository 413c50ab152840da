"""The read models read through the driver give what the engine's way gives: the same entries, the same summaries."""

from __future__ import annotations

import random
from pathlib import Path

import pendulum

from tests.conftest import SEEDS
from tracker.app import queries
from tracker.bootstrap import App, open_app
from tracker.store import current, directory, state_index


def test_the_driver_reads_the_directory_and_the_summaries_as_the_engine_does(tmp_path: Path) -> None:
    app = seeded(tmp_path)
    now = app.clock()
    cuts = [(now, now), (pendulum.datetime(2026, 1, 15), now), (now, pendulum.datetime(2025, 12, 1))]
    deals = [entry.deal for entry in app.read_models.deals()]  # the engine's way: catches up
    assert app.read_models.summaries(deals, now, now)  # and keeps the state heads
    engine = app.store.engine
    with app.store.database.sqlite() as connection:
        assert current.directory(connection) == directory.read_directory(engine)
        for as_of, known_at in cuts:
            through_driver = current.summaries(connection, deals, as_of, known_at)
            expected = state_index.read_summaries(engine, deals, as_of, known_at)
            assert through_driver is None or through_driver == expected
        assert current.summaries(connection, deals, now, now) == state_index.read_summaries(engine, deals, now, now)
    listing = queries.deal_listing(app, queries.Cut(now, now))
    assert [s.deal for s in listing.summaries] == deals


def test_a_deal_without_a_state_head_is_read_the_engine_s_way(tmp_path: Path) -> None:
    app = seeded(tmp_path)
    now = app.clock()
    deals = [entry.deal for entry in app.read_models.deals()]
    with app.store.database.sqlite() as connection:
        assert current.summaries(connection, deals, now, now) is None  # no deal has one yet
    random.Random(7).shuffle(deals)  # an order other than the directory's
    assert app.read_models.summaries(deals, now, now) == state_index.read_summaries(app.store.engine, deals, now, now)


def seeded(folder: Path) -> App:
    from click.testing import CliRunner

    from tracker.cli.main import cli

    db = str(folder / "tracker.db")
    assert CliRunner().invoke(cli, ["ingest", "--db", db, "--quiet", str(SEEDS)]).exit_code == 0
    return open_app(f"sqlite:///{db}")
