#!/usr/bin/python3
"""Write tests/compat/libgit2-VERSION/git2.h: the declarations, exactly as a
libgit2 release's own headers make them, of every libgit2 function kam calls.

    tests/compat/gen_libgit2_shim.py LIBGIT2_GIT_DIR TAG...

LIBGIT2_GIT_DIR is a clone of https://github.com/libgit2/libgit2; for each
TAG (v1.8.0, v1.9.7...) the tag's include/ folder is preprocessed as a
program that includes <git2.h> would see it (the default build: no
experimental SHA-256), and each function's declaration is copied from that.
tests/compat/libgit2.sh compiles kam's call sites against them."""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def kam_calls():
    """Every libgit2 function (declared by the installed <git2.h>) called in
    lib/ and cmd/ files that include it."""
    names = set()
    for folder in ("lib", "cmd"):
        for name in sorted(os.listdir(os.path.join(ROOT, folder))):
            if not name.endswith((".c", ".h")):
                continue
            text = open(os.path.join(ROOT, folder, name), encoding="utf-8").read()
            if "<git2.h>" not in text:
                continue
            names.update(re.findall(r"\b(git_[a-z0-9_]+)\s*\(", text))
    installed = subprocess.run(["cc", "-E", "-P", "-"], input=b"#include <git2.h>\n", check=True,
                               capture_output=True).stdout.decode()
    return sorted(n for n in names if re.search(r"\b" + n + r" ?\(", installed))


def preprocessed(git_dir, tag):
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "--git-dir", git_dir, "archive", tag, "include"],
                                 check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=archive, check=True)
        return subprocess.run(["cc", "-E", "-P", "-I", os.path.join(tmp, "include"), "-"],
                              input=b"#include <git2.h>\n", check=True,
                              capture_output=True).stdout.decode()


def declarations(source, names):
    found = {}
    for decl in re.split(r";", source):
        decl = " ".join(decl.split())
        m = re.search(r"\b(git_[a-z0-9_]+) ?\(", decl)
        if not m or m.group(1) not in names or not decl.startswith("extern"):
            continue
        if "typedef" in decl or decl.count("(") < 2:
            continue
        decl = decl.replace('__attribute__((visibility("default"))) ', "")
        decl = decl[decl.index("extern"):]
        found[m.group(1)] = decl + ";"
    return found


def version_of(tag):
    major, minor, revision = (int(x) for x in tag.lstrip("v").split("."))
    return major, minor, revision


def write(git_dir, tag, names):
    found = declarations(preprocessed(git_dir, tag), set(names))
    missing = [n for n in names if n not in found]
    major, minor, revision = version_of(tag)
    out = [f"/* libgit2 {tag[1:]}'s declarations of the functions kam calls, copied from",
           f" * that release's include/ by tests/compat/gen_libgit2_shim.py. Found",
           f" * first on the include path, this file stands in for <git2.h>: kam's call",
           f" * sites compile against these declarations instead of the installed",
           f" * headers' (which still provide the types); each function is renamed to",
           f" * kam_compat_NAME so its declaration can be replaced. */",
           "#ifndef KAM_COMPAT_GIT2_H", "#define KAM_COMPAT_GIT2_H",
           "#include_next <git2.h>", ""]
    for macro, value in (("MAJOR", major), ("MINOR", minor), ("REVISION", revision)):
        out += [f"#undef LIBGIT2_VER_{macro}", f"#define LIBGIT2_VER_{macro} {value}",
                f"#undef LIBGIT2_VERSION_{macro}", f"#define LIBGIT2_VERSION_{macro} {value}"]
    out.append("")
    for name in names:
        if name in found:
            out += [f"#define {name} kam_compat_{name}", found[name]]
    for name in missing:
        out.append(f"#error \"libgit2 {tag[1:]} has no {name}\"")
    out.append("#endif")
    os.makedirs(os.path.join(HERE, f"libgit2-{tag[1:]}"), exist_ok=True)
    path = os.path.join(HERE, f"libgit2-{tag[1:]}", "git2.h")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    print(path, len(found), "declarations", ("missing: " + " ".join(missing)) if missing else "")


def main():
    git_dir, tags = sys.argv[1], sys.argv[2:]
    names = kam_calls()
    for tag in tags:
        write(git_dir, tag, names)


main()
