"""Wholesale subscribers: ``/v1/wholesale/subscribers`` and the consent-move email."""
