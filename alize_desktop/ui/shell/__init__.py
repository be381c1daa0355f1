"""The application shell: the application object, the main window, its context, the database worker."""
