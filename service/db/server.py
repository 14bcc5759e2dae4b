"""The managed local Neo4j Community server: fetch jars with Maven, write neo4j.conf, start, stop, status."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from service.core.errors import LauncherError
from service.core.settings import Settings

POM = Path(__file__).resolve().parent / "neo4j_server" / "pom.xml"

# The options Neo4j's own launcher passes to the JVM (bin/neo4j, 5.26), minus AlwaysPreTouch, which would
# touch the whole heap at start.
JVM_OPTS = (
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Djdk.tls.ephemeralDHKeySize=2048",
    "-Djdk.tls.rejectClientInitiatedRenegotiation=true",
    "-XX:FlightRecorderOptions=stackdepth=256",
    "-XX:+UnlockDiagnosticVMOptions",
    "-XX:+DebugNonSafepoints",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
)
ENTRY_POINT = "org.neo4j.server.CommunityEntryPoint"
# Iterations of the password hash in data/dbms/auth.ini (what neo4j-admin dbms set-initial-password writes).
_HASH_ITERATIONS = 1024
ADMIN_ENTRY_POINT = "org.neo4j.server.startup.Neo4jAdminCommand"


@dataclass(frozen=True)
class ServerStatus:
    """What `partnernet neo4j status` reports."""

    running: bool
    pid: int | None
    version: str
    bolt_port: int
    http_port: int
    home: Path
    data_dir: Path
    log_file: Path


class ManagedNeo4j:
    """One local Neo4j server living in `settings.neo4j_home`; several can coexist on other ports and homes."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.neo4j_home.resolve()
        self.conf_dir = self.home / "conf"
        self.data_dir = self.home / "data"
        self.logs_dir = self.home / "logs"
        self.run_dir = self.home / "run"
        self.pid_file = self.run_dir / "partnernet-neo4j.pid"
        self.console_log = self.logs_dir / "console.log"
        self.lib_dir = settings.neo4j_cache_dir.expanduser().resolve() / "neo4j" / settings.neo4j_version / "lib"

    # -- installation -----------------------------------------------------------------------------------------

    def ensure_jars(self) -> Path:
        """Download the server jars into the versioned cache unless they are already there; returns the lib dir."""
        marker = self.lib_dir / ".complete"
        if marker.exists():
            return self.lib_dir
        java, mvn = shutil.which("java"), shutil.which("mvn")
        if java is None:
            raise LauncherError("`java` not found: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre)")
        if mvn is None:
            raise LauncherError("`mvn` not found: install Maven (Debian: apt-get install maven)")
        tmp = self.lib_dir.with_name("lib.partial")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        cmd = [
            mvn,
            "-B",
            "-q",
            "-f",
            str(POM),
            f"-Dneo4j.version={self.settings.neo4j_version}",
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={tmp}",
        ]
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603 - fixed argv
        if proc.returncode != 0:
            tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-20:])
            raise LauncherError(f"maven could not fetch org.neo4j:neo4j:{self.settings.neo4j_version}:\n{tail}")
        shutil.rmtree(self.lib_dir, ignore_errors=True)
        tmp.rename(self.lib_dir)
        marker.write_text(self.settings.neo4j_version)
        return self.lib_dir

    def write_config(self) -> Path:
        """Write neo4j.conf for this home: loopback only, the configured ports, auth on, small memory."""
        for d in (
            self.conf_dir,
            self.data_dir,
            self.logs_dir,
            self.run_dir,
            self.home / "import",
            self.home / "plugins",
        ):
            d.mkdir(parents=True, exist_ok=True)
        s = self.settings
        lines = [
            "# Written by `partnernet neo4j start`; edits are overwritten on the next start.",
            "server.default_listen_address=127.0.0.1",
            "server.default_advertised_address=127.0.0.1",
            f"server.bolt.listen_address=127.0.0.1:{s.neo4j_bolt_port}",
            f"server.bolt.advertised_address=127.0.0.1:{s.neo4j_bolt_port}",
            "server.bolt.enabled=true",
            f"server.http.listen_address=127.0.0.1:{s.neo4j_http_port}",
            "server.http.enabled=true",
            "server.https.enabled=false",
            "dbms.security.auth_enabled=true",
            f"server.directories.data={self.data_dir}",
            f"server.directories.logs={self.logs_dir}",
            f"server.directories.run={self.run_dir}",
            f"server.directories.import={self.home / 'import'}",
            f"server.directories.plugins={self.home / 'plugins'}",
            f"server.memory.heap.initial_size={s.neo4j_heap}",
            f"server.memory.heap.max_size={s.neo4j_heap}",
            f"server.memory.pagecache.size={s.neo4j_pagecache}",
            "dbms.usage_report.enabled=false",
            "db.transaction.timeout=120s",
            # Timed-out transactions are found by a monitor every 2 s by default, so PARTNERNET_QUERY_TIMEOUT_S
            # would be honoured to within 2 s; at 200 ms it is honoured to within 0.2 s.
            "db.transaction.monitor.check.interval=200ms",
            "db.logs.query.enabled=OFF",
            "dbms.memory.transaction.total.max=4g",
            "db.tx_log.rotation.retention_policy=2 files",
            # A stop waits this long for the Bolt thread pool, after the databases have stopped (debug.log). With
            # 5.26's default (5s) a stop of a small graph's server took 10.6 s, with 1s 2.4 s (measured). The
            # setting is internal to Neo4j 5.x: a version that dropped it would refuse to start under strict
            # config validation, which the launcher's tests would show (PARTNERNET_NEO4J_VERSION pins 5.26).
            "internal.server.bolt.thread_pool_shutdown_wait_time=1s",
        ]
        conf = self.conf_dir / "neo4j.conf"
        conf.write_text("\n".join(lines) + "\n")
        return conf

    # -- lifecycle ----------------------------------------------------------------------------------------------

    def pid(self) -> int | None:
        """The pid of the server this home started, if that process is still alive."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        cmdline = Path(f"/proc/{pid}/cmdline")
        if cmdline.exists() and ENTRY_POINT.encode() not in cmdline.read_bytes():
            return None  # the pid was recycled by an unrelated process
        return pid

    def _java_env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["NEO4J_HOME"] = str(self.home)
        env["NEO4J_CONF"] = str(self.conf_dir)
        return env

    def _set_initial_password(self) -> None:
        """Give the `neo4j` user the configured password before the first start, as `neo4j-admin dbms
        set-initial-password` does: it writes `data/dbms/auth.ini`, which the server reads once, when it creates
        its system database. Written here in the same format (Neo4j's SecureHasher: SHA-256 over salt and
        password, iterated 1024 times), it costs no JVM start of its own (2.3 s on the bench machine, a tenth of
        `make run`'s first start); `wait_until_ready` then proves the server took it."""
        if (self.data_dir / "dbms" / "auth.ini").exists() or (self.data_dir / "databases" / "system").exists():
            return  # only takes effect on an empty data dir
        password = self.settings.neo4j_password.get_secret_value()
        if len(password) < 8:  # Neo4j's default dbms.security.auth_minimum_password_length
            raise LauncherError("PARTNERNET_NEO4J_PASSWORD must be at least 8 characters (Neo4j's minimum)")
        salt = os.urandom(32)
        digest = hashlib.sha256(salt + password.encode()).digest()
        for _ in range(_HASH_ITERATIONS - 1):
            digest = hashlib.sha256(digest).digest()
        auth = self.data_dir / "dbms" / "auth.ini"
        auth.parent.mkdir(parents=True, exist_ok=True)
        auth.write_text(f"neo4j:SHA-256,{digest.hex()},{salt.hex()},{_HASH_ITERATIONS}:\n", encoding="utf-8")
        auth.chmod(0o600)

    def start(self, *, wait: bool = True) -> ServerStatus:
        """Start the server unless it already runs (harmless twice); wait until the driver authenticates."""
        if self.pid() is not None:
            if wait:
                self.wait_until_ready()
            return self.status()
        for port, var in ((self.settings.neo4j_bolt_port, "BOLT"), (self.settings.neo4j_http_port, "HTTP")):
            if _listening(port):
                # Another server (not started from this home) holds the port; a new JVM would fail to bind while
                # the readiness check talked to the other one.
                raise LauncherError(
                    f"port {port} is already in use by a process this home ({self.home}) did not start; "
                    f"stop it or set PARTNERNET_NEO4J_{var}_PORT"
                )
        lib = self.ensure_jars()
        self.write_config()
        self._set_initial_password()
        heap = self.settings.neo4j_heap
        cmd = [
            "java",
            f"-Xms{heap}",
            f"-Xmx{heap}",
            *JVM_OPTS,
            self._class_data_option(),
            "-cp",
            f"{lib}/*",
            ENTRY_POINT,
            f"--home-dir={self.home}",
            f"--config-dir={self.conf_dir}",
        ]
        java = shutil.which("java")
        if java is None:
            raise LauncherError("`java` not found: install a Java 17 runtime (Debian: apt-get install openjdk-17-jre)")
        # posix_spawn rather than Popen: the server outlives this process, so there is no Popen object whose
        # finaliser would complain; setsid keeps terminal signals for the CLI away from the server.
        fd = os.open(self.console_log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            pid = os.posix_spawn(
                java,
                [java, *cmd[1:]],
                self._java_env(),
                file_actions=[
                    (os.POSIX_SPAWN_OPEN, 0, "/dev/null", os.O_RDONLY, 0),
                    (os.POSIX_SPAWN_DUP2, fd, 1),
                    (os.POSIX_SPAWN_DUP2, fd, 2),
                ],
                setsid=True,
            )
        finally:
            os.close(fd)
        self.pid_file.write_text(str(pid))
        if wait:
            self.wait_until_ready(pid=pid)
        return self.status()

    def _class_data_option(self) -> str:
        """The JVM option that maps this Neo4j version's class-data archive (AppCDS), or writes it at exit.

        Loading and verifying the server's classes is most of a JVM start: mapped from an archive, a start took
        7 s instead of 11 s on the bench machine. The archive lives beside the jars, shared by every home; the
        first server of a version writes it when it exits (the stop takes a second longer, once), under a name
        of its own home, and the next start of that home moves it into place. A JVM that cannot use an archive
        (another JDK) starts without it.
        """
        archive = self.lib_dir.parent / "server-classes.jsa"
        part = archive.with_name(f"server-classes.{hashlib.sha256(bytes(self.home)).hexdigest()[:12]}.part")
        if not archive.exists() and part.exists():
            os.replace(part, archive)  # written by this home's server at its exit; it is not running now
        if archive.exists():
            return f"-XX:SharedArchiveFile={archive}"
        return f"-XX:ArchiveClassesAtExit={part}"

    def wait_until_ready(self, *, pid: int | None = None) -> None:
        """Poll until a driver authenticates; on timeout or early exit raise with the last log lines."""
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, DriverError, Neo4jError

        deadline = time.monotonic() + self.settings.neo4j_start_timeout_s
        uri = f"bolt://127.0.0.1:{self.settings.neo4j_bolt_port}"
        auth = (self.settings.neo4j_user, self.settings.neo4j_password.get_secret_value())
        last_error = ""
        while time.monotonic() < deadline:
            if pid is not None and not _alive(pid):
                self.pid_file.unlink(missing_ok=True)
                raise LauncherError(f"Neo4j exited during start:\n{self.tail_log()}")
            try:
                with GraphDatabase.driver(uri, auth=auth, connection_timeout=2, max_transaction_retry_time=0) as drv:
                    # Bolt answers before the default database is online; wait for the database itself.
                    drv.execute_query("RETURN 1", database_=self.settings.neo4j_database)
                return
            except AuthError as exc:
                raise LauncherError(
                    f"Neo4j at {uri} rejected the password from PARTNERNET_NEO4J_PASSWORD: {exc.message}. "
                    f"The data dir {self.data_dir} was created with another password; remove it or set the old one."
                ) from exc
            except (DriverError, Neo4jError, OSError) as exc:
                last_error = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        raise LauncherError(
            f"Neo4j did not answer on {uri} within {self.settings.neo4j_start_timeout_s:.0f}s "
            f"(last error: {last_error}):\n{self.tail_log()}"
        )

    def stop(self, *, timeout_s: float = 60.0) -> bool:
        """Stop the server this home started (SIGTERM, then SIGKILL); False when it was not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.2)
        else:
            os.kill(pid, signal.SIGKILL)
            while _alive(pid):
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        return True

    def status(self) -> ServerStatus:
        """Running or stopped, with version, ports, home, data dir and log file."""
        pid = self.pid()
        return ServerStatus(
            running=pid is not None,
            pid=pid,
            version=self.settings.neo4j_version,
            bolt_port=self.settings.neo4j_bolt_port,
            http_port=self.settings.neo4j_http_port,
            home=self.home,
            data_dir=self.data_dir,
            log_file=self.console_log,
        )

    def _admin(self, *args: str) -> str:
        """Run `neo4j-admin ARGS` against this home with the server stopped; returns its output."""
        if self.pid() is not None:
            raise LauncherError("stop the server first (`partnernet neo4j stop`): neo4j-admin works offline")
        lib = self.ensure_jars()
        self.write_config()
        cmd = ["java", "-cp", f"{lib}/*", ADMIN_ENTRY_POINT, *args]
        proc = subprocess.run(cmd, env=self._java_env(), capture_output=True, text=True, check=False)  # noqa: S603
        if proc.returncode != 0:
            raise LauncherError(f"neo4j-admin {' '.join(args[:2])} failed:\n{(proc.stdout + proc.stderr).strip()}")
        return proc.stdout + proc.stderr

    def admin_dump(self, *, database: str, to_dir: Path) -> Path:
        """Offline `neo4j-admin database dump` of `database` into `to_dir`; returns the `<database>.dump` file."""
        to_dir.mkdir(parents=True, exist_ok=True)
        target = to_dir / f"{database}.dump"
        self._admin("database", "dump", database, f"--to-path={to_dir.resolve()}", "--overwrite-destination=true")
        return target

    def admin_load(self, *, database: str, dump_file: Path, overwrite: bool = False) -> None:
        """Offline `neo4j-admin database load` of a `<database>.dump` file (replacing the store when `overwrite`)."""
        if dump_file.name != f"{database}.dump":
            raise LauncherError(f"neo4j-admin loads {database!r} only from a file named {database}.dump")
        self._admin(
            "database",
            "load",
            database,
            f"--from-path={dump_file.resolve().parent}",
            f"--overwrite-destination={'true' if overwrite else 'false'}",
        )

    def admin_import(
        self,
        *,
        database: str,
        nodes: Sequence[tuple[str, Path]],
        relationships: Sequence[tuple[str, Path]],
    ) -> str:
        """Offline `neo4j-admin database import full` of CSV files, REPLACING `database` (server stopped).

        `nodes` pairs `Label:Label` with a node file, `relationships` a type with a relationship file; each file
        starts with its header row. Returns the importer's report (stage times and counts).
        """
        # No bad row is tolerated: the files are generated, so a bad row is a bug to see, not to skip.
        args = ["database", "import", "full", database, "--overwrite-destination=true", "--bad-tolerance=0"]
        args += [f"--nodes={labels}={path.resolve()}" for labels, path in nodes]
        args += [f"--relationships={rel}={path.resolve()}" for rel, path in relationships]
        args.append(f"--report-file={(self.logs_dir / 'import.report').resolve()}")
        return self._admin(*args)

    def tail_log(self, lines: int = 40) -> str:
        """The last lines of the console log and of neo4j's own log, for error messages and `logs`."""
        out = []
        for f in (self.console_log, self.logs_dir / "neo4j.log", self.logs_dir / "debug.log"):
            if f.exists():
                text = f.read_text(errors="replace").splitlines()[-lines:]
                out.append(f"--- {f} ---\n" + "\n".join(text))
        return "\n".join(out) or f"(no log files under {self.logs_dir})"


def _alive(pid: int) -> bool:
    try:
        # Reap it if it is our child (tests start and stop within one process), else probe it.
        if os.waitpid(pid, os.WNOHANG) != (0, 0):
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ")[-1].startswith("Z"))


def _listening(port: int) -> bool:
    """True when something accepts TCP connections on 127.0.0.1:`port`."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0
