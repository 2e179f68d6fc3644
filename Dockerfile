FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
RUN DJANGO_SECRET_KEY=build DJANGO_MANIFEST_STATIC=true python manage.py collectstatic --noinput
USER nobody
EXPOSE 8000
CMD ["gunicorn", "iopfinder.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3"]
