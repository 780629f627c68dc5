"""The patients' chat widget (momentum-chat.js) and its demo server (serve.py)."""
