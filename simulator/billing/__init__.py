"""Wholesale billing reports: ``/v1/wholesale/billing/reports`` and their CSV downloads."""
