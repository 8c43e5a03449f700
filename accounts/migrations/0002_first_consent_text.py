"""The first wording of the guardian consent, so registration works on a fresh install.
Later wordings are published with `accounts.services.consent_version_publish` (or the
Django admin), which asks every guardian again."""

from django.db import migrations

TITLE = "儿童个人信息处理监护人同意书"
BODY = """为向您和孩子提供家庭教育课程、记录家庭学习学时，网上家长学校需要处理您孩子（不满十四周岁）的以下个人信息：姓名、性别、出生日期、就读学校和班级。

1. 处理目的：核对您与孩子的监护关系，统计家庭教育学时，向您推荐适合孩子学段、年级的课程和线下活动。
2. 查看范围：仅孩子所在学校的教师和学校管理员、所在区县和市教育局的工作人员可在职责范围内查看，不向其他任何单位或个人提供。
3. 保存期限：孩子在校期间保存；孩子毕业或转出后，除法律法规要求保存的记录外予以删除。
4. 您的权利：您可以随时在“我的账户”中撤回同意。撤回后，您将无法在本平台查看孩子的信息和家庭学时，直至再次同意；撤回不影响撤回前已进行的处理。

本同意书依据《中华人民共和国个人信息保护法》第三十一条制定。"""


def publish(apps, schema_editor):
    ConsentVersion = apps.get_model("accounts", "ConsentVersion")
    if not ConsentVersion.objects.exists():
        ConsentVersion.objects.create(version=1, title=TITLE, body=BODY)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(publish, migrations.RunPython.noop)]
