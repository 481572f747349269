"""Compare a QBR page of the rendered site with `kam diff --quarter Q
--format json`: the facts the page shows must be the report's, exactly.

usage: qbr_facts.py PAGE.html REPORT.json [EXPORT.csv...]
(prints what differs; exit 1)

Each story sentence carries kam diff's words in data-fact, compared word
for word; its visible text shows names. Given `kam export` tables
(opportunities, contacts, actions, contracts: account, x-crm-id, id, then
name, title or text), no visible sentence may show the id of something of
its account that has a name, and each name shown with an id on hover must
be for an id the sentence names.
"""
import csv
import html.parser
import json
import re
import sys

WORD = re.compile(r"[A-Za-z0-9._-]+")


class Facts(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.facts = []        # (fact, currency, text)
        self.stories = {}      # account -> [sentences] (data-fact: kam diff's words)
        self.shown = {}        # account -> [(visible text, [ids on hover])]
        self.in_progress = None
        self._fact = None      # [fact, currency, text] being read
        self._story = None     # account whose list is open
        self._item = None      # [visible text, ids on hover] of the <li> being read
        self._progress = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "li" and self._story is not None:
            self.stories[self._story].append(a.get("data-fact"))
            self._item = ["", []]
            return
        if self._item is not None and "title" in a:
            self._item[1].append(a["title"])
        if "data-fact" in a and a["data-fact"] == "in_progress":
            self.in_progress = ""
            self._progress = True
        elif "data-fact" in a:
            self._fact = [a["data-fact"], a.get("data-currency"), ""]
        if tag == "ul" and "story" in (a.get("class") or "").split():
            self._story = a["data-account"]
            self.stories.setdefault(self._story, [])
            self.shown.setdefault(self._story, [])

    def handle_endtag(self, tag):
        if tag == "td" and self._fact:
            self.facts.append(tuple(self._fact))
            self._fact = None
        if tag == "p" and self._progress:
            self._progress = False
        if tag == "li" and self._item is not None:
            self.shown[self._story].append(tuple(self._item))
            self._item = None
        if tag == "ul":
            self._story = None

    def handle_data(self, data):
        if self._fact:
            self._fact[2] += data
        if self._item is not None:
            self._item[0] += data
        if self._progress:
            self.in_progress += data


def number(text):
    return float(text.replace(",", "").replace("\u2212", "-"))


def named_ids(tables):
    """account -> {id: name} of the things kam export lists with a name."""
    ids = {}
    for path in tables:
        with open(path, encoding="utf-8", newline="") as f:
            for row in list(csv.reader(f))[1:]:
                if len(row) > 3 and row[3]:
                    ids.setdefault(row[0], {})[row[2]] = row[3]
    return ids


def check_names(p, ids, bad):
    for account, items in p.shown.items():
        known = ids.get(account, {})
        for (text, hovered), fact in zip(items, p.stories[account]):
            words = set(WORD.findall(text))
            for w in sorted(words | {w.rstrip(".") for w in words}):
                if w in known:
                    bad.append(f"{account}: shows id {w} (not {known[w]!r}): {text}")
            told = set(WORD.findall(fact or ""))
            for h in hovered:
                if h not in told:
                    bad.append(f"{account}: a name for {h}, not in {fact!r}")


def main(page, report, tables):
    p = Facts()
    with open(page, encoding="utf-8") as f:
        p.feed(f.read())
    with open(report, encoding="utf-8") as f:
        r = json.load(f)
    t = r["totals"]
    got = {}
    for fact, currency, text in p.facts:
        got.setdefault((fact, currency), []).append(number(text))
    bad = []

    def same(what, want, have):
        if want != have:
            bad.append(f"{what}: report {want!r}, page {have!r}")

    def one(fact, currency=None):
        v = got.get((fact, currency))
        return v[0] if v else None

    for key in ["accounts_changed", "won", "lost", "stage_forward", "stage_back"]:
        same(key, float(t[key]), one(key))
    same("new_opportunities", float(t["new_opportunities"]), one("new_opportunities"))
    same("slipped_out", float(t["slipped_out"]["deals"]), one("slipped_out"))
    lost_value = {}
    for row in t["lost_by_reason"]:
        lost_value[row["currency"]] = lost_value.get(row["currency"], 0) + row["value"]
    slipped = {m["currency"]: m["value"] for m in t["slipped_out"]["by_currency"]}
    for m in t["by_currency"]:
        c = m["currency"]
        for key in ["pipeline_before", "pipeline_after", "won_value"]:
            same(f"{key} {c}", round(m[key]), one(key, c))
        same(f"lost_value {c}", round(lost_value.get(c, 0)), one("lost_value", c))
        same(f"slipped_out_value {c}", round(slipped.get(c, 0)), one("slipped_out_value", c))
        # the bridge: from the report's start to its end, adding up
        same(f"bridge start {c}", round(m["pipeline_before"]), one("bridge_start", c))
        same(f"bridge end {c}", round(m["pipeline_after"]), one("bridge_end", c))
        same(f"bridge won {c}", round(m["won_value"]), one("bridge_won", c))
        same(f"bridge lost {c}", round(lost_value.get(c, 0)), one("bridge_lost", c))
        steps = [one(k, c) for k in ["bridge_start", "bridge_new", "bridge_increased",
                                     "bridge_decreased", "bridge_won", "bridge_lost"]]
        if None not in steps:
            total = steps[0] + steps[1] + steps[2] - steps[3] - steps[4] - steps[5]
            if abs(total - one("bridge_end", c)) > 3:  # each step rounded to a unit
                bad.append(f"bridge {c} does not add up: {steps} -> {total}")
    stories = {a["account"]: a["story"] for a in r["accounts"]}
    same("accounts told", sorted(stories), sorted(p.stories))
    for account, story in stories.items():
        same(f"story of {account}", story, p.stories.get(account))
    if r["in_progress"]:
        want = "In progress: the quarter so far, as of " + r["as_of"]["after"] + "."
        same("in progress", want, p.in_progress)
    else:
        same("in progress", None, p.in_progress)
    check_names(p, named_ids(tables), bad)
    for line in bad:
        print(line)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], sys.argv[3:]))
