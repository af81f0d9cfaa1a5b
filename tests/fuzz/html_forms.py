"""The POST forms of a page, read with the standard library's HTML parser."""

from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

TEXT_TYPES = frozenset({"text", "search", "email", "url", "tel"})


@dataclass
class Field:
    tag: str  # input, select, textarea, button
    type: str  # the input type; "select" / "textarea" for those tags
    name: str
    value: str = ""
    options: list[str] = field(default_factory=list)
    multiple: bool = False
    checked: bool = False
    disabled: bool = False

    @property
    def free_text(self) -> bool:
        """A field where the user types text the page must keep on an error."""
        return self.tag == "textarea" or (self.tag == "input" and self.type in TEXT_TYPES)


@dataclass
class Form:
    action: str  # a path, resolved against the page
    enctype: str
    fields: list[Field] = field(default_factory=list)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({f.name for f in self.fields}))


class _Parser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None
        self._option: str | None = None
        self._option_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page, a.get("action") or self.page))
                path = action.path + (f"?{action.query}" if action.query else "")
                self._form = Form(path, a.get("enctype", ""))
                self.forms.append(self._form)
            else:
                self._form = None
            return
        if self._form is None:
            return
        name = a.get("name", "")
        disabled = "disabled" in a
        if tag == "input" and name:
            kind = a.get("type", "text").lower()
            if kind not in ("submit", "image", "reset", "button"):
                self._form.fields.append(
                    Field("input", kind, name, a.get("value", ""), checked="checked" in a, disabled=disabled)
                )
            elif kind == "submit":
                self._form.fields.append(Field("button", "submit", name, a.get("value", "")))
        elif tag == "button" and name and a.get("type", "submit") == "submit":
            self._form.fields.append(Field("button", "submit", name, a.get("value", "")))
        elif tag == "select" and name:
            self._select = Field("select", "select", name, multiple="multiple" in a, disabled=disabled)
            self._form.fields.append(self._select)
        elif tag == "option" and self._select is not None:
            self._option = a.get("value")
            self._option_text = []
            if "selected" in a:
                self._select.checked = True
        elif tag == "textarea" and name:
            self._textarea = Field("textarea", "textarea", name, disabled=disabled)
            self._form.fields.append(self._textarea)

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea.value += data
        if self._option is not None or self._select is not None:
            self._option_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option" and self._select is not None:
            value = self._option if self._option is not None else "".join(self._option_text).strip()
            self._select.options.append(value)
            self._option = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The HTML spec drops the newline right after <textarea>; Django writes one.
            if self._textarea.value.startswith("\r\n"):
                self._textarea.value = self._textarea.value[2:]
            elif self._textarea.value.startswith("\n"):
                self._textarea.value = self._textarea.value[1:]
            self._textarea = None


def post_forms(html: str, page: str) -> list[Form]:
    parser = _Parser(page)
    parser.feed(html)
    parser.close()
    return parser.forms
