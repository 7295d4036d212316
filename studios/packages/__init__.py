"""Building the nomination package (推荐材料包): the workbooks, the cover letter, the manifest, the zip.

`build.build_package(package, progress=...)` gathers the ranked applications and
streams everything into one zip in Django's default storage; the Celery task in
studios/tasks.py calls it and studios/services/packages.py switches the package
row to the new file only once it is complete.
"""
