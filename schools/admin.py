from django.contrib import admin

from .models import Membership, Region, School, SchoolClass


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "code"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "kind", "code"]
    list_filter = ["region", "kind"]
    search_fields = ["name"]


@admin.register(SchoolClass)
class SchoolClassAdmin(admin.ModelAdmin):
    list_display = ["__str__", "school", "grade", "head_teacher"]
    list_filter = ["school"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "school", "region"]
    list_filter = ["role"]
