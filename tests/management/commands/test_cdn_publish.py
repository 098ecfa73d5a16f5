from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from aether_kit.conf import Env, configure_webpack

CDN = "https://cdn.example.org/assets"


def tracker_stats(build: Path) -> dict:
    """Stats as webpack-bundle-tracker 1.x writes them."""
    return {
        "status": "done",
        "publicPath": "auto",
        "chunks": {"main": ["main.js", "main.css"]},
        "assets": {
            "main.js": {"name": "main.js", "path": str(build / "main.js")},
            "main.css": {"name": "main.css", "path": str(build / "main.css")},
        },
    }


@pytest.fixture
def build(tmp_path: Path, settings) -> Path:
    """A webpack output directory with its stats file inside, as aether.sdk projects have it."""
    build = tmp_path / "build"
    (build / "fonts").mkdir(parents=True)
    (build / "main.js").write_text("console.log('hi')")
    (build / "main.css").write_text("body{}")
    (build / "fonts" / "icons.woff").write_bytes(b"\x00font")
    stats_file = build / "webpack-stats.json"
    stats_file.write_text(json.dumps(tracker_stats(build)))
    settings.WEBPACK_STATS_FILE = str(stats_file)
    return build


def stats_of(build: Path) -> dict:
    return json.loads((build / "webpack-stats.json").read_text())


def publish(build: Path, *extra: str) -> None:
    call_command("cdn_publish", "-w", str(build), *extra, verbosity=0)


@pytest.mark.usefixtures("bucket_storage")
class TestOnBucketStorage:
    def test_every_file_is_uploaded_under_the_storage_path(self, build, s3_server, static_bucket):
        publish(build, "-u", CDN, "-s", "/__assets__/app/")

        assert sorted(s3_server.keys(static_bucket)) == [
            "__assets__/app/fonts/icons.woff",
            "__assets__/app/main.css",
            "__assets__/app/main.js",
            "__assets__/app/webpack-stats.json",
        ]

    def test_files_are_uploaded_unchanged(self, build, s3_server, static_bucket):
        publish(build, "-u", CDN)

        assert s3_server.read(static_bucket, "fonts/icons.woff") == b"\x00font"

    def test_uploaded_stats_file_points_at_the_cdn(self, build, s3_server, static_bucket):
        publish(build, "-u", CDN)

        uploaded = json.loads(s3_server.read(static_bucket, "webpack-stats.json"))
        assert uploaded["assets"]["main.js"]["publicPath"] == f"{CDN}/main.js"

    def test_storage_down_is_a_clear_error_and_keeps_the_stats_file(self, build, storage_down):
        before = stats_of(build)

        with pytest.raises(CommandError, match="storage is unavailable"):
            publish(build, "-u", CDN)

        assert stats_of(build) == before

    def test_republishing_replaces_the_objects(self, build, s3_server, static_bucket):
        publish(build, "-u", CDN)
        (build / "main.js").write_text("console.log('v2')")

        publish(build, "-u", CDN)

        assert s3_server.read(static_bucket, "main.js") == b"console.log('v2')"


@pytest.fixture
def local_static(settings, tmp_path) -> Path:
    published = tmp_path / "published"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(published)},
        },
    }
    return published


def test_stats_file_points_every_asset_at_the_cdn(build, local_static):
    publish(build, "-u", CDN + "/")

    stats = stats_of(build)
    assert stats["publicPath"] == CDN
    assert {name: asset["publicPath"] for name, asset in stats["assets"].items()} == {
        "main.js": f"{CDN}/main.js",
        "main.css": f"{CDN}/main.css",
    }


def test_older_stats_with_file_objects_in_chunks_are_rewritten(build, local_static):
    stats = {"chunks": {"main": [{"name": "main.js", "path": str(build / "main.js")}]}}
    (build / "webpack-stats.json").write_text(json.dumps(stats))

    publish(build, "-u", CDN)

    assert stats_of(build)["chunks"]["main"][0]["publicPath"] == f"{CDN}/main.js"


def test_republishing_on_a_file_system_replaces_instead_of_renaming(build, local_static):
    publish(build, "-u", CDN)
    publish(build, "-u", CDN)

    assert sorted(p.name for p in local_static.iterdir() if p.is_file()) == [
        "main.css",
        "main.js",
        "webpack-stats.json",
    ]


def test_cdn_url_defaults_to_the_cdn_url_setting(build, local_static, settings):
    settings.CDN_URL = "https://static.example.org"

    publish(build)

    assert stats_of(build)["publicPath"] == "https://static.example.org"


def test_webpack_loader_serves_the_bundles_from_the_cdn(build, local_static):
    from webpack_loader.config import DEFAULT_CONFIG
    from webpack_loader.loaders import WebpackLoader

    loader_settings = configure_webpack(
        Env({"WEBPACK_REQUIRED": "true", "WEBPACK_STATS_FILE": str(build / "webpack-stats.json")})
    )["WEBPACK_LOADER"]["DEFAULT"]
    loader = WebpackLoader(
        "DEFAULT", {**DEFAULT_CONFIG["DEFAULT"], **loader_settings, "ignores": []}
    )

    publish(build, "-u", CDN)

    assert [chunk["url"] for chunk in loader.get_bundle("main")] == [
        f"{CDN}/main.js",
        f"{CDN}/main.css",
    ]


def test_without_a_cdn_url_the_command_says_how_to_give_one(build, local_static):
    with pytest.raises(CommandError, match="--cdn-url"):
        publish(build)


def test_without_a_stats_file_setting_the_command_names_it(build, local_static, settings):
    settings.WEBPACK_STATS_FILE = None

    with pytest.raises(CommandError, match="WEBPACK_STATS_FILE"):
        publish(build, "-u", CDN)


def test_a_missing_stats_file_is_named(build, local_static, settings, tmp_path):
    settings.WEBPACK_STATS_FILE = str(tmp_path / "nowhere.json")

    with pytest.raises(CommandError, match=r"nowhere\.json"):
        publish(build, "-u", CDN)


def test_a_missing_webpack_dir_is_named(build, local_static, tmp_path):
    with pytest.raises(CommandError, match="--webpack-dir"):
        publish(tmp_path / "no-build", "-u", CDN)


def test_short_and_long_flags_are_the_same(build, local_static):
    call_command(
        "cdn_publish", "--cdn-url", CDN, "--webpack-dir", str(build), "--storage-path", "x/"
    )

    assert (local_static / "x" / "main.js").exists()
