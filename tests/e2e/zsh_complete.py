"""Complete a command line in a real interactive zsh (in a pseudo-terminal)
with the completion function in FPATH_DIR, and print the candidates zsh
found, sorted, one a line.

usage: zsh_complete.py FPATH_DIR 'kam check --format '
"""
import os
import pty
import select
import sys
import tempfile
import time

SETUP = r"""
PS1='' RPS1='' PROMPT_EOL_MARK=''
fpath=(%(dir)s $fpath)
autoload -U compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
compadd() {
	if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then
		builtin compadd "$@"
		return
	fi
	local -a __hits
	builtin compadd -A __hits "$@"
	(( $#__hits )) && print -rl -- $__hits >> %(capture)s
	builtin compadd "$@"
}
_capture_done() { print -r -- '--done--' >> %(capture)s }
comppostfuncs=(_capture_done)
print -r -- '--ready--' >> %(capture)s
"""


def read_capture(path):
    try:
        with open(path) as f:
            return f.read()
    except FileNotFoundError:
        return ""


def wait_for(path, marker, fd, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        if marker in read_capture(path):
            return True
        r, _, _ = select.select([fd], [], [], 0.1)
        if r:
            try:
                os.read(fd, 65536)
            except OSError:
                return False
    return False


def main():
    fpath_dir, line = sys.argv[1], sys.argv[2]
    capture = tempfile.mktemp(prefix="zsh-capture-")
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp("zsh", ["zsh", "-f", "-i"])
    setup = tempfile.NamedTemporaryFile("w", suffix=".zsh", delete=False)
    setup.write(SETUP % {"dir": fpath_dir, "capture": capture})
    setup.close()
    # sourced from a file: a tab typed at the prompt would complete
    os.write(fd, ("source %s\n" % setup.name).encode())
    if not wait_for(capture, "--ready--", fd):
        sys.exit("zsh did not start")
    os.remove(capture)
    os.remove(setup.name)
    os.write(fd, (line + "\t").encode())
    ok = wait_for(capture, "--done--", fd)
    os.write(fd, b"\x03exit\n")
    text = read_capture(capture)
    if os.path.exists(capture):
        os.remove(capture)
    if not ok:
        sys.exit("no completion")
    hits = sorted(set(l for l in text.split("\n") if l and l != "--done--"))
    print("\n".join(hits))


main()
