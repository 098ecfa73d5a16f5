"""Find what a strict Content-Security-Policy would block in a page.

``script-src 'self'; style-src 'self'`` blocks inline ``<script>`` code,
``on…=`` handler attributes, ``javascript:`` links, ``<style>`` elements and
``style=`` attributes. :func:`inline_code` lists each of them, so a test can
assert a page has none: ``assert inline_code(response.content.decode()) == []``.
"""

from __future__ import annotations

from html.parser import HTMLParser

__all__ = ["inline_code"]

# <script> types that are data, never executed
DATA_SCRIPT_TYPES = frozenset({"application/json", "application/ld+json", "text/template"})


class _InlineCodeFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._script: tuple[int, int] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        line = self.getpos()[0]
        for name, value in values.items():
            if name.startswith("on"):
                self.found.append(f"line {line}: <{tag} {name}=…> event handler attribute")
            elif name == "style":
                self.found.append(f"line {line}: <{tag} style=…> inline style")
            elif name in ("href", "src", "action") and value.strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"line {line}: <{tag} {name}=javascript:…>")
        if tag == "style":
            self.found.append(f"line {line}: <style> element")
        executable = values.get("type", "").lower() not in DATA_SCRIPT_TYPES
        if tag == "script" and "src" not in values and executable:
            self._script = self.getpos()
            self._script_text = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            if "".join(self._script_text).strip():
                self.found.append(f"line {self._script[0]}: inline <script> code")
            self._script = None


def inline_code(html: str) -> list[str]:
    """Every inline script, handler or style in ``html``, as ``"line N: what"``."""
    finder = _InlineCodeFinder()
    finder.feed(html)
    finder.close()
    return finder.found
