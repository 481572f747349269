"""Checks the code blocks of a Markdown file: every ```toml block parses
with tomllib, every ```json block with json; every ```lua block is written
to OUTDIR/N.lua for the caller to compile. Prints one line per block.
    blocks.py FILE.md OUTDIR"""
import json
import os
import re
import sys
import tomllib

FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.M | re.S)


def main(markdown, outdir):
    text = open(markdown, encoding="utf-8").read()
    failed = 0
    counts = {}
    for match in FENCE.finditer(text):
        lang, body = match.group(1), match.group(2)
        line = text.count("\n", 0, match.start()) + 1
        counts[lang] = counts.get(lang, 0) + 1
        try:
            if lang == "toml":
                tomllib.loads(body)
            elif lang == "json":
                json.loads(body)
            elif lang == "lua":
                name = os.path.join(outdir, "line%d.lua" % line)
                with open(name, "w", encoding="utf-8") as out:
                    out.write(body)
        except (tomllib.TOMLDecodeError, json.JSONDecodeError) as err:
            print("%s:%d: %s block: %s" % (markdown, line, lang, err))
            failed += 1
    print(" ".join("%s=%d" % (k or "plain", v) for k, v in sorted(counts.items())))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
