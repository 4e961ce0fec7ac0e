"""The `velkomst` command: `run` prints the address it serves on."""
import pytest

from velkomst.cli import address_url


@pytest.mark.parametrize("bind, url", [
    ("127.0.0.1:8000", "http://127.0.0.1:8000/"), ("127.0.0.1:8001", "http://127.0.0.1:8001/"),
    ("0.0.0.0:9000", "http://127.0.0.1:9000/"), (":8123", "http://127.0.0.1:8123/"), ("localhost:8080", "http://localhost:8080/"),
])
def test_run_prints_the_address_it_serves(bind, url):
    assert address_url(bind) == url
