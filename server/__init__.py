"""The Rasa server's own parts that are not channels, NLU components or stores:
the patches of Rasa's internals (``server.patches``), the NLG that serves the
clinic's wording (``server.nlg``), and the entry point that applies the
patches and runs Rasa (``python -m server run ...``)."""
