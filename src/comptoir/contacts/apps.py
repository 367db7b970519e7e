from django.apps import AppConfig


class ContactsConfig(AppConfig):
    name = "comptoir.contacts"
    label = "contacts"
