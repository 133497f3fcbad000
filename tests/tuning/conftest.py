import itertools

import pytest


@pytest.fixture(scope="session")
def postgres_server(tmp_path_factory):
    """A real PostgreSQL server (the pgserver wheel), up for the session."""
    pgserver = pytest.importorskip("pgserver")
    server = pgserver.get_server(tmp_path_factory.mktemp("pg"), cleanup_mode="stop")
    yield server
    server.cleanup()


_databases = itertools.count()


@pytest.fixture
def postgres_url(postgres_server):
    """The URL of a fresh, empty database on the session's server."""
    name = f"skimb_test_{next(_databases)}"
    postgres_server.psql(f"CREATE DATABASE {name};")
    return postgres_server.get_uri(name).replace(
        "postgresql://", "postgresql+psycopg2://"
    )
