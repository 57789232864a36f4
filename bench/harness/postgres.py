"""A throwaway PostgreSQL database per run: created before, dropped after (also on failure)."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from bench.harness import BenchError

# Where to create the database; the default is a local server with trust authentication.
ADMIN_URL = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin() -> psycopg.Connection:
    try:
        return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as exc:
        msg = (
            f"PostgreSQL is not reachable at {ADMIN_URL}: {str(exc).strip()}\n"
            "The board benchmark needs a PostgreSQL server it may create databases on. "
            "Start one, or point BENCH_POSTGRES_URL at one (postgresql://user@host:port/postgres)."
        )
        raise BenchError(msg) from None


def database_url(name: str) -> str:
    return urlsplit(ADMIN_URL)._replace(path=f"/{name}").geturl()


def create_database(name: str) -> str:
    with _admin() as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        version = conn.info.server_version
    if version < 130000:
        drop_database(name)
        msg = f"PostgreSQL 13 or newer is needed (DROP DATABASE … WITH (FORCE)); {ADMIN_URL} runs {version}."
        raise BenchError(msg)
    return database_url(name)


def drop_database(name: str) -> None:
    # FORCE ends sessions a killed web worker may have left behind.
    with _admin() as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def server_version() -> str:
    with _admin() as conn:
        row = conn.execute("SHOW server_version").fetchone()
    return str(row[0]) if row else "?"
