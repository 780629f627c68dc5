"""Custom actions of the Momentum Medical assistant (served by `python -m actions.server`)."""
