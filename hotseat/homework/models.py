"""Questions, homework posts, feedback and their attachments."""
