"""Experts score in points: each dimension's weight (%) becomes its maximum in points (weight % of 100),
and every stored score (0–100 within its dimension) becomes points of that maximum."""

import django.core.validators
from django.db import migrations, models


def weights_to_points(apps, schema_editor):
    ScoringDimension = apps.get_model("studios", "ScoringDimension")
    ExpertScore = apps.get_model("studios", "ExpertScore")
    for dimension in ScoringDimension.objects.all():
        dimension.max_points = dimension.weight
        dimension.save(update_fields=["max_points"])
    for score in ExpertScore.objects.select_related("dimension"):
        score.score = round(score.score * score.dimension.weight / 100)
        score.save(update_fields=["score"])


def points_to_weights(apps, schema_editor):
    ScoringDimension = apps.get_model("studios", "ScoringDimension")
    ExpertScore = apps.get_model("studios", "ExpertScore")
    for dimension in ScoringDimension.objects.all():
        dimension.weight = dimension.max_points
        dimension.save(update_fields=["weight"])
    for score in ExpertScore.objects.select_related("dimension"):
        score.score = min(100, round(score.score * 100 / max(score.dimension.max_points, 1)))
        score.save(update_fields=["score"])


class Migration(migrations.Migration):
    dependencies = [
        ("studios", "0012_certificate_numbering"),
    ]

    operations = [
        migrations.AddField(
            model_name="scoringdimension",
            name="max_points",
            field=models.PositiveSmallIntegerField(
                default=20,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(100),
                ],
                verbose_name="maximum points",
            ),
        ),
        migrations.RunPython(weights_to_points, points_to_weights),
        migrations.RemoveField(model_name="scoringdimension", name="weight"),
        migrations.AlterField(
            model_name="expertassignment",
            name="total",
            field=models.DecimalField(
                blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="total points"
            ),
        ),
        migrations.AlterField(
            model_name="expertscore",
            name="score",
            field=models.PositiveSmallIntegerField(
                validators=[django.core.validators.MaxValueValidator(100)], verbose_name="points"
            ),
        ),
    ]
