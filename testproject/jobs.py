"""Background jobs of the demo; workers import them by their dotted path."""


def count_words(text: str) -> dict[str, int]:
    """How often each word occurs (a job whose result is easy to check)."""
    counts: dict[str, int] = {}
    for word in text.lower().split():
        counts[word] = counts.get(word, 0) + 1
    return counts
