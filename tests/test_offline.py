"""Offline: the test suite cannot reach the network, and the app never opens a network socket.

The app is watched from outside: every command and an offscreen start of the window run in
processes with an audit hook installed by ``sitecustomize`` (every socket Python makes), and,
where ``strace`` is installed, under ``strace`` too (every socket the process makes, Qt's C++
included). Only AF_UNIX sockets are allowed (Qt and the C library talk to local services
through them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from xml.etree import ElementTree

import pytest

REPO = Path(__file__).resolve().parents[1]

WATCH = """
import os, socket, sys
_log = os.environ["GLOCAL_SOCKET_LOG"]
def _watch(event, args):
    what = None
    if event == "socket.__new__" and args[1] != socket.AF_UNIX:
        what = f"socket of family {args[1]}"
    elif event in ("socket.connect", "socket.sendto") and args[0].family != socket.AF_UNIX:
        what = f"{event} {args[1]!r}"
    elif event.startswith("socket.gethostby") or event == "socket.getaddrinfo":
        what = f"{event} {args[0]!r}"
    if what:
        with open(_log, "a") as log:
            log.write(what + "\\n")
sys.addaudithook(_watch)
"""

COMMANDS = """
import sys
from glocal_annotator.cli import main
folder = sys.argv[1]
p = folder + "/p.glocal"
for argv in [
    ["new", p],
    ["import", p, folder + "/a.txt", folder + "/b.md", folder + "/c.html"],
    ["code", p, "--doc", "a.txt", "--code", "Hybridization", "--quote", "river"],
    ["autocode", p, "--code", "Homogenization", "--pattern", "market", "--plain"],
    ["search", p, "river"],
    ["excerpts", p],
    ["export", p, folder + "/x.docx"],
    ["export", p, folder + "/x.csv"],
    ["export", p, folder + "/x.xlsx"],
    ["export-document", p, "--doc", "a.txt", folder + "/a.docx"],
    ["codebook", "export", p, folder + "/c.qdc"],
    ["codebook", "export", p, folder + "/c.docx"],
    ["codebook", "import", p, folder + "/c.qdc"],
    ["check", p],
    ["salvage", p, folder + "/saved.glocal"],
    ["demo", folder + "/demo.glocal"],
]:
    code = main(argv)
    assert code == 0, (argv, code)
print("all commands ran")
"""


def _watched(tmp_path: Path, argv: list[str], extra_env: dict[str, str]) -> list[str]:
    """Run ``argv`` with the watch installed; return what it saw (both watchers)."""
    site = tmp_path / "site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(WATCH, encoding="utf-8")
    log = tmp_path / "sockets.log"
    env = {
        **os.environ, **extra_env,
        "PYTHONPATH": f"{site}{os.pathsep}{REPO}",
        "GLOCAL_SOCKET_LOG": str(log),
        "GLOCAL_ANNOTATOR_DATA": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
    }
    trace = tmp_path / "strace.log"
    strace = shutil.which("strace")
    prefix = [strace, "-f", "-qq", "-e", "trace=socket", "-o", str(trace)] if strace else []
    result = subprocess.run([*prefix, sys.executable, *argv], cwd=tmp_path, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result
    seen = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    if strace:
        for line in trace.read_text(encoding="utf-8").splitlines():
            match = re.search(r"socket\((AF_\w+|\d+)", line)
            if match and match.group(1) != "AF_UNIX":
                seen.append(line)
    return seen


def test_no_command_opens_a_network_socket(tmp_path):
    (tmp_path / "a.txt").write_text("The river committee met on market day.\n", "utf-8")
    (tmp_path / "b.md").write_text("# Notes\nThe market sells local food.\n", "utf-8")
    (tmp_path / "c.html").write_text(
        "<html><body><p>A page with <img src='http://example.com/x.png'> an image and "
        "<a href='https://example.com'>a link</a> by the river.</p></body></html>", "utf-8")
    seen = _watched(tmp_path, ["-c", COMMANDS, str(tmp_path)], {})
    assert seen == []


def test_the_app_starts_and_quits_without_a_network_socket(tmp_path):
    subprocess.run([sys.executable, "-m", "glocal_annotator", "demo", str(tmp_path / "d.glocal")],
                   cwd=REPO, check=True, capture_output=True,
                   env={**os.environ, "PYTHONPATH": str(REPO),
                        "GLOCAL_ANNOTATOR_DATA": str(tmp_path / "data")})
    seen = _watched(tmp_path, ["-m", "glocal_annotator", str(tmp_path / "d.glocal")],
                    {"QT_QPA_PLATFORM": "offscreen", "GLOCAL_ANNOTATOR_QUIT_WHEN_SHOWN": "1"})
    assert seen == []


GUARDED = '''
import socket

def test_reaching_out_fails_even_when_the_error_is_caught():
    try:
        socket.create_connection(("192.0.2.1", 9), timeout=0.5)
    except OSError:
        pass

def test_a_name_lookup_fails():
    try:
        socket.getaddrinfo("example.com", 443)
    except OSError:
        pass

def test_local_sockets_are_allowed():
    first, second = socket.socketpair()
    first.close()
    second.close()
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    client = socket.create_connection(server.getsockname(), timeout=5)
    client.close()
    server.close()
'''


def test_the_suite_fails_a_test_that_reaches_the_network(tmp_path):
    """The guard every test runs under (tests/network_guard.py), tried on tests written to
    reach out."""
    (tmp_path / "test_reaching.py").write_text(textwrap.dedent(GUARDED), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.network_guard", "-p",
         "no:cacheprovider", "-p", "no:randomly", "--tb=short",
         f"--junitxml={tmp_path / 'report.xml'}", str(tmp_path / "test_reaching.py")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert "2 failed, 1 passed" in result.stdout, result.stdout
    report = ElementTree.parse(tmp_path / "report.xml")
    failures = {case.get("name"): case.find("failure").get("message", "")
                for case in report.iter("testcase") if case.find("failure") is not None}
    assert sorted(failures) == ["test_a_name_lookup_fails",
                                "test_reaching_out_fails_even_when_the_error_is_caught"]
    assert all("the test tried to reach the network" in message
               for message in failures.values()), failures
    assert "192.0.2.1" in result.stdout and "example.com" in result.stdout


@pytest.mark.skipif(not shutil.which("strace"), reason="strace is not installed here")
def test_the_outside_watch_would_see_a_socket(tmp_path):
    """The watch itself: a process that does open a network socket is seen."""
    seen = _watched(tmp_path, ["-c", "import socket; socket.socket().close()"], {})
    assert any("family" in line for line in seen) and any("AF_INET" in line for line in seen)
