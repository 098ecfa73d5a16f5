from tests.fake_external_app import down_url, fake_app

__all__ = ["down_url", "fake_app"]
