"""``python bench/dbctl.py URL NAME RECREATE``: print URL with its database replaced by
NAME, creating that database on the same PostgreSQL server (dropping it first when
RECREATE is 1). The benchmarks never touch the database the URL named."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main(url: str, name: str, recreate: bool) -> str:
    parts = urlsplit(url)
    if not parts.scheme.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point to PostgreSQL (or be unset for SQLite).")
    target = urlunsplit(parts._replace(path="/" + name))
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as connection:
        if recreate:
            connection.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return target


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2], sys.argv[3] == "1"))
