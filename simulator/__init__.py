"""The local Wholesale provisioning, billing and Setup Assist API simulator.

``create_app(settings)`` (in :mod:`simulator.app`) builds one FastAPI app; ``rtm sim serve`` and
``python -m simulator serve`` run it with uvicorn.
"""
