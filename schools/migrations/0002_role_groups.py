from django.db import migrations


def create_role_groups(apps, schema_editor):
    from schools.roles import ensure_role_groups

    ensure_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # Wagtail's choose-permission migrations give every group with admin access the
        # choose permission on the ROOT collection (every school's media). Run them before
        # the role groups exist, whatever order the rest of the graph yields.
        ("wagtailimages", "0023_add_choose_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_role_groups, migrations.RunPython.noop)]
