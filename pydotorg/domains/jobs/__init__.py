"""Jobs: the job board with submission, review and publishing."""
