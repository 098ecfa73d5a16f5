"""Operations plumbing: cache, sessions, metrics, request ids, log filters, error reporting."""
