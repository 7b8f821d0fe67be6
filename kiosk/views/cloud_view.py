"""The living cloud: words sized by customers, coloured by kind, gliding between layouts.

The view takes frozen snapshots of term statistics (``set_terms``), measures each word with
Qt, and asks a worker for a layout (``kiosk.cloud.layout_cloud``); when the layout comes back
every word glides, grows, recolours, fades in or fades out over about 0.8 s, all driven by one
frame clock. Each word is a cached pixmap, so a frame is a list of blits, and a frame
repaints only where something moves: a live feed that changes no word's size or place costs
no frame at all (a wall runs for weeks; every idle frame is heat and power).

The widget wires the parts to events, focus, timers and the layout worker: where words are
and go is ``kiosk.cloud.motion`` (Qt-free), their pixmaps ``kiosk.views.word_pixmaps``, the
legend and a word's card ``kiosk.views.cloud_overlays``.

Keyboard: Tab walks the words from the largest down, Enter opens the focused one. The
widget's accessible description names the focused word with its counts, so a screen reader
hears "delivery: 41 customers, 30 complaints, ...".
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QColor,
    QFocusEvent,
    QHideEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QRegion,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from kiosk.cloud import LayoutOptions, LayoutResult, LayoutTerm, Placement, Size
from kiosk.cloud.motion import TRANSITION_SECONDS, Mix, Motion, Pose, Word, drift_at
from kiosk.cloud.presentation import (
    accessible_name,
    dominant_kind,
    is_rising,
    kind_mix,
)
from kiosk.settings import Settings
from kiosk.values import TermStat
from kiosk.views.cloud_overlays import Legend, WordCard, card_word
from kiosk.views.layout_worker import Executor, LayoutRequest, LayoutWorker, synchronous
from kiosk.views.palette import CloudPalette, cloud_palette
from kiosk.views.word_art import MARGIN, WordArt
from kiosk.views.word_pixmaps import WordBlits, WordPixmaps

__all__ = ["CARD_SECONDS", "TRANSITION_SECONDS", "CloudView", "image_for", "render_cloud_to_image"]

log = logging.getLogger("kiosk.cloud")


_FRAME_MS = 16
# The drift moves at most about one pixel a second (see motion.DRIFT_SHARE): one tick a second
# keeps it as smooth as it can be and costs nothing.
_IDLE_FRAME_MS = 1000
_COALESCE_MS = 150
# Time a frame may spend drawing word pixmaps at new sizes before it scales old ones instead.
_PIXMAP_BUDGET = 0.004
# Opacity of the other words while "find a word" picks one out.
_FADED = 0.22
# On the wall a tapped word shows its card this long; nothing stays up where a pointer rests.
CARD_SECONDS = 6
# Past this share of the view, one rectangle repaints faster than many small ones.
_FULL_REPAINT_SHARE = 0.45
# Past this many rectangles too: each is clipped and sent to the X server on its own (the
# first frame of a 4K 300-word relayout, ~1800 of them, took 95 ms; repainted whole, 82 ms).
_MAX_REGION_RECTS = 600
# How far a word's pixels reach past its tight box: the pixmap's margin, a pixel a scaled
# blit smears, and the rounding to whole pixels.
_REACH = MARGIN + 2.0


class _Sweep(NamedTuple):
    """Where a transition's moving words go, and the words drawn there."""

    # The box around each moving word's start and end (every box in between lies in it),
    # with the pixels it reaches past its edges.
    region: QRegion
    # Every word drawn there, bottom to top: a frame of the transition draws only these;
    # each with the pixels it may touch when it stays in place (None for a moving word).
    drawn: list[tuple[Word, QRect | None]]


class CloudView(QWidget):
    """The word cloud of the wall screen.

    Args:
        parent: the owning widget.
        executor: runs layout jobs; default a worker thread, tests pass ``synchronous``.
        clock: seconds for animation, default ``time.monotonic`` (benchmarks pass their own).
        coalesce_ms: how long to gather a burst of updates before one relayout.
        font_family: the family of the words (the app registers the bundled Inter).
        seed: varies the arrangement of new words.
        instant_when_hidden: while not shown, lay out at once and skip the animation, so
            ``grab()`` or ``render()`` of a hidden window shows the finished cloud.

    Signals:
        term_activated(str): a word was clicked, or Enter was pressed on it; the term key.
        layout_applied(): a new layout reached the screen (its animation may still run).
    """

    term_activated = Signal(str)
    layout_applied = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        executor: Executor | None = None,
        clock: Callable[[], float] | None = None,
        coalesce_ms: int = _COALESCE_MS,
        font_family: str = "Inter",
        seed: int = 0,
        instant_when_hidden: bool = True,
    ) -> None:
        super().__init__(parent)
        self._now = clock or time.monotonic
        self._seed = seed
        self._instant_when_hidden = instant_when_hidden
        self._shown = False
        self._art = WordArt(font_family)
        self._palette: CloudPalette = cloud_palette()
        self._vertical = False
        self._drift_enabled = True
        self._max_words = 150
        # On the wall: the smallest word as a share of the height, and a bigger legend.
        self._min_font_share: float | None = None
        # The wall: no hover (nobody holds a mouse there); a tap shows a word's card a while.
        self._wall = False

        self._snapshot: tuple[TermStat, ...] = ()
        self._stats: dict[str, TermStat] = {}
        # The words on screen and the transition between layouts.
        self._motion = Motion()
        self._focus_order: list[str] = []
        self._placements: Mapping[str, Placement] = {}
        self._dropped: tuple[str, ...] = ()
        self._layout_canvas: Size | None = None
        self._request_id = 0
        self._origins: dict[int, tuple[float, float]] = {}
        self._pixmaps = WordPixmaps(self._art)
        self._legend = Legend(font_family)
        self._card = WordCard(font_family)
        # Where the frame last asked for draws the card: a frame that moves it repaints
        # there too.
        self._card_drawn: QRectF | None = None
        # Where the moving words go and the words drawn there: a frame of the transition
        # paints only these.
        self._swept: _Sweep | None = None

        self._drift = QPointF(0.0, 0.0)
        self._hover: str | None = None
        self._tapped: str | None = None
        self._highlight: str | None = None
        self._pressed: str | None = None
        self._focus_index: int | None = None
        # Whether the keyboard put the focus where it is: only then does the focused word show
        # its card. A word clicked keeps the ring, not a card that stayed after its panel
        # closed, over the words around it (helper-49).
        self._focus_by_keys = False

        self._worker = LayoutWorker(executor, self)
        self._worker.layout_finished.connect(self._on_worker_layout_finished)
        self._worker.layout_failed.connect(self._on_worker_layout_failed)

        self._relayout_timer = QTimer(self)
        self._relayout_timer.setSingleShot(True)
        self._relayout_timer.setInterval(coalesce_ms)
        self._relayout_timer.timeout.connect(self._on_relayout_timer_timeout)

        self._card_timer = QTimer(self)
        self._card_timer.setSingleShot(True)
        self._card_timer.setInterval(CARD_SECONDS * 1000)
        self._card_timer.timeout.connect(self._on_card_timer_timeout)

        # The one frame clock: every word's animation and the idle drift step on its tick.
        self._clock = QTimer(self)
        self._clock.setTimerType(Qt.TimerType.PreciseTimer)
        self._clock.timeout.connect(self._on_clock_timeout)

        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Word cloud")
        self.setAccessibleDescription("No words yet")
        self.setMinimumSize(240, 160)

    # --- public API ---------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        """A 16:9 default."""
        return QSize(960, 540)

    def set_terms(self, stats: Sequence[TermStat]) -> None:
        """Show a new snapshot of term statistics; bursts are gathered into one relayout."""
        self._snapshot = tuple(stats)
        ranked = sorted(stats, key=lambda s: (-s.customers, s.key))
        self._stats = {s.key: s for s in ranked[: self._max_words] if s.customers > 0}
        self._schedule_relayout()

    def apply_settings(self, settings: Settings) -> None:
        """Take the display options: palette, theme, vertical words, idle drift, max words."""
        palette = cloud_palette(str(settings["display.palette"]), str(settings["display.theme"]))
        vertical = bool(settings["display.vertical_words"])
        wall = settings.wall
        max_words = int(settings["wall.max_words" if wall else "display.max_words"])
        min_share = float(settings["wall.min_word_height"]) / 100 if wall else None
        if min_share != self._min_font_share:
            self._min_font_share = min_share
            self._schedule_relayout()
        self._legend.scale = 1.4 if wall else 1.0
        self._drift_enabled = bool(settings["display.idle_drift"])
        self._wall = settings.wall
        if self._wall:
            self._hover = None
        if not self._drift_enabled:
            self._drift = QPointF(0.0, 0.0)
        relayout = vertical != self._vertical or max_words != self._max_words
        self._vertical = vertical
        if max_words != self._max_words:
            self._max_words = max_words
            self.set_terms(self._snapshot)
        if palette != self._palette:
            self._palette = palette
            self._recolour()
        if relayout:
            self._schedule_relayout()
        self._update_clock()
        self._repaint()

    def flush(self) -> None:
        """Start the pending relayout now instead of waiting for the burst to end."""
        if self._relayout_timer.isActive():
            self._relayout_timer.stop()
            self._request_layout()

    def finish_animations(self) -> None:
        """Jump every word to where its animation ends."""
        if not self._motion.animating:
            return
        self._finish()
        self._end_motion()
        self._update_clock()
        self._repaint()

    def shutdown(self) -> None:
        """Stop the clocks and wait for a running layout, so nothing outlives the view."""
        self._relayout_timer.stop()
        self._clock.stop()
        self._card_timer.stop()
        self._worker.wait()

    @property
    def placements(self) -> Mapping[str, Placement]:
        """The latest layout, in canvas coordinates, largest word first."""
        return self._placements

    @property
    def dropped(self) -> tuple[str, ...]:
        """Terms of the latest layout that did not fit even at the smallest readable size."""
        return self._dropped

    @property
    def animating(self) -> bool:
        """Whether a transition is running."""
        return self._motion.animating

    @property
    def focused_term(self) -> str | None:
        """The key of the keyboard-focused word."""
        if self._focus_index is None or self._focus_index >= len(self._focus_order):
            return None
        return self._focus_order[self._focus_index]

    @property
    def hovered_term(self) -> str | None:
        """The key of the word under the mouse."""
        return self._hover

    @property
    def card_term(self) -> str | None:
        """The key of the word whose card is shown, if any."""
        word = self._card_word()
        return word.key if word is not None else None

    def terms_in_focus_order(self) -> list[str]:
        """The keys Tab walks through, largest word first."""
        return list(self._focus_order)

    def accessible_name_for(self, key: str) -> str:
        """What a screen reader says for a word."""
        return accessible_name(self._stats[key])

    @property
    def highlighted_term(self) -> str | None:
        """The key of the word "find a word" picked out, if it is in the cloud."""
        return self._highlight if self._highlight in self._motion.words else None

    def set_highlight(self, key: str | None) -> None:
        """Pick a word out (the others fade back) and show its card; None shows all again."""
        if key == self._highlight:
            return
        self._highlight = key
        self._repaint()

    def word_rect(self, key: str) -> QRectF | None:
        """The word's tight box in widget coordinates as drawn now, or None when absent."""
        word = self._motion.words.get(key)
        if word is None or word.leaving:
            return None
        return _rect(word).translated(self._drift)

    def advance(self, now: float) -> None:
        """Move every animation and the drift to a moment (each tick of the frame clock).

        Only the words drawn differently from the last frame that showed them are repainted,
        where each was and where it is, so a word growing by a pixel over the whole
        transition repaints a few times, not every tick; between transitions the drift
        scrolls what is drawn.
        """
        motion = self._motion
        running = motion.animating
        self._advance(now)
        changes = motion.take_changes() if running else []
        if self._pixmaps.behind:
            changes += [(w, motion.shown(w)) for w in self._pixmaps.owed(motion.draw_order)]
        if not motion.animating and motion.moving:
            self._end_motion()
        rects = self._rects_of(changes)
        # The drift waits while a transition runs: a step then would repaint the whole view
        # (a 4K frame over budget), and at a pixel a second nobody sees it wait.
        if self._drift_enabled and not running:
            drift = QPointF(*drift_at(now, self.width(), self.height(), self.devicePixelRatioF()))
            if drift != self._drift:
                moved, self._drift = drift - self._drift, drift
                if rects or not self._scroll_by(moved):
                    self._repaint()
                return
        self._update_region(rects)

    def _scroll_by(self, moved: QPointF) -> bool:
        """Move the drawn cloud by the drift's step without repainting it; False when it
        cannot (a card, a ring or a part pixel would not move with it)."""
        dx, dy = moved.x(), moved.y()
        if dx != round(dx) or dy != round(dy) or self._card_word() is not None:
            return False
        if self._highlight or (self.hasFocus() and self.focused_term) or self._hover:
            return False
        legend_top = round(self._legend.top(self.size()))
        # The legend stays where it is: scroll what is above it, repaint the legend's strip
        # (a word drifting down may reach into it).
        self.scroll(round(dx), round(dy), QRect(0, 0, self.width(), legend_top))
        self.update(QRect(0, legend_top - 2, self.width(), self.height() - legend_top + 2))
        return True

    def _rects_of(
        self, changes: Iterable[tuple[Word, Pose]], was: Mapping[int, QRectF] | None = None
    ) -> list[QRect]:
        """The rectangles to repaint for words that change: each where it was shown and where
        it is now (with its ring or highlight, if it has one), and the card's.

        Args:
            changes: the words, each with the pose it was last shown in.
            was: boxes the words were shown in before their box changed, by ``id``.
        """
        rects: list[QRect] = []
        ringed = {self._hover, self._tapped, self._highlight, self.focused_term}
        shown = self._motion.shown
        dx, dy = self._drift.x(), self._drift.y()
        for word, last in changes:
            pose = shown(word)
            pad = _REACH
            if word.key in ringed:
                pad += 0.25 * max(pose.size, last.size)
            # In plain numbers: this runs for every word that changes, every tick.
            l1, t1, w1, h1 = word.box_at(last)
            l2, t2, w2, h2 = word.box_at(pose)
            left, top = min(l1, l2), min(t1, t2)
            right, bottom = max(l1 + w1, l2 + w2), max(t1 + h1, t2 + h2)
            before = was.get(id(word)) if was is not None else None
            if before is not None:
                left, top = min(left, before.left()), min(top, before.top())
                right, bottom = max(right, before.right()), max(bottom, before.bottom())
            x0, y0 = math.floor(left + dx - pad), math.floor(top + dy - pad)
            x1, y1 = math.ceil(right + dx + pad), math.ceil(bottom + dy + pad)
            rects.append(QRect(x0, y0, x1 - x0, y1 - y0))
        if not rects:
            return rects
        card = self._card_word()
        if card is not None:
            place = self._card_place(card, self.devicePixelRatioF())[1]
            rects.append(place.toAlignedRect().adjusted(-1, -1, 1, 1))
        if self._card_drawn is not None:
            rects.append(self._card_drawn.toAlignedRect().adjusted(-1, -1, 1, 1))
        return rects

    def _update_region(self, rects: Sequence[QRect]) -> None:
        """Repaint the rectangles: around a few words, or the whole view when most moves."""
        whole = self.width() * self.height()
        if not rects or whole <= 0:
            return
        area = sum(r.width() * r.height() for r in rects)
        if area > _FULL_REPAINT_SHARE * whole:
            # Most of the view: one rectangle is cheaper than many small ones.
            self._repaint()
            return
        region = _united(rects)
        if region.rectCount() > _MAX_REGION_RECTS:
            self._repaint()
            return
        self._note_card()
        self.update(region)

    def _repaint(self) -> None:
        """Repaint the whole view."""
        self._note_card()
        self.update()

    def _card_word(self) -> Word | None:
        """The word whose card shows: hovered, tapped, focused, or found."""
        focused = self.focused_term if self.hasFocus() and self._focus_by_keys else None
        words = self._motion.words
        return card_word(words, self._hover, self._tapped, focused, self._highlight)

    def _card_place(self, word: Word, dpr: float) -> tuple[QPixmap, QRectF]:
        """Return the word's card and where it goes: beside the word, where there is room."""
        anchor = _rect(word).translated(self._drift)
        return self._card.place(anchor, self.size(), word.stat, self._palette, dpr)

    def _note_card(self) -> None:
        """Note where the frame asked for draws the card, so that a later frame moving it
        repaints there too (noted here, not in paint: a paint changes no state)."""
        card = self._card_word()
        shown = None if card is None else self._card_place(card, self.devicePixelRatioF())[1]
        self._card_drawn = shown

    # --- layout requests ------------------------------------------------------------------------

    def _instant(self) -> bool:
        # Not isVisible(): QWidget.render() marks a hidden widget visible while it paints.
        return self._instant_when_hidden and not self._shown

    def _schedule_relayout(self) -> None:
        if self._instant():
            self._relayout_timer.stop()
            self._request_layout()
        elif not self._relayout_timer.isActive():
            # Not restarted on every update: a steady stream must not postpone the layout forever.
            self._relayout_timer.start()

    @Slot()
    def _on_relayout_timer_timeout(self) -> None:
        self._request_layout()

    def _canvas_rect(self) -> QRectF:
        w, h = float(self.width()), float(self.height())
        margin = round(0.015 * min(w, h))
        legend = self._legend.height(self.size())
        return QRectF(margin, margin, w - 2 * margin, h - 2 * margin - legend)

    def _request_layout(self) -> None:
        area = self._canvas_rect()
        self._request_id += 1
        rid = self._request_id
        self._origins = {rid: (area.x(), area.y())}
        boxes = {k: self._art.text_box(s.label) for k, s in self._stats.items()}
        request = LayoutRequest(
            id=rid,
            terms=tuple(LayoutTerm(k, s.customers) for k, s in self._stats.items()),
            canvas=Size(max(area.width(), 0.0), max(area.height(), 0.0)),
            boxes=boxes,
            previous=self._placements or None,
            previous_canvas=self._layout_canvas,
            seed=self._seed,
            options=LayoutOptions(
                vertical_words=self._vertical,
                min_font=None
                if self._min_font_share is None
                else self._min_font_share * max(area.height(), 0.0),
            ),
            rising=frozenset(k for k, s in self._stats.items() if is_rising(s)),
            mixed=frozenset(k for k, s in self._stats.items() if kind_mix(s)),
        )
        if self._instant():
            self._worker.run_now(request)
        else:
            self._worker.submit(request)

    @Slot(int, object)
    def _on_worker_layout_finished(self, request_id: int, result: object) -> None:
        if not isinstance(result, LayoutResult) or request_id != self._request_id:
            return  # an older request's (helper-40 saw one raise on the wall)
        area = self._canvas_rect()
        if Size(max(area.width(), 0.0), max(area.height(), 0.0)) != result.canvas:
            # The view changed size while this was laid out (shrunk for a panel and back):
            # its words would not fit the room there is now. The fitted picture stays on
            # screen until the layout for this size comes.
            self._schedule_relayout()
            return
        origin = self._origins.get(request_id, (0.0, 0.0))
        self._apply_layout(result, origin, animate=not self._instant())

    @Slot(int, str)
    def _on_worker_layout_failed(self, request_id: int, error: str) -> None:
        log.error("cloud layout %d failed: %s; keeping the current cloud", request_id, error)

    def _apply_layout(
        self, result: LayoutResult, origin: tuple[float, float], animate: bool
    ) -> None:
        now = self._now()
        if self._motion.animating:
            self._advance(now)
        # Where each word is drawn now: its box changes when its arrow or mix bar comes or
        # goes, and the first frame of the new layout must clear the old one.
        was = {id(w): _rect(w, self._motion.shown(w)) for w in self._motion.words.values()}
        # The words this layout changes on screen; the rest keep their pixels untouched.
        moving = self._motion.arrive(result.placements, self._stats, origin, self._look)
        self._placements = result.placements
        self._dropped = result.dropped
        self._layout_canvas = result.canvas
        focused = self.focused_term
        self._focus_order = list(result.placements)
        self._focus_index = (
            self._focus_order.index(focused)
            if focused is not None and focused in result.placements
            else None
        )
        self._pixmaps.prune(self._motion.words.values())
        if self._tapped not in result.placements:
            self._tapped = None
        log.debug(
            "layout %d: %d words, %d change on screen",
            self._request_id,
            len(self._motion.words),
            len(moving),
        )
        # A word whose mix of kinds changed keeps its place: it is drawn again, once.
        self._update_region(self._rects_of(((w, w.now) for w in self._motion.restyled), was))
        if not moving and not self._motion.animating:
            # Nothing moves on screen (counts moved, no word's size or place did): no
            # transition; only a card on screen shows the new counts.
            if self._card_word() is not None:
                self._repaint()
            self.layout_applied.emit()
            return
        self._motion.start(moving, now)
        self._swept = self._sweep(moving)
        if not animate:
            self._finish()
            self._end_motion()
            self._update_clock()
            self._repaint()
        else:
            self._update_clock()
            self._update_region(self._rects_of(((w, w.now) for w in moving), was))
        self.layout_applied.emit()

    def _sweep(self, moving: Sequence[Word]) -> _Sweep:
        """The area the moving words cross, and the words drawn there."""
        # Every box on a word's route lies in the box around both its ends (kiosk.cloud.routes).
        region = _united(_reach(_rect(w, w.start).united(_rect(w, w.end))) for w in moving)
        ids = frozenset(id(w) for w in moving)
        touched: list[tuple[Word, QRect | None]] = []
        for word in self._motion.draw_order:
            if id(word) in ids:
                touched.append((word, None))
            elif region.intersects(near := _reach_of(word, word.now)):
                touched.append((word, near))
        return _Sweep(region, touched)

    def _end_motion(self) -> None:
        self._motion.end()
        self._swept = None

    @property
    def _moving(self) -> list[Word]:
        """The words the running transition changes; a frame repaints only around them."""
        return self._motion.moving

    def _look(self, stat: TermStat) -> tuple[str, Mix]:
        """Return a term's colour and mix bar in the current palette."""
        return self._palette.kind(dominant_kind(stat)), self._mix_of(stat)

    def _mix_of(self, stat: TermStat) -> tuple[tuple[str, float], ...]:
        """Return the word's mix bar as (colour, share) pairs, or () when it shows none."""
        return tuple((self._palette.kind(k), round(share, 3)) for k, share in kind_mix(stat))

    def _recolour(self) -> None:
        self._pixmaps.invalidate()
        self._swept = None
        self._motion.recolour(self._look, self._now())
        if self._instant():
            self._finish()

    # --- animation ----------------------------------------------------------------------------

    def _advance(self, now: float) -> None:
        gone = self._motion.advance(now)
        if gone is not None:
            self._transition_ended(gone)

    def _finish(self) -> None:
        """Jump every word to where the running transition ends."""
        gone = self._motion.finish()
        if gone is not None:
            self._transition_ended(gone)

    def _transition_ended(self, gone: Sequence[str]) -> None:
        # One more tick at frame rate, so pixmaps postponed by the budget get drawn.
        self._pixmaps.owe_frame()
        if self._hover in gone:
            self._hover = None
        if self._tapped in gone:
            self._tapped = None
        self._pixmaps.prune(self._motion.words.values())

    def _update_clock(self) -> None:
        if not self._shown:
            self._clock.stop()
            return
        busy = self._motion.animating or self._pixmaps.behind
        interval = _FRAME_MS if busy else _IDLE_FRAME_MS
        if busy or self._drift_enabled:
            if not self._clock.isActive() or self._clock.interval() != interval:
                self._clock.start(interval)
        else:
            self._clock.stop()

    @Slot()
    def _on_clock_timeout(self) -> None:
        self.advance(self._now())
        self._update_clock()

    # --- painting -----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint background, words, focus, hover details and legend."""
        painter = QPainter(self)
        try:
            self._paint(painter, event.region())
        finally:
            painter.end()

    def _paint(self, painter: QPainter, region: QRegion) -> None:
        palette = self._palette
        painter.fillRect(region.boundingRect(), QColor(palette.background))
        device = painter.device()
        dpr = device.devicePixelRatioF() if device is not None else self.devicePixelRatioF()
        painter.save()
        painter.translate(self._drift)
        hover = self._motion.words.get(self._hover or self._tapped or "")
        if hover is not None:
            self._paint_highlight(painter, hover)
        found = self._motion.words.get(self._highlight) if self._highlight else None
        # The pixmaps carry their own antialiasing; the hint would send every blit down the
        # raster engine's general path, three times slower (benchmarks/bench_frames.py).
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self._paint_words(painter, region, dpr, found)
        painter.setOpacity(1.0)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if found is not None and not found.leaving:
            self._paint_ring(painter, found, 0.18, 0.05)
        focused = self._motion.words.get(self.focused_term or "")
        if focused is not None and self.hasFocus():
            self._paint_ring(painter, focused, 0.15, 0.04)
        painter.restore()
        self._legend.paint(painter, self.size(), palette, dpr)
        detail = self._card_word()
        if detail is not None:
            card, place = self._card_place(detail, dpr)
            painter.drawPixmap(place.topLeft(), card)

    def _paint_highlight(self, painter: QPainter, word: Word) -> None:
        """Draw the rounded highlight under the hovered or tapped word."""
        pose = self._motion.shown(word)
        pad = 0.12 * pose.size
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(self._palette.highlight))
        painter.drawRoundedRect(_rect(word, pose).adjusted(-pad, -pad, pad, pad), pad, pad)

    def _paint_words(
        self, painter: QPainter, region: QRegion, dpr: float, found: Word | None
    ) -> None:
        """Blit the words in the region, bottom to top; the others fade while one is found."""
        # Words wholly outside the area being repainted are not drawn (a frame of a
        # transition repaints only around the words that change).
        seen = region.translated(-round(self._drift.x()), -round(self._drift.y()))
        whole = region.rectCount() == 1 and region.boundingRect().contains(self.rect())
        e = self._motion.progress(self._now())
        deadline = None if self._instant() else time.perf_counter() + _PIXMAP_BUDGET
        blits = self._pixmaps.frame(painter, dpr, deadline)
        swept = self._swept
        shown = self._motion.shown
        if whole:
            for word in self._motion.draw_order:
                self._blit(blits, word, shown(word), found, e)
            return
        if swept is not None and seen.subtracted(swept.region).isEmpty():
            # A frame of a transition: only the words where the moving ones go.
            drawn = swept.drawn
        else:
            drawn = [(w, None) for w in self._motion.draw_order]
        for word, near in drawn:
            pose = shown(word)
            if seen.intersects(near or _reach_of(word, pose)):
                self._blit(blits, word, pose, found, e)

    def _blit(self, blits: WordBlits, word: Word, pose: Pose, found: Word | None, e: float) -> None:
        """Blit a word in a pose, fading it while another is found, and crossfading its
        colours while a transition recolours it (``e`` of the way)."""
        opacity = pose.opacity
        if found is not None and word is not found:
            # The word found stands out; the rest stay in place, faded, to keep their map.
            opacity *= _FADED
        if opacity <= 0.003:
            return
        if word.from_colour is not None and e < 1.0:
            blits.draw(word, word.from_colour, opacity * (1 - e), pose)
            blits.draw(word, word.colour, opacity * e, pose)
        else:
            blits.draw(word, word.colour, opacity, pose)

    def _paint_ring(
        self, painter: QPainter, word: Word, pad_share: float, pen_share: float
    ) -> None:
        """Draw a rounded ring around a word, its gap and stroke growing with the word."""
        pose = self._motion.shown(word)
        pad = pad_share * pose.size
        painter.setPen(QPen(QColor(self._palette.text), max(2.0, pen_share * pose.size)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(_rect(word, pose).adjusted(-pad, -pad, pad, pad), pad, pad)

    # --- input --------------------------------------------------------------------------------

    def _word_at(self, pos: QPointF) -> str | None:
        p = pos - self._drift
        for word in reversed(self._motion.draw_order):
            if not word.leaving and word.now.opacity > 0.3 and _rect(word).contains(p):
                return word.key
        return None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Highlight the word under the mouse (not on the wall: a resting pointer shows
        nothing there)."""
        if self._wall:
            super().mouseMoveEvent(event)
            return
        key = self._word_at(event.position())
        if key != self._hover:
            self._hover = key
            self._repaint()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        """Forget the hover when the mouse leaves."""
        if self._hover is not None:
            self._hover = None
            self._repaint()
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """Remember which word a click started on."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._pressed = self._word_at(event.position())
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A click that starts and ends on one word opens it."""
        if event.button() == Qt.MouseButton.LeftButton:
            key = self._word_at(event.position())
            pressed, self._pressed = self._pressed, None
            if self._wall:
                # A tap shows the card a while; it leaves no focus ring or card behind.
                self._show_tapped(key if key == pressed else None)
            if key is not None and key == pressed:
                if not self._wall:
                    self._set_focus_to(key, by_keys=False)
                self.term_activated.emit(key)
        super().mouseReleaseEvent(event)

    def _show_tapped(self, key: str | None) -> None:
        """Show a tapped word's card for CARD_SECONDS (a tap beside the words hides it)."""
        if key is None:
            self._card_timer.stop()
        else:
            self._card_timer.start()
        if key != self._tapped:
            self._tapped = key
            self._repaint()

    @Slot()
    def _on_card_timer_timeout(self) -> None:
        self._show_tapped(None)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter or Space opens the focused word; arrows step through the words, Home and End
        go to the largest and the smallest."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            term = self.focused_term
            if term is not None:
                self.term_activated.emit(term)
                return
        elif key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self._step_focus(1)
            return
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self._step_focus(-1)
            return
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End) and self._focus_order:
            self._set_focus_to(self._focus_order[0 if key == Qt.Key.Key_Home else -1])
            return
        super().keyPressEvent(event)

    def _step_focus(self, step: int) -> bool:
        if not self._focus_order:
            return False
        if self._focus_index is None:
            index = 0 if step > 0 else len(self._focus_order) - 1
        else:
            index = self._focus_index + step
        if not 0 <= index < len(self._focus_order):
            return False
        self._set_focus_to(self._focus_order[index])
        return True

    def _set_focus_to(self, key: str, *, by_keys: bool = True) -> None:
        if key not in self._focus_order:
            return
        self._focus_by_keys = by_keys
        self._focus_index = self._focus_order.index(key)
        self.setAccessibleDescription(self.accessible_name_for(key))
        self._repaint()

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab leaves the cloud: it is one stop, its words are walked with the arrows (Home and
        End for the largest and the smallest), as in a list. Tabbing through some 90 words to
        reach the panel beside them was the desk's slowest way anywhere."""
        self._focus_index = None
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Entering by Tab or Shift+Tab focuses the largest word (the arrows go on from it)."""
        reason = event.reason()
        tabbed = reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        if self._focus_order and self._focus_index is None and tabbed:
            self._set_focus_to(self._focus_order[0])
        self._repaint()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        """Hide the focus ring."""
        self._repaint()
        super().focusOutEvent(event)

    # --- lifecycle ----------------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Lay the cloud out again for the new size."""
        super().resizeEvent(event)
        # Qt repaints all of a resized widget; the card it draws is where this says.
        area = self._canvas_rect()
        if not self._instant() and self._motion.fit(
            (area.x(), area.y(), area.width(), area.height())
        ):
            # The layout for the new size comes from the worker a moment later; until then
            # the picture on screen shrinks into the new area at once, so no word is cut off
            # or hidden behind a panel meanwhile (a drill-down used to clip it for a second).
            self._swept = self._sweep(self._motion.moving) if self._motion.animating else None
            self._pixmaps.owe_frame()
            self._update_clock()
        self._note_card()
        if self._stats and Size(area.width(), area.height()) != self._layout_canvas:
            self._schedule_relayout()

    def showEvent(self, event: QShowEvent) -> None:
        """Start the frame clock."""
        self._shown = True
        super().showEvent(event)
        self._update_clock()

    def hideEvent(self, event: QHideEvent) -> None:
        """Stop the frame clock; nobody sees the animation."""
        self._shown = False
        self._clock.stop()
        self._card_timer.stop()
        self._tapped = None
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Stop timers and let a running layout finish before the view goes away."""
        self.shutdown()
        super().closeEvent(event)


def _rect(word: Word, pose: Pose | None = None) -> QRectF:
    """Return the word's tight box as drawn now (or in a pose), in canvas coordinates."""
    return QRectF(*word.box_at(word.now if pose is None else pose))


def _reach(box: QRectF) -> QRect:
    """Return the whole pixels a word's pixmap may touch when its tight box is ``box``."""
    return box.adjusted(-_REACH, -_REACH, _REACH, _REACH).toAlignedRect()


def _reach_of(word: Word, pose: Pose) -> QRect:
    """Return the whole pixels a word's pixmap may touch in a pose (in plain numbers: a
    paint asks this of every word it might draw)."""
    left, top, width, height = word.box_at(pose)
    x0, y0 = math.floor(left - _REACH), math.floor(top - _REACH)
    return QRect(
        x0, y0, math.ceil(left + width + _REACH) - x0, math.ceil(top + height + _REACH) - y0
    )


def _united(rects: Iterable[QRect]) -> QRegion:
    """Return the union of rectangles, joined pairwise (one at a time costs n squared)."""
    regions = [QRegion(r) for r in sorted(rects, key=QRect.top)]
    while len(regions) > 1:
        odd = regions[-1:] if len(regions) % 2 else []
        regions = [a.united(b) for a, b in zip(regions[::2], regions[1::2], strict=False)] + odd
    return regions[0] if regions else QRegion()


def image_for(size: QSize, device_pixel_ratio: float = 1.0) -> QImage:
    """Return an image to render a view of ``size`` (logical pixels) into, at the ratio."""
    image = QImage(
        round(size.width() * device_pixel_ratio),
        round(size.height() * device_pixel_ratio),
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    image.setDevicePixelRatio(device_pixel_ratio)
    return image


def render_cloud_to_image(
    stats: Sequence[TermStat],
    size: QSize,
    settings: Settings | None = None,
    device_pixel_ratio: float = 1.0,
    font_family: str = "Inter",
) -> QImage:
    """Lay out and draw a cloud offscreen, finished, into an image (for snapshots).

    Needs a QGuiApplication; the view is never shown.
    """
    view = CloudView(executor=synchronous, font_family=font_family)
    try:
        if settings is not None:
            view.apply_settings(settings)
        view.resize(size)
        view.set_terms(stats)
        view.flush()
        view.finish_animations()
        image = image_for(size, device_pixel_ratio)
        view.render(image)
        return image
    finally:
        view.shutdown()
        view.deleteLater()
