"""The official documents a union prints, stamps and files, as PDF (Typst) and Word (python-docx).

renderer.py compiles the templates of templates/documents/ with the vendored font; one
module per document gathers its data: application_form.py (申报表), letter.py (推荐函),
summary.py (汇总表), certificate.py (证书).
"""
