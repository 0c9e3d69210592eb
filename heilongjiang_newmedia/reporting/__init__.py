"""Reporting: numbered exhibits, charts, recorded results, HTML/PDF rendering, the book and the replication record."""
