"""The ``rtm`` entry point: the partner toolkit's commands plus ``rtm sim`` from the simulator.

This is the only place that sees both packages, so that ``bulk`` never imports ``simulator``.
"""
