"""Pages: the CMS of flat pages, their images and documents, redirects and history."""
