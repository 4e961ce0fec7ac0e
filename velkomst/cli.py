"""The `velkomst` console command: Django's manage.py plus `run`, `demo` and `allocate`.

    velkomst run        migrate, load the demo data if the database is empty, serve with gunicorn and run one
                        background worker beside it (VELKOMST_WORKER=0: the server only)
    velkomst demo       (re)build the demo data
    velkomst allocate INSTANCE.json [--time-limit S] > PLAN.json
    velkomst <any manage.py command>
"""
import os
import signal
import subprocess
import sys
import time

ADDRESS = "127.0.0.1:8000"


def run(argv: list[str]) -> int:
    bind = argv[0] if argv else ADDRESS
    # The demo serves plain HTTP on this machine; production is HTTPS by default (docs/deployment.md).
    os.environ.setdefault("HTTPS", "false")
    # Deferred on purpose: DJANGO_SETTINGS_MODULE and HTTPS are set before Django is imported.
    import django
    from django.core.management import call_command  # deferred, as above

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo", if_empty=True)
    call_command("programme_daily", verbosity=0)  # placements and jobs begun since the last run set the cases' status
    call_command("collectstatic", interactive=False, verbosity=0)
    from velkomst.demo.users import DEMO_PASSWORD, DEMO_USERS  # deferred on purpose: needs django.setup()

    print(f"\nVelkomst runs on {address_url(bind)}  (Ctrl+C stops it)\n")
    print(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for username, role, _, _ in DEMO_USERS:
        print(f"  {username:<16} {role}")
    print(flush=True)
    workers = os.environ.get("WEB_CONCURRENCY") or str(web_workers())
    # No control socket: every server would share its one default path, and the first to stop would remove
    # the socket of the others; the demo is stopped with Ctrl+C, production by its process manager.
    server = [sys.executable, "-m", "gunicorn", "velkomst.wsgi:application", "--bind", bind, "--workers", workers,
              "--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT, "--no-control-socket"]
    if os.environ.get("VELKOMST_WORKER", "1").strip().lower() in {"0", "false", "no", "off"}:
        return os.execvp(sys.executable, server)  # the server only: background jobs wait for a worker started elsewhere
    print("One background worker runs beside the web server (VELKOMST_WORKER=0 leaves it out).", flush=True)
    return supervise(server, WORKER_COMMAND)


# The background worker of django-tasks' database backend: it takes queued jobs (relocation plans, large proposals)
# from the database. More workers, on this or other machines, run the same command against the same database.
WORKER_COMMAND = [sys.executable, "-m", "velkomst.cli", "db_worker", "--no-reload", "--interval", "1"]
WORKER_STOP_SECONDS = 60  # a worker asked to stop first finishes the job it runs (a relocation plan: up to ~30 s)


def supervise(server: list[str], worker: list[str], *, poll: float = 0.5, restart_after: float = 5.0) -> int:
    """Run the web server and a background worker side by side, as one command: Ctrl+C (or SIGTERM from a process
    manager) stops both, each gracefully, once; a worker that dies is started again; when the server ends, so does
    the worker. The children have their own process group, so the terminal's Ctrl+C reaches them only through here
    (a second SIGINT would make the worker abandon its job). Returns the server's exit code."""
    children = {"server": subprocess.Popen(server, start_new_session=True), "worker": subprocess.Popen(worker, start_new_session=True)}
    stopping: list[int] = []

    def stop(signum, frame):
        stopping.append(signum)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    worker_started = time.monotonic()
    try:
        while not stopping and children["server"].poll() is None:
            if children["worker"].poll() is not None and time.monotonic() - worker_started >= restart_after:
                print(f"The background worker stopped (exit code {children['worker'].returncode}); starting it again.", flush=True)
                children["worker"], worker_started = subprocess.Popen(worker, start_new_session=True), time.monotonic()
            time.sleep(poll)
    finally:
        for name in ("server", "worker"):
            if children[name].poll() is None:
                children[name].terminate()
        for name in ("server", "worker"):
            try:
                children[name].wait(timeout=WORKER_STOP_SECONDS)
            except subprocess.TimeoutExpired:
                children[name].kill()
                children[name].wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0 if stopping else (children["server"].returncode or 0)


# The server's request log names the path, never the query string or the referrer: a client may put a CPR number
# or a name in a query parameter (the API refuses it with 400, but gunicorn's default line would still write it).
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(M)sms'


def web_workers() -> int:
    """Gunicorn's web workers: one per core and one more (WEB_CONCURRENCY overrides it in `run`).

    Not gunicorn's general advice of 2 x cores + 1: that leaves room for workers that wait, and ours hardly do. A
    request's database waits are short, and the long work (proposals, plans, forecasts) runs in the background worker.
    bench/load.py at ten times Copenhagen on 2 cores: 3 workers met the p95 target of 300 ms in four runs of five
    (the slowest flow's p95 252-297 ms; 378 in the fifth), 5 workers missed it in both runs interleaved with them
    (419 and 443 ms) and in five of eight before, and used more CPU for fewer requests: the surplus processes only
    took turns on the cores."""
    return (os.cpu_count() or 1) + 1


def address_url(bind: str) -> str:
    """The address to open in a browser for a gunicorn bind: 0.0.0.0:8001 -> http://127.0.0.1:8001/, :9000 too."""
    host, _, port = bind.rpartition(":")
    if not host or host in ("0.0.0.0", "[::]", "::"):
        host = "127.0.0.1"
    return f"http://{host}:{port or 8000}/"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "velkomst.settings")
    command = argv[1] if len(argv) > 1 else "help"
    if command == "run":
        return run(argv[2:])
    if command == "allocate":
        # Deferred on purpose: the allocation command needs neither Django nor its start-up time.
        from velkomst.engine.cli import main as allocate

        return allocate(argv[2:])
    from django.core.management import execute_from_command_line  # deferred on purpose, as in run()

    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
