"""Benchmark: how fast, and in how much memory, bad uploads are refused by POST /api/v1/imports/roster.

    .venv/bin/python bench/bench_upload_refusal.py

Uses the database of DANGJIAN_VAR_DIR (default var/, e.g. the 2023 demo) for a token of
demo-committee. Each case runs in a fresh subprocess that sends a multipart body streamed from a
file on disk straight to the WSGI application (no test client building it in memory), and reports
the wall time of the request and the growth of the process's peak RSS during it:

  sparse      cells at A1 and XFD1048576 only, its dimension A1:XFD1048576 (a few KB)
  1m-rows     1,000,000 rows of two cells (deflated to a few MB)
  50mb-junk   50 MB of random bytes named .xlsx
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORK = "/tmp/dangjian-bench-uploads"
BOUNDARY = "benchboundary7MA4YWxkTrZu0gW"
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def xlsx(rows_xml_chunks, dimension: str = "") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="xml" ContentType="application/xml"/></Types>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'{HEAD}<workbook {NS} xmlns:r="{REL}"><sheets><sheet name="党员名册" '
            'sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            f'2006/relationships"><Relationship Id="rId1" Type="{REL}/worksheet" '
            'Target="worksheets/sheet1.xml"/></Relationships>',
        )
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            f.write(f"{HEAD}<worksheet {NS}>{dim}<sheetData>".encode())
            for chunk in rows_xml_chunks:
                f.write(chunk.encode())
            f.write(b"</sheetData></worksheet>")
    return out.getvalue()


def million_rows():
    for start in range(1, 1_000_001, 10_000):
        yield "".join(
            f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>张三</t></is></c><c r="B{i}"><v>{i}</v></c></row>'
            for i in range(start, start + 10_000)
        )


def build() -> dict[str, str]:
    os.makedirs(WORK, exist_ok=True)
    files = {
        "sparse": xlsx(
            [
                '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c></row>'
                '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
            ],
            dimension="A1:XFD1048576",
        ),
        "1m-rows": xlsx(million_rows()),
        "50mb-junk": os.urandom(50 * 1024 * 1024),
    }
    paths = {}
    for name, data in files.items():
        path = os.path.join(WORK, f"{name}.body")
        with open(path, "wb") as f:
            f.write(
                f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}.xlsx"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n".encode()
            )
            f.write(data)
            f.write(f"\r\n--{BOUNDARY}--\r\n".encode())
        paths[name] = path
        print(f"{name}: file {len(data) / 1e6:.2f} MB")
    return paths


def one(path: str) -> None:
    """In the subprocess: one request, then print time, peak RSS growth and the answer."""
    sys.path.insert(0, ROOT)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from config.wsgi import application
    from dangjian.accounts import services
    from dangjian.accounts.models import User

    user = User.objects.get(username="demo-committee")
    _token, key = services.token_create(actor=user, user=user, name="bench")
    size = os.path.getsize(path)
    out = {}

    def start_response(status, headers):
        out["status"] = status

    def post(body, length):
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/api/v1/imports/roster",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "wsgi.url_scheme": "http",
            "wsgi.input": body,
            "wsgi.errors": sys.stderr,
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}",
            "CONTENT_LENGTH": str(length),
            "HTTP_AUTHORIZATION": f"Bearer {key}",
            "REMOTE_ADDR": "127.0.0.1",
        }
        return b"".join(application(environ, start_response))

    empty = f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="x.xlsx"\r\n\r\nx\r\n--{BOUNDARY}--\r\n'
    post(io.BytesIO(empty.encode()), len(empty.encode()))  # warm up: imports, URL resolving, token check
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t = time.perf_counter()
    with open(path, "rb") as body:
        answer = post(body, size)
    elapsed = time.perf_counter() - t
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    print(
        json.dumps(
            {
                "status": out["status"],
                "seconds": round(elapsed, 3),
                "peak_rss_growth_mb": round(grown, 1),
                "message": json.loads(answer)["message"],
            },
            ensure_ascii=False,
        )
    )


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--one":
        return one(sys.argv[2])
    for name, path in build().items():
        result = subprocess.run(
            [sys.executable, __file__, "--one", path], capture_output=True, text=True, cwd=ROOT
        )
        print(f"{name}: {result.stdout.strip() or result.stderr[-500:]}")


if __name__ == "__main__":
    main()
