#!/usr/bin/env python3
"""Check a page's DOM as headless Chromium left it after scripts ran
(`chromium --dump-dom`, on stdin) against the page kam wrote (PAGE, a file
in the site SITE): `domcheck.py SITE PAGE < dom`.

Prints one line per live payload and exits 1 when there is one:
- the title differs from the one kam wrote (a script ran and set it);
- an element that runs or loads code or styles exists (script, iframe,
  object, embed, style, form, base, frame, svg outside kam's pictures...);
- an attribute is an event handler (on*), or a style other than kam's
  meter widths;
- a URL attribute holds a scheme other than http, https or mailto, or a
  relative URL that leaves the site's folder;
- a class is not one of kam's stylesheet (a payload's class)."""
import os
import re
import sys
from html.parser import HTMLParser

ACTIVE = {"script", "iframe", "object", "embed", "style", "form", "base", "frame", "frameset",
          "applet", "template", "button", "textarea", "select", "math", "foreignobject", "animate",
          "set", "use", "image"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "background",
             "cite", "srcset", "ping"}
SCHEMES = {"http", "https", "mailto"}
STYLE_OK = re.compile(r"^width:\d{1,3}%$")


class Title(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inside = False
        self.title = ""

    def handle_starttag(self, tag, attrs):
        self.inside = tag == "title"

    def handle_endtag(self, tag):
        self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.title += data


def classes_of(css):
    return set(re.findall(r"\.([a-zA-Z][a-zA-Z0-9_-]*)", re.sub(r"url\([^)]*\)", "", css)))


class Dom(HTMLParser):
    def __init__(self, site, page, classes):
        super().__init__(convert_charrefs=True)
        self.site = os.path.realpath(site)
        self.dir = os.path.dirname(os.path.realpath(page))
        self.classes = classes
        self.problems = []
        self.svg_depth = 0
        self.title = ""
        self.in_title = False

    def problem(self, text):
        self.problems.append(text)

    def check_url(self, tag, name, value):
        v = re.sub(r"[\t\n\r]", "", value).lstrip(" \x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c"
                                                   "\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18"
                                                   "\x19\x1a\x1b\x1c\x1d\x1e\x1f")
        m = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", v)
        if m:
            if m.group(1).lower() not in SCHEMES:
                self.problem(f"<{tag} {name}={value!r}>: a {m.group(1)}: URL")
            return
        if v.startswith("//"):
            return
        path = v.split("#", 1)[0].split("?", 1)[0]
        if not path:
            return
        target = os.path.realpath(os.path.join(self.dir, path))
        if os.path.commonpath([target, self.site]) != self.site:
            self.problem(f"<{tag} {name}={value!r}>: leaves the site")

    def handle_starttag(self, tag, attrs):
        self.in_title = tag == "title"
        if tag == "svg":
            self.svg_depth += 1
        if tag in ACTIVE:
            self.problem(f"<{tag}> element")
        if tag == "link" and dict(attrs).get("rel") != "stylesheet":
            self.problem("<link> that is not kam's stylesheet")
        if tag == "meta" and "http-equiv" in dict(attrs):
            self.problem("<meta http-equiv>")
        if tag == "input" and dict(attrs).get("type") != "checkbox":
            self.problem("<input> that is not a task list box")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problem(f"<{tag} {name}=...>: an event handler")
            if name in URL_ATTRS:
                self.check_url(tag, name, value)
            if name == "style" and not STYLE_OK.match(value):
                self.problem(f"<{tag} style={value!r}>")
            if name == "class":
                for c in value.split():
                    if c not in self.classes and not c.startswith("language-"):
                        self.problem(f"<{tag} class={value!r}>: not a class of kam.css")

    def handle_endtag(self, tag):
        self.in_title = False
        if tag == "svg":
            self.svg_depth -= 1

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def main():
    site, page = sys.argv[1], sys.argv[2]
    with open(page, encoding="utf-8", errors="replace") as f:
        written = Title()
        written.feed(f.read())
    with open(os.path.join(site, "kam.css"), encoding="utf-8") as f:
        classes = classes_of(f.read()) | {"map", "chart", "person", "portfolio", "team", "strategy",
                                           "account", "health", "body", "route", "label", "stage",
                                           "attitude", "identify", "validate", "qualify", "propose",
                                           "negotiate", "won", "lost", "advocate", "supporter",
                                           "neutral", "skeptic", "opponent", "backlinks", "charts"}
    dom = Dom(site, page, classes)
    dom.feed(sys.stdin.read())
    if dom.title != written.title:
        dom.problem(f"title changed: {dom.title[:80]!r}")
    for p in dom.problems:
        print(f"{os.path.relpath(page, site)}: {p}")
    sys.exit(1 if dom.problems else 0)


if __name__ == "__main__":
    main()
