"""What HTML a procedure may put in front of officers: one allow-list, one sanitiser.

The site passes the rendered HTML of every generated page through `sanitise` (nh3, the
binding of the Ammonia sanitiser), so whatever the Markdown says, no script, event
handler, dangerous URL (in any spelling: entities, `&colon;`, newlines) or refresh
`<meta>` reaches a page. `check` renders each body the way the site does and reports
what the same sanitiser removes (`removed_html`), so an editor learns of it with a line.

The allow-list keeps what the site legitimately renders: headings with ids, tables
(with their alignment), admonitions and details, task-list checkboxes, code, links,
images, `<mark>`, the page furniture of indexer.site (classes, `lang`, `aria-*`).
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser

import nh3
import yaml

TAGS = frozenset({
    "a", "abbr", "aside", "b", "blockquote", "br", "button", "caption", "cite", "code", "col",
    "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd", "label",
    "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section", "small", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u",
    "ul", "var", "wbr",
})  # fmt: skip
# Removed with their content: text inside them is code or styling, never reading matter.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object", "embed"})
EVERYWHERE = {"class", "id", "lang", "title", "dir", "hidden", "role", "aria-label", "aria-hidden",
              "aria-describedby", "aria-labelledby"}  # fmt: skip
ATTRIBUTES = {
    "*": EVERYWHERE,
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "th": {"style", "colspan", "rowspan", "scope"},
    "td": {"style", "colspan", "rowspan"},
    "ol": {"start", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "details": {"open"},
    "button": {"type"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "code": {"data-lang"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}  # the tables extension aligns columns this way
# Material finds its own configuration by id (`__config`, `__search`...): a body element
# with such an id would come first in the page and be read instead.
THEME_ID = re.compile(r"^__")

# What removing shows about intent: these could run code or take the reader elsewhere.
SCRIPT_TAGS = frozenset({
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
    "meta", "link", "base", "form", "textarea", "select", "template", "noscript", "portal",
})  # fmt: skip
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "srcset", "poster"})


LinkCheck = Callable[[str], bool]  # an address (href, src) -> may the page keep it?


def attribute_filter(keeps_link: LinkCheck | None) -> Callable[[str, str, str], str | None]:
    def allowed(element: str, attribute: str, value: str) -> str | None:
        if attribute == "id" and THEME_ID.match(value):
            return None
        if element == "input" and attribute == "type" and value != "checkbox":
            return None  # task lists are the only inputs the site renders
        if keeps_link is not None and attribute in URL_ATTRIBUTES and not keeps_link(value):
            return None
        return value

    return allowed


def make_cleaner(keeps_link: LinkCheck | None = None) -> nh3.Cleaner:
    """`keeps_link`, when given, also drops the addresses it refuses (the public edition's
    links to pages it does not hold)."""
    return nh3.Cleaner(
        tags=set(TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        attribute_filter=attribute_filter(keeps_link),
        strip_comments=True,
        link_rel=None,
        url_schemes=set(URL_SCHEMES),
        filter_style_properties=set(STYLE_PROPERTIES),
    )


@cache
def default_cleaner() -> nh3.Cleaner:
    return make_cleaner()


def sanitise(html: str, keeps_link: LinkCheck | None = None) -> str:
    """The HTML with everything outside the allow-list removed."""
    cleaner = default_cleaner() if keeps_link is None else make_cleaner(keeps_link)
    return cleaner.clean(html)


@dataclass(frozen=True)
class Removed:
    """One element or attribute the sanitiser took out of a rendered body."""

    tag: str
    attribute: str = ""  # empty when the whole element went
    value: str = ""

    @property
    def runs_code(self) -> bool:
        if not self.attribute:
            return self.tag in SCRIPT_TAGS
        return self.attribute.startswith("on") or self.attribute in URL_ATTRIBUTES or self.attribute == "id"

    def describe(self) -> str:
        if not self.attribute:
            return f"<{self.tag}>"
        if self.attribute in URL_ATTRIBUTES:
            return f"the address '{short(self.value)}'"
        if self.attribute == "id":
            return f"id '{self.value}' (the theme's own)"
        return f"the attribute '{self.attribute}'"

    def clues(self) -> list[str]:
        """Text that the Markdown source of this construct holds, for finding its line."""
        if not self.attribute:
            return [f"<{self.tag}"]
        if self.attribute in URL_ATTRIBUTES or self.attribute == "id":
            first = self.value.strip().split("\n")[0].strip()
            return [first[:24].lower(), first.split(":")[0][:8].lower(), self.attribute]
        return [self.attribute]


def short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class StartTags(HTMLParser):
    """Every start tag of a fragment as (tag, attribute, value) triples; (tag, "", "")
    stands for the element itself."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: Counter[Removed] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found[Removed(tag)] += 1
        for name, value in attrs:
            value = value or ""
            if name == "style":  # the sanitiser rewrites what it keeps: text-align:left
                value = re.sub(r"\s+", "", value).rstrip(";")
            self.found[Removed(tag, name, value)] += 1

    handle_startendtag = handle_starttag


def start_tags(html: str) -> Counter[Removed]:
    parser = StartTags()
    parser.feed(html)
    parser.close()
    return parser.found


def removed_html(html: str) -> list[Removed]:
    """What `sanitise` takes out of `html`, in the order the HTML holds it."""
    before = start_tags(html)
    gone = before - start_tags(sanitise(html))
    if not gone:
        return []
    order = list(before)
    # an element that went took its attributes with it: name the element alone
    elements = {item.tag for item in gone if not item.attribute}
    named = [item for item in gone.elements() if not item.attribute or item.tag not in elements]
    return sorted(named, key=order.index)


# --- rendering a body as the site does --------------------------------------------------


# What mkdocs.yml lists, for a `check` run where there is no mkdocs.yml to read (a test
# holds the two the same).
SITE_EXTENSIONS = ("toc", "admonition", "attr_list", "def_list", "md_in_html", "tables",
                   "pymdownx.details", "pymdownx.superfences", "pymdownx.tasklist")  # fmt: skip


class MkdocsYamlLoader(yaml.SafeLoader):
    """mkdocs.yml names Python objects (`!!python/name:` for the slugify function)."""


def python_name(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> object:
    import importlib

    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


MkdocsYamlLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", python_name)
# `!ENV [NAME, default]` settings are the plugin's, not the Markdown's: read as nothing.
MkdocsYamlLoader.add_constructor("!ENV", lambda loader, node: None)


@cache
def markdown_extensions() -> tuple[list[str], dict[str, dict]]:
    """The site's Markdown extensions and their settings, from mkdocs.yml."""
    from indexer.project import MKDOCS_YML, project_dir

    path = project_dir() / MKDOCS_YML
    if not path.is_file():  # an installed `ecm` checking a manual outside any project
        return list(SITE_EXTENSIONS), {}
    config = yaml.load(path.read_text("utf-8"), Loader=MkdocsYamlLoader)
    names: list[str] = []
    settings: dict[str, dict] = {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            ((name, options),) = item.items()
            names.append(name)
            settings[name] = options or {}
        else:
            names.append(item)
    return names, settings


# --- bodies that cannot render to anything the sanitiser removes -----------------------

# The configuration the proof below was made for: with any other extension or setting,
# every body is rendered. (The slugify setting is compared by name: mkdocs.yml names it.)
PROVEN_EXTENSIONS = (
    list(SITE_EXTENSIONS),
    {"toc": {"permalink": True, "slugify": "indexer.manual.sections.slugify"},
     "pymdownx.tasklist": {"custom_checkbox": True, "clickable_checkbox": True}},
)  # fmt: skip
# Raw HTML, autolinks and md_in_html need `<`; entities `&`; attribute lists `{`;
# fences (whose options add attributes) ``` or ~~~; a heading id the theme owns
# (`__config`) an underscore, as slugify keeps only letters, digits, `-`, `_` and spaces;
# `\` escapes and the control characters Markdown's placeholders use are left to the renderer.
UNSAFE_CHARS = re.compile(r"[<&{_\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|```|~~~")
# Every link and image is `](` followed by its address; one that is plain (a relative path
# without a scheme, or an http(s) address whose host the URL parser cannot refuse; Thai
# anchors) keeps its href and src through the sanitiser.
LINK_OPENING = re.compile(r"\]\(")
PLAIN_PATH = r"[A-Za-z0-9\u0e00-\u0e7f./#+=?-]*"
# The sanitiser drops an http(s) address it cannot parse: an empty host (`https://`,
# `http://#`), a number that is no IPv4 address (`https://999999999999`, `https://a.123`),
# punycode or Unicode IDNA refuses (`https://xn--a`, a Thai vowel opening a label). Plain
# hosts are ASCII labels of letters and digits joined by single hyphens, ending in letters.
PLAIN_HOST = r"(?:[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*\.)*[A-Za-z]+(?:-[A-Za-z0-9]+)*"
PLAIN_ADDRESS = re.compile(rf"\]\((?:https?://{PLAIN_HOST}(?:[/?#]{PLAIN_PATH})?|{PLAIN_PATH})\)")


def renders_only_allowed_html(body: str) -> bool:
    """True when the site's rendering of `body` provably holds nothing `sanitise` removes,
    so `check` need not render it. A cheap test of the raw text, always on the safe side.

    Without what UNSAFE_CHARS finds, Markdown with the PROVEN_EXTENSIONS makes only
    allowed elements (paragraphs, headings, lists, task-list checkboxes, tables aligned by
    style, admonitions, details, definition lists, quotes, code, emphasis, links, images)
    whose only attributes are classes, ids from slugify, list starts, alignment, the open
    state of details, and the addresses of links and images: reference definitions
    (`]:`) are left to the renderer, and every inline link's address must be plain.
    tests/site/test_html_safety.py renders a body with each of these constructs and
    holds the allow-list to it.
    """
    if UNSAFE_CHARS.search(body) or "]:" in body or not proven_configuration():
        return False
    return len(LINK_OPENING.findall(body)) == len(PLAIN_ADDRESS.findall(body))


@cache
def proven_configuration() -> bool:
    names, settings = markdown_extensions()
    named = {
        ext: {k: f"{v.__module__}.{v.__qualname__}" if callable(v) else v for k, v in options.items()}
        for ext, options in settings.items()
    }
    return (list(names), named) == PROVEN_EXTENSIONS


_RENDERERS = threading.local()


def render_body(body: str) -> str:
    """A procedure body as HTML, with the extensions the site uses (one renderer per
    thread, reset between bodies: loading the extensions costs more than rendering)."""
    renderer = getattr(_RENDERERS, "markdown", None)
    if renderer is None:
        import markdown

        names, settings = markdown_extensions()
        renderer = _RENDERERS.markdown = markdown.Markdown(extensions=names, extension_configs=settings)
    return renderer.reset().convert(body)
