"""What a portal page may contain under its Content-Security-Policy.

The policy (portal/settings/base.py, CONTENT_SECURITY_POLICY) allows only the portal's own
files and nothing inline. A browser would silently drop what breaks it, so a page could
look fine in a test client and be broken for the user; these checks read the HTML the way
the policy does and name every offence.
"""

import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

# Every answer of the portal (pages, redirects, refusals, downloads) carries these.
SECURITY_HEADERS = {
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# Attributes that make the browser fetch something (or submit to somewhere).
RESOURCE_ATTRIBUTES = {"src", "srcset", "action", "formaction", "poster", "data", "background", "ping"}
ELEMENTS_NEVER_ALLOWED = {"style", "iframe", "frame", "object", "embed", "applet", "base"}
DATA_BLOCK_TYPES = {"application/json", "application/ld+json"}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def header_problems(response: Any) -> list[str]:
    """Security headers missing from an answer, and whether a cache may keep it."""
    problems = [
        f"{name}: {response.get(name)!r}"
        for name, value in SECURITY_HEADERS.items()
        if response.get(name) != value
    ]
    if "no-store" not in response.get("Cache-Control", ""):
        problems.append(f"Cache-Control: {response.get('Cache-Control')!r}")
    return problems


def _directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def download_policy_problems(header: str | None) -> list[str]:
    """A downloaded file is sandboxed and may load nothing, should a browser ever render it."""
    directives = _directives(header or "")
    if "sandbox" in directives and directives.get("default-src") == ["'none'"]:
        return []
    return [f"download without a sandboxing Content-Security-Policy: {header}"]


def policy_problems(header: str | None) -> list[str]:
    """What is missing from, or too loose in, a page's Content-Security-Policy header."""
    if not header:
        return ["no Content-Security-Policy header"]
    directives = _directives(header)
    problems = []
    for name, value in REQUIRED_DIRECTIVES.items():
        if directives.get(name) != [value]:
            problems.append(f"{name} is {directives.get(name)}, expected {value}")
    loose = [word for words in directives.values() for word in words if word.startswith("'unsafe-")]
    if loose:
        problems.append(f"allows {sorted(set(loose))}")
    return problems


class _Auditor(HTMLParser):
    def __init__(self, own_host: str) -> None:
        super().__init__(convert_charrefs=True)
        self.own_host = own_host
        self.problems: list[str] = []

    def _foreign(self, url: str) -> bool:
        """True for a URL that leaves the portal (another host, or a scheme that is not a page)."""
        if not ABSOLUTE.match(url):
            return False
        parts = urlsplit(url.strip())
        if parts.scheme.lower() in ("http", "https", "") and parts.hostname == self.own_host:
            return False
        return parts.scheme.lower() not in ("mailto", "tel")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        where = f"<{tag}>"
        if tag in ELEMENTS_NEVER_ALLOWED:
            self.problems.append(f"{where} element")
        if tag == "script" and "src" not in values and values.get("type", "").lower() not in DATA_BLOCK_TYPES:
            self.problems.append("inline <script> without src")
        if tag == "meta" and values.get("http-equiv", "").lower() in ("refresh", "content-security-policy"):
            self.problems.append(f"<meta http-equiv={values['http-equiv']}>")
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"{where} event handler {name}=")
            if name == "style":
                self.problems.append(f'{where} style="{value[:40]}"')
            if name == "srcdoc":
                self.problems.append(f"{where} srcdoc=")
            if re.sub(r"[\s\x00-\x1f]", "", value).lower().startswith("javascript:"):
                self.problems.append(f"{where} {name}=javascript: URL")
            if name in RESOURCE_ATTRIBUTES or (name == "href" and tag == "link"):
                urls = [item.split()[0] for item in value.split(",") if item.split()]
                for url in urls if name == "srcset" else [value]:
                    if url.strip().lower().startswith("data:") or self._foreign(url):
                        self.problems.append(f"{where} {name}={url[:80]} is not the portal's own")
            elif name == "href" and self._foreign(value):
                self.problems.append(f"<{tag}> href={value[:80]} leads to another host")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)


def html_problems(html: str, own_host: str = "testserver") -> list[str]:
    """Everything in the page the Content-Security-Policy would block, or that reaches another host."""
    auditor = _Auditor(own_host)
    auditor.feed(html)
    auditor.close()
    return auditor.problems


class _Stylesheets(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in values.get("rel", "").split():
            self.hrefs.append(values.get("href", ""))


def stylesheets(html: str) -> tuple[str, ...]:
    """The stylesheets a page links, in order."""
    parser = _Stylesheets()
    parser.feed(html)
    parser.close()
    return tuple(parser.hrefs)


CSS_URL = re.compile(r"""url\(\s*["']?([^"')]*)""")
CSS_IMPORT = re.compile(r"""@import\s+["']([^"']*)""", re.IGNORECASE)


def stylesheet_problems(css: str, overridden: set[tuple[str, str]]) -> list[str]:
    """What a stylesheet loads that the policy blocks: another host, or a data: image that
    bootstrap-images.css does not replace by a file (same selector and property)."""
    from tests.security.bootstrap_images import data_urls

    urls = CSS_URL.findall(css) + CSS_IMPORT.findall(css)
    problems = [
        f"url({url[:60]}) is on another host"
        for url in urls
        if ABSOLUTE.match(url) and not url.startswith("data:")
    ]
    problems += [
        f"{selector} {{{prop}: data: URL}} has no file in bootstrap-images.css"
        for selector, prop, _url in data_urls(css)
        if (selector, prop) not in overridden
    ]
    return problems
