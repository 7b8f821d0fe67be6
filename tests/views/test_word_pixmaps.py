"""The words' pixmap cache: one drawing per look and size, a stand-in past the budget, one
place that empties it; and a paint of the cloud that changes none of the view's state."""

from __future__ import annotations

import time

import pytest
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.cloud.motion import Pose, Word
from kiosk.cloud.values import Placement
from kiosk.views.cloud_view import CloudView
from kiosk.views.word_art import WordArt
from kiosk.views.word_pixmaps import WordPixmaps
from tests.views.test_cloud_view import FakeClock, many, stat
from tests.views.test_wall_cloud import shown

RED = "#E4572E"


def word(key: str = "delivery", size: float = 40.0) -> Word:
    placement = Placement(key, 100.0, 100.0, size, 0, 0.5 * size * len(key), 0.7 * size)
    return Word(stat(key, 10, complaints=10), RED, Pose(100.0, 100.0, size, 1.0), placement, ())


@pytest.fixture
def pixmaps(qapp: QApplication) -> WordPixmaps:
    return WordPixmaps(WordArt("Inter"))


def test_a_word_is_drawn_once_per_look_and_size(pixmaps: WordPixmaps) -> None:
    w = word()
    pix, size = pixmaps.art(w, RED, 1.0, None)
    assert size == 40.0 and not pix.isNull()
    assert pixmaps.art(w, RED, 1.0, None)[0] is pix
    assert pixmaps.art(w, "#2E86AB", 1.0, None)[0] is not pix
    assert pixmaps.art(w, RED, 2.0, None)[0] is not pix


def test_past_the_budget_a_resized_word_is_scaled_from_its_last_pixmap_and_drawn_again_whole(
    pixmaps: WordPixmaps,
) -> None:
    w = word()
    old, _ = pixmaps.art(w, RED, 1.0, None)
    w.pix_size = 60.0
    spent = time.perf_counter() - 1.0
    assert pixmaps.art(w, RED, 1.0, spent) == (old, 40.0)
    assert pixmaps.behind
    # A paint with time to spare draws the exact one, but perhaps over part of the word
    # only (a neighbour's repaint): the word is still owed a frame that draws it whole.
    image = QImage(200, 200, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    try:
        pixmaps.frame(painter, 1.0, time.perf_counter() + 60).draw(w, RED, 1.0)
    finally:
        painter.end()
    assert pixmaps.behind
    assert pixmaps.owed([word("other"), w]) == [w]
    assert not pixmaps.behind and pixmaps.owed([w]) == []
    exact, size = pixmaps.art(w, RED, 1.0, spent)
    assert size == 60.0 and exact is not old


def test_invalidate_forgets_every_pixmap(pixmaps: WordPixmaps) -> None:
    w = word()
    pix, _ = pixmaps.art(w, RED, 1.0, None)
    pixmaps.invalidate()
    # Nothing to stand in either: past the deadline the word is drawn anew.
    again, _ = pixmaps.art(w, RED, 1.0, time.perf_counter() - 1.0)
    assert again is not pix and not pixmaps.behind


def test_prune_keeps_the_pixmaps_of_the_words_on_screen(pixmaps: WordPixmaps) -> None:
    words = [word(f"word{i:02d}") for i in range(30)]
    kept = {w.key: pixmaps.art(w, RED, 1.0, None)[0] for w in words}
    pixmaps.prune(words[:5])
    assert all(pixmaps.art(w, RED, 1.0, None)[0] is kept[w.key] for w in words[:5])
    assert pixmaps.art(words[10], RED, 1.0, None)[0] is not kept[words[10].key]


def test_a_live_wall_keeps_no_look_a_word_no_longer_has(pixmaps: WordPixmaps) -> None:
    """Every new customer moves a word's mix of kinds: the cache must not keep each old look."""
    words = [word(f"word{i:02d}") for i in range(20)]
    for step in range(300):
        for i, w in enumerate(words):
            w.mix = ((RED, round(0.5 + (step + i) % 40 / 100, 3)), ("#2E86AB", 0.2))
            pixmaps.art(w, RED, 1.0, None)
        pixmaps.prune(words)
    assert len(pixmaps) <= 3 * len(words) + 16


def state_of(view: CloudView) -> dict[str, object]:
    motion = view._motion
    return {
        **{f"view.{k}": v for k, v in vars(view).items()},
        **{f"motion.{k}": v for k, v in vars(motion).items()},
        **{f"{w.key}.now": w.now for w in motion.words.values()},
        "moving": list(motion.moving),
        "drawn": dict(motion.drawn),
    }


def test_a_paint_in_the_middle_of_a_transition_changes_no_state_of_the_view(
    qtbot: QtBot,
) -> None:
    clock = FakeClock()
    view = shown(qtbot, clock)
    view.set_terms(many(40))
    view.flush()
    view.finish_animations()
    view.set_terms(many(40, prefix="other")[:10] + many(40)[:30])
    view.flush()
    clock.now += 0.3
    view.advance(clock.now)
    view.set_highlight("word001")
    assert view.animating and view.card_term == "word001"
    before = state_of(view)
    view.repaint()
    view.render(QImage(view.size(), QImage.Format.Format_ARGB32_Premultiplied))
    after = state_of(view)
    view.close()
    assert after.keys() == before.keys()
    changed = [k for k in before if after[k] is not before[k] and after[k] != before[k]]
    assert changed == []
