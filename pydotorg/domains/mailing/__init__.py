"""Mailing: admin-editable email templates and the log of every mail sent."""
