from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests

from aether_kit.testing.servers import ServerThread


class Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "5")
        self.end_headers()
        self.wfile.write(b"hello")

    def log_message(self, format: str, *args: object) -> None:
        return


def test_server_answers_on_a_free_local_port_while_running():
    with ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), Hello), name="hello") as server:
        answer = requests.get(server.url, timeout=5)

    assert server.url.startswith("http://127.0.0.1:")
    assert answer.text == "hello"


def test_stopped_server_refuses_connections():
    with ServerThread(ThreadingHTTPServer(("127.0.0.1", 0), Hello), name="hello") as server:
        url = server.url

    with pytest.raises(requests.ConnectionError):
        requests.get(url, timeout=5)
