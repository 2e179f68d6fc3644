import os

from django.core.wsgi import get_wsgi_application

from . import gctuning

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iopfinder.settings")
application = get_wsgi_application()
gctuning.tune()  # after start-up: see iopfinder/gctuning.py
