"""The portal's routes: home and codes, uploads and their report, jobs, downloads."""
