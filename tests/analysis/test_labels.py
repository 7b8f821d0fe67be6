"""One label, one term: a word customers write alike shows once in the cloud, with all its
customers (``kiosk.analysis.labels``)."""

from __future__ import annotations

from pathlib import Path

from kiosk.analysis import Analyzer, StoreAnalysis, Vocabulary
from kiosk.analysis.labels import TermLabels, parse_merged
from kiosk.analysis.pipeline import META_MERGED
from kiosk.analysis.surfaces import SurfaceForms
from kiosk.dashboard import Dashboard, window_ending
from kiosk.model import Kind
from kiosk.store import Store
from kiosk.values import MentionRecord
from tests.analysis.conftest import NOW, make_feedback

# From the Sanders tweets: a German tweet reads "Windows" as the word "windows" where an
# English one reads it as the plural of "window", and "Bing" as the German verb "bingen".
TWEETS_ALIKE = [
    "Windows 8 looks great on my tablet.",
    "I upgraded to Windows 7 today and it is fast.",
    "#Windows 8: #Microsoft schafft den Startbildschirm ab.",
    "3 Tricks für mehr Kontrolle über #Microsoft #Windows 7",
    "Ballmer: 70% Of The Time, Google & Bing Are The Same, So Try Bing!",
    "#Microsoft's #Ballmer touts #Bing; analysts still wary about its future",
    "siehe mein Blog dazu: #Ballmer und #Bing",
]


def cloud(store: Store) -> dict[str, tuple[str, int]]:
    """Return the cloud as label (folded) -> (key, customers), failing on a label shown twice."""
    shown: dict[str, tuple[str, int]] = {}
    for stat in Dashboard(store).top_terms(window_ending(NOW, 30), 100):
        folded = " ".join(stat.label.casefold().replace("-", " ").split())
        assert folded not in shown, f"{stat.label!r} shown twice: {shown[folded]} and {stat}"
        shown[folded] = (stat.key, stat.customers)
    return shown


def synced(store: Store, texts: list[str], vocabulary: Vocabulary | None = None) -> None:
    analysis = StoreAnalysis(store, vocabulary)
    store.upsert([make_feedback(t) for t in texts], after=analysis.analyze_into)


def test_a_word_written_alike_shows_once_with_all_its_customers(store: Store) -> None:
    synced(store, TWEETS_ALIKE)
    shown = cloud(store)
    assert shown["windows"][1] == 4
    assert shown["bing"][1] == 3
    # The drill-down's items are the cloud's: the kept term has every mention.
    key = shown["windows"][0]
    assert len(store.term_feedback_ids(key, -(10**7), 10**7)) == 4


def test_a_link_to_a_merged_term_opens_the_term_it_went_into(store: Store) -> None:
    synced(store, TWEETS_ALIKE)
    dashboard = Dashboard(store)
    window = window_ending(NOW, 30)
    kept = dashboard.term_detail("bing", window)
    assert kept.key == "bing" and kept.customers == 3
    # A view shared before the merge names the German reading ("open=bingen").
    old = dashboard.term_detail("bingen", window)
    assert (old.key, old.label, old.customers) == ("bing", kept.label, 3)


def test_terms_stay_merged_after_a_restart(store: Store) -> None:
    synced(store, TWEETS_ALIKE)
    restarted = StoreAnalysis(store, warm_up=False)
    later = [make_feedback("Ich finde #Windows 10 einfach schnell und gut.")]
    store.upsert(later, after=restarted.analyze_into)
    assert cloud(store)["windows"][1] == 5


def test_a_store_showing_a_word_twice_is_mended_when_its_analysis_starts(store: Store) -> None:
    # Two items stored by an analysis from before terms were merged.
    ids = store.upsert([make_feedback("Windows"), make_feedback("Windows")]).new_ids
    store.replace_mentions(
        {
            ids[0]: [MentionRecord("window", "Windows", Kind.UNCLASSIFIED, 0.0, 0, 7)],
            ids[1]: [MentionRecord("windows", "Windows", Kind.UNCLASSIFIED, 0.0, 0, 7)],
        }
    )
    StoreAnalysis(store, warm_up=False, catch_up_vocabulary=False)
    assert cloud(store)["windows"] == ("windows", 2)


def test_the_term_written_more_stays_and_an_admins_synonym_always() -> None:
    surfaces = SurfaceForms()
    for _ in range(3):
        surfaces.add("window", "Windows")
    surfaces.add("windows", "Windows")
    labels = TermLabels()
    assert labels.claim({"windows": "Windows"}, surfaces, surfaces.label) == {}
    # The term that is the written word stays, though written less; its label is read from
    # both (the speller read "Honda" as the Spanish "onda", more often than as "honda").
    assert labels.claim({"window": "Windows"}, surfaces, surfaces.label) == {"window": "windows"}
    assert surfaces.seen("windows") == 4 and surfaces.label("windows") == "Windows"
    surfaces.add("window", "windows")  # what is written later counts for the kept term
    assert surfaces.seen("windows") == 5 and surfaces.seen("window") == 0
    # Neither is the written word: the term written more stays, though it came second.
    surfaces.add("window phone", "Windows Phone")
    for _ in range(2):
        surfaces.add("windows phones", "Windows Phone")
    assert labels.claim({"window phone": "Windows Phone"}, surfaces, surfaces.label) == {}
    merged = labels.claim({"windows phones": "Windows Phone"}, surfaces, surfaces.label)
    assert merged == {"window phone": "windows phones"}
    # An admin's synonym is never merged away, however rarely written.
    surfaces.add("microsoft windows", "windows")
    merged = labels.claim(
        {"microsoft windows": "windows"}, surfaces, surfaces.label, fixed={"microsoft windows"}
    )
    assert merged == {"windows": "microsoft windows"}
    assert labels.merged == {
        "window": "microsoft windows",
        "windows": "microsoft windows",
        "window phone": "windows phones",
    }


def test_merged_terms_are_saved_and_read_back() -> None:
    surfaces = SurfaceForms()
    labels = TermLabels()
    surfaces.add("bing", "Bing")
    surfaces.add("bingen", "Bing")
    surfaces.add("bing", "Bing")
    labels.claim({"bing": "Bing", "bingen": "Bing"}, surfaces, surfaces.label)
    again, forms = TermLabels(), SurfaceForms()
    again.load_merged_json(labels.merged_json(), forms)
    assert again.merged == {"bingen": "bing"}
    forms.add("bingen", "Bing")
    assert forms.seen("bing") == 1
    again.load_merged_json("not json", forms)
    assert again.merged == {"bingen": "bing"}


def test_two_processes_on_one_store_keep_each_others_merges(tmp_path: Path) -> None:
    # A desk open all day and a scheduled ``sync --once``: two analysers, two connections.
    path = tmp_path / "store.sqlite3"
    desk_store, cron_store = Store(path), Store(path)
    try:
        desk = StoreAnalysis(desk_store)  # started before the cron job learned anything
        synced(cron_store, TWEETS_ALIKE[:4])  # merges "window" into "windows"
        assert parse_merged(cron_store.get_meta(META_MERGED)) == {"window": "windows"}
        # The desk reads "Windows" in English as "window", the term the cron job merged away;
        # its own "Bing" tweets merge the German "bingen" into "bing".
        later = ["Windows 10 is slow on my laptop.", *TWEETS_ALIKE[4:]]
        desk_store.upsert([make_feedback(t) for t in later], after=desk.analyze_into)
        assert parse_merged(desk_store.get_meta(META_MERGED)) == {
            "bingen": "bing",
            "window": "windows",
        }
        shown = cloud(desk_store)  # fails on a label shown twice
        assert shown["windows"] == ("windows", 5)
        assert shown["bing"] == ("bing", 3)
    finally:
        desk_store.close()
        cron_store.close()


def test_a_phrase_another_process_learned_reads_here_too(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    desk_store, cron_store = Store(path), Store(path)
    try:
        desk = StoreAnalysis(desk_store)
        cron = StoreAnalysis(cron_store)
        texts = [f"The customer service was {w} today" for w in ("slow", "rude", "late")] * 3
        cron_store.upsert([make_feedback(t) for t in texts], after=cron.analyze_into)
        assert ("customer", "service") in cron.analyzer.phrases.phrases
        desk_store.upsert(
            [make_feedback("Customer service never called back")], after=desk.analyze_into
        )
        assert ("customer", "service") in desk.analyzer.phrases.phrases
        assert "customer service" in {k for k, _ in desk_store.mentioned_labels()}
        assert not {"customer", "service"} & {k for k, _ in desk_store.mentioned_labels()}
    finally:
        desk_store.close()
        cron_store.close()


def test_where_two_analysers_merged_opposite_ways_this_ones_merge_stands() -> None:
    surfaces = SurfaceForms()
    labels = TermLabels()
    labels.merged.update({"bingen": "bing"})
    adopted = labels.adopt({"bing": "bingen", "window": "windows"}, surfaces)
    assert adopted == {"window": "windows"}
    assert labels.merged == {"bingen": "bing", "window": "windows"}
    # A term this one keeps, merged there into a third: what this one merged into it follows.
    assert labels.adopt({"windows": "microsoft windows"}, surfaces) == {
        "windows": "microsoft windows"
    }
    assert labels.merged["window"] == "microsoft windows"


def test_two_processes_that_would_merge_one_pair_opposite_ways_keep_one_term(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.sqlite3"
    one, two = Store(path), Store(path)
    try:
        ids = one.upsert([make_feedback("Foo one"), make_feedback("Foo two")]).new_ids
        first = StoreAnalysis(one, warm_up=False)
        second = StoreAnalysis(two, warm_up=False)
        one.replace_mentions(
            {
                ids[0]: [MentionRecord("x1", "Foo", Kind.UNCLASSIFIED, 0.0, 0, 3)],
                ids[1]: [MentionRecord("x2", "Foo", Kind.UNCLASSIFIED, 0.0, 0, 3)],
            }
        )
        # Each has read the other key more often: each alone would keep its own.
        for _ in range(3):
            first.analyzer.surfaces.add("x1", "Foo")
            second.analyzer.surfaces.add("x2", "Foo")
        assert first._merge_alike({"x1": "Foo", "x2": "Foo"}) == {"x2": "x1"}
        second._merge_alike({"x1": "Foo", "x2": "Foo"})  # decided after taking in the first's
        assert second.labels.merged == {"x2": "x1"}
        assert parse_merged(two.get_meta(META_MERGED)) == {"x2": "x1"}
        assert [key for key, _ in one.mentioned_labels()] == ["x1"]
    finally:
        one.close()
        two.close()


def test_a_topic_customers_name_with_its_verb_is_shown_as_the_noun(store: Store) -> None:
    # "installed" and "geliefert" are folded into the installation and the delivery (the
    # lexicons' derivations); written more than the noun, they were the label on the wall.
    texts = [
        "Just installed it and it crashed.",
        "Installed on two phones, works fine.",
        "The installation took an hour.",
        "Wurde nicht geliefert.",
        "Nie geliefert!",
        "Die Lieferung kam spät.",
    ]
    analysis = StoreAnalysis(store)
    store.upsert([make_feedback(t) for t in texts], cursor=("t", "1"), after=analysis.analyze_into)
    shown = cloud(store)
    assert shown["installation"] == ("installation", 3)
    assert shown["delivery"] == ("delivery", 3)
    assert "installed" not in shown and "geliefert" not in shown
    # A German wall shows the German noun, though "geliefert" was written more.
    german = Analyzer(display_language="de")
    german.analyze_batch([make_feedback(t) for t in texts[3:]])
    assert german.surfaces.label_in("delivery", "de") == "geliefert"
    assert german.label("delivery") == "Lieferung"


def test_a_phrase_written_with_a_hyphen_or_a_space_shows_once(store: Store) -> None:
    # The Spanish restaurant wall showed "relación calidad-precio" and "relación calidad
    # precio" side by side, each with part of the customers who said it.
    hyphen = [f"Muy buena relación calidad-precio en el local {i}." for i in range(30)]
    space = [f"Buena relación calidad precio, volveremos al local {i}." for i in range(20)]
    analysis = StoreAnalysis(store)
    store.upsert(
        [make_feedback(t, language="es") for t in hyphen + space],
        cursor=("t", "1"),
        after=analysis.analyze_into,
    )
    shown = cloud(store)  # fails on a label shown twice, whatever its hyphens and spaces
    readings = {" ".join(k.replace("-", " ").split()) for k in shown}
    assert "relación calidad precio" in readings
    (label,) = [k for k in shown if k.startswith("relación calidad")]
    assert shown[label][1] == 50


def test_a_noun_spelled_as_a_folded_verb_keeps_its_label_and_its_language() -> None:
    # helper-100's review of the verb-to-noun labels.
    english = Analyzer()
    english.analyze_batch([make_feedback("The package arrived damaged.")])
    assert english.label("package") == "package"  # a package, not the packaging
    # On a French wall the verb "commander" (to order) is shown as the order, whatever came
    # first, and an English "commander" stays an English word of its own.
    captain = ["The commander of the fleet was rude to us."]
    ordering = ["impossible de commander sur le site"] * 3
    for texts in (captain + ordering, ordering + captain):
        french = Analyzer(display_language="fr")
        french.analyze_batch([make_feedback(t) for t in texts])
        assert french.label("order") == "commande"
    # A German wall shows the noun customers wrote, not the lowercase key, batch after batch.
    german = Analyzer(display_language="de")
    shown = []
    for texts in (["Der Umtausch war einfach."] * 2, ["Hab die Jacke umgetauscht."] * 3):
        german.analyze_batch([make_feedback(t, language="de") for t in texts])
        shown.append(german.label("umtausch"))
    assert shown == ["Umtausch", "Umtausch"]


def test_a_topic_only_named_with_its_verb_shows_its_noun_with_a_capital_in_german() -> None:
    analyzer = Analyzer()
    analyzer.analyze_batch([make_feedback("Das Abholen im Laden klappte gut.", language="de")])
    assert analyzer.label("abholung") == "Abholung"  # not the key in lowercase
