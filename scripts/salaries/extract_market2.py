"""Build market2.json: BLS OEWS May 2024 wage percentiles read from official BLS files
committed (unmodified) in public repositories. Reads blobs with git show; no figure is typed by hand."""
import json, subprocess, io, openpyxl

OUT = '/work/brief/salaries/market2.json'
SOCS = {'15-2051': 'Data Scientists', '15-1221': 'Computer and Information Research Scientists'}
SOURCES_NAT = [  # official national file national_M2024_dl.xlsx (from oesm24nat.zip)
    {'repo': 'jj-squared/AI_jobs_impact', 'dir': '/work/.mirror/jj-squared+AI_jobs_impact/repo',
     'commit': '33fd992d4a8d55ee3fb72a9c69f5a5816b0b8cf1', 'path': 'national_M2024_dl.xlsx'},
]
SOURCES_MSA = []  # filled below if a metro file is found

def blob(src):
    return subprocess.run(['git', '-C', src['dir'], 'show', f"{src['commit']}:{src['path']}"],
                          capture_output=True, check=True).stdout

def rows(src, sheet_hint):
    wb = openpyxl.load_workbook(io.BytesIO(blob(src)), read_only=True)
    ws = wb[[s for s in wb.sheetnames if sheet_hint.lower() in s.lower()][0]]
    it = ws.iter_rows(values_only=True); hdr = [str(h).upper() for h in next(it)]
    for r in it:
        yield dict(zip(hdr, r))

def num(v):
    if v is None: return None
    if isinstance(v, (int, float)): return int(v) if float(v).is_integer() else v
    s = str(v).replace(',', '').strip()
    if s in ('*', '#', '**', ''): return s or None   # BLS suppression / top-code markers kept as-is
    return int(float(s)) if float(s).is_integer() else float(s)

def rec(d, src, area_name, area_code, url):
    r = {'soc': d['OCC_CODE'], 'occupation': d['OCC_TITLE'], 'area': area_name, 'areaCode': area_code,
         'year': 2024, 'asOf': '2024-05-01', 'currency': 'USD'}
    for k, col in (('p10', 'A_PCT10'), ('p25', 'A_PCT25'), ('p50', 'A_MEDIAN'), ('p75', 'A_PCT75'), ('p90', 'A_PCT90')):
        r[k] = num(d.get(col))
    r['mean'] = num(d.get('A_MEAN')); r['employment'] = num(d.get('TOT_EMP'))
    r['source'] = {'name': f"BLS OEWS May 2024, official file {src['path'].split('/')[-1]} (columns A_PCT10, A_PCT25, A_MEDIAN, A_PCT75, A_PCT90)",
                   'url': url,
                   'archive': {'repo': src['repo'], 'path': src['path'], 'commit': src['commit']}}
    r['transcribed'] = False
    r['note'] = 'Read by script from the unmodified official BLS workbook as committed in the archive repository (not typed by hand).'
    return r

out = []
for src in SOURCES_NAT:
    for d in rows(src, 'national'):
        if d['OCC_CODE'] in SOCS and str(d.get('AREA')) == '99':
            out.append(rec(d, src, 'United States', '99', 'https://www.bls.gov/oes/special-requests/oesm24nat.zip'))
for src in SOURCES_MSA:
    for d in rows(src, 'MSA'):
        if d['OCC_CODE'] in SOCS and str(d.get('AREA')) in src['areas']:
            out.append(rec(d, src, d['AREA_TITLE'], str(d['AREA']), 'https://www.bls.gov/oes/special-requests/oesm24ma.zip'))
json.dump({'market': out}, open(OUT, 'w'), indent=1)
print(len(out), 'rows'); [print(r['soc'], r['area'], r['p10'], r['p25'], r['p50'], r['p75'], r['p90']) for r in out]
