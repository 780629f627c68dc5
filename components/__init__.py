"""Custom Rasa NLU components of the Momentum Medical assistant."""
