"""Operations plumbing: log filters, error reporting."""
