"""/health says 503 while the database is unreachable and recovers by itself."""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit, urlunsplit

import pytest

from carbon_atlas.database import connection_parts
from tests.api.conftest import use_database


class Proxy:
    """A TCP proxy on loopback to the test database, that can be cut and restored."""

    def __init__(self, database_url: str) -> None:
        parts = connection_parts(database_url)
        if parts["PGHOST"].startswith("/"):
            self.upstream = (socket.AF_UNIX, f"{parts['PGHOST']}/.s.PGSQL.{parts['PGPORT']}")
        else:
            self.upstream = (socket.AF_INET, (parts["PGHOST"], int(parts["PGPORT"])))
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        self.listener = socket.socket()
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.listener.bind(("127.0.0.1", self.port))
        self.listener.listen(16)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.socket(self.upstream[0], socket.SOCK_STREAM)
            upstream.connect(self.upstream[1])
            self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        if self.listener is not None:
            # shutdown wakes the thread blocked in accept(); close alone leaves it accepting.
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        for end in self.sockets:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
                end.close()
        self.sockets.clear()

    def url(self, database_url: str) -> str:
        parts = urlsplit(database_url)
        user = connection_parts(database_url)["PGUSER"]
        password = connection_parts(database_url)["PGPASSWORD"]
        auth = f"{user}:{password}@" if password else f"{user}@"
        return urlunsplit(("postgresql", f"{auth}127.0.0.1:{self.port}", parts.path, "", ""))


@pytest.fixture
def proxied(api_database):
    proxy = Proxy(api_database)
    proxy.start()
    use_database(proxy.url(api_database))
    try:
        yield proxy
    finally:
        proxy.stop()
        use_database(api_database)


def test_health_is_503_while_the_database_is_down_and_recovers(client, proxied):
    healthy = client.get("/health")
    assert healthy.status_code == 200
    assert healthy.json()["database"] == "ok" and healthy.json()["projects"] == 9569

    proxied.stop()
    down = client.get("/health")
    assert down.status_code == 503
    assert down.json()["status"] == "unavailable"
    assert down.json()["database"] == "unreachable"
    listing = client.get("/api/v1/projects")
    assert listing.status_code == 503
    assert listing.json() == {"detail": "the database is unavailable"}

    proxied.start()  # the same engine, not rebuilt: the pool notices on its own
    back = client.get("/health")
    assert back.status_code == 200 and back.json()["database"] == "ok"
    assert client.get("/api/v1/projects?per_page=1").status_code == 200
