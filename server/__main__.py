"""The Rasa server's entry point: applies ``server.patches``, then runs Rasa's
command line with the same arguments::

    python -m server run --model models/assistant.tar.gz --endpoints endpoints.yml ...
    python -m server shell --model models/assistant.tar.gz

(Rasa's ``rasa`` command without the patches would run the assistant
unpatched; everything the project starts goes through here.)
"""

from __future__ import annotations

import sys

from clinic import log_privacy
from clinic.private_files import restrict_umask
from server import patches


def main() -> None:
    restrict_umask()  # conversations, logs: every file it makes is owner-only
    log_privacy.install()  # one line per record, conversation ids hashed, Rasa's too
    patches.apply()
    from rasa.__main__ import main as rasa_main

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
