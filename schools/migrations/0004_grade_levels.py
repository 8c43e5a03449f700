from django.db import migrations


def create_grade_levels(apps, schema_editor):
    from schools.models import ensure_grade_levels

    ensure_grade_levels(apps.get_model("schools", "GradeLevel"))


class Migration(migrations.Migration):
    dependencies = [("schools", "0003_gradelevel_districtpage_schoolpage")]

    operations = [migrations.RunPython(create_grade_levels, migrations.RunPython.noop)]
