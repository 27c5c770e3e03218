# carbon-atlas: one image for the pipeline, the API and the dbt docs.
# The commands it runs are the Makefile targets the local run and the tests use.
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DBT_SEND_ANONYMOUS_USAGE_STATS=false \
    VENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    API_HOST=0.0.0.0 \
    API_PORT=8000 \
    WEB_CONCURRENCY=2

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

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request, sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"

# The API; docker-compose.yml runs `make pipeline` first, in a one-shot service.
CMD ["make", "serve"]
