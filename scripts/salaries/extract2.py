"""Build postings2.json: Google (and any other company found) ML postings with posted pay ranges,
read from public GitHub archives with `git show`. Figures are parsed from the posting text and the
pay sentence is copied verbatim into "stated". Role families: roles.json (first match wins) plus
the extra exclusions listed in EXTRA_EXCLUDE (documented in each excluded record)."""
import json, re, subprocess

ROLES = json.load(open('/work/brief/salaries/roles.json'))['rules']
EXTRA_EXCLUDE = [(r'go-to-market|\bGTM\b', 'go-to-market (sales) role, not an ML engineering/science role')]
def family(title):
    for pat, why in EXTRA_EXCLUDE:
        if re.search(pat, title, re.I): return None, why
    for r in ROLES:
        if re.search(r['pattern'], title, re.I): return r['family'], r.get('why')
    return None, 'no rule matched'

def show(d, commit, path):
    return subprocess.run(['git', '-C', d, 'show', f'{commit}:{path}'], capture_output=True, check=True).stdout.decode('utf-8')

def money(s):
    return int(s.replace('$', '').replace(',', ''))

postings, excluded = [], []

# ---- Google: jesse980107/real-time-job-tracker google_jobs.json (scraped 2025-09-01) ----
G = dict(repo='jesse980107/real-time-job-tracker', dir='/work/.mirror/jesse980107+real-time-job-tracker/repo',
         commit='2f0ab7a' , path='google_jobs.json')
G['commit'] = subprocess.run(['git', '-C', G['dir'], 'rev-parse', G['commit']], capture_output=True, text=True).stdout.strip()
GPAY = re.compile(r'The US base salary range for this full-time position is (\$[\d,]+)-(\$[\d,]+) \+ bonus \+ equity \+ benefits\.')
GPARA = re.compile(r'The US base salary range for this full-time position is .*?(?:\n\n|$)', re.S)
for j in json.loads(show(G['dir'], G['commit'], G['path'])):
    fam, why = family(j['title'])
    if not fam:
        if re.search(r'AI|ML|machine learning|data scien|research', j['title'], re.I):
            excluded.append({'company': 'google', 'title': j['title'], 'reason': why})
        continue
    desc = j['jobDescription']; m = GPAY.search(desc)
    if not m:
        excluded.append({'company': 'google', 'title': j['title'], 'reason': 'no US pay statement in archived text'}); continue
    para = GPARA.search(desc).group(0).strip()
    nxt = re.search(r'Please note that the compensation details listed in US role postings reflect the base salary only[^\n]*', desc)
    url = j['url'].split('?')[0]
    postings.append({
        'company': 'google', 'title': j['title'], 'roleFamily': fam, 'url': url,
        'urlAsArchived': j['url'],
        'captured': j['scraped_date'][:10],
        'capturedNote': f"scraped_date {j['scraped_date']} in the archive file",
        'archive': {'repo': G['repo'], 'path': G['path'], 'commit': G['commit']},
        'locations': [],
        'locationsNote': "not recorded: the archive's location field is corrupted by the scraper (it repeats the same long list of US cities for every posting), so it is not the posting's own location list",
        'payArea': 'United States (one band for all US locations, per the posting)',
        'currency': 'USD',
        'base': {'low': money(m.group(1)), 'high': money(m.group(2)), 'lowUnit': 'year', 'highUnit': 'year'},
        'stated': m.group(0),
        'statedFull': para + ('\n\n' + nxt.group(0) if nxt else ''),
        'includes': 'base salary only (posting: "the compensation details listed in US role postings reflect the base salary only, and do not include bonus, equity, or benefits"); bonus and equity mentioned, not quantified',
        'levelStated': None,
        'siteExperienceLevel': j.get('level'),
        'siteExperienceLevelNote': "Google careers search filter category recorded by the scraper (Early/Mid/Advanced), not a job level",
        'flags': [],
    })

json.dump({'postings': postings, 'excluded': excluded}, open('/work/brief/salaries/postings2.json', 'w'), indent=1, ensure_ascii=False)
import collections
print(collections.Counter(p['company'] for p in postings), len(excluded))
for p in postings: print(p['company'], p['roleFamily'], p['title'], p['base'], p['captured'])
for e in excluded: print('EXCL', e)
