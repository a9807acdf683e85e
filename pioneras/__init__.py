"""Las Pioneras site engine: plain Python, no MkDocs import.

Each module holds one concern (donation data, photo-report data, images, SEO
files, volunteer commands); the MkDocs glue in ``hooks/`` only feeds them
MkDocs' files and pages.
"""
