"""Delivering the outbox: the channels (Fider, SMTP, webhook) and the worker that drives them.

``worker`` (``DeliveryWorker``: a thread with a stop event, or one pass with
``run_pending``), ``channels`` (one module per channel), ``http`` (JSON requests through the
sync's ``HttpClient``), ``lock`` (one worker per store across processes), ``compose`` (plans
from the store for the compose form) and ``commands`` (``voc-kiosk outbox``). Import the
module you need: this package's ``__init__`` imports nothing, so the commands that only read
the outbox do not load the network stack.
"""
