# carbon-atlas: one image for the pipeline (and, later, the API).
# The commands it runs are the Makefile targets the local run and the tests use.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    VENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH

RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 atlas

WORKDIR /app

# Dependencies first, in their own layer: rebuilt only when requirements.txt changes.
# The stamp tells make that $(VENV) is installed (see the Makefile's install target).
COPY requirements.txt ./
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --no-cache-dir -r requirements.txt \
    && touch /opt/venv/.installed

COPY --chown=atlas:atlas . .
USER atlas

# The one-shot pipeline; docker-compose.yml runs it against the postgres service.
CMD ["make", "pipeline"]
