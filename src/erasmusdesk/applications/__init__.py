"""Applications to calls: the applicant portal, uploaded documents, the application state
machine and the office's completeness check."""
