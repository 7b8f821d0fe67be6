"""An e-mail's quoted thread and its phone line are not the customer's words.

Support inboxes export whole threads: the company's own "We are sorry your parcel was lost",
quoted below a thank-you, was read as the customer's complaint, and "Sent from my iPhone" made
"iPhone" a term of the wall.
"""

from __future__ import annotations

import pytest

from kiosk.analysis import Analyzer
from kiosk.analysis.text import excluded_spans, reply_start
from kiosk.model import Kind

from .conftest import make_feedback


def _read(text: str) -> tuple[Kind, dict[str, Kind]]:
    found, _ = Analyzer().read_batch([make_feedback(text)])
    return found[0].kind, {m.term_label.casefold(): m.kind for m in found[0].mentions}


@pytest.mark.parametrize(
    ("text", "kind", "terms"),
    [
        (
            "Thanks for the quick refund!\n\nOn Mon, 3 Jun 2024 at 10:00, Support"
            " <help@shop.com> wrote:\n> We are sorry your parcel was damaged and lost",
            Kind.COMPLIMENT,
            {"refund": Kind.COMPLIMENT},
        ),
        # Joined into one line by an export, the header still ends the customer's words.
        (
            "Still waiting for my refund. On Tue, 4 Jun 2024 at 09:12, Support"
            " <help@shop.com> wrote: Thank you for your patience, we love our customers",
            Kind.COMPLAINT,
            {"refund": Kind.COMPLAINT},
        ),
        # Quoted line by line, with no header a person would call one.
        (
            "Thanks for the quick refund!\n\n> On Monday, support wrote:\n"
            "> We are sorry your parcel was damaged and lost",
            Kind.COMPLIMENT,
            {"refund": Kind.COMPLIMENT},
        ),
        (
            "The delivery was late again.\n\nSent from my iPhone",
            Kind.COMPLAINT,
            {"delivery": Kind.COMPLAINT},
        ),
        ("Merci !\n\nEnvoyé de mon iPhone", Kind.COMPLIMENT, {}),
        (
            "Merci !\n\nLe lun. 3 juin 2024 à 10:00, Support <a@b.fr> a écrit :\n"
            "> Votre colis est perdu",
            Kind.COMPLIMENT,
            {},
        ),
        (
            "Danke, alles gut!\nAm 03.06.2024 um 10:00 schrieb Support <a@b.de>:\n"
            "> Ihr Paket ist verloren",
            Kind.COMPLIMENT,
            {},
        ),
        (
            "Great service\n-- \nJohn Smith\nHead of Purchasing, ACME Ltd",
            Kind.COMPLIMENT,
            {"service": Kind.COMPLIMENT},
        ),
    ],
)
def test_only_the_customer_s_own_words_are_read(
    text: str, kind: Kind, terms: dict[str, Kind]
) -> None:
    assert _read(text) == (kind, terms)


def test_what_only_looks_like_a_reply_is_read() -> None:
    # No time in the "header": a customer's own words.
    text = "On time delivery, I wrote: 5 stars"
    assert reply_start(text) == len(text)
    assert _read(text)[1]["delivery"] is Kind.COMPLIMENT
    # A ">" inside a line quotes nothing; a text that is all quotes is read whole.
    assert reply_start("Price is > 100 which is too much") == len(
        "Price is > 100 which is too much"
    )
    assert "zip" in _read("> a broken zip\n> and a torn sleeve")[1]
    # A quoted line between the customer's own is left out, the rest read.
    text = "The zip broke.\n> 100 people complained\nFix it"
    assert (text.index(">"), text.index("\nFix")) in excluded_spans(text)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        (
            "I ordered a lamp on 3/4 and it still hasn't arrived. Thanks, John",
            {"lamp": Kind.COMPLAINT},
        ),
        ("The app keeps crashing.\nKind regards,\nMaria Lopez", {"app": Kind.COMPLAINT}),
        ("Paket kam beschädigt an.\nViele Grüße\nAnna Schmidt", {"parcel": Kind.COMPLAINT}),
        ("El pedido llegó tarde. Saludos, Carlos", {"order": Kind.COMPLAINT}),
        # Thanks to the company is no signature: "Delta" is a term, as ever.
        ("Great flight. Thanks, Delta!", {"flight": Kind.COMPLIMENT, "delta": Kind.COMPLIMENT}),
    ],
)
def test_the_name_a_customer_signs_with_is_no_term(text: str, terms: dict[str, Kind]) -> None:
    """A feed with no name field put the customer's name on the wall (stop 69)."""
    assert _read(text)[1] == terms


def test_a_signature_is_found_at_the_end_only_and_in_time() -> None:
    from kiosk.analysis.text import signature

    assert signature("Thanks, John") == (8, 12)
    assert signature("Kind regards,\nMaria Lopez\n") == (14, 25)  # a last line break
    assert signature("Flight cancelled again. Thanks, KLM") is None  # a company, in capitals
    assert signature("Thanks, John. The app crashes") is None
    hostile = "Thanks,\n" + "Abc " * 50_000
    assert signature(hostile) is None  # a closing too far from the end
