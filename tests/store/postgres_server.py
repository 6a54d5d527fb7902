"""A private PostgreSQL cluster for the store tests and benchmarks: started in a temp dir, stopped after.

Debian's ``postgresql`` package provides the server binaries (``/usr/lib/postgresql/<v>/bin``).
The cluster listens on 127.0.0.1 only, on a free port, with its unix socket inside its own
folder; ``initdb`` refuses to run as root, so as root the cluster runs as the ``postgres``
system user, in a folder that user owns. Authentication is ``scram-sha-256`` with a password,
so a wrong password is refused as on a real server.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tools.ports import free_port

PASSWORD = "test-secret"
USER = "rcd"


class ServerMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def server_bin() -> Path:
    """Return the folder of ``initdb``/``pg_ctl`` (the newest installed version)."""
    root = Path("/usr/lib/postgresql")
    versions = sorted(
        (p for p in root.glob("*/bin") if (p / "initdb").exists()), key=lambda p: int(p.parent.name)
    )
    if not versions:
        raise ServerMissing(
            "PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin: "
            "install Debian's 'postgresql' package (apt-get install -y postgresql)"
        )
    return versions[-1]


@dataclass
class Cluster:
    """A running private cluster."""

    folder: Path
    port: int
    bin: Path
    run_as: list[str]

    def url(self, database: str = "history", *, password: bool = False) -> str:
        """Return the URL of ``database`` (with the password only when asked)."""
        auth = f"{USER}:{PASSWORD}" if password else USER
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> None:
        """Create an empty database owned by the test user."""
        self._psql(f'CREATE DATABASE "{name}" OWNER {USER}')

    def sql(self, statement: str) -> None:
        """Run one statement as the superuser (``postgres``) in the ``postgres`` database."""
        self._psql(statement)

    def _psql(self, sql: str) -> None:
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "psql"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-v",
                "ON_ERROR_STOP=1",
                "-qc",
                sql,
            ],
            check=True,
            capture_output=True,
            env={**os.environ, "PGPASSWORD": PASSWORD},
        )

    def stop(self) -> None:
        """Stop the server at once and delete its folder."""
        subprocess.run(
            [
                *self.run_as,
                str(self.bin / "pg_ctl"),
                "-D",
                str(self.folder / "data"),
                "-m",
                "immediate",
                "stop",
            ],
            capture_output=True,
        )
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> Cluster:
    """Start a private cluster on a free port and create the test user (password :data:`PASSWORD`)."""
    binaries = server_bin()
    folder = Path(tempfile.mkdtemp(prefix="rcd-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        run_as = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres", "postgres")
    folder.chmod(0o700)
    pwfile = folder / "pw"
    pwfile.write_text(PASSWORD, encoding="utf-8")
    if run_as:
        shutil.chown(pwfile, "postgres", "postgres")
    subprocess.run(
        [
            *run_as,
            str(binaries / "initdb"),
            "-D",
            str(folder / "data"),
            "-U",
            "postgres",
            "-A",
            "scram-sha-256",
            f"--pwfile={pwfile}",
            "-E",
            "UTF8",
            "--locale=C",
        ],
        check=True,
        capture_output=True,
    )
    port = free_port()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c fsync=off -c max_connections=40"
    subprocess.run(
        [
            *run_as,
            str(binaries / "pg_ctl"),
            "-D",
            str(folder / "data"),
            "-o",
            options,
            "-l",
            str(folder / "log"),
            "-w",
            "-t",
            "60",
            "start",
        ],
        check=True,
        capture_output=True,
    )
    cluster = Cluster(folder=folder, port=port, bin=binaries, run_as=run_as)
    env_pw = {**os.environ, "PGPASSWORD": PASSWORD}
    subprocess.run(
        [
            *run_as,
            str(binaries / "psql"),
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            f"CREATE ROLE {USER} LOGIN PASSWORD '{PASSWORD}'",
        ],
        check=True,
        capture_output=True,
        env=env_pw,
    )
    cluster.create_database("history")
    return cluster
