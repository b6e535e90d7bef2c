"""Code colours: the palette, telling colours apart, the overlap rule, siblings that differ."""

from __future__ import annotations

import itertools
import json

import pytest

from glocal_annotator import colors
from glocal_annotator.colors import (
    MIN_SIBLING_DISTANCE,
    PALETTE,
    distance,
    luminance,
    neighbour_colors,
    pick_color,
    print_fill,
    readable_fill,
    screen_fill,
)
from glocal_annotator.exporters import _wordml
from glocal_annotator.resources import resource
from tests.projects import empty_project


def test_palette_colours_are_distinct_light_and_well_formed():
    assert len(PALETTE) == len(set(PALETTE)) == 24
    for color in PALETTE:
        assert color.startswith("#") and len(color) == 7
        # black text on it has a WCAG contrast of at least 9:1
        assert (luminance(color[1:]) + 0.05) / 0.05 >= 9
        assert 0.4 <= luminance(color[1:]) <= 0.85  # and it still shows as a highlight


def test_distance_is_perceptual_oklab():
    assert distance("#FFFFFF", "#FFFFFF") == 0
    assert distance("#000000", "#FFFFFF") == pytest.approx(100, abs=0.1)  # OKLab L: 0 -> 1
    # a step of one in one channel is far below what anyone notices; two hues are far above it
    assert distance("#808080", "#818080") < 1
    assert distance("#F7A062", "#55C4FE") > 20


def _families(nodes):
    for node in nodes:
        yield node, node.get("children", [])
        yield from _families(node.get("children", []))


def test_default_codebook_siblings_and_families_are_told_apart():
    data = json.loads(resource("default_codebook.json").read_text(encoding="utf-8"))
    every = [n["color"] for n, _ in _families(data["codes"])]
    assert len(every) == len(set(every)) == 24  # each code its own colour
    top = [node["color"] for node in data["codes"]]
    groups = [top] + [
        [node["color"]] + [child["color"] for child in children]
        for node, children in _families(data["codes"])
        if children
    ]
    for group in groups:
        nearest = min(distance(a, b) for a, b in itertools.combinations(group, 2))
        assert nearest >= MIN_SIBLING_DISTANCE, group


def test_new_sibling_codes_get_colours_a_reader_tells_apart(tmp_path):
    with empty_project(tmp_path) as project:
        parent = project.add_code("Parent").result
        for number in range(6):
            project.add_code(f"Child {number}", parent)
        family = [project.code(parent).color] + [
            c.color for c in project.codes() if c.parent_id == parent
        ]
        nearest = min(distance(a, b) for a, b in itertools.combinations(family, 2))
        assert nearest >= MIN_SIBLING_DISTANCE
        # a second family prefers colours the codebook uses least
        other = project.add_code("Other").result
        for number in range(3):
            project.add_code(f"Other child {number}", other)
        used = [c.color for c in project.codes()]
        assert len(set(used)) == len(used) == 11


def test_siblings_repeat_a_colour_only_when_every_colour_is_taken(tmp_path):
    with empty_project(tmp_path) as project:
        top = [project.code(project.add_code(f"C{i}").result).color for i in range(24)]
        assert len(set(top)) == 24
        extra = project.code(project.add_code("C24").result).color
        assert extra in PALETTE


def test_pick_color_rules():
    assert pick_color([]) == PALETTE[0]
    # far enough from every neighbour, and the least used such colour first
    near = ["#FF958E", "#55C4FE"]
    chosen = pick_color(near)
    assert min(distance(chosen, n) for n in near) >= MIN_SIBLING_DISTANCE
    uses = {chosen: 5}
    second = pick_color(near, uses)
    assert second != chosen and min(distance(second, n) for n in near) >= MIN_SIBLING_DISTANCE
    # a crowded family: the farthest colour, never one of the neighbours' own
    crowded = list(PALETTE[:-1])
    assert pick_color(crowded) == PALETTE[-1]
    assert neighbour_colors("#aabbcc", ["#111111", "#222222", "#111111"]) == [
        "AABBCC", "111111", "222222",
    ]
    many = [f"#{n:06X}" for n in range(1000)]
    assert len(neighbour_colors(None, many)) == colors.MAX_NEIGHBOURS


def test_overlap_rule_screen_averages_print_multiplies():
    red, blue = "#F893BC", "#55C4FE"
    one = screen_fill([colors.channels(red)])
    assert one == colors.mix(colors.WHITE, colors.channels(red), colors.SINGLE_STRENGTH)
    both = screen_fill([colors.channels(red), colors.channels(blue)])
    average = [(a + b) / 2 for a, b in zip(colors.channels(red), colors.channels(blue),
                                           strict=True)]
    strength = colors.SINGLE_STRENGTH + colors.STEP_STRENGTH
    assert both == colors.mix(colors.WHITE, average, strength)
    # print: darker than either colour alone, never too dark for black text
    mixed = print_fill([red, blue])
    assert luminance(mixed) < min(luminance(readable_fill(red[1:])), luminance(blue[1:]))
    assert luminance(mixed) >= 0.3
    assert print_fill(["#1F4E5F"]) == readable_fill(readable_fill("1F4E5F"), 0.3)
    assert luminance(print_fill(["#000000"])) >= 0.3


def test_word_helpers_are_the_colour_module_helpers():
    """The helpers moved from the Word writer behave as before (same functions, same values)."""
    for name in ("hex_color", "luminance", "tint", "readable_fill", "blend"):
        assert getattr(_wordml, name) is getattr(colors, name)
    assert colors.hex_color("#85afe0") == "85AFE0" and colors.hex_color("nope") == "A6A6A6"
    assert colors.tint("000000", 0.5) == "808080"
    assert colors.blend(["FF0000", "00FF00"]) == "000000"
    assert colors.blend(["FFFFFF", "85AFE0"]) == "85AFE0"
    assert luminance(colors.readable_fill("1F4E5F")) >= 0.4
    assert colors.readable_fill("FFFFFF") == "FFFFFF"
