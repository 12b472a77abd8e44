FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 VAR_DIR=/data
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# Static files are collected at build time and served by whitenoise.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput
RUN useradd --create-home belregions && mkdir -p /data/media && chown -R belregions /data
USER belregions
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2"]
