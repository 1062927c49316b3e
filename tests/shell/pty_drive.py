#!/usr/bin/env python3
"""pty_drive.py SHELL [-d SECONDS] [-n] CHUNK... - runs SHELL on a pseudo-terminal
(so it is interactive and edits lines), types each CHUNK (Python escapes: \\r,
\\x1b[D, \\x03 ...) and then waits for the shell to print a prompt ending in
"$ " or "> " (-n: do not wait after the next chunk; -d: pause that long), then
prints everything the terminal showed, followed by a last line "exit=N" with the
shell's exit status. A Ctrl-D is typed after the last chunk.
Used by tests/shell/run.sh for the line editor; host only."""
import codecs
import os
import pty
import select
import sys
import time


def main():
    shell = sys.argv[1]
    chunks = []
    args = sys.argv[2:]
    i = 0
    while i < len(args):
        if args[i] == "-d":
            chunks.append(("delay", float(args[i + 1])))
            i += 2
        elif args[i] == "-n":
            chunks.append(("nowait", codecs.decode(args[i + 1], "unicode_escape")))
            i += 2
        else:
            chunks.append(("keys", codecs.decode(args[i], "unicode_escape")))
            i += 1
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(shell, [shell])
    out = bytearray()

    def pump(timeout):
        r, _, _ = select.select([fd], [], [], timeout)
        if not r:
            return False
        try:
            data = os.read(fd, 65536)
        except OSError:
            return None
        if not data:
            return None
        out.extend(data)
        return True

    def write_all(data):
        # the shell echoes while it reads: keep reading so that neither side blocks
        while data:
            r, w, _ = select.select([fd], [fd], [], 5.0)
            if r and pump(0) is None:
                return
            if w:
                n = os.write(fd, data[:512])
                data = data[n:]

    def wait_prompt(limit=5.0):
        end = time.time() + limit
        mark = len(out)
        while time.time() < end:
            tail = bytes(out[mark:]) if len(out) > mark else bytes(out[-2:])
            if tail.endswith(b"$ ") or tail.endswith(b"> "):
                # settle: nothing more arriving
                if pump(0.05) is False:
                    return
                continue
            if pump(0.1) is None:
                return

    wait_prompt()
    for kind, val in chunks:
        if kind == "delay":
            end = time.time() + val
            while time.time() < end:
                if pump(0.05) is None:
                    break
            continue
        write_all(val.encode("latin-1"))
        if kind == "keys":
            wait_prompt()
    # end it: Ctrl-D on the (empty) line, unless it has exited already
    try:
        os.write(fd, b"\x04")
    except OSError:
        pass
    end = time.time() + 5
    status = None
    while time.time() < end and status is None:
        eof = pump(0.1) is None
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = st
            while pump(0.05):
                pass
        elif eof:
            time.sleep(0.05)
    if status is None:
        os.kill(pid, 9)
        _, status = os.waitpid(pid, 0)
    sys.stdout.write(out.decode("latin-1"))
    code = os.waitstatus_to_exitcode(status) if hasattr(os, "waitstatus_to_exitcode") else status >> 8
    sys.stdout.write("\nexit=%d\n" % code)


main()
