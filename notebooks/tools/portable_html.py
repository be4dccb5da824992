#!/usr/bin/env python3
"""Makes the HTML pages nbconvert wrote under a folder open offline on any machine.

nbconvert points MathJax and require.js at Debian's /usr/share/javascript by file URL (or at a CDN
with pip's nbconvert), and keeps links to other notebooks as .ipynb. This copies the part of
MathJax the pages use, and require.js, into the folder, points every page at them by a relative
path, turns links to .ipynb files into links to their .html pages, and keeps MathJax from breaking
formulas inside table cells.

    python3 portable_html.py notebooks/out

Fails (exit 1, with the page and the address) if a page still loads a script or style from
outside the folder afterwards.
"""
import os
import re
import shutil
import sys
import tempfile

MATHJAX = "/usr/share/javascript/mathjax"
REQUIRE = "/usr/share/javascript/requirejs/require.min.js"
# What MathJax 2.7 loads for nbconvert's config (TeX-AMS_CHTML-full,Safe): about 4 MB of the 54 MB package.
MATHJAX_PARTS = ["MathJax.js", "config/TeX-AMS_CHTML-full.js", "config/Safe.js", "extensions",
                 "jax/input/TeX", "jax/output/CommonHTML", "jax/element", "fonts/HTML-CSS/TeX/woff",
                 "localization/en"]

MATHJAX_SRC = re.compile(r'src="[^"]*/MathJax\.js(\?[^"]*)?"')
REQUIRE_SRC = re.compile(r'src="[^"]*/require(?:\.min)?\.js"')
# A relative link to a notebook (no scheme, no leading slash), with an optional #anchor.
NOTEBOOK_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!/)([^"#?]+)\.ipynb((?:#[^"]*)?)"')
# A script, style, picture or frame loaded by absolute address (embedded data: pictures are inside the page).
# nbconvert asks MathJax to break long formulas automatically; it then breaks short ones inside table
# cells it measured before the table took its width ("P = F" / "- 1"). Formulas stay whole.
LINEBREAKS = re.compile(r'(linebreaks:\s*\{\s*automatic:\s*)true')
OUTSIDE = re.compile(r'<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)="((?!data:)(?:[a-zA-Z][a-zA-Z0-9+.-]*:|/)[^"]*)"')


def copy_assets(root):
    mj = os.path.join(root, "mathjax")
    if not os.path.isfile(os.path.join(MATHJAX, "MathJax.js")):
        sys.exit("portable_html: no MathJax at %s; install the Debian package libjs-mathjax" % MATHJAX)
    if not os.path.isfile(REQUIRE):
        sys.exit("portable_html: no require.js at %s; install the Debian package libjs-requirejs" % REQUIRE)
    tmp = tempfile.mkdtemp(prefix=".mathjax.", dir=root)
    for part in MATHJAX_PARTS:
        src, dst = os.path.join(MATHJAX, part), os.path.join(tmp, part)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        # Debian links the fonts from fonts-mathjax: copy the files, not the links.
        if os.path.isdir(src):
            shutil.copytree(src, dst, symlinks=False)
        else:
            shutil.copy2(src, dst)
    shutil.rmtree(mj, ignore_errors=True)
    os.rename(tmp, mj)
    req = os.path.join(root, "require")
    os.makedirs(req, exist_ok=True)
    shutil.copy2(REQUIRE, os.path.join(req, "require.min.js"))


def rewrite(page, root):
    prefix = os.path.relpath(root, os.path.dirname(page)).replace(os.sep, "/")
    prefix = "" if prefix == "." else prefix + "/"
    with open(page, encoding="utf-8") as f:
        html = f.read()
    html = MATHJAX_SRC.sub(lambda m: 'src="%smathjax/MathJax.js%s"' % (prefix, m.group(1) or ""), html)
    html = REQUIRE_SRC.sub('src="%srequire/require.min.js"' % prefix, html)
    html = LINEBREAKS.sub(r'\1false', html)
    html = NOTEBOOK_LINK.sub(lambda m: 'href="%s.html%s"' % (m.group(1), m.group(2)), html)
    outside = OUTSIDE.findall(html)
    if outside:
        sys.exit("portable_html: %s still loads from outside its folder: %s" % (page, ", ".join(sorted(set(outside)))))
    fd, tmp = tempfile.mkstemp(prefix=".page.", dir=os.path.dirname(page))
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(html)
    os.chmod(tmp, 0o644)
    os.replace(tmp, page)  # a rename: a half-written page never replaces a good one


def main(argv):
    if len(argv) != 2 or not os.path.isdir(argv[1]):
        sys.exit("usage: portable_html.py FOLDER  (a folder of HTML pages written by nbconvert)")
    root = os.path.abspath(argv[1])
    pages = []
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ("mathjax", "require") and not x.startswith(".")]
        pages += [os.path.join(d, f) for f in files if f.endswith(".html")]
    if not pages:
        sys.exit("portable_html: no .html pages under %s" % root)
    copy_assets(root)
    for page in sorted(pages):
        rewrite(page, root)
    print("portable_html: %d pages under %s now load MathJax and require.js from the folder" % (len(pages), root))


if __name__ == "__main__":
    main(sys.argv)
