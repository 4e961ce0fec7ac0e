"""A staff member's browser in a few lines of the standard library: cookies, the CSRF token, the login form.
And gunicorn started on 127.0.0.1 with a free port (nothing leaves the machine)."""
import http.client
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Browser:
    def __init__(self, port: int, timeout: float = 15):
        self.port, self.timeout = port, timeout
        self.cookies: dict[str, str] = {}
        self.connection = None

    def request(self, method: str, path: str, form: dict | None = None, headers: dict | None = None) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            if "csrftoken" in self.cookies:
                headers["X-CSRFToken"] = self.cookies["csrftoken"]
        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key.strip()] = rest.split(";", 1)[0]
        if response.getheader("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, text

    def login(self, username: str, password: str) -> None:
        status, page = self.request("GET", "/login/")
        token = CSRF_FIELD.search(page).group(1)
        status, _ = self.request("POST", "/login/", {"csrfmiddlewaretoken": token, "username": username, "password": password})
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login as {username} failed: {status}")

    def csrf(self, path: str) -> str:
        status, page = self.request("GET", path)
        match = CSRF_FIELD.search(page)
        return match.group(1) if match else self.cookies.get("csrftoken", "")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(env: dict, workers: int = 2, log=None) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = str(Path(sys.executable).parent / "gunicorn")
    process = subprocess.Popen(
        [gunicorn, "velkomst.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60", "--log-level", "warning"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log or subprocess.DEVNULL, stderr=log or subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/login/", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return process, port
        except OSError:
            time.sleep(0.3)
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
    process.kill()
    raise RuntimeError("gunicorn did not answer")
