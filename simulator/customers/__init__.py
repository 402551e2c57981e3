"""Wholesale customers: ``/v1/wholesale/customers``."""
