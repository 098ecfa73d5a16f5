from tests.fake_external_app import down_url, external_apps, fake_app, only_fake_app

__all__ = ["down_url", "external_apps", "fake_app", "only_fake_app"]
