"""Sets each Meta and Microsoft posting's capture date to the day the archive first held it.

The scrapers save a job's details when they first see it; later commits carry the same text,
so the first commit whose archived file contains the job id is when the posting was captured.
(The mirror lacks some objects, so commits whose file cannot be read are skipped.)
Usage: python3 scripts/salaries/first_seen.py POSTINGS.json   (rewrites the file in place)
"""
import json, re, subprocess, sys
from functools import lru_cache

MIRROR = "/work/.mirror/devMuniz02+Job-Search-scraper/repo"


def git(*args):
    return subprocess.run(["git", "-C", MIRROR, *args], capture_output=True, text=True)


@lru_cache(maxsize=None)
def commits(path):
    out = []
    for variant in {path, path[0].lower() + path[1:]}:
        out += [line.split() for line in git("log", "--reverse", "--format=%H %cs", "HEAD", "--", variant).stdout.splitlines()]
    return tuple(sorted((day, sha, p) for (sha, day), p in zip(out, [None] * len(out))))


@lru_cache(maxsize=None)
def text(sha, path):
    for variant in (path, path[0].lower() + path[1:]):
        r = git("show", f"{sha}:{variant}")
        if r.returncode == 0:
            return r.stdout
    return None


path = sys.argv[1]
data = json.load(open(path))
changed = 0
for p in data["postings"]:
    if p["archive"]["repo"] != "devMuniz02/Job-Search-scraper":
        continue
    m = re.search(r"(\d{6,})", p["url"])
    if not m:
        continue
    for day, sha, _ in commits(p["archive"]["path"]):
        body = text(sha, p["archive"]["path"])
        if body is not None and m.group(1) in body:
            if day < p["captured"]:
                p["capturedNote"] = f"first held by the archive on {day} (commit {sha[:7]}; later commits carry the same text); was {p['captured']}"
                p["captured"] = day
                changed += 1
            break
json.dump(data, open(path, "w"), indent=1, ensure_ascii=False)
print(f"{changed} capture dates moved to the first commit that holds the posting")
