"""Custom actions of the Momentum Medical assistant (run by `rasa run actions`)."""
