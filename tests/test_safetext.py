"""Customer text drawn safely: controls marked, bidi closers it did not open marked, names
never written backwards."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.safetext import MARK, clean_name, clean_text

LRI, RLI, FSI, PDI = "\u2066", "\u2067", "\u2068", "\u2069"
LRE, RLE, PDF, LRO, RLO = "\u202a", "\u202b", "\u202c", "\u202d", "\u202e"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # What phones and editors put around a number or a brand in Arabic or Hebrew: kept.
        (f"طلبي {LRI}#A-1234{PDI} لم يصل", f"طلبي {LRI}#A-1234{PDI} لم يصل"),
        (f"הזמנתי {LRE}iPhone 15{PDF} אתמול", f"הזמנתי {LRE}iPhone 15{PDF} אתמול"),
        # A closer nothing opened would close our isolate early: a mark.
        (f"Ann {PDI}Lee", f"Ann {MARK}Lee"),
        (f"a{PDF}b", f"a{MARK}b"),
        # An override draws figures backwards (helper-42: "$1200" as "0021$"): a mark, and
        # so is the closer it leaves without an opener.
        (f"My refund of {RLO}$1200 was sent", f"My refund of {MARK}$1200 was sent"),
        (f"x {LRO}abc{PDF} y", f"x {MARK}abc{MARK} y"),
        # A PDF inside an isolate cannot close an embedding outside it.
        (f"{RLE}a{RLI}b{PDF}c{PDI}d{PDF}", f"{RLE}a{RLI}b{MARK}c{PDI}d{PDF}"),
        # A PDI closes its isolate and whatever was opened inside it.
        (f"{FSI}a{RLE}b{PDI}{PDF}", f"{FSI}a{RLE}b{PDI}{MARK}"),
        ("bell\x07 and nul\x00", f"bell{MARK} and nul{MARK}"),
    ],
)
def test_clean_text_keeps_balanced_pairs_and_marks_the_rest(text: str, shown: str) -> None:
    assert clean_text(text) == shown


def test_a_name_is_one_line_and_never_reversed() -> None:
    assert clean_name(f"Ann {RLO}Lee") == f"Ann {MARK}Lee"
    assert clean_name("Ann\r\nLee\x0b") == "Ann Lee"
    assert clean_name(f"عمر {LRI}O'Neil{PDI}") == f"عمر {LRI}O'Neil{PDI}"


@given(st.text(alphabet=st.sampled_from(f"ab {LRI}{RLI}{FSI}{PDI}{LRE}{RLE}{PDF}{LRO}{RLO}")))
def test_what_is_kept_never_closes_more_than_it_opened(text: str) -> None:
    shown = clean_text(text)
    assert len(shown) == len(text)  # offsets into the text hold
    # Walking what is kept, a closer always has its opener: our isolate around it holds.
    opened: list[str] = []
    for ch in shown:
        assert ch not in (LRO, RLO), "an override is never kept"
        if ch in (LRE, RLE):
            opened.append("e")
        elif ch in (LRI, RLI, FSI):
            opened.append("i")
        elif ch == PDF:
            assert opened and opened[-1] == "e"
            opened.pop()
        elif ch == PDI:
            assert "i" in opened
            del opened[len(opened) - 1 - opened[::-1].index("i") :]
