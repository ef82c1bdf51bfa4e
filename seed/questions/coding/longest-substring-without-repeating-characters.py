"""Longest substring without repeating characters (sliding window with last-seen index),
plus the 'at most k distinct' variant; checked against brute force over all substrings."""
import random
from collections import defaultdict


def longest_unique(s):
    """Returns (length, start). O(n) time, O(min(n, alphabet)) memory."""
    last = {}                  # char -> last index seen
    left = best = best_start = 0
    for right, ch in enumerate(s):
        if ch in last and last[ch] >= left:   # repeat inside the window: jump past it
            left = last[ch] + 1
        last[ch] = right
        if right - left + 1 > best:
            best, best_start = right - left + 1, left
    return best, best_start


def longest_at_most_k_distinct(s, k):
    """Shrink-while-invalid window with counts; each index enters and leaves once."""
    count = defaultdict(int)
    left = best = 0
    for right, ch in enumerate(s):
        count[ch] += 1
        while len(count) > k:
            count[s[left]] -= 1
            if count[s[left]] == 0:
                del count[s[left]]
            left += 1
        best = max(best, right - left + 1)
    return best


def brute_unique(s):
    return max([0] + [j - i for i in range(len(s)) for j in range(i + 1, len(s) + 1)
                      if len(set(s[i:j])) == j - i])


def brute_k(s, k):
    return max([0] + [j - i for i in range(len(s)) for j in range(i + 1, len(s) + 1)
                      if len(set(s[i:j])) <= k])


assert longest_unique("abcabcbb") == (3, 0)          # "abc"
assert longest_unique("bbbbb")[0] == 1
n, st = longest_unique("pwwkew")
assert n == 3 and "pwwkew"[st:st + n] == "wke"      # "pwke" is a subsequence, not a substring
assert longest_unique("") == (0, 0)
assert longest_unique("abba")[0] == 2               # stale index of 'a' must not move left backwards
assert longest_unique(" a b")[0] == 3               # "a b": a space is a character too
# Token ids: longest span of a generated sequence with no repeated token (a loop detector)
tokens = [17, 4, 99, 4, 23, 56, 17, 8, 23]
n, st = longest_unique(tokens)
assert n == 6 and tokens[st:st + n] == [99, 4, 23, 56, 17, 8]
assert longest_at_most_k_distinct("eceba", 2) == 3 and longest_at_most_k_distinct("aa", 1) == 2
print("longest unique span of tokens:", tokens[st:st + n])

rng = random.Random(0)
for _ in range(300):
    s = "".join(rng.choice("abcd") for _ in range(rng.randint(0, 14)))
    n, st = longest_unique(s)
    assert n == brute_unique(s) and len(set(s[st:st + n])) == n
    k = rng.randint(1, 4)
    assert longest_at_most_k_distinct(s, k) == brute_k(s, k)
print("random strings checked: 300")
