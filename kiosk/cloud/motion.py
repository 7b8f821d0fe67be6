"""How the cloud's words move: the glide between two layouts, and the idle drift.

Qt-free and driven by the moment it is given (the view's frame clock, a test's fake clock),
so every step of a transition can be checked without a display. A word is placed by its
centre; its box is ``(left, top, width, height)``. Colours are the palette's ``#rrggbb``
strings: the view turns them into pixels.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from kiosk.cloud.presentation import is_rising
from kiosk.cloud.routes import GLIDE_AT, Route, glide, plan_routes, stretch_progress
from kiosk.cloud.values import Placement
from kiosk.values import TermStat

__all__ = [
    "TRANSITION_SECONDS",
    "Box",
    "Look",
    "Mix",
    "Motion",
    "Pose",
    "Word",
    "drift_at",
    "ease",
]

TRANSITION_SECONDS = 0.8
# A size change below this share is not shown: the word keeps its pixmap (see Motion.arrive).
SIZE_TOLERANCE = 0.01
# Drift: a few pixels over minutes, slow enough that nobody sees it move, enough against burn-in.
DRIFT_SHARE = 0.006
DRIFT_PERIODS = (97.0, 131.0)
# A tick repaints only when some moving word's edge moved this far (pixels) since the
# last frame painted, or its opacity this much: a word growing by a pixel over a whole
# transition needs three frames, not fifty.
VISIBLE_SHIFT = 0.34
VISIBLE_OPACITY = 0.02
# A word this faint is not drawn at all (the view skips the blit).
_UNSEEN = 0.003

# A word's mix bar: (colour, share) per kind, or () when it shows none.
Mix = tuple[tuple[str, float], ...]
# How a term looks in the current palette: its colour and its mix bar.
Look = Callable[[TermStat], tuple[str, Mix]]
# left, top, width, height
Box = tuple[float, float, float, float]


def ease(t: float) -> float:
    """Cubic ease-in-out: words leave gently and arrive gently."""
    t = min(max(t, 0.0), 1.0)
    return 4 * t * t * t if t < 0.5 else 1 - (-2 * t + 2) ** 3 / 2


@dataclass(slots=True)
class Pose:
    """Where and how a word is drawn at a moment: its centre, font size and opacity."""

    x: float
    y: float
    size: float
    opacity: float

    def lerp(self, other: Pose, e: float) -> Pose:
        """Return the pose a share ``e`` of the way to ``other``."""
        return Pose(
            self.x + (other.x - self.x) * e,
            self.y + (other.y - self.y) * e,
            self.size + (other.size - self.size) * e,
            self.opacity + (other.opacity - self.opacity) * e,
        )

    def same_as(self, other: Pose) -> bool:
        """Whether two poses draw the same on screen."""
        return (
            abs(self.x - other.x) < 0.01
            and abs(self.y - other.y) < 0.01
            and abs(self.size - other.size) < 1e-6
            and abs(self.opacity - other.opacity) < 1e-3
        )


class Word:
    """One word on screen: its term, its look, and the poses it goes from, is at and goes to."""

    __slots__ = (
        "box",
        "colour",
        "end",
        "fades",
        "from_colour",
        "key",
        "leaving",
        "mix",
        "now",
        "pix_size",
        "rising",
        "rotation",
        "start",
        "stat",
        "stops",
    )

    def __init__(
        self, stat: TermStat, colour: str, pose: Pose, placement: Placement, mix: Mix
    ) -> None:
        self.key = stat.key
        self.stat = stat
        self.colour = colour
        self.mix = mix
        # The colour it fades from while a transition recolours it.
        self.from_colour: str | None = None
        self.rising = is_rising(stat)
        self.rotation = placement.rotation
        self.start = pose
        self.now = pose
        self.end = pose
        self.leaving = False
        # Its pose at each moment of the running transition's route (see
        # kiosk.cloud.routes), None when it has none; and whether the route fades it out and
        # back in on the way (where it would cross another word).
        self.stops: list[Pose] | None = None
        self.fades = False
        # The font size its pixmap is drawn at; ``box`` is its tight box at that size.
        self.pix_size = placement.font_size
        self.box = (placement.width, placement.height)

    def box_now(self) -> Box:
        """The word's tight box where it is drawn now."""
        return self.box_at(self.now)

    def box_at(self, pose: Pose) -> Box:
        """The word's tight box when drawn in a pose."""
        k = pose.size / self.pix_size if self.pix_size else 1.0
        w, h = self.box[0] * k, self.box[1] * k
        return (pose.x - w / 2, pose.y - h / 2, w, h)

    def retarget(self, stat: TermStat, colour: str, mix: Mix, placement: Placement) -> bool:
        """Take a term's new statistics, look and rotation; return whether its box changes
        shape (an arrow or a mix bar comes or goes, so its pixmap must be drawn again)."""
        if self.colour != colour:
            self.from_colour = self.colour
            self.colour = colour
        self.stat = stat
        rising = is_rising(stat)
        reshaped = self.rising != rising or bool(self.mix) != bool(mix)
        self.rising = rising
        self.mix = mix
        self.leaving = False
        return reshaped


def drift_at(now: float, width: float, height: float, dpr: float) -> tuple[float, float]:
    """Return the idle drift of the whole cloud at a moment, in whole device pixels.

    It swings by at most ``DRIFT_SHARE`` of the shorter side, on two periods that do not
    divide each other, so the cloud wanders over minutes without returning to one path.
    """
    amplitude = DRIFT_SHARE * min(width, height)
    dx = amplitude * math.sin(2 * math.pi * now / DRIFT_PERIODS[0])
    dy = amplitude * math.sin(2 * math.pi * now / DRIFT_PERIODS[1] + 1.0)
    # Whole device pixels only: the words stay as crisp as when they stand still.
    return round(dx * dpr) / dpr, round(dy * dpr) / dpr


class Motion:
    """The words of the cloud and the one transition that moves them between layouts.

    Attributes:
        words: every word on screen (leaving ones too, until the transition ends), by key.
        draw_order: the words bottom to top, the largest on top.
        moving: the words the running transition changes; the rest keep their pixels.
        restyled: the words the latest ``arrive`` changed in place, only in look (their mix
            of kinds): nothing moves, they are drawn again once.
        drawn: how each moving word was drawn in the last frame that showed it changed.
        started: when the running transition started.
        animating: whether a transition is running.
    """

    def __init__(self) -> None:
        self.words: dict[str, Word] = {}
        self.draw_order: list[Word] = []
        self.moving: list[Word] = []
        self.restyled: list[Word] = []
        self.drawn: dict[int, Pose] = {}
        self.started = 0.0
        self.animating = False
        # The words whose colours crossfaded in the transition that just ended.
        self._recoloured: frozenset[int] = frozenset()

    def arrive(
        self,
        placements: Mapping[str, Placement],
        stats: Mapping[str, TermStat],
        origin: tuple[float, float],
        look: Look,
    ) -> list[Word]:
        """Aim every word at its place in a new layout; return the words that change on screen.

        New words grow in where they land, words the layout left out fade and shrink away,
        and a transition under way goes on from where it is, with these words too.

        Args:
            placements: the layout, in canvas coordinates.
            stats: the terms' statistics by key (a placement without one is skipped).
            origin: where the canvas's top left corner is in the view.
            look: a term's colour and mix bar in the current palette.
        """
        ox, oy = origin
        words = self.words
        moving: list[Word] = []
        self.restyled = []
        for key, p in placements.items():
            stat = stats.get(key)
            if stat is None:
                continue
            colour, mix = look(stat)
            end = Pose(ox + p.x, oy + p.y, p.font_size, 1.0)
            word = words.get(key)
            reshaped = restyled = False
            if word is None:
                word = Word(stat, colour, Pose(end.x, end.y, end.size * 0.4, 0.0), p, mix)
                words[key] = word
            else:
                restyled = word.mix != mix
                reshaped = word.retarget(stat, colour, mix, p)
                end = _resize(word, p, end, reshaped)
            word.start = word.now
            word.end = end
            if reshaped or word.from_colour is not None or not word.start.same_as(end):
                moving.append(word)
            elif restyled:
                self.restyled.append(word)
        for key, word in words.items():
            if key not in placements and not word.leaving:
                word.leaving = True
                word.start = word.now
                word.end = Pose(word.now.x, word.now.y, word.now.size * 0.85, 0.0)
            if word.leaving:
                moving.append(word)
        # Largest on top while words cross during a transition.
        self.draw_order = sorted(words.values(), key=lambda w: w.end.size)
        if self.animating:
            moving = list({id(w): w for w in (*self.moving, *moving)}.values())
        return moving

    def recolour(self, look: Look, now: float) -> None:
        """Fade every word to its look in a new palette, starting a transition at ``now``."""
        for word in self.words.values():
            colour, word.mix = look(word.stat)
            if colour != word.colour:
                word.from_colour = word.colour
                word.colour = colour
            word.start = word.now
        self.moving = list(self.words.values())
        self.drawn = {}
        self.started = now
        self.animating = True
        self._plan_routes()

    def start(self, moving: Sequence[Word], now: float) -> None:
        """Start a transition of the moving words at ``now``, each drawn where it is."""
        self.moving = list(moving)
        self.drawn = {id(w): w.now for w in self.moving}
        self.started = now
        self.animating = True
        self._plan_routes()

    def _plan_routes(self) -> None:
        """Route the moving words so that none crosses another on the way."""
        words = self.draw_order
        moving = {id(w) for w in self.moving}
        routes = plan_routes(
            [w.box_at(w.start) for w in words],
            [w.box_at(w.end) for w in words],
            [w.start.opacity for w in words],
            [w.end.opacity for w in words],
            [id(w) in moving for w in words],
            [w.end.size for w in words],
        )
        for word, route in zip(words, routes, strict=True):
            # A straight glide in full view needs no stops: it is ``glide(t)`` of the way.
            word.stops = None if route is None or route.straight else _stops(word, route)
            word.fades = route is not None and route.fades

    def fit(self, area: Box) -> bool:
        """Fit every word into an area at once, keeping their places relative to each other.

        The whole picture, and any transition under way, is scaled about its middle (never
        up) and moved as little as it takes to lie inside: a uniform scale keeps words that
        did not overlap apart, at every moment of the transition too. Used when the view
        changes size, until the layout for the new size arrives.

        Returns:
            Whether any word moved.
        """
        boxes = [
            w.box_at(pose)
            for w in self.words.values()
            for pose in (w.start, w.now, w.end, self.drawn.get(id(w), w.now))
        ]
        if not boxes:
            return False
        left = min(b[0] for b in boxes)
        top = min(b[1] for b in boxes)
        right = max(b[0] + b[2] for b in boxes)
        bottom = max(b[1] + b[3] for b in boxes)
        ax, ay, aw, ah = area
        inside = left >= ax and top >= ay and right <= ax + aw and bottom <= ay + ah
        if inside or aw <= 0 or ah <= 0:
            return False
        k = min(1.0, aw / max(right - left, 1e-9), ah / max(bottom - top, 1e-9))
        cx, cy = (left + right) / 2, (top + bottom) / 2
        half_w, half_h = k * (right - left) / 2, k * (bottom - top) / 2
        # Moved only as far as it must: a window narrowed from the right keeps its left.
        nx = min(max(cx, ax + half_w), ax + aw - half_w)
        ny = min(max(cy, ay + half_h), ay + ah - half_h)

        def fitted(p: Pose) -> Pose:
            return Pose(nx + (p.x - cx) * k, ny + (p.y - cy) * k, p.size * k, p.opacity)

        for word in self.words.values():
            word.start, word.now, word.end = fitted(word.start), fitted(word.now), fitted(word.end)
            if word.stops is not None:
                word.stops = [fitted(p) for p in word.stops]
        self.drawn = {i: fitted(p) for i, p in self.drawn.items()}
        return True

    def progress(self, now: float) -> float:
        """Return the eased share of the running transition done at ``now`` (1.0 when none)."""
        return ease((now - self.started) / TRANSITION_SECONDS) if self.animating else 1.0

    def advance(self, now: float) -> tuple[str, ...] | None:
        """Move the words to where they are at ``now``.

        Returns:
            When this step ends the transition, the keys of the words that left (they are
            gone from ``words``); otherwise None.
        """
        if not self.animating:
            return None
        t = min(max((now - self.started) / TRANSITION_SECONDS, 0.0), 1.0)
        e = ease(t)
        # Only the words that change go anywhere (the rest start where they end).
        words = self.moving or self.words.values()
        if e >= 1.0:
            # The ease reaches 1 a hair before t does: this step ends the transition, and
            # every word lands exactly at the end of its route.
            for word in words:
                word.now = word.end if word.stops is None else word.stops[-1]
        else:
            # Every route is in the same stretch, the same share through it.
            k, u = stretch_progress(t)
            g = glide(t)
            for word in words:
                stops = word.stops
                if stops is None:
                    word.now = word.start.lerp(word.end, g)
                else:
                    word.now = stops[k] if u <= 0.0 else stops[k].lerp(stops[k + 1], u)
        if e < 1.0:
            return None
        self.animating = False
        gone = tuple(k for k, w in self.words.items() if w.leaving)
        for key in gone:
            del self.words[key]
        self._recoloured = frozenset(
            id(w) for w in self.words.values() if w.from_colour is not None
        )
        for word in self.words.values():
            word.from_colour = None
            word.stops = None
            word.fades = False
        if gone:
            self.draw_order = [w for w in self.draw_order if not w.leaving]
        return gone

    def finish(self) -> tuple[str, ...] | None:
        """Jump every word to where the running transition ends; see ``advance``."""
        return self.advance(self.started + TRANSITION_SECONDS)

    def shown(self, word: Word) -> Pose:
        """Return the pose the word is drawn in: a moving word stays where the last frame
        that showed it changed put it, so every part of the screen draws it alike."""
        return self.drawn.get(id(word), word.now)

    def take_changes(self) -> list[tuple[Word, Pose]]:
        """Return the moving words to draw again, each with the pose it was last shown in,
        and note them shown as they are to be drawn now.

        A word is drawn again when it moved visibly since it was last shown (an edge by a
        third of a pixel, its opacity, or its colours crossfading). A word within that
        distance of where it comes to rest is shown there at once: it looks the same, it is
        drawn crisp, and the frame that ends the transition has nothing left to catch up.
        Once the transition has ended, every word not shown exactly at rest is drawn again.
        """
        drawn = self.drawn
        changes: list[tuple[Word, Pose]] = []
        for word in self.moving:
            last = drawn.get(id(word))
            if not self.animating:
                target = word.now
                redraw = last is None or not last.same_as(target) or id(word) in self._recoloured
            elif word.from_colour is None and not _differs(word, word.now, word.end):
                target = word.end
                redraw = last is None or not last.same_as(target)
            else:
                target = word.now
                redraw = (
                    last is None or word.from_colour is not None or _differs(word, last, target)
                )
            if redraw:
                changes.append((word, target if last is None else last))
                drawn[id(word)] = target
        return changes

    def end(self) -> None:
        """Forget the last transition's moving words: every word is at rest."""
        self.moving = []
        self.drawn = {}
        self._recoloured = frozenset()


def _stops(word: Word, route: Route) -> list[Pose]:
    """Return the word's pose at each moment of its route: its opacity goes the straight
    glide's way, times the route's fading; the first and last are its start and end."""
    s, e = word.start, word.end
    stops = [
        Pose(
            s.x + (e.x - s.x) * along,
            s.y + (e.y - s.y) * along,
            (s.size + (e.size - s.size) * grow) * scale,
            (s.opacity + (e.opacity - s.opacity) * share) * seen,
        )
        for along, grow, scale, seen, share in zip(
            route.along, route.grow, route.scale, route.seen, GLIDE_AT, strict=True
        )
    ]
    # Exactly where it starts and ends, not a rounding away.
    stops[0] = Pose(s.x, s.y, s.size, s.opacity * route.seen[0])
    stops[-1] = Pose(e.x, e.y, e.size, e.opacity * route.seen[-1])
    return stops


def _differs(word: Word, one: Pose, other: Pose) -> bool:
    """Whether a word looks different in two poses: an edge a third of a pixel apart, or
    its opacity."""
    if abs(one.opacity - other.opacity) >= VISIBLE_OPACITY:
        return True
    if (one.opacity > _UNSEEN) != (other.opacity > _UNSEEN):
        # Gone from view (or back), however faint the step: a word left drawn where it
        # faded out would stand in the way of the word its route lets pass there.
        return True
    # A box grows about its centre: an edge moves by the centre's shift plus half the
    # growth (written out, not with box_at: this runs for every moving word every tick).
    grow = abs(one.size - other.size) / (2 * word.pix_size) if word.pix_size else 0.0
    return (
        abs(one.x - other.x) + word.box[0] * grow >= VISIBLE_SHIFT
        or abs(one.y - other.y) + word.box[1] * grow >= VISIBLE_SHIFT
    )


def _resize(word: Word, p: Placement, end: Pose, reshaped: bool) -> Pose:
    """Return the pose a word ends in at its new placement, and size its box for it."""
    if word.rotation != p.rotation:
        # A word turning on its side would sweep over its neighbours; fade it instead.
        word.now = Pose(end.x, end.y, end.size, 0.0)
        word.rotation = p.rotation
    if abs(p.font_size / word.pix_size - 1.0) <= SIZE_TOLERANCE and not reshaped:
        # Too small a change to see: keep the drawn size, so the word glides as a plain blit
        # and no pixmap is redrawn. The padding around every word in the layout is wider
        # than the difference, so nothing can touch.
        k = word.pix_size / p.font_size
        word.box = (p.width * k, p.height * k)
        return Pose(end.x, end.y, word.pix_size, 1.0)
    word.pix_size = p.font_size
    word.box = (p.width, p.height)
    return end
