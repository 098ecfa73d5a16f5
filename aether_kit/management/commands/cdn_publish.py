"""``manage.py cdn_publish -u <cdn-url> -w <webpack-dir> [-s <storage-path>]``.

Uploads the built webpack bundles to the static files storage (a bucket when
``COLLECT_STATIC_FILES_ON_STORAGE`` is on) and points the webpack stats file
at the CDN, so pages link the published copies.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.core.management.base import BaseCommand, CommandError, CommandParser

from aether_kit.conf.kit_settings import kit_settings
from aether_kit.ops.storage import is_storage_unavailable


class Command(BaseCommand):
    help = (
        "Uploads webpack bundles to the static files storage and points the stats file at the CDN."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--cdn-url",
            "-u",
            dest="cdn",
            help="Public base URL of the published bundles (default: the CDN_URL setting).",
        )
        parser.add_argument(
            "--webpack-dir",
            "-w",
            dest="webpack",
            required=True,
            help="Directory with the built bundles; sub-directories are published too.",
        )
        parser.add_argument(
            "--storage-path",
            "-s",
            dest="storage",
            default="",
            help="Path inside the storage to publish under, e.g. '__assets__/my-app/'.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        cdn_url = (options["cdn"] or kit_settings.CDN_URL or "").rstrip("/")
        if not cdn_url:
            raise CommandError("No CDN URL: pass --cdn-url (-u) or set CDN_URL.")
        webpack_dir = Path(options["webpack"])
        if not webpack_dir.is_dir():
            raise CommandError(f"--webpack-dir {str(webpack_dir)!r} is not a directory.")
        prefix = options["storage"].strip("/")
        prefix = f"{prefix}/" if prefix else ""

        stats_file = self.stats_file()
        stats = self.with_public_paths(self.read_stats(stats_file), cdn_url)
        stats_bytes = json.dumps(stats).encode("utf-8")

        storage = storages["staticfiles"]
        count = 0
        for path in sorted(p for p in webpack_dir.rglob("*") if p.is_file()):
            name = prefix + path.relative_to(webpack_dir).as_posix()
            content = stats_bytes if path.resolve() == stats_file.resolve() else path.read_bytes()
            self.upload(storage, name, content)
            count += 1
            if options["verbosity"] >= 2:
                self.stdout.write(f"published {name}")

        # rewritten last: a failed upload leaves the stats pointing at the local files
        temporary = stats_file.with_name(stats_file.name + ".tmp")
        temporary.write_bytes(stats_bytes)
        os.replace(temporary, stats_file)
        self.stdout.write(
            f"Published {count} file(s) under '{prefix}'; bundles load from {cdn_url}"
        )

    def stats_file(self) -> Path:
        stats_file = kit_settings.WEBPACK_STATS_FILE
        if not stats_file:
            raise CommandError(
                "WEBPACK_STATS_FILE is not set: set WEBPACK_REQUIRED (and WEBPACK_STATS_FILE) "
                "and add configure_webpack() to the settings."
            )
        return Path(stats_file)

    def read_stats(self, stats_file: Path) -> dict[str, Any]:
        try:
            stats = json.loads(stats_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(
                f"The webpack stats file {str(stats_file)!r} does not exist."
            ) from None
        except (OSError, ValueError) as exc:
            raise CommandError(
                f"Cannot read the webpack stats file {str(stats_file)!r}: {exc}"
            ) from exc
        if not isinstance(stats, dict):
            raise CommandError(f"The webpack stats file {str(stats_file)!r} is not a JSON object.")
        return stats

    def with_public_paths(self, stats: dict[str, Any], cdn_url: str) -> dict[str, Any]:
        """Every bundle file gets ``publicPath`` at the CDN.

        webpack-bundle-tracker 1.x lists files under ``assets``; older versions
        (aether.sdk's) list file objects inside ``chunks``. Both are handled.
        """
        stats["publicPath"] = cdn_url
        files = list((stats.get("assets") or {}).values())
        for chunk in (stats.get("chunks") or {}).values():
            files.extend(item for item in chunk if isinstance(item, dict))
        for item in files:
            if isinstance(item, dict) and "name" in item:
                item["publicPath"] = f"{cdn_url}/{item['name']}"
        return stats

    def upload(self, storage: Storage, name: str, content: bytes) -> None:
        try:
            # publishing replaces: without this a file system storage would rename
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(content))
        except Exception as exc:
            if is_storage_unavailable(exc):
                raise CommandError(
                    f"The static files storage is unavailable; {name!r} was not published: {exc}"
                ) from exc
            raise
