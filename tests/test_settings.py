from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.settings import (
    OPTIONS,
    SETTINGS_VERSION,
    FeedConfig,
    Settings,
    SettingsError,
    load_settings,
    looks_secret,
    save_settings,
)


def test_every_option_is_declared_with_a_default_that_passes_its_own_check() -> None:
    keys = [o.key for o in OPTIONS]
    assert len(keys) == len(set(keys))
    for option in OPTIONS:
        assert option.description
        assert option.check(option.default) is None, option.key


def test_missing_file_means_defaults_and_no_problem(tmp_path: Path) -> None:
    settings, problems = load_settings(tmp_path / "absent.toml")
    assert problems == []
    assert settings["display.window_days"] == 30
    assert settings.profile == "desk"
    assert settings.feeds == ()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "conf" / "settings.toml"
    settings = Settings().replace(
        profile="wall",
        display__window_days=14,
        display__theme="light",
        analysis__synonyms={"delivery": ["shipping", "courier"]},
        feeds=[FeedConfig("board", "fider", True, 120, {"url": "https://fider.example.com"})],
    )
    save_settings(settings, path)
    loaded, problems = load_settings(path)
    assert problems == []
    assert loaded == settings
    text = path.read_text()
    assert f"version = {SETTINGS_VERSION}" in text
    assert list(path.parent.iterdir()) == [path]  # no temp file left behind


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (b"", "is empty"),
        (b"   \n", "is empty"),
        (b"display = [unclosed", "is not valid TOML"),
        (b"\xff\xfe\x00garbage", "is not UTF-8"),
    ],
)
def test_unusable_file_falls_back_to_defaults(tmp_path: Path, content: bytes, what: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert len(problems) == 1
    assert what in problems[0].what
    assert str(path) in str(problems[0])
    assert "defaults" in str(problems[0])


def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.mkdir()  # reading a folder fails for every user, root included
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert "cannot be read" in problems[0].what


def test_bad_keys_are_reported_one_by_one_and_the_rest_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "version = 1\n"
        'profile = "ceiling"\n'
        "[display]\n"
        "window_days = 9000\n"
        'max_words = "many"\n'
        'theme = "light"\n'
        "colour = 3\n"
        "[privacy]\n"
        "min_customers = 5\n"
    )
    settings, problems = load_settings(path)
    by_key = {p.key: p for p in problems}
    assert set(by_key) == {"profile", "display.window_days", "display.max_words", "display.colour"}
    assert "above the maximum" in by_key["display.window_days"].what
    assert "the default 30" in by_key["display.window_days"].used_instead
    assert "unknown option" in by_key["display.colour"].what
    assert settings["display.theme"] == "light"
    assert settings["privacy.min_customers"] == 5
    assert settings["display.window_days"] == 30
    assert settings.profile == "desk"


def test_feeds_are_checked_and_secrets_in_the_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "version = 1\n"
        '[[feeds]]\nname = "board"\ntype = "fider"\nurl = "https://x"\napi_key = "s3cret"\n'
        '[[feeds]]\nname = "board"\ntype = "csv"\n'
        '[[feeds]]\nname = "odd"\ntype = "ftp"\n'
        '[[feeds]]\nname = "slow"\ntype = "csv"\npoll_seconds = 1\n'
    )
    settings, problems = load_settings(path)
    assert [f.name for f in settings.feeds] == ["board", "slow"]
    assert "api_key" not in settings.feeds[0].options
    assert settings.feeds[1].poll_seconds == 300
    text = " | ".join(str(p) for p in problems)
    assert "secrets do not belong" in text
    assert "second feed with this name" in text
    assert "'ftp' is not one of" in text
    assert "poll_seconds" in text
    assert "s3cret" not in text


def test_two_feeds_whose_names_read_one_secret_variable_keep_only_the_first(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "version = 1\n"
        '[[feeds]]\nname = "shop-api"\ntype = "csv"\npath = "a.csv"\n'
        '[[feeds]]\nname = "Shop_API"\ntype = "csv"\npath = "b.csv"\n'
        '[[feeds]]\nname = "shop api 2"\ntype = "csv"\npath = "c.csv"\n'
    )
    settings, problems = load_settings(path)
    assert [f.name for f in settings.feeds] == ["shop-api", "shop api 2"]
    (problem,) = problems
    assert "VOC_KIOSK_SECRET_SHOP_API" in str(problem) and "'shop-api'" in str(problem)
    assert "rename one" in str(problem)


def test_saving_a_secret_is_refused(tmp_path: Path) -> None:
    settings = Settings().replace(
        feeds=[FeedConfig("api", "http", True, 300, {"auth": {"token": "abc"}})]
    )
    with pytest.raises(SettingsError, match="keyring"):
        save_settings(settings, tmp_path / "s.toml")
    assert not (tmp_path / "s.toml").exists()


def test_replace_checks_values() -> None:
    with pytest.raises(SettingsError, match=r"display\.window_days"):
        Settings().replace(display__window_days=0)
    with pytest.raises(SettingsError, match="unknown option"):
        Settings().replace(display__nope=1)


def test_upgrade_from_version_0(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('window_days = 7\ntheme = "light"\n')
    settings, problems = load_settings(path)
    assert problems == []
    assert settings["display.window_days"] == 7
    assert settings["display.theme"] == "light"


def test_a_newer_file_is_read_as_far_as_understood(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f'version = {SETTINGS_VERSION + 1}\nprofile = "wall"\n')
    settings, problems = load_settings(path)
    assert settings.wall
    assert "newer voc-kiosk" in problems[0].what


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    save_settings(Settings().replace(display__window_days=7), path)
    before = path.read_bytes()

    def boom(*_args: object, **_kw: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("kiosk.settings.os.fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        save_settings(Settings().replace(display__window_days=9), path)
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_an_unsafe_crm_link_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'version = 1\n[[feeds]]\nname = "a"\ntype = "csv"\npath = "a.csv"\n'
        'crm_url = "javascript:alert(1)"\n'
        '[[feeds]]\nname = "b"\ntype = "csv"\npath = "b.csv"\n'
        'crm_url = "https://crm.example.com/{customer_id}"\n'
    )
    settings, problems = load_settings(path)
    assert [str(p) for p in problems] == [
        f"{path}: feeds[a].crm_url: 'javascript:' links are not allowed; a link must start with"
        " http:// or https://; using no value"
    ]
    assert "crm_url" not in settings.feeds[0].options
    assert settings.feeds[1].options["crm_url"] == "https://crm.example.com/{customer_id}"


def test_nested_secrets_are_dropped_and_names_compared_trimmed(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'version = 1\n[[feeds]]\nname = "crm"\ntype = "http"\nurl = "https://x"\n'
        '[feeds.params]\napi_key = "s3cr3t"\npage = 1\n'
        '[[feeds]]\nname = "crm "\ntype = "csv"\n'
    )
    settings, problems = load_settings(path)
    assert [f.name for f in settings.feeds] == ["crm"]
    assert settings.feeds[0].options["params"] == {"page": 1}
    text = " | ".join(str(p) for p in problems)
    assert "params.api_key" in text and "second feed with this name" in text
    save_settings(settings, tmp_path / "saved.toml")  # what was loaded can be saved


def test_secrets_under_any_usual_name_or_before_the_host_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'version = 1\n[[feeds]]\nname = "api"\ntype = "http"\n'
        'url = "https://bob:LEAK1@x.example.com/items?page=1&appKey=LEAK2&pass=LEAK3&jwt=LEAK4'
        '&sortKey=created"\n'
        '[feeds.params]\naccessKey = "LEAK5"\nlimit = 50\n'
    )
    settings, problems = load_settings(path)
    options = settings.feeds[0].options
    assert options["url"] == "https://x.example.com/items?page=1&sortKey=created"
    assert options["params"] == {"limit": 50}
    text = " | ".join(str(p) for p in problems)
    assert "has a user name or password before the host" in text
    assert "'appKey' looks like a secret" in text and "params.accessKey" in text
    assert "LEAK" not in text


ORDINARY_NAMES = [
    "page",
    "per_page",
    "limit",
    "offset",
    "since",
    "updated_since",
    "cursor",
    "sort",
    "order",
    "fields",
    "include",
    "status",
    "q",
    "search",
    "lang",
    "format",
    "category",
    "tag",
    "type",
    "view",
    "board",
    "project",
    "keyword",
    "hotkey",
    "sortKey",
    "sort_key",
    "sort-key",
    "partition_key",
    "idempotency_key",
    "cache_key",
    "primary_key",
    "passengers",
    "author",
    "authority",
    "is_private",
    "private_only",
    "public_key",
    "oauth_version",
    "monkey",
]
SECRET_NAMES = [
    "appKey",
    "accessKey",
    "api_key",
    "X-Api-Key",
    "key",
    "subscription-key",
    "Ocp-Apim-Subscription-Key",
    "pass",
    "jwt",
    "access_token",
    "sig",
    "userKey",
    "licenseKey",
    "client_key",
    "secretKey",
    "private_key",
    "session_id",
    "passphrase",
    "pw",
    "sharedKey",
    "writeKey",
    "access_key_id",
    "AWSAccessKeyId",
    "Authorization",
    "X-Auth",
    "auth",
    "oauth_token",
    "password",
    "X-Auth-Token",
    "hmac",
    "otp",
]


def test_secret_parameter_names_are_told_from_ordinary_ones() -> None:
    assert [n for n in ORDINARY_NAMES if looks_secret(n)] == []
    assert [n for n in SECRET_NAMES if not looks_secret(n)] == []


def test_a_file_nested_too_deeply_is_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    settings, problems = load_settings(path)
    assert settings == Settings()
    assert [p.key for p in problems] == ["(file)"]
    assert "nested too deeply" in problems[0].what


def test_temporary_files_of_a_killed_save_are_cleaned_up(tmp_path: Path) -> None:
    import os
    import time

    path = tmp_path / "settings.toml"
    old = tmp_path / ".settings-abc123.toml"
    fresh = tmp_path / ".settings-def456.toml"
    for leftover in (old, fresh):
        leftover.write_text("half a file", encoding="utf-8")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    save_settings(Settings().replace(display__theme="light"), path)
    assert not old.exists()  # left by a save that was killed
    assert fresh.exists()  # may belong to a save happening now
    assert load_settings(path)[0]["display.theme"] == "light"


def test_the_readme_lists_every_option_as_declared() -> None:
    import subprocess
    import sys

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    listed = readme.split("<!-- options:start -->\n", 1)[1].split("\n<!-- options:end -->", 1)[0]
    generated = subprocess.run(
        [sys.executable, "-m", "kiosk.options"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert listed == generated, "run `python -m kiosk.options` and paste it into the README"


def test_one_declaration_for_file_and_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from kiosk.cli import build_parser
    from kiosk.options import option

    parser = build_parser()
    for flag, key in (("--theme", "display.theme"), ("--palette", "display.palette"),
                      ("--profile", "profile")):  # fmt: skip
        choices = option(key).choices
        assert choices
        for value in choices:
            assert parser.parse_args([flag, str(value)]) is not None
        with pytest.raises(SystemExit):
            parser.parse_args([flag, "not-a-choice"])
    assert "invalid choice" in capsys.readouterr().err


def test_an_address_no_parser_reads_is_one_bad_value_not_a_stopped_kiosk(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        '[[feeds]]\nname = "good"\ntype = "csv"\npath = "a.csv"\n'
        '[[feeds]]\nname = "bad"\ntype = "csv"\nurl = "http://[::1"\n'
        'crm_url = "https://[x/{customer_id}"\nencoding = "rot13"\n'
    )
    settings, problems = load_settings(path)
    assert [f.name for f in settings.feeds] == ["good", "bad"]
    bad = settings.feeds[1].options
    assert "url" not in bad and "crm_url" not in bad and "encoding" not in bad
    text = " | ".join(str(p) for p in problems)
    assert "'https://[x/{customer_id}' cannot be read (Invalid IPv6 URL)" in text
    assert "'rot13' is not a text encoding" in text
