import django.db.models.deletion
from django.db import migrations, models


def own_school_less_lecturers(apps, schema_editor):
    """Lecturers without a school were everyone's; give them to the city when the site
    serves one city, so its editors keep them (several cities: a superuser decides)."""
    Region = apps.get_model("schools", "Region")
    Lecturer = apps.get_model("courses", "Lecturer")
    cities = list(Region.objects.filter(parent=None)[:2])
    if len(cities) == 1:
        Lecturer.objects.filter(school=None, region=None).update(region=cities[0])


def grant_lecturer_deletion(apps, schema_editor):
    """Teachers, school admins and editors now delete the lecturers in their scope."""
    from schools.roles import ensure_role_groups

    ensure_role_groups(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_lessonpage_video"),
        ("schools", "0004_grade_levels"),
    ]

    operations = [
        migrations.AddField(
            model_name="lecturer",
            name="region",
            field=models.ForeignKey(
                blank=True,
                help_text="For a lecturer of a city or district rather than of one school.",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="lecturers",
                to="schools.region",
                verbose_name="City or district",
            ),
        ),
        migrations.RunPython(own_school_less_lecturers, migrations.RunPython.noop),
        migrations.RunPython(grant_lecturer_deletion, migrations.RunPython.noop),
    ]
