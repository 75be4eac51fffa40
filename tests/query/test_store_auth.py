"""`kg push` and `kg serve --store` against a store that demands credentials: a small real HTTP
proxy on loopback in front of `oxigraph serve` that lets through only the right Basic or Bearer
credentials, and can answer 503 or 400 to test retries. Secrets never show in output."""

from __future__ import annotations

import base64
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
from click.testing import CliRunner

from kg.cli import main
from kg.endpoint import read_credentials
from kg.errors import KgError
from kg.settings import Settings
from tests.conftest import copy_build
from tests.query.test_remote import built_graphs, oxigraph  # noqa: F401 - the fixture
from tests.serving import kg_serve

USER, PASSWORD, TOKEN = "loader", "s3cret-Pa55word", "tok-0123456789abcdef"


@dataclass
class Gate:
    """What the proxy lets through and what it has seen."""

    upstream: str
    url: str = ""
    fail_next: int = 0  # answer this many requests with 503 first
    refuse_with: int = 0  # answer every request with this status
    seen: list[str] = field(default_factory=list)

    def allowed(self, header: str | None) -> bool:
        basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        return header in (f"Basic {basic}", f"Bearer {TOKEN}")


def _handler(gate: Gate) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _forward(self) -> None:
            gate.seen.append(self.command)
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if not gate.allowed(self.headers.get("Authorization")):
                self._answer(401, b"credentials wanted", {"WWW-Authenticate": 'Basic realm="kg"'})
            elif gate.refuse_with:
                self._answer(gate.refuse_with, b"refused")
            elif gate.fail_next:
                gate.fail_next -= 1
                self._answer(503, b"try again")
            else:
                headers = {k: v for k, v in self.headers.items() if k in ("Content-Type", "Accept")}
                upstream = requests.request(
                    self.command, gate.upstream + self.path, data=body, headers=headers
                )
                content_type = upstream.headers.get("Content-Type", "text/plain")
                self._answer(upstream.status_code, upstream.content, {"Content-Type": content_type})

        def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = _forward

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture(scope="module")
def gate(oxigraph: str) -> Iterator[Gate]:  # noqa: F811 - the imported fixture
    gate = Gate(oxigraph)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(gate))
    gate.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield gate
    server.shutdown()
    server.server_close()


@pytest.fixture
def fresh(gate: Gate) -> Gate:
    gate.fail_next = gate.refuse_with = 0
    gate.seen.clear()
    return gate


@pytest.fixture(scope="module")
def data(built, settings: Settings, tmp_path_factory) -> Settings:
    return copy_build(settings, tmp_path_factory.mktemp("auth-data"))


def credentials_file(folder: Path, text: str) -> Path:
    path = folder / "store.env"
    path.write_text(text, encoding="utf-8")
    return path


def push(data: Settings, url: str, *options: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(
        main, ["--data-dir", str(data.data_dir), "push", url, *options], env=env or {}
    )


def test_push_without_or_with_wrong_credentials_is_refused_and_says_why(
    fresh: Gate, data: Settings
) -> None:
    result = push(data, f"{fresh.url}/store")
    assert result.exit_code != 0
    assert "answered 401" in result.output and "none were given" in result.output
    assert fresh.seen == ["PUT"]  # a 4xx is not tried again

    wrong = push(
        data, f"{fresh.url}/store", env={"KG_STORE_USER": USER, "KG_STORE_PASSWORD": "wrong-pw"}
    )
    assert wrong.exit_code != 0
    assert "credentials given were refused" in wrong.output
    assert "wrong-pw" not in wrong.output


def test_push_with_basic_credentials_from_a_file_and_serve_with_a_token(
    fresh: Gate, data: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = credentials_file(
        tmp_path, f"# the loader\nKG_STORE_USER={USER}\nKG_STORE_PASSWORD='{PASSWORD}'\n"
    )
    result = push(data, f"{fresh.url}/store", "--store-credentials", str(secrets))
    assert result.exit_code == 0, result.output
    assert f"Pushed {built_graphs(data)} graphs" in result.output
    assert PASSWORD not in result.output

    monkeypatch.setenv("KG_STORE_TOKEN", TOKEN)  # the service reads it from its environment
    with kg_serve(data.data_dir, "--store", f"{fresh.url}/query") as running:
        answer = requests.get(
            f"{running.url}/sparql",
            params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"},
            headers={"Accept": "application/sparql-results+json"},
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
        assert len(answer.json()["results"]["bindings"]) == built_graphs(data)
    assert TOKEN not in "".join(running.output)


def test_serve_with_refused_credentials_answers_502_without_the_secret(
    fresh: Gate, data: Settings, tmp_path: Path
) -> None:
    secrets = credentials_file(tmp_path, "KG_STORE_TOKEN=not-the-token-at-all\n")
    with kg_serve(
        data.data_dir, "--store", f"{fresh.url}/query", "--store-credentials", str(secrets)
    ) as running:
        answer = requests.get(f"{running.url}/sparql", params={"query": "ASK {}"}, timeout=60)
        assert answer.status_code == 502
        assert "refused the service's credentials" in answer.text
        assert "not-the-token" not in answer.text
    assert "not-the-token" not in "".join(running.output)


def test_push_tries_again_on_5xx_but_not_on_4xx(fresh: Gate, data: Settings) -> None:
    env = {"KG_STORE_TOKEN": TOKEN}
    fresh.fail_next = 2
    result = push(data, f"{fresh.url}/store", env=env)
    assert result.exit_code == 0, result.output
    assert len(fresh.seen) == built_graphs(data) + 2

    fresh.seen.clear()
    fresh.refuse_with = 400
    refused = push(data, f"{fresh.url}/store", env=env)
    assert refused.exit_code != 0 and "answered 400" in refused.output
    assert fresh.seen == ["PUT"]


def test_push_gives_up_on_a_store_that_is_not_there(data: Settings) -> None:
    from tests.query.test_remote import free_port

    result = push(data, f"http://127.0.0.1:{free_port()}/store")
    assert result.exit_code != 0 and "cannot reach the store" in result.output


def test_credentials_never_appear_in_errors(tmp_path: Path, data: Settings) -> None:
    in_url = push(data, f"http://{USER}:{PASSWORD}@127.0.0.1:9/store")
    assert in_url.exit_code != 0 and "holds credentials" in in_url.output
    assert PASSWORD not in in_url.output

    bad = credentials_file(tmp_path, f"KG_STORE_USER={USER}\nPASSWORD={PASSWORD}\n")
    with pytest.raises(KgError, match=r"line 2: PASSWORD is not one of") as raised:
        read_credentials(bad)
    assert PASSWORD not in str(raised.value)
    no_name = credentials_file(tmp_path, f"{PASSWORD}\n")
    with pytest.raises(KgError, match="line 1: a line without NAME=") as raised:
        read_credentials(no_name)
    assert PASSWORD not in str(raised.value)
    with pytest.raises(KgError, match="not both"):
        read_credentials(environ={"KG_STORE_USER": USER, "KG_STORE_TOKEN": TOKEN})
    with pytest.raises(KgError, match="KG_STORE_AUTH=ntlm is not one of basic, digest"):
        read_credentials(environ={"KG_STORE_USER": USER, "KG_STORE_AUTH": "ntlm"})
    assert PASSWORD not in repr(
        read_credentials(environ={"KG_STORE_PASSWORD": PASSWORD, "KG_STORE_USER": USER})
    )
