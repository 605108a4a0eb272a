"""The app answers on the demo alliance."""


def test_start_page_counts_the_demo_alliance(demo_client):
    page = demo_client.get("/")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "38" in text and "Partner" in text
