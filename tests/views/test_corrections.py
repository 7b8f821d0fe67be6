"""Corrections teach the kinds: a person's correction is a label the local model learns from,
together with the others, once the person pauses."""

from __future__ import annotations

from collections import Counter

from pytestqt.qtbot import QtBot

from kiosk.app import Kiosk
from kiosk.model import Kind
from kiosk.settings import Settings
from kiosk.store import Store
from kiosk.views.tasks import synchronous


def test_corrections_are_labels_and_are_learned_from_after_a_pause(
    qtbot: QtBot, demo_store: Store
) -> None:
    store = demo_store
    kiosk = Kiosk(Settings(), store, executor=synchronous)
    qtbot.addWidget(kiosk.window)
    try:
        kiosk.start(sync=False)
        analysis = kiosk.parts.analyze()
        before = analysis.labelled_examples()
        # Items whose kind was inferred, corrected by a person.
        inferred = [
            row
            for row in store.feedback_between(since=None)
            if row.kind_and_source[1].value == "inferred"
        ][:3]
        assert len(inferred) == 3
        for row in inferred:
            kiosk.drill.correct_kind(row.id, Kind.COMPLAINT)
        assert kiosk.drill.learning.isActive()  # waits for the person to pause
        after = analysis.labelled_examples()
        assert len(after) == len(before) + 3
        added = Counter(after) - Counter(before)
        assert sorted((t, k) for t, k, _l in added.elements()) == sorted(
            (row.feedback.text, Kind.COMPLAINT) for row in inferred
        )
        kiosk.drill.learning.stop()
        kiosk.drill.learn()
        assert any("Learned from the corrections" in t for t in kiosk.window.banner.texts)
        # Every number follows: the corrected items count as complaints.
        for row in inferred:
            again = store.feedback_by_ids([row.id])[0]
            assert again.kind is Kind.COMPLAINT
    finally:
        kiosk.stop()
