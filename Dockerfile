# The partnernet service image: serves on port 8000. Migrations ship inside the package (service/db/migrations/);
# docker-compose.yml runs `partnernet db migrate` and the seed load once, in a one-shot service, before the API.
FROM node:24.11.1-bookworm-slim AS explorer
WORKDIR /src
COPY explorer/ explorer/
RUN if [ -f explorer/package.json ]; then cd explorer && npm ci --no-audit --no-fund && npm run build; \
    else mkdir -p /src/service/static/explorer; fi

FROM python:3.11.14-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml constraints.txt README.md ./
COPY service/ service/
# The built explorer goes in before the install: the package data (service/static/**) is copied at install time.
COPY --from=explorer /src/service/static/ service/static/
RUN pip install --no-cache-dir -c constraints.txt .
COPY schema/ schema/
COPY seeds/ seeds/
RUN useradd --system --uid 10001 partnernet
USER partnernet
EXPOSE 8000
CMD ["partnernet", "serve"]
