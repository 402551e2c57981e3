"""The part of the Locations API the importer needs: ``/v1/locations``."""
