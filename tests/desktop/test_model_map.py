"""Help > Model map: a diagram drawn from the model's declared structure; a click on a node
shows its label, definition, unit, value and source, and follows the session's run; it
exports to SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPushButton
from qt_helpers import find

from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_value
from core.engine.trace import node, trace
from core.formats.scenario import load_bundled
from core.model.structure import LOOPS, STOCK_DECLARATIONS, VARIABLES
from desktop.pytest_plugin import set_lever
from desktop.windows.model_map_window import ModelMapWindow, wrapped


def open_map(window, qtbot) -> ModelMapWindow:
    find(window, QAction, "help:model_map").trigger()
    map_window = window.findChild(ModelMapWindow, "model_map")
    assert map_window is not None
    qtbot.waitUntil(map_window.isVisible)
    return map_window


def click_node(map_window, qtbot, name: str) -> None:
    """Click the node where it is drawn on screen, as a user does."""
    item = map_window.scene.nodes[name]
    map_window.view.centerOn(item)
    point = map_window.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(map_window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)


def panel(map_window, name: str) -> str:
    return map_window.findChild(QLabel, f"model_map:{name}").text()


@pytest.mark.slow
def test_every_declared_stock_flow_and_auxiliary_is_a_node(window, qtbot):
    map_window = open_map(window, qtbot)
    assert set(map_window.scene.nodes) == {v.id for v in VARIABLES.values()}
    for stock in STOCK_DECLARATIONS:
        assert map_window.scene.nodes[stock].kind == "stock"
        assert map_window.scene.nodes[f"d_{stock}"].kind == "flow"
    rects = [item.sceneBoundingRect() for item in map_window.scene.nodes.values()]
    overlapping = [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:]
                   if a.adjusted(3, 3, -3, -3).intersects(b.adjusted(3, 3, -3, -3))]
    assert not overlapping


@pytest.mark.slow
def test_clicking_a_node_shows_its_label_definition_unit_value_and_source(window, qtbot):
    map_window = open_map(window, qtbot)
    click_node(map_window, qtbot, "us_power_gap_gw")
    assert map_window.selected == "us_power_gap_gw"
    results = window.session.results
    expected = OUTPUTS["us_power_gap_gw"].format(results.central("us_power_gap_gw")[-1], "GW")
    assert panel(map_window, "unit") == "Unit: GW"
    assert expected in panel(map_window, "value") and results.months[-1] in panel(
        map_window, "value")
    assert "US power gap (wanted − connected)" in panel(map_window, "name")
    assert panel(map_window, "definition") == (
        "US load wanted (US chips running abroad included) minus connected capacity; above 0 "
        "a shortfall.")
    tooltip = map_window.scene.nodes["us_power_gap_gw"].toolTip()
    assert "US power gap (wanted − connected)" in tooltip and "a shortfall" in tooltip
    assert "[S0]" in panel(map_window, "source")
    links = map_window.findChild(type(map_window.links_text), "model_map:links").toPlainText()
    assert node("us_power_demand_gw").label in links
    assert node("power_gap_capex_busd").label in links
    assert len(map_window.curve.getData()[1]) == len(results.months)
    # a node that is not an output has its value too, from the traced run
    click_node(map_window, qtbot, "us_headroom_gw")
    assert map_window.selected == "us_headroom_gw" and "us_headroom_gw" not in OUTPUTS
    assert "GW" in panel(map_window, "value") and "–" not in panel(map_window, "value")


@pytest.mark.slow
def test_the_value_follows_a_lever_and_the_chosen_month(window, qtbot):
    map_window = open_map(window, qtbot)
    click_node(map_window, qtbot, "us_dc_capacity_gw")
    before = panel(map_window, "value")
    assert set_lever(window, "us_grid_connection_delay_months", 60) == 60
    qtbot.waitUntil(lambda: panel(map_window, "value") != before, timeout=3000)
    now = window.session.results.central("us_dc_capacity_gw")[-1]
    assert format_value(now, "GW") in panel(map_window, "value")
    slider = map_window.month_slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    first = window.session.results.months[0]
    assert first in panel(map_window, "value")
    assert format_value(window.session.results.central("us_dc_capacity_gw")[0], "GW") in \
        panel(map_window, "value")


@pytest.mark.slow
def test_choosing_a_loop_highlights_its_links_and_marks_it(window, qtbot):
    map_window = open_map(window, qtbot)
    loops = map_window.findChild(QListWidget, "model_map:loops")
    row = next(i for i, loop in enumerate(LOOPS) if loop.kind == "R")
    item = loops.item(row)
    loops.scrollToItem(item)
    qtbot.mouseClick(loops.viewport(), Qt.MouseButton.LeftButton,
                     pos=loops.visualItemRect(item).center())
    loop = LOOPS[row]
    assert loops.currentRow() == row and item.text().startswith("R1")
    lit = {(e.source.name, e.target.name) for e in map_window.scene.edges if e.highlighted}
    assert lit == set(zip(loop.path, loop.path[1:] + loop.path[:1], strict=True))
    assert "reinforcing" in panel(map_window, "name")
    dimmed = {name for name, node in map_window.scene.nodes.items() if node.dimmed}
    assert dimmed == set(map_window.scene.nodes) - set(loop.path)


@pytest.mark.slow
def test_the_map_exports_to_svg_with_every_node(window, qtbot, tmp_path):
    map_window = open_map(window, qtbot)
    target = tmp_path / "map.svg"
    map_window.choose_svg_path = lambda: str(target)
    qtbot.mouseClick(find(map_window, QPushButton, "model_map:export_svg"),
                     Qt.MouseButton.LeftButton)
    root = ElementTree.parse(target).getroot()
    assert root.tag.endswith("svg")
    texts = {"".join(element.itertext()).strip() for element in root.iter()
             if element.tag.endswith("text")}
    for name in map_window.scene.nodes:
        assert set(wrapped(node(name).label)) <= texts, name
    assert "Feedback loops (R reinforcing, B balancing)" in texts


@pytest.mark.slow
def test_a_bad_export_name_is_refused_with_a_message(window, qtbot, tmp_path):
    map_window = open_map(window, qtbot)
    errors = []
    map_window.show_error = errors.append
    map_window.choose_svg_path = lambda: str(tmp_path / "map.png")
    qtbot.mouseClick(find(map_window, QPushButton, "model_map:export_svg"),
                     Qt.MouseButton.LeftButton)
    assert errors and ".svg" in errors[0]
    assert not (tmp_path / "map.png").exists()


@pytest.mark.slow
def test_typing_a_name_or_a_label_in_the_find_box_chooses_that_node(window, qtbot):
    map_window = open_map(window, qtbot)
    box = find(map_window, QLineEdit, "model_map:find")
    box.setFocus()
    qtbot.keyClicks(box, "us_backlog_ratio")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert map_window.selected == "us_backlog_ratio"
    assert map_window.scene.nodes["us_backlog_ratio"].isSelected()
    assert "US backlog of unpowered chips" in panel(map_window, "name")
    box.clear()
    qtbot.keyClicks(box, "US free power")  # its plain label: "US free power capacity"
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert map_window.selected == "us_headroom_gw"
    box.clear()
    qtbot.keyClicks(box, "no such variable")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert map_window.selected is None and "No variable" in panel(map_window, "name")


@pytest.mark.slow
def test_clicking_empty_space_clears_the_panel(window, qtbot):
    map_window = open_map(window, qtbot)
    click_node(map_window, qtbot, "us_unmet_gw")
    assert node("us_unmet_gw").label in panel(map_window, "name")
    regulation = map_window.scene.nodes["us_regulatory_friction"].sceneBoundingRect()
    map_window.view.centerOn(regulation.center())
    empty = map_window.view.mapFromScene(regulation.center().x(), regulation.bottom() + 2)
    qtbot.mouseClick(map_window.view.viewport(), Qt.MouseButton.LeftButton, pos=empty)
    assert map_window.selected is None and not any(e.highlighted
                                                   for e in map_window.scene.edges)
    assert panel(map_window, "value") == "" and "Click a node" in panel(map_window, "name")


@pytest.mark.slow
def test_a_backcast_shows_values_from_its_first_month(window, qtbot):
    backcast = load_bundled("baseline").model_copy(update={"start": "2022-01"})
    window.session.load(backcast, None)
    window.session.flush()
    map_window = open_map(window, qtbot)
    click_node(map_window, qtbot, "us_headroom_gw")
    slider = map_window.month_slider
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)
    assert "Value in 2022-01" in panel(map_window, "value")
    traced = trace(backcast)["us_headroom_gw"]
    assert format_value(traced[0], "GW") in panel(map_window, "value")
    assert len(map_window.curve.getData()[1]) == len(window.session.results.months)
