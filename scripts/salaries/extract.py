#!/usr/bin/env python3
"""Extract ML-relevant postings' pay ranges from archived careers pages (git mirrors)
into /work/brief/salaries/postings.json.  Run: python3 extract.py [--only company,...]
Figures are copied from the posting text; nothing is estimated."""
import json, re, subprocess, sys, html, os, datetime
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, 'postings.json')
EXCLUDED = os.path.join(HERE, 'excluded.json')
MIRROR = '/work/.mirror'

RULES = [(re.compile(r['pattern'], re.I), r['family']) for r in json.load(open(os.path.join(HERE, 'roles.json')))['rules']]

def classify(title):
    for rx, fam in RULES:
        if rx.search(title):
            return fam, rx.pattern
    return None, None

def git(repo, *args):
    return subprocess.run(['git', '-C', repo] + list(args), capture_output=True, check=True).stdout

def show(repo, commit, path):
    return git(repo, 'show', f'{commit}:{path}').decode('utf-8')

def norm_ws(s):
    return re.sub(r'\s+', ' ', s).strip()

MONEY = r'(?P<cur>CA\$|US\$|\$|£|€)\s?(?P<num>\d[\d,\.]*)\s?(?P<k>[KkMm])?(?:\s*/\s*(?P<unit>year|yr|hour|hr|month|mo))?'

def money_value(num, k, cur):
    n = num
    if cur == '€' and re.fullmatch(r'\d{1,3}(\.\d{3})+', n):   # European thousands separator: €155.000
        n = n.replace('.', '')
    n = n.replace(',', '')
    v = float(n)
    if k and k.lower() == 'k': v *= 1000
    if k and k.lower() == 'm': v *= 1000000
    return int(v) if v == int(v) else v

CURRENCY = {'$': 'USD', 'US$': 'USD', 'CA$': 'CAD', '£': 'GBP', '€': 'EUR'}
UNIT = {'yr': 'year', 'hr': 'hour', 'mo': 'month'}

def parse_range(text, default_unit='year'):
    """Parse the first 'X to/–/— Y' money range in text. Returns dict or None."""
    rx = re.compile(MONEY + r'\s*(?:to|-|–|—)\s*' + MONEY.replace('?P<cur>', '?P<cur2>').replace('?P<num>', '?P<num2>').replace('?P<k>', '?P<k2>').replace('?P<unit>', '?P<unit2>'))
    m = rx.search(text)
    if not m:
        return None
    lo = money_value(m['num'], m['k'], m['cur']); hi = money_value(m['num2'], m['k2'], m['cur2'])
    lu = UNIT.get(m['unit'], m['unit']) or None; hu = UNIT.get(m['unit2'], m['unit2']) or None
    if lu is None and hu is None:
        lu = hu = default_unit
    elif lu is None:
        lu = hu
    elif hu is None:
        hu = lu
    if m['cur'] != m['cur2']:
        return None
    return {'currency': CURRENCY[m['cur']], 'low': lo, 'high': hi, 'lowUnit': lu, 'highUnit': hu, 'span': m.span(), 'match': m.group(0)}

# ---------------------------------------------------------------- OpenAI
OPENAI_REPO = f'{MIRROR}/consistentJake+Chrome-Crawler-mcp/repo'
OPENAI_COMMIT = 'd0c2489faf4eb3a7e834b78c5bdd5ef50917ea10'
OPENAI_PATH = 'exploration/openAICareers/all_jobs_extracted.json'

def fix_openai_locations(locs):
    out = []; i = 0
    while i < len(locs):
        a = locs[i]; b = locs[i + 1] if i + 1 < len(locs) else None
        if b in ('UK', 'DC', 'US') and a not in ('Remote - US',):
            out.append(f'{a}, {b}'); i += 2
        else:
            out.append(a); i += 1
    return out

def openai(postings, excluded):
    d = json.loads(show(OPENAI_REPO, OPENAI_COMMIT, OPENAI_PATH))
    listing = json.loads(show(OPENAI_REPO, OPENAI_COMMIT, 'exploration/openAICareers/openai_jobs.json'))
    captured = listing['extracted_date'][:10]       # listing scraped 2026-01-14; HTML reprocessed 2026-01-15
    for r in d['jobs']:
        oi, e = r['original_info'], r['extracted']
        title = oi['title']
        fam, rule = classify(title)
        if not fam:
            excluded.append({'company': 'openai', 'title': title, 'reason': 'not an ML role (roles.json)'}); continue
        text = e.get('about_openai') or ''
        m = re.search(r'\nCompensation\n([^\n]+)\n', text)
        if not m:
            excluded.append({'company': 'openai', 'title': title, 'url': oi['url'], 'reason': 'no pay text in captured record'}); continue
        stated_full = m.group(1).strip()
        flags = []
        rng = parse_range(stated_full)
        if rng:
            stated = rng['match']
            base = {k: rng[k] for k in ('low', 'high', 'lowUnit', 'highUnit')}
            cur = rng['currency']
        else:
            ms = re.match(MONEY, stated_full)
            if not ms:
                excluded.append({'company': 'openai', 'title': title, 'url': oi['url'], 'reason': f'unparsed pay text {stated_full!r}'}); continue
            v = money_value(ms['num'], ms['k'], ms['cur'])
            stated = ms.group(0); cur = CURRENCY[ms['cur']]
            base = {'low': v, 'high': v, 'lowUnit': 'year', 'highUnit': 'year'}
            flags.append('single figure stated, not a range')
        ext = e.get('compensation')
        if ext is None:
            flags.append('missing from extraction (compensation null), taken from posting text')
        elif ext != stated:
            flags.append(f'figure differs from extraction ({ext!r}), corrected from text')
        title_disp = re.sub(r'\s*\((London)\)$', '', title)
        locs = fix_openai_locations(e.get('location') or [])
        if any(not re.search(r'San Francisco|New York|Seattle|Washington|Remote - US', l) for l in locs):
            flags.append('posting lists a non-US location but states only this USD figure')
        includes = 'base salary only' if 'Offers Equity' not in stated_full else 'base salary; the posting also says "Offers Equity" (not quantified)'
        if 'base' not in text.lower() and True:
            includes = ('posting labels it "Compensation" without saying base or total; the figure is shown as "' + stated_full + '"')
        postings.append(OrderedDict(
            company='openai', title=title_disp, roleFamily=fam, url=oi['url'], captured=captured,
            capturedNote='careers listing scraped 2026-01-14 (openai_jobs.json extracted_date); page HTML processed 2026-01-15',
            archive={'repo': 'consistentJake/Chrome-Crawler-mcp', 'path': OPENAI_PATH, 'commit': OPENAI_COMMIT},
            locations=locs, currency=cur, base=base, stated=stated, statedFull=stated_full, includes=includes,
            levelStated=None, flags=flags))

# ---------------------------------------------------------------- Meta
META_REPO = f'{MIRROR}/devMuniz02+Job-Search-scraper/repo'

def commits_touching(repo, path):
    out = git(repo, 'log', '--format=@@%H %ad', '--date=iso-strict', '--name-status', '--no-renames', '--', path).decode()
    res = []
    for block in out.split('@@')[1:]:
        lines = block.strip().split('\n')
        c, d = lines[0].split()
        files = [l.split('\t', 1) for l in lines[1:] if l.strip()]
        res.append((c, d, files))
    return res   # newest first

def latest_captures(repo, folder):
    """id -> (commit, date, path, record) from the newest commit whose changed file has a non-empty record."""
    best = {}
    for c, d, files in commits_touching(repo, folder):
        for st, p in files:
            if st.startswith('D') or not p.endswith('.json') or 'ids' in os.path.basename(p):
                continue
            try:
                x = json.loads(show(repo, c, p))
            except Exception:
                continue
            if not isinstance(x, dict):
                continue
            for jid, v in x.items():
                if not isinstance(v, dict) or not v.get('title'):
                    continue
                utc = datetime.datetime.fromisoformat(d).astimezone(datetime.timezone.utc)
                key = (utc, 0 if 'details' in p else 1)
                if jid not in best or key > best[jid][0]:
                    best[jid] = (key, c, utc.date().isoformat(), p, v)
    return {k: v[1:] for k, v in best.items()}

def meta_locations(loc):
    parts = [p.strip() for p in loc.split('•')]
    return [p for p in parts if p and not re.match(r'^(Full Time|Part Time|Intern|Contract)\b', p) and '+ ' not in p]

def meta(postings, excluded):
    caps = latest_captures(META_REPO, 'Meta-jobs/')
    for jid, (c, date, path, v) in sorted(caps.items(), key=lambda kv: kv[1][1]):
        title = v['title']
        fam, rule = classify(title)
        if not fam:
            excluded.append({'company': 'meta', 'title': title, 'reason': 'not an ML role (roles.json)'}); continue
        comp = v.get('compensation') or ''
        if not comp:
            excluded.append({'company': 'meta', 'title': title, 'url': v.get('URL'), 'reason': 'no pay text'}); continue
        rng = parse_range(comp)
        if not rng:
            excluded.append({'company': 'meta', 'title': title, 'url': v.get('URL'), 'reason': f'unparsed pay text {comp[:80]!r}'}); continue
        locs = meta_locations(v.get('location', ''))
        head = comp.split(' Individual compensation')[0].strip()
        flags = []
        if 'Full Time' not in v.get('location', ''):
            flags.append('posting not marked Full Time')
        if rng['lowUnit'] != rng['highUnit']:
            flags.append('band spans units (hourly to annual): covers several levels/locations')
        if rng['lowUnit'] == rng['highUnit'] == 'year':
            odd = (rng['low'] % 1000 != 0) or (rng['high'] % 1000 != 0)
            narrow = rng['high'] <= rng['low'] * 1.2
            if odd or (narrow and len(locs) == 1):
                why = [w for w, c in (('single city', len(locs) == 1), ('non-round figures', odd), ('narrow range', narrow)) if c]
                flags.append('possible labour-certification posting (' + ', '.join(why) + ')')
        includes = ('base pay only; the posting says the figures "reflect the base hourly rate, monthly rate, or annual salary only, and do not include bonus, equity or sales incentives"'
                    if 'do not include bonus' in comp else 'base pay (posting: "' + head + '")')
        postings.append(OrderedDict(
            company='meta', title=title, roleFamily=fam, url=v.get('URL') or f'https://www.metacareers.com/jobs/{jid}', captured=date,
            archive={'repo': 'devMuniz02/Job-Search-scraper', 'path': path, 'commit': c},
            locations=locs, currency=rng['currency'],
            base={k: rng[k] for k in ('low', 'high', 'lowUnit', 'highUnit')},
            stated=rng['match'], statedFull=head, includes=includes, levelStated=None, flags=flags))

# ---------------------------------------------------------------- Anthropic
ANTH_REPO = f'{MIRROR}/corinfinite+ai-job-watch/repo'
ANTH_COMMIT = 'd71a4327d96b643ff3ae61a142c68c137a7c4128'

def html_text(h):
    s = re.sub(r'<[^>]+>', ' ', h)
    return norm_ws(html.unescape(s))

def anthropic(postings, excluded):
    jobs = json.loads(show(ANTH_REPO, ANTH_COMMIT, 'data/anthropic/jobs.json'))
    for j in jobs:
        title = j['title']
        fam, rule = classify(title)
        if not fam:
            excluded.append({'company': 'anthropic', 'title': title, 'reason': 'not an ML role (roles.json)'}); continue
        path = f"descriptions/anthropic/{j['id']}.html"
        try:
            h = show(ANTH_REPO, ANTH_COMMIT, path)
        except subprocess.CalledProcessError:
            excluded.append({'company': 'anthropic', 'title': title, 'url': j['url'], 'reason': 'no description file'}); continue
        t = html_text(h)
        m = re.search(r'Annual Salary:\s*(.{0,80}?(?:USD|GBP|EUR|CAD|CHF))', t)
        if not m:
            excluded.append({'company': 'anthropic', 'title': title, 'url': j['url'], 'reason': 'no "Annual Salary" in posting'}); continue
        stated = m.group(1).strip()
        rng = parse_range(stated)
        if not rng:
            excluded.append({'company': 'anthropic', 'title': title, 'url': j['url'], 'reason': f'unparsed {stated!r}'}); continue
        code = stated.split()[-1]
        flags = []
        if rng['low'] == rng['high']:
            flags.append('single figure stated (low = high)')
        if code != rng['currency']:
            flags.append(f'currency code {code} differs from symbol')
        locs = [l.strip() for l in re.split(r'[|;]', j['location']) if l.strip()]
        locs = list(OrderedDict.fromkeys(locs))
        sales = bool(re.search(r'\b(sales|account executive|account manager)\b', title, re.I))
        includes = ('annual base salary (posting: "The annual compensation range for this role is listed below. For sales roles, the range provided is the role\'s On Target Earnings (OTE) range"; this is not a sales role)'
                    if not sales else 'OTE (base + sales commission target)')
        if re.search(r'\bequity\b', t, re.I):
            includes += '; the posting also mentions equity (not quantified)'
        postings.append(OrderedDict(
            company='anthropic', title=title, roleFamily=fam, url=j['url'], captured=j['last_seen'],
            capturedNote=f"listed from {j['first_seen']} to {j['last_seen']} (description hash {j['description_hash']})",
            archive={'repo': 'corinfinite/ai-job-watch', 'path': path, 'commit': ANTH_COMMIT, 'listing': 'data/anthropic/jobs.json'},
            locations=locs, currency=rng['currency'],
            base={k: rng[k] for k in ('low', 'high', 'lowUnit', 'highUnit')},
            stated=stated, includes=includes, levelStated=None, flags=flags))

# ---------------------------------------------------------------- Microsoft
def microsoft(postings, excluded):
    caps = latest_captures(META_REPO, 'Microsoft-jobs/')
    band_rx = re.compile(r'(?:(?P<level>(?:[A-Z][a-z]+ ){1,2}(?:IC|M)\d+) - )?The typical base pay range for this role across the U\.S\. is (?P<us>USD \$[\d,\.]+ - \$[\d,\.]+ per (?:year|hour))\.\s*There is a different range applicable to specific work locations, within the San Francisco Bay area and New York City metropolitan area, and the base pay range for this role in those locations is (?P<sf>USD \$[\d,\.]+ - \$[\d,\.]+ per (?:year|hour))')
    for jid, (c, date, path, v) in sorted(caps.items(), key=lambda kv: kv[1][1]):
        title = v['title']
        fam, rule = classify(title)
        if not fam:
            excluded.append({'company': 'microsoft', 'title': title, 'reason': 'not an ML role (roles.json)'}); continue
        text = '\n'.join(str(v.get(k) or '') for k in ('qualifications_text', 'preferred_qualifications_text', 'other_requirements_text', 'required_qualifications_text'))
        bands = OrderedDict()
        for m in band_rx.finditer(norm_ws(text)):
            bands[(m['level'], m['us'], m['sf'])] = m
        if not bands:
            reason = 'no US pay band in posting text' if 'USD' not in text else 'pay text not in the standard US/SF-NYC form'
            excluded.append({'company': 'microsoft', 'title': title, 'url': v.get('url'), 'reason': reason}); continue
        locs = v.get('locations') or []
        for (level, us, sf), m in bands.items():
            lvl = None
            if level:
                lm = re.search(r'((?:IC|M)\d+)$', level); lvl = lm.group(1) if lm else None
            for area, s, sent in (('United States (typical range across the U.S.)', us, f'The typical base pay range for this role across the U.S. is {us}'),
                                  ('San Francisco Bay area and New York City metropolitan area', sf, f'the base pay range for this role in those locations is {sf}')):
                rng = parse_range(s.replace('USD ', '').replace(' per year', '/year').replace(' per hour', '/hour'))
                flags = []
                if rng['low'] == rng['high']:
                    flags.append('single figure stated, not a range')
                if len(bands) > 1:
                    flags.append('posting states several level bands')
                postings.append(OrderedDict(
                    company='microsoft', title=title, roleFamily=fam, url=v.get('url'), captured=date,
                    capturedNote=f"date_posted {v.get('date_posted')}",
                    archive={'repo': 'devMuniz02/Job-Search-scraper', 'path': path, 'commit': c},
                    locations=locs, payArea=area, currency='USD',
                    base={k: rng[k] for k in ('low', 'high', 'lowUnit', 'highUnit')},
                    stated=sent,
                    includes='base pay only (posting: "typical base pay range"; "Certain roles may be eligible for benefits and other compensation")',
                    levelStated=(f'{lvl} ({level})' if lvl else None), flags=flags))

SOURCES = {'openai': openai, 'meta': meta, 'anthropic': anthropic, 'microsoft': microsoft}

def main():
    only = None
    if '--only' in sys.argv:
        only = sys.argv[sys.argv.index('--only') + 1].split(',')
    prev = json.load(open(OUT)) if os.path.exists(OUT) else {'postings': [], 'market': []}
    postings, excluded = [], []
    for name, fn in SOURCES.items():
        if only and name not in only:
            postings += [p for p in prev['postings'] if p['company'] == name]
            continue
        n0 = len(postings)
        fn(postings, excluded)
        print(f'{name}: {len(postings) - n0} postings', file=sys.stderr)
    market = prev.get('market', [])
    mpath = os.path.join(HERE, 'market.json')
    if os.path.exists(mpath):
        market = json.load(open(mpath))
    json.dump({'postings': postings, 'market': market}, open(OUT, 'w'), indent=1, ensure_ascii=False)
    json.dump(excluded, open(EXCLUDED, 'w'), indent=1, ensure_ascii=False)
    print(f'total {len(postings)} postings, {len(excluded)} excluded', file=sys.stderr)

if __name__ == '__main__':
    main()
