"""The bundled demo feed: realistic, deterministic customer feedback written by us.

About 5,000 items over 120 days from about 900 named customers, across seven channels, with
stories that unfold over time so the cloud has something true to show:

- a delivery problem that grows, peaks and fades after a fix (and the company answers many);
- a much-loved member of staff (Priya, at the Leeds store) who keeps being praised;
- a popular idea (order tracking in the app) that keeps gaining votes;
- a checkout fault that started a fortnight ago and is still rising, unanswered: the
  complaint the wall's headline and spotlight name;
- steady background: hold music, refunds, prices, the mobile app.

Everything comes from one seeded ``random.Random``: the same seed and ``now`` give the same
items, so tests and snapshots are repeatable. No real data set was copied.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import accumulate

from kiosk.days import day_of, day_start
from kiosk.model import Customer, Feedback, Kind, KindSource, Response, Status

__all__ = ["DEMO_FEED_ID", "DemoLive", "day_anchor", "generate_demo", "iter_demo"]

DEMO_FEED_ID = "demo"
DEFAULT_SEED = 2026

CHANNELS = ("web form", "call centre", "field service", "store", "app review", "email", "survey")
# Channels where the customer picks the kind themselves; elsewhere a person wrote down what was
# said and the kind is left for the analysis to infer.
_CHOSEN_KIND_CHANNELS = frozenset({"web form", "app review", "survey"})
SEGMENTS = ("Consumer", "Small business", "Enterprise", "Public sector")
_SEGMENT_WEIGHTS = (70, 18, 8, 4)

_FIRST = [
    "Olivia",
    "Amelia",
    "Isla",
    "Ava",
    "Mia",
    "Ivy",
    "Lily",
    "Isabella",
    "Rosie",
    "Sophia",
    "Grace",
    "Freya",
    "Willow",
    "Emily",
    "Ella",
    "Poppy",
    "Evie",
    "Charlotte",
    "Daisy",
    "Sienna",
    "Noah",
    "Oliver",
    "George",
    "Leo",
    "Arthur",
    "Muhammad",
    "Harry",
    "Oscar",
    "Archie",
    "Henry",
    "Theodore",
    "Jack",
    "Freddie",
    "Charlie",
    "Finley",
    "Alfie",
    "Thomas",
    "Jacob",
    "Lucas",
    "Samuel",
    "Aisha",
    "Fatima",
    "Zara",
    "Priyanka",
    "Ravi",
    "Arjun",
    "Chen",
    "Mei",
    "Wei",
    "Kenji",
    "Yuki",
    "Sofia",
    "Mateo",
    "Lucia",
    "Diego",
    "Camille",
    "Louis",
    "Chloe",
    "Hugo",
    "Lena",
    "Jonas",
    "Lukas",
    "Anna",
    "Marta",
    "Pablo",
    "Elena",
    "Tomasz",
    "Kasia",
    "Niamh",
    "Sean",
    "Aoife",
    "Callum",
    "Eilidh",
    "Rhys",
    "Megan",
    "Dafydd",
    "Kwame",
    "Ama",
    "Kofi",
    "Tunde",
    "Ngozi",
    "Omar",
    "Layla",
    "Yusuf",
    "Hana",
    "Sara",
]
_LAST = [
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Williams",
    "Wilson",
    "Johnson",
    "Davies",
    "Patel",
    "Wright",
    "Robinson",
    "Wood",
    "Thompson",
    "Evans",
    "Walker",
    "White",
    "Roberts",
    "Green",
    "Hall",
    "Thomas",
    "Clarke",
    "Jackson",
    "Hughes",
    "Edwards",
    "Khan",
    "Lewis",
    "Harris",
    "Martin",
    "Cooper",
    "Morris",
    "Ward",
    "Turner",
    "Hill",
    "Moore",
    "Baker",
    "Price",
    "Kaur",
    "Singh",
    "Begum",
    "Ahmed",
    "Nguyen",
    "Kim",
    "Wong",
    "Silva",
    "Garcia",
    "Rossi",
    "Müller",
    "Schmidt",
    "Dubois",
    "Martin",
    "Lefebvre",
    "Fernández",
    "López",
    "Kowalski",
    "Nowak",
    "O'Brien",
    "Murphy",
    "Campbell",
    "MacLeod",
    "Okafor",
    "Mensah",
    "Adeyemi",
    "Haddad",
    "Rahman",
    "Sato",
]
_STAFF = ("Priya", "Tom", "Grace", "Sam", "Daniel", "Alex")
_STORES = ("Leeds", "Bristol", "Glasgow", "Cardiff", "Norwich", "York")
# Words that keep their capital when an opener comes before them.
_PROPER_NOUNS = frozenset({*_STAFF, *_STORES, "I", "Apple", "PayPal"})

# Templates per topic and kind. {store}, {days}, {staff} are filled in per item.
_EN: dict[str, dict[Kind, tuple[str, ...]]] = {
    "delivery": {
        Kind.COMPLAINT: (
            "My delivery was {days} days late and nobody told me why.",
            "Late delivery again. The parcel was supposed to arrive on Monday.",
            "The courier never turned up and the tracking page said delivered.",
            "Second late delivery this month, really disappointing.",
            "Delivery took {days} days instead of two. I needed it for a birthday.",
            "The driver left my parcel in the rain, the box was soaked.",
            "Still waiting for my delivery after {days} days, no updates at all.",
            "Delivery slot was missed twice and I took a day off work for it.",
            "Your delivery times are a joke lately, everything arrives late.",
            "Ordered a week ago and the delivery is still stuck at the depot.",
        ),
        Kind.COMPLIMENT: (
            "Delivery was on time and the driver was very polite.",
            "Fast delivery, arrived the next morning. Impressed!",
            "Delivery has really improved, my last three orders came early.",
            "Great delivery experience, the text with the time slot was spot on.",
        ),
        Kind.IDEA: (
            "It would be great if I could choose an evening delivery slot.",
            "Please add a way to leave delivery instructions for the driver.",
            "You should send a photo when the parcel is delivered.",
        ),
    },
    "staff": {
        Kind.COMPLIMENT: (
            "{staff} at the {store} store was incredibly helpful and patient.",
            "Huge thanks to {staff} in {store}, she sorted my return in minutes.",
            "{staff} went above and beyond to find the right size for me.",
            "The staff in the {store} store are always friendly, especially {staff}.",
            "Can't fault the service at {store}. {staff} remembered my name!",
            "Friendly staff and great advice in the {store} store.",
        ),
        Kind.COMPLAINT: (
            "The staff at the {store} store ignored me for ten minutes.",
            "Nobody at the {store} store could answer a simple question.",
        ),
    },
    "tracking": {
        Kind.IDEA: (
            "Please add live order tracking in the app.",
            "It would be great if the app showed where my order is on a map.",
            "I wish I could track my order in the app instead of the courier site.",
            "Why not show order tracking with the delivery time in the app?",
            "You should add push notifications for order tracking.",
            "Order tracking in the mobile app would save us all a phone call.",
        ),
        Kind.COMPLAINT: (
            "The order tracking link in the email never works.",
            "Tracking says out for delivery for three days now.",
        ),
    },
    "app": {
        Kind.COMPLIMENT: (
            "Love the new mobile app, reordering takes seconds.",
            "The app is fast and easy to use. Well done.",
            "Really like the new app design, much cleaner.",
            "Not bad at all, the app finally remembers my basket.",
        ),
        Kind.COMPLAINT: (
            "The mobile app crashes every time I open my basket.",
            "App keeps logging me out, so annoying.",
            "The app is slow and the search never finds anything.",
        ),
        Kind.IDEA: (
            "Please add a dark mode to the app.",
            "It would be nice to save favourite products in the app.",
            "Could you add Apple Pay to the app checkout?",
        ),
    },
    "customer_service": {
        Kind.COMPLAINT: (
            "I was on hold for 40 minutes listening to the same hold music.",
            "The hold music is unbearable and the wait time is worse.",
            "Customer service hung up on me twice.",
            "Called customer service three times and got three different answers.",
            "Nobody replied to my email for a week.",
        ),
        Kind.COMPLIMENT: (
            "Customer service sorted my problem on the first call. Thank you!",
            "The lady on the phone was lovely and fixed everything.",
            "Excellent customer service, quick and friendly.",
            "No complaints at all, customer service was brilliant.",
        ),
        Kind.IDEA: (
            "A call back option would be better than waiting on hold.",
            "Please add a live chat so I don't have to phone customer service.",
        ),
    },
    "checkout": {
        Kind.COMPLAINT: (
            "Checkout failed three times with a payment error.",
            "The website checkout keeps rejecting my discount code.",
            "Payment went through twice at checkout and I was charged double.",
        ),
        Kind.IDEA: (
            "Please add PayPal at checkout.",
            "It would be great to check out as a guest without an account.",
        ),
        Kind.COMPLIMENT: ("Checkout on the website is quick and simple now.",),
    },
    "refund": {
        Kind.COMPLAINT: (
            "Still waiting for my refund after {days} days.",
            "The refund process is far too slow.",
            "Returned the item a month ago and no refund yet.",
        ),
        Kind.COMPLIMENT: (
            "Refund arrived within two days, very impressed.",
            "Easy return and a quick refund, thanks.",
        ),
    },
    "price": {
        Kind.COMPLAINT: (
            "Prices have gone up again and the quality has not.",
            "Too expensive compared to other shops.",
            "The delivery charge is too high for small orders.",
        ),
        Kind.COMPLIMENT: (
            "Good value for money and the quality is excellent.",
            "Great prices in the sale, bought presents for the whole family.",
        ),
        Kind.IDEA: ("A loyalty scheme with discounts for regular customers would be great.",),
    },
    "product": {
        Kind.COMPLIMENT: (
            "The product quality is excellent, the jacket still looks new.",
            "Lovely quality, fits perfectly.",
            "Really happy with the quality of the kitchen set.",
        ),
        Kind.COMPLAINT: (
            "The packaging was damaged and the product was broken.",
            "Poor quality, the zip broke after a week.",
            "Too much plastic packaging for one small item.",
        ),
        Kind.IDEA: (
            "Please use recyclable packaging.",
            "You should stock more sizes in store.",
        ),
    },
    "installation": {
        Kind.COMPLIMENT: (
            "The engineer who did the installation was tidy and quick.",
            "Installation went smoothly, the technician explained everything.",
        ),
        Kind.COMPLAINT: (
            "The installation appointment was cancelled on the day.",
            "The engineer arrived without the right parts.",
        ),
    },
}

_OTHER: dict[str, dict[Kind, tuple[str, ...]]] = {
    "fr": {
        Kind.COMPLAINT: (
            "La livraison est arrivée avec {days} jours de retard.",
            "Le service client ne répond jamais au téléphone.",
            "Colis abîmé et remboursement toujours en attente.",
        ),
        Kind.COMPLIMENT: (
            "Livraison rapide et personnel très aimable, merci !",
            "Très bonne qualité, je recommande.",
        ),
        Kind.IDEA: ("Ce serait bien de pouvoir suivre ma commande dans l'application.",),
    },
    "de": {
        Kind.COMPLAINT: (
            "Die Lieferung kam {days} Tage zu spät.",
            "Der Kundenservice war unfreundlich und langsam.",
            "Die Rückerstattung dauert viel zu lange.",
        ),
        Kind.COMPLIMENT: (
            "Schnelle Lieferung und sehr freundliches Personal.",
            "Tolle Qualität, sehr zufrieden.",
        ),
        Kind.IDEA: ("Es wäre toll, wenn man die Bestellung in der App verfolgen könnte.",),
    },
    "es": {
        Kind.COMPLAINT: (
            "La entrega llegó {days} días tarde.",
            "El servicio al cliente nunca contesta.",
            "El reembolso está tardando demasiado.",
        ),
        Kind.COMPLIMENT: (
            "Entrega rápida y personal muy amable.",
            "Excelente calidad, muy contento con la compra.",
        ),
        Kind.IDEA: ("Sería genial poder seguir el pedido en la aplicación.",),
    },
}

# Sentences customers add around the point they make.
_OPENERS = ("", "", "", "Hi, ", "Hello, ", "Just a quick note: ", "Honestly, ", "To be fair, ")
_CLOSERS: dict[Kind, tuple[str, ...]] = {
    Kind.COMPLAINT: ("", "", "", " Please sort it out.", " Not good enough.", " Very frustrating."),
    Kind.COMPLIMENT: ("", "", "", " Thanks.", " Cheers!", " Keep it up."),
    Kind.IDEA: ("", "", "", " Thanks.", " Just a thought.", " Would love to see it."),
}
_MIXED = (
    ("Love the app, but delivery was {days} days late.", {"app": Kind.COMPLIMENT}),
    ("Great prices, shame the delivery took {days} days.", {"price": Kind.COMPLIMENT}),
    ("The staff were lovely but the checkout kept failing.", {"staff": Kind.COMPLIMENT}),
)


def _bump(day: float, start: float, peak: float, end: float) -> float:
    """Return 0..1: rises from start to peak, fades to end (a story's arc over time)."""
    if day <= start or day >= end:
        return 0.0
    if day <= peak:
        return math.sin((day - start) / (peak - start) * math.pi / 2) ** 2
    return math.cos((day - peak) / (end - peak) * math.pi / 2) ** 2


# When the checkout fault starts, as a share of the demo's period.
_CHECKOUT_FAULT = 0.86


@dataclass(frozen=True, slots=True)
class _Story:
    """Topic weights and kind mix on a given day (0 = first day of the demo)."""

    days: int

    def topic_weights(self, day: int) -> dict[str, float]:
        t = day / self.days
        return {
            # The delivery problem: grows from a fifth in, peaks at half, fixed by 70%.
            "delivery": 2.0 + 14.0 * _bump(t, 0.2, 0.5, 0.75),
            "staff": 2.0 + 1.5 * t,
            "tracking": 0.8 + 5.0 * t,
            "app": 2.5,
            "customer_service": 3.0,
            # The checkout fault: from 86% in, rising to the end, so that whatever the day,
            # the last month has a complaint that rose clearly against the month before.
            "checkout": 1.6 + 3.5 * min(1.0, max(0.0, (t - _CHECKOUT_FAULT) / 0.1)),
            "refund": 1.6,
            "price": 1.8,
            "product": 2.4,
            "installation": 1.0,
        }

    def delivery_fixed(self, day: int) -> bool:
        return day / self.days >= 0.62

    def checkout_broken(self, day: int) -> bool:
        return day / self.days >= _CHECKOUT_FAULT


@dataclass(frozen=True, slots=True)
class _DemoCustomer:
    customer: Customer
    language: str


def _customers(rng: random.Random, count: int) -> list[_DemoCustomer]:
    people: list[_DemoCustomer] = []
    seen: set[str] = set()
    while len(people) < count:
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        name = f"{first} {last}"
        if name in seen:
            name = f"{first} {rng.choice('ABCDEFGHJKLMNPRSTW')}. {last}"
            if name in seen:
                continue
        seen.add(name)
        segment = rng.choices(SEGMENTS, _SEGMENT_WEIGHTS)[0]
        base = {"Consumer": 300, "Small business": 4_000, "Enterprise": 60_000}.get(segment, 20_000)
        value = round(base * rng.lognormvariate(0, 0.6), 2)
        email = f"{first}.{last}".lower().replace("'", "").replace(" ", "") + "@example.com"
        language = rng.choices(("en", "fr", "de", "es"), (97, 1, 1, 1))[0]
        people.append(
            _DemoCustomer(
                Customer(f"C{len(people) + 1:05d}", name, email, segment, value), language
            )
        )
    return people


class _Generator:
    """Draws items one at a time from a seeded random stream."""

    def __init__(self, seed: int, days: int, customer_count: int) -> None:
        self.rng = random.Random(seed)
        self.days = days
        self.story = _Story(days)
        self.people = _customers(self.rng, customer_count)
        # Some customers write a lot, most once or twice (a long tail, as in real feedback).
        activity = [self.rng.paretovariate(1.4) for _ in self.people]
        # Cumulative once, not per draw: the same draws, in constant time per item.
        self.cum_activity = list(accumulate(activity))
        self.votes = 0
        # The demo's present: an answer dated after it has not been written yet.
        self.end: datetime | None = None

    def item(self, index: int, day: int, when: datetime) -> Feedback:
        rng = self.rng
        person = rng.choices(self.people, cum_weights=self.cum_activity)[0]
        channel = rng.choice(CHANNELS)
        weights = self.story.topic_weights(day)
        topic = rng.choices(list(weights), list(weights.values()))[0]
        text, kind = self._text(topic, day, person.language)
        given = channel in _CHOSEN_KIND_CHANNELS or rng.random() < 0.35
        votes = 0
        if topic == "tracking" and kind is Kind.IDEA:
            self.votes += rng.randint(1, 4)
            votes = self.votes
        elif kind is Kind.IDEA:
            votes = rng.randint(0, 12)
        status, response = self._answer(topic, kind, day, when)
        return Feedback(
            feed_id=DEMO_FEED_ID,
            external_id=f"D{index:07d}",
            text=text,
            created_at=when,
            customer=person.customer,
            kind=kind if given else Kind.UNCLASSIFIED,
            kind_source=KindSource.GIVEN,
            channel=channel,
            votes=votes,
            status=status,
            response=response,
            url=f"https://feedback.example.com/items/D{index:07d}",
            language=person.language,
        )

    def _text(self, topic: str, day: int, language: str) -> tuple[str, Kind]:
        rng = self.rng
        fill = {
            "days": str(rng.choice((3, 4, 5, 6, 7, 9, 10, 12))),
            "staff": "Priya" if rng.random() < 0.75 else rng.choice(_STAFF),
            "store": "Leeds" if rng.random() < 0.6 else rng.choice(_STORES),
        }
        if language != "en":
            kinds = _OTHER[language]
            kind = rng.choice(list(kinds))
            return rng.choice(kinds[kind]).format(**fill), kind
        if topic == "delivery" and rng.random() < 0.08:
            template, _ = rng.choice(_MIXED)
            return template.format(**fill), Kind.COMPLAINT
        templates = _EN[topic]
        kind = self._kind(topic, day, templates)
        text = rng.choice(templates[kind]).format(**fill)
        opener = rng.choice(_OPENERS)
        if opener:
            # Names keep their capital after an opener ("Hi, Priya was...").
            first = text.split(" ", 1)[0].strip(",.!")
            keep = first in _PROPER_NOUNS
            text = opener + (text if keep else text[0].lower() + text[1:])
        text += rng.choice(_CLOSERS[kind])
        if kind is Kind.COMPLAINT and rng.random() < 0.04:
            text = text.upper()  # people shout
        return text, kind

    def _kind(self, topic: str, day: int, templates: dict[Kind, tuple[str, ...]]) -> Kind:
        kinds = list(templates)
        if topic == "delivery":
            fixed = self.story.delivery_fixed(day)
            weights = {Kind.COMPLAINT: 2 if fixed else 12, Kind.COMPLIMENT: 5 if fixed else 1}
            weights[Kind.IDEA] = 1
        elif topic == "staff":
            weights = {Kind.COMPLIMENT: 12, Kind.COMPLAINT: 1}
        elif topic == "tracking":
            weights = {Kind.IDEA: 8, Kind.COMPLAINT: 1}
        elif topic == "checkout" and self.story.checkout_broken(day):
            weights = {Kind.COMPLAINT: 10, Kind.IDEA: 1, Kind.COMPLIMENT: 1}
        else:
            weights = {Kind.COMPLIMENT: 4, Kind.COMPLAINT: 4, Kind.IDEA: 2}
        return self.rng.choices(kinds, [weights.get(k, 1) for k in kinds])[0]

    def _answer(
        self, topic: str, kind: Kind, day: int, when: datetime
    ) -> tuple[Status, Response | None]:
        rng = self.rng
        if kind is Kind.COMPLAINT:
            # After the delivery fix the company went back and answered most delivery complaints.
            rate = 0.7 if topic == "delivery" and self.story.delivery_fixed(day) else 0.35
            if rng.random() < rate:
                at = when + timedelta(hours=rng.randint(2, 96))
                text = {
                    "delivery": "We are sorry. We changed courier in the north and deliveries"
                    " are back on time; a refund of the delivery charge is on its way.",
                    "customer_service": "Thank you for telling us. We have added call-backs"
                    " so you no longer wait on hold.",
                }.get(topic, "Thank you for letting us know. We have passed this to the team.")
                status = Status.RESOLVED if rng.random() < 0.6 else Status.IN_PROGRESS
                staff = rng.choice(_STAFF)
                if self._future(at):
                    return Status.ACKNOWLEDGED, None
                return status, Response(text, at, staff)
            return (Status.ACKNOWLEDGED if rng.random() < 0.3 else Status.NEW), None
        if kind is Kind.IDEA and topic == "tracking" and rng.random() < 0.3:
            at = when + timedelta(days=1)
            if self._future(at):
                return Status.ACKNOWLEDGED, None
            return Status.ACKNOWLEDGED, Response(
                "Order tracking in the app is planned for the spring release.",
                at,
                "Product team",
            )
        return Status.NEW, None

    def _future(self, at: datetime) -> bool:
        """Whether a moment is after the demo's present (the same draws either way)."""
        return self.end is not None and at > self.end


def day_anchor(now: datetime | None = None) -> datetime:
    """Return the start of the current local day (``kiosk.days``), in UTC: the demo's "now".

    Anchoring to the day (not the second) means a restart within a day finds the demo
    unchanged in the store and does no work; the local day's start, so that the demo's
    last day is whole on the screens' calendar, wherever the wall stands.
    """
    return day_start(day_of(now or datetime.now(UTC)))


def generate_demo(
    *,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    count: int = 5000,
    days: int = 120,
    customers: int | None = None,
) -> list[Feedback]:
    """Return ``count`` demo items over the ``days`` days before ``now``, oldest first.

    Args:
        seed: the same seed (and ``now``) gives the same items.
        now: the end of the period; defaults to the current time rounded down to the hour,
            so the demo is current whenever it runs.
        count: how many items; scaled corpora for benchmarks use the same stories.
        days: how long a period they cover.
        customers: how many customers wrote them (default: about one per 5.5 items).
    """
    return list(iter_demo(seed=seed, now=now, count=count, days=days, customers=customers))


def iter_demo(
    *,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    count: int = 5000,
    days: int = 120,
    customers: int | None = None,
) -> Iterator[Feedback]:
    """Yield the items of ``generate_demo`` one by one (for corpora too big for a list)."""
    end = _default_now() if now is None else now.astimezone(UTC)
    start = end - timedelta(days=days)
    gen = _Generator(seed, days, customers or max(20, round(count / 5.5)))
    gen.end = end
    # Weekdays are busier: the office's weekdays, read at each day's middle in local time
    # (the demo's days start at local midnight; a given ``now`` at UTC midnight keeps UTC's
    # weekdays anywhere from -11 h to +11 h). The arrival times are sorted so ids follow time.
    day_weights = [
        1.0 if (start + timedelta(days=d, hours=12)).astimezone().weekday() < 5 else 0.6
        for d in range(days)
    ]
    total = sum(day_weights)
    index = 0
    cumulative = 0.0
    for day, weight in enumerate(day_weights):
        cumulative += weight
        n = round(count * cumulative / total) - index
        seconds = sorted(gen.rng.uniform(0, 86_400) for _ in range(n))
        for s in seconds:
            when = start + timedelta(days=day, seconds=s)
            if when > end:
                when = end
            yield gen.item(index, day, when.replace(microsecond=0))
            index += 1


def _default_now() -> datetime:
    return datetime.now(UTC).replace(minute=0, second=0, microsecond=0)


class DemoLive:
    """Trickles new demo items, a few at a time, so a floor screen visibly moves."""

    def __init__(self, *, seed: int = DEFAULT_SEED, start_index: int | None = None) -> None:
        self._gen = _Generator(seed + 1, 120, 900)
        # Ids from the start time (ten a second), so a restart adds items instead of
        # re-dating the previous run's.
        self._index = start_index if start_index is not None else int(time.time() * 10)

    @property
    def index(self) -> int:
        """The id the next item gets."""
        return self._index

    def next_items(self, now: datetime, count: int = 3) -> list[Feedback]:
        """Return ``count`` new items dated ``now``, in the story's present state."""
        items = []
        self._gen.end = now.astimezone(UTC)
        for _ in range(count):
            items.append(self._gen.item(self._index, self._gen.days - 1, now.astimezone(UTC)))
            self._index += 1
        return items
