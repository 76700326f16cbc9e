"""Renders Tessera's HTML reports in headless Chromium and checks them (issue 21).

    python3 tools/html-check/check.py [--tessera PATH] [--out DIR]

Writes reports for a few models (compile analytical and simulated, simulate of a saved
schedule, compare, explore, and `report` from a saved JSON) into DIR (default
.build/html-check), opens each at 1280 px and at a 390 px phone width, and fails when the page
logs a console error or throws, loads any resource (the report must be self-contained), lacks an
expected plot or has one without marks, overflows the page width, or shows text smaller than
11 px. Screenshots (PNG) of every report at both widths stay in DIR: CI's artifacts. Installs
Debian's `chromium` when it is missing.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Injected first in <head> of a copy of each report: collects errors, then measures the page.
CHECKER = r"""<script>
window.__errors = [];
addEventListener("error", function (e) { __errors.push("error: " + e.message); });
addEventListener("unhandledrejection", function (e) { __errors.push("rejection: " + e.reason); });
["error", "warn"].forEach(function (level) {
  var original = console[level];
  console[level] = function () { __errors.push(level + ": " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
});
addEventListener("load", function () {
  // Sort every table by its first and last header, twice each (the page's own script).
  document.querySelectorAll("table").forEach(function (table) {
    var headers = table.querySelectorAll("th");
    [headers[0], headers[headers.length - 1]].forEach(function (th) { if (th) { th.click(); th.click(); } });
  });
  var width = location.hash === "#phone" ? 390 : innerWidth;
  if (location.hash === "#phone") { document.documentElement.style.width = "390px"; }
  var plots = {};
  document.querySelectorAll("svg[data-plot]").forEach(function (svg) {
    var name = svg.getAttribute("data-plot");
    var box = svg.getBoundingClientRect();
    var entry = plots[name] || (plots[name] = {count: 0, marks: 0, empty: 0});
    entry.count += 1;
    // Marks that take up space (a plot of points all collapsed to 0 or of zero-width bars fails).
    svg.querySelectorAll(".mark").forEach(function (m) {
      var b = m.getBBox();
      if (b.width > 0 && b.height > 0) { entry.marks += 1; }
    });
    if (box.width < 10 || box.height < 10) { entry.empty += 1; }
  });
  var smallest = 99, smallestText = "";
  document.querySelectorAll("svg text").forEach(function (t) {
    var ctm = t.getScreenCTM();
    var size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.sqrt(ctm.a * ctm.a + ctm.b * ctm.b) : 1);
    if (size < smallest) { smallest = size; smallestText = t.textContent; }
  });
  document.querySelectorAll("body *").forEach(function (e) {
    if (e.closest("svg") || !e.childNodes.length) { return; }
    var own = Array.prototype.some.call(e.childNodes, function (n) { return n.nodeType === 3 && n.textContent.trim(); });
    if (!own) { return; }
    var size = parseFloat(getComputedStyle(e).fontSize);
    if (size < smallest) { smallest = size; smallestText = e.textContent.slice(0, 40); }
  });
  var result = {
    errors: __errors, plots: plots, smallestText: smallest, smallestTextSample: smallestText,
    pageWidth: document.body.scrollWidth, viewport: width,
    resources: performance.getEntriesByType("resource").map(function (r) { return r.name; })
  };
  var pre = document.createElement("pre");
  pre.id = "tessera-check";
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
});
</script>"""


def chromium():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if shutil.which(name):
            return shutil.which(name)
    print("html-check: installing Debian's chromium", file=sys.stderr)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    subprocess.run(sudo + ["apt-get", "update", "-qq"], check=False, env=env)
    subprocess.run(sudo + ["apt-get", "install", "-y", "-qq", "chromium"], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return shutil.which("chromium")


def browser(binary, *arguments):
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
         "--enable-logging=stderr", "--v=0", *arguments],
        capture_output=True, text=True, timeout=120)


def tessera(binary, *arguments, cwd=ROOT):
    done = subprocess.run([binary, *arguments], capture_output=True, text=True, cwd=cwd, timeout=600)
    if done.returncode != 0:
        sys.exit(f"html-check: tessera {' '.join(arguments)} failed:\n{done.stderr}")
    return done.stdout


def reports(binary, out):
    """Writes the reports; returns (name, file, expected plots with their minimum mark counts)."""
    samples = os.path.join(ROOT, "onnx-samples")
    page = lambda name: os.path.join(out, name + ".html")
    made = []
    tessera(binary, "compile", f"{samples}/lenet5.onnx", "--target", "gemmini", "--no-wall-time",
            "--html", page("lenet5-gemmini"))
    made.append(("lenet5-gemmini", {"waterfall": 4, "kernel-bar": 3, "roofline": 2}))
    json_report = tessera(binary, "compile", f"{samples}/resnet18.onnx", "--target", "gemmini", "--no-wall-time",
                          "--timing", "simulate", "--format", "json", "--html", page("resnet18-gemmini-simulated"))
    simulated = {"waterfall": 4, "kernel-bar": 20, "roofline": 10, "timeline": 20, "gap-causes": 2, "gap-kernels": 5}
    made.append(("resnet18-gemmini-simulated", simulated))
    saved = os.path.join(out, "resnet18-gemmini-simulated.json")
    with open(saved, "w") as file:
        file.write(json_report)
    tessera(binary, "report", saved, "--html", page("resnet18-from-json"))
    made.append(("resnet18-from-json", simulated))
    schedule = os.path.join(out, "mobilenet_v2-nvdla.schedule.json")
    tessera(binary, "compile", f"{samples}/mobilenet_v2.onnx", "--target", "nvdla-primer-2048", "--no-wall-time",
            "--out", schedule)
    tessera(binary, "simulate", schedule, "--html", page("mobilenet_v2-nvdla-simulate"))
    made.append(("mobilenet_v2-nvdla-simulate", {"kernel-bar": 20, "roofline": 10, "timeline": 5, "gap-causes": 1}))
    tessera(binary, "compare", f"{samples}/resnet18.onnx", "--target", "gemmini,systolic", "--timing",
            "analytical,simulate", "--html", page("resnet18-compare"))
    made.append(("resnet18-compare", {"compare-totals": 3, "compare-kernels": 5, "gap-causes": 2}))
    spec = os.path.join(out, "explore.yaml")
    with open(spec, "w") as file:
        file.write(f"base: gemmini\nmodels: [{samples}/lenet5.onnx, {samples}/mlp.onnx]\naxes:\n"
                   "  compute.mesh.rows: [4, 8, 16, 32]\n  compute.mesh.cols: [4, 8, 16, 32]\n"
                   "  memory.scratchpad.size_bytes: [16384, 262144]\nobjectives: [latency, energy, area]\n")
    store = spec + ".explore.sqlite"
    if os.path.exists(store):
        os.unlink(store)
    tessera(binary, "explore", spec, "--html", page("explore-gemmini"))
    made.append(("explore-gemmini", {"pareto": 20}))
    return [(name, page(name), plots) for name, plots in made]


def check(browser_binary, name, path, expected, out):
    with open(path) as file:
        html = file.read()
    problems = []
    if re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html):
        problems.append("references a network resource")
    if re.search(r'="[^"]*\b(NaN|nan|inf|Infinity)\b[^"]*"', html):
        problems.append("a NaN or infinite number in an attribute")
    probe = os.path.join(tempfile.mkdtemp(prefix="html-check-"), os.path.basename(path))
    with open(probe, "w") as file:
        file.write(html.replace("<head>", "<head>" + CHECKER, 1))
    for mode, width in (("desktop", 1280), ("phone", 390)):
        url = "file://" + probe + ("#phone" if mode == "phone" else "")
        done = browser(browser_binary, f"--window-size={width},900", "--virtual-time-budget=3000", "--dump-dom", url)
        found = re.search(r'<pre id="tessera-check">(.*?)</pre>', done.stdout, re.S)
        if not found:
            problems.append(f"{mode}: the page did not finish loading ({done.stderr.strip()[-300:]})")
            continue
        result = json.loads(found.group(1).replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">")
                            .replace("&amp;", "&"))
        console = [line for line in done.stderr.splitlines() if "CONSOLE" in line]
        problems += [f"{mode}: {error}" for error in result["errors"]]
        problems += [f"{mode}: console: {line}" for line in console]
        problems += [f"{mode}: loads {resource}" for resource in result["resources"]]
        for plot, marks in expected.items():
            entry = result["plots"].get(plot)
            if not entry:
                problems.append(f"{mode}: no '{plot}' plot")
            elif entry["marks"] < marks or entry["empty"]:
                problems.append(f"{mode}: '{plot}' has {entry['marks']} marks (expected ≥ {marks}), "
                                f"{entry['empty']} empty")
        if result["smallestText"] < 11:
            problems.append(f"{mode}: text of {result['smallestText']:.1f} px ('{result['smallestTextSample']}')")
        if result["pageWidth"] > result["viewport"] + 1:
            problems.append(f"{mode}: the page is {result['pageWidth']} px wide at a {result['viewport']} px viewport")
        shot = os.path.join(out, f"{name}-{width}.png")
        browser(browser_binary, f"--window-size={width},{2400 if width > 500 else 1600}", f"--screenshot={shot}",
                "file://" + path)
        if not os.path.exists(shot) or os.path.getsize(shot) < 5000:
            problems.append(f"{mode}: no screenshot")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[1])
    parser.add_argument("--tessera", default=os.path.join(ROOT, ".build", "debug", "tessera"))
    parser.add_argument("--out", default=os.path.join(ROOT, ".build", "html-check"))
    args = parser.parse_args()
    if not os.access(args.tessera, os.X_OK):
        subprocess.run(["swift", "build", "--product", "tessera"], cwd=ROOT, check=True)
    os.makedirs(args.out, exist_ok=True)
    binary = chromium()
    if not binary:
        sys.exit("html-check: no chromium")
    failures = 0
    for name, path, expected in reports(os.path.abspath(args.tessera), args.out):
        problems = check(binary, name, path, expected, args.out)
        failures += bool(problems)
        status = "ok" if not problems else f"{len(problems)} problem(s)"
        print(f"html-check: {name:32} {os.path.getsize(path) // 1024:5} KB  {status}")
        for problem in problems:
            print(f"  {problem}")
    print(f"html-check: screenshots in {args.out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
