"""Static files: only the files of `static/` as they were at start-up are ever opened or served."""
import os
import threading

import pytest

UP = "..%2f" * 12


def get_within(client, path, seconds=5):
    """GET `path` in a thread; the response, or None when it did not come within `seconds`."""
    answers = []
    worker = threading.Thread(target=lambda: answers.append(client.get(path)), daemon=True)
    worker.start()
    worker.join(seconds)
    return answers[0] if answers else None


def test_dev_zero_outside_static_is_a_404_at_once(app):
    response = get_within(app.test_client(), f"/static/{UP}dev%2fzero")
    assert response is not None, "the request read /dev/zero instead of answering"
    assert response.status_code == 404


def test_a_fifo_outside_static_is_a_404_at_once(app, tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    try:
        response = get_within(app.test_client(), f"/static/{UP}" + str(fifo).lstrip("/").replace("/", "%2f"))
        assert response is not None, "the request waited on a named pipe outside static/"
        assert response.status_code == 404
    finally:
        with open(os.open(fifo, os.O_RDWR | os.O_NONBLOCK), "w"):  # free a reader that may still wait
            pass


@pytest.mark.parametrize("name", ["%00", "x%00.css", "..%2fconfig.py", "..%2fREADME.md", "nothing-here.css"])
def test_odd_or_outside_names_are_404_not_500(app, name):
    assert app.test_client().get(f"/static/{name}").status_code == 404


def test_a_real_static_file_is_served_with_its_version_and_cached(app, graph):
    client = app.test_client()
    page = client.get("/").get_data(as_text=True)
    link = next(part.split('"')[0] for part in page.split('href="') if part.startswith("/static/") and "?v=" in part)
    response = client.get(link)
    assert response.status_code == 200 and response.data
    assert "immutable" in response.headers["Cache-Control"]
