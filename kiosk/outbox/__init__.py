"""Answering customers, the Qt-free and network-free part: drafts, recipients, rendering.

``values`` (drafts, plans, delivery states, answers), ``template`` (safe placeholders),
``routes`` (each feed's reply options), ``plan`` (recipients and who cannot be reached),
``mail`` (one ``EmailMessage`` per customer). The store keeps the outbox
(``kiosk.store.outbox``); ``kiosk.delivery`` sends it.
"""
