# solidarity-bot in a container: `docker compose up -d` (see docker-compose.yml and README).
# Build stage: install the package and its dependencies into a virtual environment.
FROM python:3.12-slim AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/solidarity-bot
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY storage ./storage
RUN /opt/solidarity-bot/bin/pip install .

# Run stage: the virtual environment only, run by an unprivileged user.
FROM python:3.12-slim
ENV PATH=/opt/solidarity-bot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATABASE_PATH=/data/solidarity.sqlite3
RUN groupadd --system --gid 10001 solidarity \
    && useradd --system --uid 10001 --gid solidarity --no-create-home \
        --home-dir /nonexistent --shell /usr/sbin/nologin solidarity \
    && install -d -m 0700 -o solidarity -g solidarity /data
COPY --from=build /opt/solidarity-bot /opt/solidarity-bot
# The database lives on a volume, so it survives new images; nothing else is written.
VOLUME ["/data"]
WORKDIR /data
USER solidarity:solidarity
# Healthy when the database answers and the planner ran within 3 x PLANNER_INTERVAL_SECONDS.
# Docker reserves exit code 2, which the command uses for a settings problem: report it as 1.
HEALTHCHECK --interval=60s --timeout=15s --start-period=90s --retries=3 \
    CMD solidarity-bot health || exit 1
CMD ["solidarity-bot", "run"]
