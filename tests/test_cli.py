"""The `velkomst` command: `run` prints the address it serves on."""
import pytest

from velkomst.cli import address_url


@pytest.mark.parametrize("bind, url", [
    ("127.0.0.1:8000", "http://127.0.0.1:8000/"), ("127.0.0.1:8001", "http://127.0.0.1:8001/"),
    ("0.0.0.0:9000", "http://127.0.0.1:9000/"), (":8123", "http://127.0.0.1:8123/"), ("localhost:8080", "http://localhost:8080/"),
])
def test_run_prints_the_address_it_serves(bind, url):
    assert address_url(bind) == url


def test_the_server_s_request_log_never_writes_the_query_string_or_the_referrer():
    """A client may send ?cpr=... (the API answers 400); gunicorn's default line would still write it to the log."""
    from datetime import timedelta
    from types import SimpleNamespace

    from gunicorn.config import Config
    from gunicorn.glogging import Logger

    from velkomst.cli import ACCESS_LOG_FORMAT

    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/api/persons/?cpr=1705910152", "PATH_INFO": "/api/persons/",
               "QUERY_STRING": "cpr=1705910152", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
               "HTTP_REFERER": "http://127.0.0.1/people/?q=Oksana"}
    response = SimpleNamespace(status="400 Bad Request", headers=[], sent=12, response_length=12)
    request = SimpleNamespace(headers=[])
    atoms = Logger(Config()).atoms(response, request, environ, timedelta(milliseconds=3))
    line = ACCESS_LOG_FORMAT % atoms

    assert "/api/persons/" in line and "400" in line
    assert "1705910152" not in line and "Oksana" not in line


def test_each_server_runs_without_the_shared_control_socket_and_with_the_path_only_log(monkeypatch, capsys):
    """`velkomst run` starts gunicorn with no control socket (a second server would remove the first's on exit)
    and the request log that leaves out query strings; it prints the address it binds."""
    from django.core import management

    from velkomst import cli

    monkeypatch.setenv("HTTPS", "false")  # run() sets it for the demo; the test leaves the environment as it was
    monkeypatch.setenv("VELKOMST_WORKER", "0")  # the server alone is exec'd; with the worker, see below
    monkeypatch.setattr(management, "call_command", lambda *args, **kwargs: None)
    started = {}
    monkeypatch.setattr(cli.os, "execvp", lambda program, args: started.update(args=args))
    cli.run(["127.0.0.1:8123"])

    args = started["args"]
    assert "--no-control-socket" in args
    assert args[args.index("--access-logformat") + 1] == cli.ACCESS_LOG_FORMAT
    assert args[args.index("--bind") + 1] == "127.0.0.1:8123"
    assert "http://127.0.0.1:8123/" in capsys.readouterr().out


@pytest.mark.parametrize("concurrency, expected", [(None, "3"), ("7", "7")])
def test_the_server_runs_a_web_worker_per_core_and_one_more_unless_told(monkeypatch, capsys, concurrency, expected):
    """Not gunicorn's 2 x cores + 1: the long work runs in the background worker, and on 2 cores at ten times
    Copenhagen five web workers missed the load target that three met (`cli.web_workers`)."""
    from django.core import management

    from velkomst import cli

    monkeypatch.setenv("HTTPS", "false")
    monkeypatch.setenv("VELKOMST_WORKER", "0")
    if concurrency:
        monkeypatch.setenv("WEB_CONCURRENCY", concurrency)
    else:
        monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(cli.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(management, "call_command", lambda *args, **kwargs: None)
    started = {}
    monkeypatch.setattr(cli.os, "execvp", lambda program, args: started.update(args=args))
    cli.run(["127.0.0.1:8125"])
    assert started["args"][started["args"].index("--workers") + 1] == expected


def test_run_starts_one_background_worker_beside_the_server_unless_told_not_to(monkeypatch, capsys):
    from django.core import management

    from velkomst import cli

    monkeypatch.setenv("HTTPS", "false")
    monkeypatch.delenv("VELKOMST_WORKER", raising=False)
    monkeypatch.setattr(management, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(cli.os, "execvp", lambda program, args: pytest.fail("with a worker, the server is supervised, not exec'd"))
    supervised = {}
    monkeypatch.setattr(cli, "supervise", lambda server, worker: supervised.update(server=server, worker=worker) or 0)
    assert cli.run(["127.0.0.1:8124"]) == 0
    assert "gunicorn" in supervised["server"] and supervised["worker"][2:5] == ["velkomst.cli", "db_worker", "--no-reload"]
    assert "background worker" in capsys.readouterr().out


def test_the_supervisor_stops_the_worker_when_the_server_ends_and_restarts_a_worker_that_died(tmp_path):
    import subprocess
    import sys
    import time

    from velkomst import cli

    server = [sys.executable, "-c", "import time; time.sleep(1.5)"]
    sleeper = [sys.executable, "-c", f"import os, time; open({str(tmp_path / 'pid')!r}, 'w').write(str(os.getpid())); time.sleep(60)"]
    began = time.monotonic()
    assert cli.supervise(server, sleeper, poll=0.1) == 0
    assert time.monotonic() - began < 20  # the sleeping worker was stopped, not waited for
    pid = int((tmp_path / "pid").read_text())
    assert subprocess.run(["kill", "-0", str(pid)], capture_output=True).returncode != 0  # and is gone
    starts = tmp_path / "starts"
    dying = [sys.executable, "-c", f"open({str(starts)!r}, 'a').write('x')"]
    cli.supervise(server, dying, poll=0.1, restart_after=0.2)
    assert len(starts.read_text()) >= 3
