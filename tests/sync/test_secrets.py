"""Secrets stay out of the settings file, the screen and the log, and out of file keyrings."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyrings.alt.file import EncryptedKeyring, PlaintextKeyring
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from kiosk.cli import main
from kiosk.logs import setup_logging
from kiosk.redact import redact_url, redact_urls
from kiosk.settings import Settings, load_settings
from kiosk.store import Store
from kiosk.sync import SyncError, make_source, run_once, set_secret
from kiosk.sync.credentials import keyring_available, require_secret
from kiosk.sync.errors import MissingSecretError
from tests.sync.conftest import MAPPING, feed, record, settings_with

KEY = "k-9f8e7d6c5b4a"


def test_redaction_hides_values_and_keeps_names() -> None:
    assert redact_url(f"https://api.example.com/v1/items?page=2&api_key={KEY}#top") == (
        "https://api.example.com/v1/items?page=…&api_key=…#top"
    )
    assert redact_url("https://user:pw@example.com/x") == "https://example.com/x"
    text = f"Max retries exceeded with url: /items?key={KEY}&p=1 (Caused by ...)"
    assert KEY not in redact_urls(text)
    assert redact_urls("no query here = fine") == "no query here = fine"
    # The sentence around a URL keeps its punctuation; the value is still hidden whole.
    assert redact_urls(f"page 3 (https://h/items?p={KEY}); took it") == (
        "page 3 (https://h/items?p=…); took it"
    )
    assert KEY not in redact_urls(f"/items?key={KEY});x") and "a=…" in redact_urls("?a=b,c d")
    # A parameter in the path, which some servers read as a query's.
    assert redact_url(f"https://h/nf;api_key={KEY}/x") == "https://h/nf;api_key=…/x"
    assert redact_urls(f"http://h/nf;api_key={KEY} was not found (HTTP 404)") == (
        "http://h/nf;api_key=… was not found (HTTP 404)"
    )
    for text in (  # free text with ";" and "=" is no address
        "one; two=three",
        "Content-Type: text/html;charset=utf-8",
        "x=1;y=2;z=3",
        "Set-Cookie: a=b; SameSite=Lax",
    ):
        assert redact_urls(text) == text


def test_a_key_in_the_settings_file_is_refused_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        f"""
version = 1
[[feeds]]
name = "api"
type = "http"
url = "https://api.example.com/items?page=1&api_key={KEY}"
crm_url = "https://crm.example.com/c/{{customer_id}}?token={KEY}"
[feeds.params]
access_token = "{KEY}"
limit = 50
[feeds.headers]
X-Api-Key = "{KEY}"
Accept = "application/json"
""",
        encoding="utf-8",
    )
    settings, problems = load_settings(path)
    (api,) = settings.feeds
    assert KEY not in repr(api.options)
    assert api.options["url"] == "https://api.example.com/items?page=1"
    assert api.options["params"] == {"limit": 50}
    assert api.options["headers"] == {"Accept": "application/json"}
    said = "\n".join(str(p) for p in problems)
    assert "auth = \"query\" and auth_param = 'api_key'" in said
    assert "auth = \"header\" and auth_header = 'X-Api-Key'" in said
    assert "voc-kiosk secret set api" in said
    assert "feeds[api].crm_url" in said
    assert KEY not in said


def _key_in_query(url: str, **options: Any) -> Settings:
    """Settings with one HTTP feed that sends its key as the query parameter api_key."""
    return settings_with(
        feed(url=url, auth="query", auth_param="api_key", mapping=MAPPING, **options)
    )


def test_a_key_in_the_query_never_reaches_the_screen_or_the_log(
    httpserver: HTTPServer,
    store: Store,
    file_keyring: object,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    set_secret("board", KEY)
    httpserver.expect_request("/items").respond_with_data("gone", status=404)
    log_file = setup_logging(tmp_path / "logs", "DEBUG")
    try:
        (report,) = run_once(_key_in_query(httpserver.url_for("/items")), store)
        # The key did go to the server (that is what it is for) ...
        (request, _response) = httpserver.log[0]
        assert request.args["api_key"] == KEY
        # ... and nowhere else.
        assert not report.ok and "was not found (HTTP 404)" in str(report.error)
        assert "api_key=…" in str(report.error)
        assert KEY not in str(report)
        logging.getLogger("kiosk.sync").warning("a url: %s", request.url)
        logging.getLogger("urllib3.connectionpool").warning("a library line: %s", request.url)
    finally:
        setup_logging(None)
    assert log_file is not None
    written = log_file.read_text(encoding="utf-8")
    assert "api_key=…" in written and "a library line" in written
    assert KEY not in written


def test_a_key_a_server_echoes_in_its_next_link_is_neither_saved_nor_sent_twice(
    httpserver: HTTPServer, store: Store, file_keyring: object
) -> None:
    set_secret("board", KEY)
    # Echoed back in another case: still the key.
    httpserver.expect_request("/items", query_string={"api_key": KEY}).respond_with_json(
        {"items": [record(1)], "next": f"/items2?page=2&API_KEY={KEY}"}
    )
    httpserver.expect_request("/items2").respond_with_data("busy", status=503)
    (report,) = run_once(
        _key_in_query(httpserver.url_for("/items"), records="items", pagination="next_field"),
        store,
    )
    assert not report.ok and store.count() == 1  # page 1 kept, its resume point saved
    (_first, _), (second, _) = httpserver.log
    assert second.args.getlist("api_key") == [KEY]  # once: the feed's own credential
    assert "API_KEY" not in second.args
    assert second.args["page"] == "2"
    saved = store.cursor("board") or ""
    assert "/items2" in saved and KEY not in saved


@pytest.fixture
def plaintext_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    """keyrings.alt's plaintext file backend, without the test rig's permission to use it."""
    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring.cfg")
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def test_a_plaintext_file_keyring_is_not_a_keyring(
    plaintext_keyring: PlaintextKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VOC_KIOSK_ALLOW_FILE_KEYRING", raising=False)
    assert not keyring_available()
    with pytest.raises(SyncError) as err:
        set_secret("board", KEY)
    message = str(err.value)
    assert "keeps secrets in an ordinary file" in message and "PlaintextKeyring" in message
    assert "VOC_KIOSK_SECRET_BOARD" in message
    assert (
        not Path(plaintext_keyring.file_path).exists()
        or KEY not in Path(plaintext_keyring.file_path).read_text()
    )
    with pytest.raises(SyncError, match="keeps secrets in an ordinary file"):
        require_secret("board", "token")
    monkeypatch.setenv("VOC_KIOSK_SECRET_BOARD", "from-env")
    assert require_secret("board") == "from-env"


def test_an_encrypted_file_keyring_is_refused_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VOC_KIOSK_ALLOW_FILE_KEYRING", raising=False)
    previous = keyring.get_keyring()
    # Built without its constructor, which wants a crypto library the test extra lacks: what
    # is refused is the kind of backend, whatever its state.
    backend = object.__new__(EncryptedKeyring)
    keyring.set_keyring(backend)
    try:
        assert not keyring_available()
    finally:
        keyring.set_keyring(previous)


def test_secret_set_says_where_it_went(
    tmp_path: Path, file_keyring: object, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    config = tmp_path / "settings.toml"
    config.write_text('[[feeds]]\nname = "board"\ntype = "demo"\n', encoding="utf-8")
    monkeypatch.setattr("getpass.getpass", lambda _prompt: KEY)
    assert main(["secret", "set", "board", "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "PlaintextKeyring" in out or "Plaintext" in out
    assert KEY not in out


def test_a_keyring_that_cannot_load_gets_a_message_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    import keyring

    def broken() -> object:  # as PYTHON_KEYRING_BACKEND naming a backend without its module
        raise RuntimeError("GnomeKeyring module required")

    monkeypatch.setattr(keyring, "get_keyring", broken)
    config = tmp_path / "settings.toml"
    config.write_text('[[feeds]]\nname = "board"\ntype = "demo"\n', encoding="utf-8")
    monkeypatch.setattr("getpass.getpass", lambda _prompt: KEY)
    assert main(["secret", "set", "board", "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "cannot be used (RuntimeError: GnomeKeyring module required)" in err
    assert "VOC_KIOSK_SECRET_BOARD" in err and KEY not in err


def test_crm_url_is_an_option_of_every_feed_type(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("id,date,text\n1,2026-03-01,hi\n", encoding="utf-8")
    crm = "https://crm.example.com/customers/{customer_id}"
    for config in (
        feed("a", "http", url="https://api.example.com/items", mapping=MAPPING, crm_url=crm),
        feed("b", "fider", url="https://ideas.example.com", auth="none", crm_url=crm),
        feed("c", "csv", path=str(csv), crm_url=crm),
        feed("d", "demo", crm_url=crm),
    ):
        make_source(config).close()


def test_records_with_the_key_in_a_next_link_are_redacted_in_notes(
    httpserver: HTTPServer, store: Store
) -> None:
    url = httpserver.url_for("/items")

    def handler(request: Request) -> Response:
        n = 2 if request.args.get("session") else 1
        body = {"items": [record(n)], "next": f"{url}?session={KEY}"}
        return Response(json.dumps(body), content_type="application/json")

    httpserver.expect_request("/items").respond_with_handler(handler)
    (report,) = run_once(
        settings_with(feed(url=url, records="items", pagination="next_field", mapping=MAPPING)),
        store,
    )
    assert report.ok, report.error
    assert any("repeats a page" in n and "session=" in n for n in report.notes)
    assert KEY not in str(report)


def test_the_command_a_message_gives_runs_as_written(file_keyring: object) -> None:
    with pytest.raises(MissingSecretError) as raised:
        require_secret("ideas board", "token")
    # Copied from the message, the command must reach `secret set` as one feed name.
    assert "`voc-kiosk secret set 'ideas board'`" in str(raised.value)
