from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "parentschool.demo"
    label = "demo"
    verbose_name = "Demo content"
