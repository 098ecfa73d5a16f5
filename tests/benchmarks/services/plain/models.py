from django.db import models


class Project(models.Model):
    name = models.CharField(max_length=100)
    realm = models.CharField(max_length=50, db_index=True)

    def __str__(self) -> str:
        return self.name
