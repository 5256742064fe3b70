"""A minimal Django project standing in for the seed's sitebase."""
import os

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "unset")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
INSTALLED_APPS = []
MIDDLEWARE = []
ROOT_URLCONF = "sitebase.urls"
STATIC_URL = "/static/"
USE_TZ = True
