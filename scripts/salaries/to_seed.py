"""Writes the extracted postings and market rows into seed/salaries/ (the reviewed data).

Usage: python3 scripts/salaries/to_seed.py POSTINGS.json [POSTINGS2.json ...] --market MARKET.json [...]
The inputs come from extract.py / extract2.py / extract_market2.py, which read public GitHub
archives of careers pages at fixed commits. Entries already in a company file that are not
postings from these archives (hand-sourced ones) are kept.
"""
import json, re, sys
from pathlib import Path

import yaml

SEED = Path(__file__).resolve().parents[2] / "seed" / "salaries"

# Posted places -> our location slugs. A place that maps to none stays in postedLocations only.
PLACES = [
    (r"san francisco|menlo park|burlingame|sunnyvale|mountain view|fremont|palo alto|san jose|santa clara|oakland|san mateo|redwood city|bay area", "sf-bay-area"),
    (r"seattle|redmond|bellevue|kirkland", "seattle"),
    (r"new york", "new-york"),
    (r"london", "london"),
    (r"dublin", "dublin"),
    (r"boston|cambridge, ma", "boston"),
    (r"los angeles", "los-angeles"),
    (r"austin", "austin"),
    (r"washington, dc|washington dc", "washington-dc"),
    (r"pittsburgh", "pittsburgh"),
    (r"chicago", "chicago"),
    (r"remote,? us|multiple locations, united states|united states \(typical|remote-friendly", "united-states"),
]
CURRENCY = {"london": "GBP", "dublin": "EUR"}


def locations_of(p):
    places = list(p["locations"])
    if p.get("payArea"):
        places = [p["payArea"]]
    if p["company"] == "microsoft" and p.get("payArea", "").startswith("San Francisco Bay area and New York"):
        return ["sf-bay-area", "new-york"], []
    if p["company"] == "google" or (p["company"] == "amazon" and not places):
        return ["united-states"], []
    out, dropped = [], []
    for place in places:
        slug = next((s for pat, s in PLACES if re.search(pat, place, re.I)), None)
        if slug is None:
            dropped.append(place)
            continue
        if CURRENCY.get(slug, "USD") != p["currency"]:
            dropped.append(place)
            continue
        if slug not in out:
            out.append(slug)
    return out, dropped


RULES = [(re.compile(r["pattern"], re.I), r["role"]) for r in yaml.safe_load((SEED / "roles.yaml").read_text())["rules"]]


def role_of(title):
    for rx, role in RULES:
        if rx.search(title):
            return None if role == "skip" else role
    return None


def entry(p):
    locs, dropped = locations_of(p)
    if not locs:
        locs = ["united-states"] if p["currency"] == "USD" else []
    flags = list(p.get("flags") or [])
    for place in dropped:
        if any(re.search(pat, place, re.I) for pat, _ in PLACES):
            flags.append(f"also lists {place}, whose pay is not in {p['currency']}: the band is not shown for it")
    base = {"low": p["base"]["low"], "high": p["base"]["high"]}
    if p["base"].get("lowUnit", "year") != "year":
        base["lowUnit"] = p["base"]["lowUnit"]
    if p["base"].get("highUnit", "year") != "year":
        base["highUnit"] = p["base"]["highUnit"]
    posted = p["locations"] or [p.get("payArea") or "United States (one band for all US locations)"]
    e = {
        "basis": "posted-range",
        "title": p["title"],
        "role": role_of(p["title"]),
    }
    if p.get("levelStated"):
        m = re.search(r"\b(IC\d+|L\d+|E\d+|M\d+)\b", p["levelStated"])
        if m:
            e["companyLevel"] = m.group(1)
    e.update({
        "locations": locs,
        "postedLocations": posted,
        "currency": p["currency"],
        "base": base,
        "stated": p["stated"],
        "includes": "base",
    })
    if flags:
        e["flags"] = flags
    note = p.get("includes")
    if p["company"] == "openai":
        # OpenAI's pages give the range and '+ Offers Equity', without calling it base salary.
        note = "the posting gives this range followed by '+ Offers Equity': equity comes on top; the page does not say whether the range is base salary alone"
    if note:
        e["note"] = ("Posting: " + note)[:600]
    if p.get("payArea") and p["locations"]:
        e["note"] = (e.get("note", "") + f" The band is the one the posting states for: {p['payArea']}.").strip()[:600]
    if p.get("capturedNote", "").startswith("first held"):
        e["note"] = (e.get("note", "") + f" Captured: {p['capturedNote'].split(';')[0]}.").strip()[:600]
    e["source"] = {"name": f"{p['company'].capitalize() if p['company'] != 'openai' else 'OpenAI'} job posting '{p['title']}'"[:300], "url": p["url"]}
    e["asOf"] = p["captured"]
    e["archive"] = {k: p["archive"][k] for k in ("repo", "path", "commit")}
    return e


def main():
    args = sys.argv[1:]
    split = args.index("--market") if "--market" in args else len(args)
    postings = [p for f in args[:split] for p in json.load(open(f))["postings"]]
    markets = [m for f in args[split + 1 :] for m in (lambda d: d if isinstance(d, list) else d["market"])(json.load(open(f)))]
    by_company = {}
    for p in postings:
        if not p.get("url", "").startswith("https://") or role_of(p["title"]) is None:
            continue
        by_company.setdefault(p["company"], []).append(entry(p))
    for company, entries in by_company.items():
        path = SEED / f"{company}.yaml"
        data = yaml.safe_load(path.read_text())
        kept = [e for e in data.get("entries", []) if not (e.get("archive") and e["archive"]["repo"] in {x["archive"]["repo"] for x in entries})]
        data["entries"] = kept + sorted(entries, key=lambda e: (e["role"], e["asOf"], e["title"]))
        head = "".join(l + "\n" for l in path.read_text().splitlines() if l.startswith("#"))
        path.write_text(head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=200))
    rows = []
    official = {(m["soc"], m["area"]) for m in markets if not m.get("transcribed")}
    for m in markets:
        if m.get("transcribed") and (m["soc"], m["area"]) in official:
            continue  # the official file gives the same figure
        loc = {"San Francisco-Oakland-Fremont, CA": "sf-bay-area", "San Jose-Sunnyvale-Santa Clara, CA": "sf-bay-area",
               "Seattle-Tacoma-Bellevue, WA": "seattle", "New York-Newark-Jersey City, NY-NJ-PA": "new-york",
               "New York-Newark-Jersey City, NY-NJ": "new-york"}.get(m["area"])
        if loc is None and m["area"].lower().startswith(("u.s.", "united states", "national")):
            loc = "united-states"
        if loc is None:
            print("unmapped area", m["area"], file=sys.stderr)
            continue
        role = {"15-2051": "data-scientist", "15-1221": "research-scientist"}[m["soc"]]
        wages = {k: m.get(k) for k in ("p10", "p25", "p50", "p75", "p90")}
        row = {"occupation": m["occupation"], "soc": m["soc"], "role": role, "area": m["area"], "location": loc, "currency": m["currency"], "wages": wages,
               "source": {"name": m["source"]["name"], "url": m["source"]["url"]}, "asOf": m["asOf"]}
        a = m["source"].get("archive")
        if a:
            row["archive"] = {"repo": a["repo"], "path": a["path"], "commit": a["commit"]}
        t = m["source"].get("transcription")
        if t:
            row["transcription"] = {"repo": t["repo"], "path": t["path"], "commit": t["commit"], "where": t["where"]}
        if m.get("note"):
            row["note"] = m["note"][:600]
        rows.append(row)
    (SEED / "market.yaml").write_text(
        "# Market context, not company-specific: US BLS Occupational Employment and Wage Statistics,\n"
        "# annual wages by percentile for the occupation in the area (all employers, all levels).\n"
        "# `transcription` says where a figure was read from a copy rather than an official BLS file.\n"
        + yaml.safe_dump({"entries": rows}, sort_keys=False, allow_unicode=True, width=200))


if __name__ == "__main__":
    main()
