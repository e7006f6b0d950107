"""The server's log cannot be turned into a record of documents (and so of answers)."""

import logging

from server.app import create_app
from server.config import Settings
from server.logs import PAYLOAD_LOGGERS


def test_payload_loggers_stay_quiet_even_at_debug(caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    create_app(Settings(data_dir=None))
    for name in PAYLOAD_LOGGERS:
        logger = logging.getLogger(name)
        assert not logger.isEnabledFor(logging.DEBUG)
        logger.debug("Push response: [b'message', b'changed', b'{\"comments\":[\"words\"]}']")
    assert not [r for r in caplog.records if r.name in PAYLOAD_LOGGERS]
