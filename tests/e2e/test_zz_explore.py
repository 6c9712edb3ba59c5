from __future__ import annotations
import time

def test_it_explores(page, site_url):
    for path in ["/", "/orgs/", "/orgs/fgw/", "/staff/login/"]:
        t = time.time()
        resp = page.goto(path)
        print("=====", path, resp.status, round(time.time()-t, 2), page.title())
        print(page.content()[:6000])
