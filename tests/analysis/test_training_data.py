"""The public-data loader keeps evaluation texts out of training.

The real files are not in the repository (``training/DATA.md``); these tests feed the loader
small files written here, with the sha256 sums they have.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from benchmarks.eval_analysis import _training_data

APPLE = (
    "_unit_id,_golden,sentiment,sentiment:confidence,text\n"
    "1,TRUE,1,1,WTF my battery was 31% one second ago @apple\n"
    "2,FALSE,5,0.8,Love the new watch @apple\n"
    "3,FALSE,3,0.7,Apple to build a new lab in Japan http://t.co/x\n"
    "4,FALSE,not_relevant,0.6,My cat chews cords\n"
    '5,FALSE,1,0.9,"RT @x: two\nlines"\n'
)


@pytest.fixture(scope="module")
def data() -> ModuleType:
    return _training_data()


def _with_file(
    data: ModuleType, folder: Path, name: str, text: str, encoding: str = "utf-8"
) -> Any:
    source = next(s for s in data.SOURCES if s.name == name)
    path = folder / source.file
    path.write_bytes(text.encode(encoding))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return type(source)(source.name, source.file, digest, source.url, source.read)


def _training_text(folder: Path, like: Any, text: str, kind: str) -> Any:
    """Return a source (of ``like``'s type) whose one item is ``text``, trained on."""
    (folder / "other.txt").write_bytes(b"x")
    return type(like)(
        "other",
        "other.txt",
        hashlib.sha256(b"x").hexdigest(),
        "",
        lambda raw: iter([(text, kind, "train")]),
    )


def test_apple_tweets_are_evaluation_only_with_neutral_texts_apart(
    data: ModuleType, tmp_path: Path
) -> None:
    source = _with_file(data, tmp_path, "apple-tweets", APPLE)
    rows = list(source.read(*data.read_verified(tmp_path, source)))
    assert [(kind, split) for _, kind, split in rows] == [
        ("complaint", "dev"),
        ("compliment", "dev"),
        ("unclassified", "neutral"),
        ("complaint", "dev"),
    ]
    assert rows[3][0] == "RT @x: two\nlines"  # a quoted cell keeps its line break
    assert not any(split == "train" for _, _, split in rows)


def test_a_changed_file_is_refused(data: ModuleType, tmp_path: Path) -> None:
    source = next(s for s in data.SOURCES if s.name == "apple-tweets")
    (tmp_path / source.file).write_text(APPLE, encoding="utf-8")
    with pytest.raises(data.DataError, match="sha256"):
        data.read_verified(tmp_path, source)


def test_an_evaluation_text_is_never_trained_on_wherever_it_repeats(
    data: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    apple = _with_file(data, tmp_path, "apple-tweets", APPLE)
    # The same neutral text, once more as a training item of another source.
    other = _training_text(tmp_path, apple, "Apple to build a new lab in Japan", "unclassified")
    monkeypatch.setattr(data, "SOURCES", (apple, other))
    loaded = data.load(tmp_path)
    assert [e.split for e in loaded if "Japan" in e.text] == ["neutral"]
    assert all(e.split != "train" for e in loaded)


def test_a_retweet_is_a_copy_of_its_tweet(data: ModuleType) -> None:
    tweet = "Love the new watch @apple http://t.co/abc"
    assert data._key("RT @fan: " + tweet) == data._key(tweet) == "love the new watch"
    assert data._key("RT @a: RT @b: " + tweet) == data._key(tweet)
    assert data._key("Art is long") != data._key("is long")  # "rt" only as the marker


def test_the_loader_leaves_the_csv_cell_limit_as_it_found_it(
    data: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    long_cell = "x" * 200_000  # over the csv module's default limit of 131,072
    apple = _with_file(data, tmp_path, "apple-tweets", APPLE + f"6,FALSE,1,1,{long_cell}\n")
    monkeypatch.setattr(data, "SOURCES", (apple,))
    before = csv.field_size_limit()
    assert any(e.text == long_cell for e in data.load(tmp_path))
    assert csv.field_size_limit() == before


def _paired(data: ModuleType, folder: Path, texts: str, labels: str) -> Any:
    """The TweetEval development source, its two files written here."""
    source = next(s for s in data.SOURCES if s.name == "tweeteval-tweets")
    (label_file, _) = source.more[0]
    sums = []
    for name, text in ((source.file, texts), (label_file, labels)):
        (folder / name).write_text(text, encoding="utf-8")
        sums.append(hashlib.sha256((folder / name).read_bytes()).hexdigest())
    return type(source)(
        source.name, source.file, sums[0], source.url, source.read, ((label_file, sums[1]),)
    )


def test_tweets_are_read_with_the_label_on_the_same_line_of_the_other_file(
    data: ModuleType, tmp_path: Path
) -> None:
    source = _paired(
        data, tmp_path, "so happy today\nthe vote is on Tuesday\nworst film ever\n", "2\n1\n0\n"
    )
    rows = list(source.read(*data.read_verified(tmp_path, source)))
    assert rows == [
        ("so happy today", "compliment", "dev"),
        ("the vote is on Tuesday", "unclassified", "neutral"),
        ("worst film ever", "complaint", "dev"),
    ]


def test_tweets_and_labels_that_do_not_pair_up_are_refused(
    data: ModuleType, tmp_path: Path
) -> None:
    source = _paired(data, tmp_path, "one\ntwo\n", "2\n")
    with pytest.raises(data.DataError, match="2 tweets for 1 labels"):
        list(source.read(*data.read_verified(tmp_path, source)))
    (tmp_path / source.more[0][0]).unlink()
    with pytest.raises(data.DataError, match=r"labels\.txt is missing"):
        data.read_verified(tmp_path, source)


GERMEVAL = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Documents>
    <Document id="1"><relevance>true</relevance><sentiment>negative</sentiment>
        <text>@DB_Bahn seit einer Woche keine Antwort &amp; kein Ticket</text></Document>
    <Document id="2"><relevance>true</relevance><sentiment>positive</sentiment>
        <text>Zug pünktlich, Personal super</text></Document>
    <Document id="3"><relevance>true</relevance><sentiment>neutral</sentiment>
        <text>Wann fährt der nächste ICE?</text></Document>
    <Document id="4"><relevance>false</relevance><sentiment>negative</sentiment>
        <text>Unfall an einem Bahnübergang</text></Document>
</Documents>
"""


def _rows(
    data: ModuleType, folder: Path, name: str, text: str, encoding: str = "utf-8"
) -> list[tuple[str, str, str]]:
    """Return what a source's reader yields from a file of ``text`` written here."""
    source = _with_file(data, folder, name, text, encoding)
    return list(source.read(*data.read_verified(folder, source)))


def test_german_posts_about_a_company_are_evaluation_only_and_news_is_left_out(
    data: ModuleType, tmp_path: Path
) -> None:
    assert _rows(data, tmp_path, "germeval17-db", GERMEVAL) == [
        ("@DB_Bahn seit einer Woche keine Antwort & kein Ticket", "complaint", "dev"),
        ("Zug pünktlich, Personal super", "compliment", "dev"),
        ("Wann fährt der nächste ICE?", "unclassified", "neutral"),
    ]


ABSA = """<?xml version="1.0" encoding="UTF-8"?>
<Reviews><Review rid="1"><sentences>
<sentence id="1:0"><text>La comida, excelente.</text><Opinions>
<Opinion target="comida" category="FOOD#QUALITY" polarity="positive"/></Opinions></sentence>
<sentence id="1:1"><text>El camarero, un borde.</text><Opinions>
<Opinion target="camarero" category="SERVICE#GENERAL" polarity="negative"/>
<Opinion target="NULL" category="RESTAURANT#GENERAL" polarity="neutral"/></Opinions></sentence>
<sentence id="1:2"><text>Buen vino pero caro.</text><Opinions>
<Opinion target="vino" category="DRINKS#QUALITY" polarity="positive"/>
<Opinion target="vino" category="DRINKS#PRICES" polarity="negative"/></Opinions></sentence>
<sentence id="1:3"><text>Fuimos un martes.</text></sentence>
<sentence id="1:4" OutOfScope="TRUE"><text>Otra cosa.</text></sentence>
</sentences></Review></Reviews>
"""


def test_review_sentences_take_the_kind_all_their_opinions_share(
    data: ModuleType, tmp_path: Path
) -> None:
    assert _rows(data, tmp_path, "absa16-es-test", ABSA) == [
        ("La comida, excelente.", "compliment", "dev"),
        ("El camarero, un borde.", "complaint", "dev"),
        ("Fuimos un martes.", "unclassified", "neutral"),
    ]


# SemEval-2014's format: aspect terms with their places, categories without.
ABSA14 = """<?xml version="1.0" encoding="UTF-8"?>
<sentences>
<sentence id="1"><text>The food was great but the service was slow.</text>
<aspectTerms><aspectTerm term="food" polarity="positive" from="4" to="8"/>
<aspectTerm term="service" polarity="negative" from="27" to="34"/></aspectTerms>
<aspectCategories><aspectCategory category="food" polarity="positive"/></aspectCategories>
</sentence>
<sentence id="2"><text>The battery lasts all day.</text>
<aspectTerms><aspectTerm term="battery" polarity="positive" from="4" to="11"/></aspectTerms>
</sentence>
<sentence id="3"><text>The screen is fine, the keys are fine.</text>
<aspectTerms><aspectTerm term="screen" polarity="neutral" from="4" to="10"/>
<aspectTerm term="keys" polarity="conflict" from="24" to="28"/></aspectTerms></sentence>
<sentence id="4"><text>I bought it in May.</text></sentence>
<sentence id="5"><text>The battery lasts all day.</text>
<aspectTerms><aspectTerm term="battery" polarity="positive" from="4" to="11"/></aspectTerms>
</sentence>
</sentences>
"""

# 2015's: opinions with a target and its place ("NULL": none), one word judged two ways.
ABSA15 = """<?xml version="1.0" encoding="UTF-8"?>
<Reviews><Review rid="1"><sentences>
<sentence id="1:0"><text>The food was good but pricey, the room was tiny.</text><Opinions>
<Opinion target="food" category="FOOD#QUALITY" polarity="positive" from="4" to="8"/>
<Opinion target="food" category="FOOD#PRICES" polarity="negative" from="4" to="8"/>
<Opinion target="room" category="ROOMS#GENERAL" polarity="negative" from="34" to="38"/>
<Opinion target="NULL" category="HOTEL#GENERAL" polarity="negative" from="0" to="0"/>
</Opinions></sentence>
</sentences></Review></Reviews>
"""


def test_english_review_sentences_are_evaluation_only_with_their_judged_words(
    data: ModuleType, tmp_path: Path
) -> None:
    assert _rows(data, tmp_path, "absa14-restaurants-read", ABSA14) == [
        # Mixed sentences (praise and a problem, a word judged both ways) are left out as
        # wholes; their words are judged one by one below.
        ("The battery lasts all day.", "compliment", "dev"),
        ("I bought it in May.", "unclassified", "neutral"),
        ("The battery lasts all day.", "compliment", "dev"),
    ]
    source = _with_file(data, tmp_path, "absa14-restaurants-read", ABSA14)
    assert data.aspects(tmp_path, source) == [
        (
            "The food was great but the service was slow.",
            [(4, 8, "compliment"), (27, 34, "complaint")],
        ),
        ("The battery lasts all day.", [(4, 11, "compliment")]),
    ]
    hotels = _with_file(data, tmp_path, "absa15-hotels-held", ABSA15)
    assert data.aspects(tmp_path, hotels) == [
        ("The food was good but pricey, the room was tiny.", [(34, 38, "complaint")])
    ]
    for name in data.ASPECT_SOURCES:
        assert data.language_of(name) == "en"


def test_the_spanish_training_file_trains_the_spanish_model(
    data: ModuleType, tmp_path: Path
) -> None:
    assert _rows(data, tmp_path, "absa16-es-train", ABSA) == [
        ("La comida, excelente.", "compliment", "train"),
        ("El camarero, un borde.", "complaint", "train"),
        ("Fuimos un martes.", "unclassified", "train"),
    ]


def test_each_language_trains_on_its_own_sources(data: ModuleType) -> None:
    languages = {s.name: data.language_of(s.name) for s in data.SOURCES}
    assert {n for n, lang in languages.items() if lang == "es"} == {
        "absa16-es-train",
        "absa16-es-test",
        "airline-tweets-es-read",
        "airline-tweets-es-held",
    }
    assert {n for n, lang in languages.items() if lang == "de"} == {
        "germeval17-db",
        "germeval17-db-later",
    }
    assert {n for n, lang in languages.items() if lang == "fr"} == {
        "absa16-fr-train",
        "absa16-fr-test",
    }
    assert set(languages.values()) == {"en", "es", "de", "fr"}


def test_a_file_in_utf16_is_read_as_such(data: ModuleType, tmp_path: Path) -> None:
    text = "tweet_id,airline_sentiment,text\n1,negative,Otra vez tarde @Iberia 😡\n"
    tweet = "Otra vez tarde @Iberia 😡"
    half = "read" if data._read_half(tweet) else "held"
    rows = _rows(data, tmp_path, f"airline-tweets-es-{half}", text, encoding="utf-16")
    # The read half trains the Spanish model; the held half is only scored.
    assert rows == [(tweet, "complaint", "train" if half == "read" else "dev")]


def test_the_spanish_airline_tweets_fall_in_two_halves_and_a_retweet_in_its_tweets(
    data: ModuleType, tmp_path: Path
) -> None:
    # Half is read while writing the lexicon, half only ever scored: each tweet in exactly
    # one, and a retweet where its tweet is, or the scored half would hold a read text.
    tweets = [f"Vuelo {n} con retraso otra vez" for n in range(40)]
    rows = "".join(f"{n},negative,{t}\n" for n, t in enumerate(tweets))
    retweet = f"RT @viajero: {tweets[0]}"
    text = f"tweet_id,airline_sentiment,text\n{rows}99,negative,{retweet}\n"
    halves = {
        half: {t for t, _, _ in _rows(data, tmp_path, f"airline-tweets-es-{half}", text)}
        for half in ("read", "held")
    }
    assert halves["read"].isdisjoint(halves["held"])
    assert halves["read"] | halves["held"] == {*tweets, retweet}
    assert 10 < len(halves["read"]) < 30
    assert {tweets[0], retweet} <= halves["read"] or {tweets[0], retweet} <= halves["held"]


def _halves(data: ModuleType, folder: Path, prefix: str, text: str) -> list[tuple[str, str]]:
    """Return (text, kind) of both halves of a source, after checking that each text is in the
    half its hash says, that the read half is trained on and that the held half is only
    scored (development texts)."""
    halves = {half: _rows(data, folder, f"{prefix}-{half}", text) for half in ("read", "held")}
    assert halves["read"] and halves["held"]
    for half, rows in halves.items():
        assert all(data._read_half(t) == (half == "read") for t, _, _ in rows)
        assert {split for _, _, split in rows} == {"train" if half == "read" else "dev"}
    return [(t, k) for rows in halves.values() for t, k, _ in rows]


def test_airline_reviews_take_their_writers_verdict_and_only_the_read_half_is_trained_on(
    data: ModuleType, tmp_path: Path
) -> None:
    reviews = [f"Flight {n} to Rome was on time and the crew were kind." for n in range(30)]
    rows = "".join(f'"x","Flight {n}","{t}",{n % 2}\n' for n, t in enumerate(reviews))
    # A review with no verdict and one with no text are left out.
    text = f'airline_name,title,content,recommended\n{rows}"x","t","No verdict",\n'
    text += '"x","t","",1\n'
    got = _halves(data, tmp_path, "skytrax-airlines", text)
    assert sorted(got) == sorted(
        (t, "compliment" if n % 2 else "complaint") for n, t in enumerate(reviews)
    )


def test_app_reviews_take_their_labels_and_stars_and_only_the_read_half_is_trained_on(
    data: ModuleType, tmp_path: Path
) -> None:
    labels = [("BUG", "5", "complaint"), ("FEATURE", "1", "idea"), ("ENERGY", "4", "complaint")]
    labels += [("OTHER", "5", "compliment"), ("OTHER", "2", "complaint")]
    reviews = [
        (f"app {n} review {n}", label, stars, kind)
        for n, (label, stars, kind) in enumerate(labels * 8)
    ]
    rows = "".join(f'{n},a,1,{s},0,?,Ann,"{t}",{lb}\n' for n, (t, lb, s, _) in enumerate(reviews))
    # "Other" with three stars says neither; a review with no title starts with "?".
    text = f"id,app,version,rating,date,device,user,review,category\n{rows}"
    text += '90,a,1,3,0,?,Ann,"app is ok",OTHER\n91,a,1,5,0,?,Ann,"? love it so much",OTHER\n'
    got = _halves(data, tmp_path, "clap-app-reviews", text)
    expected = [(t, k) for t, _, _, k in reviews] + [("love it so much", "compliment")]
    assert sorted(got) == sorted(expected)
    # The reviews of the release study are all scored, none read apart nor trained on.
    release = "ID,App-name,version,rating,date,device,author,body,category,cluster,priority\n"
    release += '0,a,1,5,0,?,Bo,"? add a widget",FEATURE,C1,NORMAL\n'
    release += '1,a,1,1,0,?,Bo,"it freezes",PERFORMANCE,C2,HIGH\n'
    assert _rows(data, tmp_path, "clap-release-reviews", release) == [
        ("add a widget", "idea", "dev"),
        ("it freezes", "complaint", "dev"),
    ]


def test_feedback_sentences_take_their_labels_and_a_request_among_them_is_an_idea(
    data: ModuleType, tmp_path: Path
) -> None:
    # One row per label (IJCNLP-2017 Task 4's layout): a sentence with two labels is two rows.
    labels = [
        (["request"], "idea"),
        (["complaint", "request"], "idea"),
        (["comment", "request"], "idea"),
        (["bug"], "complaint"),
        (["bug", "complaint"], "complaint"),
        (["comment"], "compliment"),
        (["meaningless"], "unclassified"),
        # Praise and a problem at once, and what the annotators could not tell: left out.
        (["comment", "complaint"], None),
        (["undetermined"], None),
    ]
    sentences = [
        (f"Sentence {n} about room {n}.", tags, kind) for n, (tags, kind) in enumerate(labels * 6)
    ]
    rows = "".join(f"{tag}\t{text}\n" for text, tags, _ in sentences for tag in tags)
    text = f"tag\tconsumer_complaint_narrative\n{rows}\tno label\n"
    halves = {
        half: _rows(data, tmp_path, f"ijcnlp17-feedback-{half}", text) for half in ("read", "held")
    }
    assert halves["read"] and halves["held"]
    for half, got in halves.items():
        assert all(data._read_half(t) == (half == "read") for t, _, _ in got)
    got = sorted(row for rows in halves.values() for row in rows)
    # The read half is trained on, a sentence with no kind too ("no kind" is a class); in the
    # held half, such a sentence goes to the texts read for a kind they do not have.
    expected = [
        (t, k, "train" if data._read_half(t) else "neutral" if k == "unclassified" else "dev")
        for t, _, k in sentences
        if k
    ]
    assert got == sorted(expected)


def _forum_file(folder: Path, rows: list[tuple[str, str | None]]) -> bytes:
    """Return an SQLite file laid out as the forum sentences' (the columns the loader reads
    and one it does not)."""
    path = folder / "forum.sqlite"
    db = sqlite3.connect(path)
    db.execute(
        "CREATE TABLE labelled_sentences (id INTEGER, topic_forum TEXT, sentence TEXT, label TEXT)"
    )
    db.executemany(
        "INSERT INTO labelled_sentences VALUES (?, 'features', ?, ?)",
        [(n, text, label) for n, (text, label) in enumerate(rows)],
    )
    db.commit()
    db.close()
    return path.read_bytes()


def test_forum_sentences_are_read_from_the_database_with_their_labels_as_kinds(
    data: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [
        ("Please add a button to rotate the video.", "feature request"),
        ("VLC crashes when I open an MKV file.", "Apparent bug"),  # labels vary in case
        ("Same here, it freezes for me too.", "agreeing with the problem"),
        ("Great player, thanks!", "praise application"),
        ("Go to Tools > Preferences and untick the box.", "application guidance"),
        ("This would help with my lectures.", "motivation FR"),  # a request or not: left out
        ("Cookies", "and Remove Cookies Warning\xa0! "),  # mislabelled, as the authors say
        ("   ", "feature request"),
        ("A sentence nobody labelled.", None),
    ]
    raw = _forum_file(tmp_path, rows)
    found: dict[str, list[tuple[str, str, str]]] = {}
    for half in ("read", "held"):
        source = next(s for s in data.SOURCES if s.name == f"forum-sentences-{half}")
        assert source.binary
        (tmp_path / source.file).write_bytes(raw)
        digest = hashlib.sha256(raw).hexdigest()
        checked = dataclasses.replace(source, sha256=digest)
        (content,) = data.read_verified(tmp_path, checked)
        assert content == raw  # a database is handed over as bytes, not decoded
        found[half] = list(checked.read(content))
    both = found["read"] + found["held"]
    assert sorted((text, kind) for text, kind, _ in both) == sorted(
        [
            ("Please add a button to rotate the video.", "idea"),
            ("VLC crashes when I open an MKV file.", "complaint"),
            ("Same here, it freezes for me too.", "complaint"),
            ("Great player, thanks!", "compliment"),
            ("Go to Tools > Preferences and untick the box.", "unclassified"),
        ]
    )
    # Each sentence in exactly one half, the half its hash gives it: the read half is
    # trained on, the held half only scored (a sentence with no kind in the neutral table).
    for half, got in found.items():
        assert all(data._read_half(text) == (half == "read") for text, _, _ in got)
    assert {split for _, _, split in found["read"]} <= {"train"}
    assert {(kind == "unclassified", split) for _, kind, split in found["held"]} <= {
        (True, "neutral"),
        (False, "dev"),
    }
    assert found["read"] and found["held"]
    # And through ``load``, as training and the evaluation read it.
    sources = tuple(
        dataclasses.replace(s, sha256=hashlib.sha256(raw).hexdigest())
        for s in data.SOURCES
        if s.name.startswith("forum-sentences-")
    )
    monkeypatch.setattr(data, "SOURCES", sources)
    loaded = data.load(tmp_path)
    assert sorted((e.text, e.kind, e.split) for e in loaded) == sorted(both)


def test_a_binary_source_reads_one_file(data: ModuleType) -> None:
    source = next(s for s in data.SOURCES if s.binary)
    with pytest.raises(ValueError, match="one file"):
        dataclasses.replace(source, more=(("labels.txt", "0" * 64),))


def test_hotel_guests_answers_take_their_question_and_nothing_wrong_is_left_out(
    data: ModuleType, tmp_path: Path
) -> None:
    liked = [f"Lovely room number {n} and kind staff" for n in range(20)]
    disliked = [f"The shower in room {n} was cold" for n in range(20)]
    rows = [(t, 1) for t in liked] + [(t, 0) for t in disliked]
    # The site's placeholder, an answer that says nothing was wrong, and an empty one.
    rows += [("No Negative", 0), ("Nothing at all", 0), ("No Positive", 1), ("  ", 1)]
    text = "Hotel_Name,Review,Reviewer_Score,Sentiment\n" + "".join(
        f'h,"{t}",7.5,{s}\n' for t, s in rows
    )
    halves = {
        half: _rows(data, tmp_path, f"hotel-answers-{half}", text) for half in ("read", "held")
    }
    assert halves["read"] and halves["held"]
    for half, found in halves.items():
        assert all(data._read_half(t) == (half == "read") for t, _, _ in found)
        assert {split for _, _, split in found} == {"dev"}  # neither half is trained on
    got = sorted((t, k) for found in halves.values() for t, k, _ in found)
    assert got == sorted([(t, "compliment") for t in liked] + [(t, "complaint") for t in disliked])


def _lists(data: ModuleType, folder: Path, name: str, pros: str, cons: str) -> Any:
    source = next(s for s in data.SOURCES if s.name == name)
    sums = []
    for file, text in ((source.file, pros), (source.more[0][0], cons)):
        (folder / file).write_text(text, encoding="utf-8")
        sums.append(hashlib.sha256(text.encode()).hexdigest())
    return dataclasses.replace(source, sha256=sums[0], more=((source.more[0][0], sums[1]),))


def test_pros_and_cons_lists_are_evaluation_only_and_laid_out_under_their_headings(
    data: ModuleType, tmp_path: Path
) -> None:
    """Every eighth line of the two files is a pair of lists; a list a text (praise, a
    problem, or left out where it lists nothing), and the pair laid out as a review site shows
    it, under "Pros:" and "Cons:", each thing listed judged by its list."""
    step = data._LIST_STEP
    pro_lines = [f"\t<Pros>pro {n}</Pros>" for n in range(3 * step)]
    con_lines = [f"\t<Cons>con {n}</Cons>" for n in range(3 * step)]
    pro_lines[0], con_lines[0] = (
        "\t<Pros>cheap ink, good speed and resolution</Pros>",
        "<Cons>none</Cons>",
    )
    pro_lines[step], con_lines[step] = (
        "<Pros>Quick printing</Pros>",
        "<Cons>awkward size; slow</Cons>",
    )
    pros, cons = "\n".join(pro_lines) + "\n", "\n".join(con_lines) + "\n"
    rows, reviews = {}, {}
    for half in ("read", "held"):
        source = _lists(data, tmp_path, f"pros-cons-{half}", pros, cons)
        rows[half] = list(source.read(*data.read_verified(tmp_path, source)))
        reviews[half] = data.aspects(tmp_path, source)
    # The halves split the pairs, and each pair falls in one.
    every = rows["read"] + rows["held"]
    assert sorted(text for text, _, _ in every) == sorted(
        [
            "cheap ink, good speed and resolution",
            "Quick printing",
            "awkward size; slow",
            f"pro {2 * step}",
            f"con {2 * step}",
        ]
    )
    assert all(split == "dev" for _, _, split in every)
    assert {(text, kind) for text, kind, _ in every} >= {
        ("Quick printing", "compliment"),
        ("awkward size; slow", "complaint"),
    }
    laid_out = dict(reviews["read"] + reviews["held"])
    first = "Pros: cheap ink, good speed and resolution\nCons: none"
    assert first in laid_out or first.replace("\n", " ") in laid_out
    judged = laid_out.get(first) or laid_out[first.replace("\n", " ")]
    text = first
    assert [(text[s:e], kind) for s, e, kind in judged] == [
        ("cheap ink", "compliment"),
        ("good speed", "compliment"),
        ("resolution", "compliment"),
    ]
    second = next(t for t in laid_out if "Quick printing" in t)
    assert [(second[s:e], kind) for s, e, kind in laid_out[second]] == [
        ("Quick printing", "compliment"),
        ("awkward size", "complaint"),
        ("slow", "complaint"),
    ]


def test_a_source_that_gives_way_leaves_out_a_text_another_source_trains_on(
    data: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pros and cons lists came after the model: a list another source trains on stays in
    that training (the model is the one its script trains) and out of the lists."""
    step = data._LIST_STEP
    pros = "".join(f"<Pros>{'Great price' if n == 0 else f'p{n}'}</Pros>\n" for n in range(step))
    cons = "".join(f"<Cons>c{n}</Cons>\n" for n in range(step))
    lists = [_lists(data, tmp_path, f"pros-cons-{half}", pros, cons) for half in ("read", "held")]
    trains = _training_text(tmp_path, lists[0], "Great price", "compliment")
    monkeypatch.setattr(data, "SOURCES", (trains, *lists))
    loaded = data.load(tmp_path)
    assert [(e.source, e.split) for e in loaded if e.text == "Great price"] == [("other", "train")]
    assert [e.text for e in loaded if e.source.startswith("pros-cons")] == ["c0"]
