"""Sets of played seconds as sorted, disjoint [from, to] ranges."""

Interval = list[float]


def merge(intervals: list[Interval], new: list[Interval]) -> list[Interval]:
    """The union of `intervals` and `new`, sorted and with touching ranges joined."""
    merged: list[Interval] = []
    for start, end in sorted([list(i) for i in intervals] + [list(i) for i in new]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


def total(intervals: list[Interval]) -> float:
    return sum(end - start for start, end in intervals)
