"""News in: article pages and feeds become candidate developments that a person reviews.

An edge of the tracker: it reads pages (``pages``), feeds (``feeds``), finds the
sentences that tell a development of a known deal (``extract``) and proposes
candidates (``candidate``). Candidates are never events: only what a person
accepts enters the log, through the same validation and ingest path as a file.
"""
