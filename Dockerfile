# The partnernet service image. The package carries its migrations (service/db/migrations/) and the built explorer,
# so a non-editable install is complete; compose runs `partnernet db migrate` once in a one-shot service.
FROM node:24.11.1-bookworm-slim AS explorer
WORKDIR /src
COPY explorer/ explorer/
RUN if [ -f explorer/package.json ]; then cd explorer && npm ci --no-audit --no-fund && npm run build; \
    else mkdir -p /src/service/static/explorer; fi

FROM python:3.11.14-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml constraints.txt README.md LICENSE ./
COPY service/ service/
# The built explorer goes in before the install: the package data (service/static/**) is copied at install time.
COPY --from=explorer /src/service/static/ service/static/
RUN pip install --no-cache-dir -c constraints.txt . && rm -rf service
COPY seeds/ seeds/
RUN useradd --system --uid 10001 partnernet
USER partnernet
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["partnernet", "serve"]
