"""Log lines as JSON (one object a line, for journald, Loki, Elasticsearch...), or as text.

Every line has ``time`` (UTC, ISO 8601), ``level``, ``logger``, ``message`` and
``request_id`` (empty outside a request); the request log adds the method, path, view,
status, duration and database time; an exception adds ``exception`` (the traceback).
"""

import json
import logging
from datetime import UTC, datetime

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            # The record's own instant (not a reading of the clock).
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", ""),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                line[key] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)
