"""Benchmark: what crash safety costs when e-mailing an announcement.

Run: ``.venv/bin/python benchmarks/bench_outbox.py [--recipients N] [--rounds R]``

An aiosmtpd server runs in its own process on loopback and accepts everything. Each round,
cold (a new store, a new worker, a new connection):

- ``outbox``: the announcement planned and queued in a fresh store (one row per recipient),
  then ``DeliveryWorker.run_pending``: per message a claim, a hand-over note and a sent
  mark, each its own transaction, and the SMTP conversation driven step by step.
- peer ``smtplib``: the same rendered messages sent with ``smtplib.SMTP.send_message`` in a
  loop over one connection, nothing recorded: the floor of what the SMTP work costs.

Rounds alternate between the two so that the machine's load hits both alike. The table
gives milliseconds per message and the outbox's cost as a ratio of the peer's.
"""

from __future__ import annotations

import argparse
import smtplib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kiosk.model import Feedback

SERVER = """
import asyncio, sys
from aiosmtpd.smtp import SMTP
class Handler:
    async def handle_DATA(self, server, session, envelope):
        return "250 OK"
async def main():
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(Handler(), hostname="bench"), "127.0.0.1", 0)
    print(server.sockets[0].getsockname()[1], flush=True)
    await asyncio.Event().wait()
asyncio.run(main())
"""


def _items(n: int) -> list[Feedback]:
    from datetime import UTC, datetime, timedelta

    from kiosk.model import Customer, Kind

    now = datetime.now(UTC)
    return [
        Feedback(
            "mail",
            str(i),
            f"The delivery of order {i} was late and the box was crushed",
            now - timedelta(hours=i % 500),
            Customer(f"c{i}", f"Customer {i}", f"customer{i}@example.com"),
            Kind.COMPLAINT,
        )
        for i in range(n)
    ]


def _outbox(port: int, n: int, folder: Path) -> tuple[float, int]:
    from kiosk.delivery.compose import plan_announcement
    from kiosk.delivery.worker import DeliveryWorker
    from kiosk.model import Kind
    from kiosk.outbox.values import Audience, Draft, MessageKind
    from kiosk.settings import FeedConfig
    from kiosk.store import Store
    from kiosk.values import MentionRecord

    feed = FeedConfig(
        "mail",
        "csv",
        True,
        60,
        {
            "reply": "email",
            "smtp_host": "127.0.0.1",
            "smtp_port": port,
            "smtp_security": "none",
            "smtp_from": "Acme <support@acme.example>",
        },
    )
    with Store(folder / f"bench-{time.perf_counter_ns()}.sqlite3") as store:
        ids = store.upsert(_items(n)).new_ids
        store.replace_mentions(
            {i: [MentionRecord("delivery", "delivery", Kind.COMPLAINT, 1.0, 4, 12)] for i in ids}
        )
        draft = Draft(
            MessageKind.ANNOUNCEMENT,
            "Priya",
            "About {term}",
            "Hello {first_name}, {what_we_do}",
            term_key="delivery",
            term_label="delivery",
            what_we_do="We changed courier.",
        )
        t0 = time.perf_counter()
        store.queue(plan_announcement(store, draft, Audience(), [feed]))
        sent = DeliveryWorker(store, [feed]).run_pending().sent
        return time.perf_counter() - t0, sent


def _peer(port: int, n: int) -> tuple[float, int]:
    from datetime import UTC, datetime

    from kiosk.outbox.mail import build_email, message_id_for

    sender = "Acme <support@acme.example>"
    t0 = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for i in range(n):
            msg = build_email(
                sender=sender,
                to_address=f"customer{i}@example.com",
                to_name=f"Customer {i}",
                subject="About delivery",
                body=f"Hello Customer, We changed courier. ({i})",
                message_id=message_id_for(sender),
                date=datetime.now(UTC),
            )
            smtp.send_message(msg)
    return time.perf_counter() - t0, n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recipients", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    server = subprocess.Popen([sys.executable, "-c", SERVER], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        times: dict[str, list[float]] = {"outbox": [], "smtplib": []}
        with tempfile.TemporaryDirectory() as tmp:
            for _ in range(args.rounds):
                seconds, sent = _outbox(port, args.recipients, Path(tmp))
                assert sent == args.recipients, sent
                times["outbox"].append(seconds)
                seconds, sent = _peer(port, args.recipients)
                times["smtplib"].append(seconds)
    finally:
        server.terminate()
        server.wait(10)
    n = args.recipients
    peer = statistics.median(times["smtplib"])
    print(f"{n} recipients, {args.rounds} rounds each, interleaved; median of the rounds")
    print(f"{'':28} {'total s':>8} {'ms/message':>11} {'vs peer':>8}")
    for name, label in (("outbox", "outbox (queue + worker)"), ("smtplib", "peer: smtplib loop")):
        median = statistics.median(times[name])
        print(f"{label:28} {median:8.2f} {1000 * median / n:11.2f} {median / peer:7.2f}x")


if __name__ == "__main__":
    main()
