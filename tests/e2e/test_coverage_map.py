"""The coverage map in a real browser: readable by default, searchable, linked to the Trace."""

from __future__ import annotations

import re

import networkx as nx

from graph.ui.map_render import render_html
from tests.e2e.conftest import screenshot

K11 = "standard:criterion/K1.1"
WORDS = re.compile(r"[A-Za-z]{3,}.*\s.*[A-Za-z]{3,}")  # at least two words, not a bare code


def open_map(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("h1")
    map_frame(page)


def map_frame(page):
    """The frame of the pyvis network, once it is drawn."""
    page.frame_locator("iframe").first.locator("canvas").first.wait_for()
    frame = next(f for f in page.frames if f.url == "about:srcdoc")
    frame.wait_for_function("() => typeof network !== 'undefined' && network.body")
    return frame


def wait_for_focus(page, key: str):
    """The map's frame once it shows ``key`` in focus (the page redraws after a change)."""
    for _ in range(120):
        frame = map_frame(page)
        try:
            if frame.evaluate("() => typeof mapFocus !== 'undefined' ? mapFocus : null") == key:
                return frame
        except Exception:  # the frame was replaced while we asked
            pass
        page.wait_for_timeout(500)
    raise AssertionError(f"the map never showed {key} in focus")


def click_node(page, frame, node: str) -> None:
    """Click the middle of ``node`` on the map's canvas, as a person would."""
    page.locator("iframe").first.scroll_into_view_if_needed()
    x, y = frame.evaluate(f"""() => {{
        var at = network.canvasToDOM(network.getPosition({node!r}));
        var box = network.canvas.frame.canvas.getBoundingClientRect();
        return [box.left + at.x, box.top + at.y];
    }}""")
    origin = page.locator("iframe").first.bounding_box()
    page.mouse.click(origin["x"] + x, origin["y"] + y)


def wait_for_location(page, tail: str) -> None:
    """Wait until the app's address ends with ``tail`` (the app routes without a reload)."""
    page.wait_for_function(f"() => window.location.href.endsWith({tail!r})")


def labels(frame) -> list[dict]:
    return frame.evaluate("""() => network.body.data.nodes.get().map(
        n => ({id: n.id, label: n.label || '', size: (n.font && n.font.size) || 0}))""")


def test_the_default_map_is_a_readable_focus_view(page, app_url):
    open_map(page, f"{app_url}/coverage-map")
    frame = wait_for_focus(page, K11)
    nodes = labels(frame)
    assert 0 < len(nodes) <= 150
    readable = [n for n in nodes if WORDS.search(n["label"]) and n["size"] >= 14]
    assert len(readable) >= 0.8 * len(nodes), [n["label"] for n in nodes]
    assert frame.evaluate("() => network.getScale()") >= 0.9  # legible at the first zoom
    page.get_by_text("criterion-level mapping").first.wait_for()  # the legend, in words
    page.get_by_role("button", name="Highfield qualification").wait_for()  # a whole chip
    screenshot(page, "coverage-map-focus")


def test_the_search_finds_k11_and_the_map_centres_on_it(page, app_url):
    open_map(page, f"{app_url}/coverage-map?item=1")
    wait_for_focus(page, "standard:module/1")
    box = page.get_by_test_id("stSelectbox").first
    box.click()
    page.keyboard.type("difference between internal")
    page.get_by_role("option", name=re.compile(r"^K1\.1 Explain the difference")).click()
    frame = wait_for_focus(page, K11)
    frame.wait_for_function(f"""() => {{
        var at = network.getPosition({K11!r}), view = network.getViewPosition();
        return Math.abs(at.x - view.x) < 2 && Math.abs(at.y - view.y) < 2
            || network.getScale() >= 0.9 && network.getSelectedNodes()[0] === {K11!r};
    }}""")
    assert frame.evaluate("() => network.getSelectedNodes()") == [K11]
    page.get_by_text("In focus: K1.1 Explain the difference").first.wait_for()


def test_a_deep_link_opens_the_focus_view_ignoring_case(page, app_url):
    open_map(page, f"{app_url}/coverage-map?item=k1.1")
    wait_for_focus(page, K11)
    page.get_by_text("In focus: K1.1 Explain the difference").first.wait_for()


def test_clicking_a_node_opens_its_trace(page, app_url):
    open_map(page, f"{app_url}/coverage-map?item=K1.1")
    frame = wait_for_focus(page, K11)
    node = "highfield:unit/1/lo/1/ac/1.2"
    click_node(page, frame, node)
    # K1.1 is the Trace's first item, so the app may leave it out of the address
    page.wait_for_function("() => /\\/trace(\\?item=K1\\.1)?$/.test(window.location.href)")
    page.get_by_role("heading", name="Trace").wait_for()
    page.get_by_text("K1.1: Explain the difference between internal").first.wait_for()


def test_clicking_a_module_of_the_overview_opens_its_focus_view(page, app_url):
    open_map(page, f"{app_url}/coverage-map?view=Overview")
    frame = map_frame(page)
    for _ in range(60):
        if frame.evaluate("() => network.body.data.nodes.get('ncfe') !== null"):
            break
        page.wait_for_timeout(500)
        frame = map_frame(page)
    assert frame.evaluate("""() => network.body.data.nodes.get().filter(
        n => n.id.startsWith('standard:module/')).length""") == 18
    assert frame.evaluate("() => network.getScale()") >= 0.7  # the whole grid at once
    click_node(page, frame, "standard:module/3")
    wait_for_location(page, "/coverage-map?item=3")
    wait_for_focus(page, "standard:module/3")


def test_the_overview_shows_every_module_at_once(page, app_url):
    open_map(page, f"{app_url}/coverage-map?view=Overview")
    frame = map_frame(page)
    frame.wait_for_function("() => network.body.data.nodes.get('ncfe') !== null")
    screenshot(page, "coverage-map-overview", height=2100)  # the last step: it resizes


def test_a_script_label_stays_inert(page, app_url):
    attack = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
    graph = nx.DiGraph()
    graph.add_node("standard:criterion/K1.1", framework="standard", kind="Criterion",
                   notation="K1.1", label=attack, name=f"K1.1 {attack}")
    graph.add_node("q:ac/1", framework="q", kind="AssessmentCriterion", notation="1",
                   label=attack, name=attack)
    graph.add_edge("q:ac/1", "standard:criterion/K1.1", type="criterion")
    html = render_html(graph, {"standard:criterion/K1.1": (0, 0), "q:ac/1": (300, 0)},
                       {"q": "#0072B2"}, {"q": attack}, focus="standard:criterion/K1.1",
                       links={"q:ac/1": "trace?item=K1.1"})
    page.set_content(html)
    page.wait_for_function("() => typeof network !== 'undefined' && network.body")
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.pwned") is None
    assert page.evaluate("() => network.body.data.nodes.get('q:ac/1').label").startswith(
        "<script>window.pwned = 1</script>")  # drawn on the canvas as text
    x, y = page.evaluate("""() => {
        var p = network.canvasToDOM(network.getPosition('q:ac/1')); return [p.x, p.y];
    }""")
    page.mouse.move(x, y)
    page.locator("div.vis-tooltip").wait_for()
    assert "<script>" in page.locator("div.vis-tooltip").inner_text()  # shown as text
    assert page.evaluate("() => window.pwned") is None
