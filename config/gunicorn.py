"""gunicorn settings for `make serve` and production (`gunicorn -c config/gunicorn.py config.wsgi`).

Everything an operator tunes comes from the environment; the defaults suit one small machine.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes, not threads: page rendering is CPU-bound Python. About one per core (2 × cores + 1 when
# requests wait on the database a lot); each keeps its own facet index in memory (bench/README.md).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = max_requests // 10
# Trust X-Forwarded-* only from the proxy in front (its address; "*" when only it can reach us).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # empty: no access log
errorlog = "-"
# Heartbeat files in memory, not on a possibly slow disk (gunicorn's advice for containers).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
