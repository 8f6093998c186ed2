#!/usr/bin/env python3
"""Real-browser test of `wijksim serve` (run by .ci/run via .ci/serve-browser-test.sh).

Starts the server on a free loopback port, opens the page in Debian's headless
Chromium through Playwright (its own browser download is never used), moves a
slider, waits for the redraw and checks that the numbers on the page equal those of
`wijksim compare SCENARIO --set <the same lever>` with the same seed and
replications (summary_stats.csv). Then it switches to Dutch, saves the scenario
through the page's button and checks that `wijksim compare saved.toml` gives the same
numbers again, and takes screenshots under output/browser/ (git-ignored).

It reports the time from the control change to the first redrawn numbers and to the
final ones (a benchmark, printed, not asserted), for the workshop scenario and, with
--default-too, for the embedded 75,000-household default.

Usage: serve_browser.py WIJKSIM_BINARY [--default-too]
"""

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "output", "browser")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, scenario, port):
    args = [binary, "serve"] + ([scenario] if scenario else []) + ["--port", str(port)]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited early: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                if json.load(r).get("ok"):
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("server did not answer within 120 s")


def compare_means(binary, scenario, sets, tmp, name):
    """Means per (model, outcome) of `wijksim compare` with --set overrides."""
    out = os.path.join(tmp, name)
    args = [binary, "compare"] + ([scenario] if scenario else []) + ["--quiet", "--out", out]
    for k, v in sets.items():
        args += ["--set", f"{k}={v}"]
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return read_means(out)


def read_means(out):
    with open(os.path.join(out, "summary_stats.csv"), newline="") as f:
        return {(r["model"], r["outcome"]): float(r["mean"]) for r in csv.DictReader(f)}


def page_means(page):
    """Means the page shows: data-mean of every headline cell."""
    return page.evaluate(
        """() => Array.from(document.querySelectorAll('#headline tbody tr')).flatMap(tr =>
            Array.from(tr.querySelectorAll('td')).map(td =>
              [td.dataset.model, tr.dataset.key, Number(td.dataset.mean)]))"""
    )


def asked(page):
    """How many questions the page has had answered or under way."""
    return page.evaluate("() => window.wijksim.timings.length")


def wait_done(page, before, timeout_ms):
    """Wait until the page shows the final answer of a question asked after `before`
    questions (see `asked`)."""
    page.wait_for_function(
        """(before) => { const s = window.wijksim.state; const t = window.wijksim.timings;
             return t.length > before && s.last && s.last.job === s.job && t[t.length-1].job === s.job &&
                    s.last.status === 'done' && t[t.length-1].final_ms !== null; }""",
        arg=before,
        timeout=timeout_ms,
    )
    return page.evaluate("() => window.wijksim.timings[window.wijksim.timings.length - 1]")


def check_equal(shown, expected, what):
    if not shown:
        raise SystemExit(f"{what}: the page shows no numbers")
    bad = []
    for model, key, mean in shown:
        want = expected.get((model, key))
        if want is None or mean != want:
            bad.append(f"{model} {key}: page {mean}, compare {want}")
    if bad:
        raise SystemExit(f"{what}: the page differs from wijksim compare:\n  " + "\n  ".join(bad))
    print(f"  {what}: {len(shown)} numbers on the page equal wijksim compare's")


def set_slider(page, key, value):
    """Move a slider as a person does: set it, then release (the change event)."""
    page.evaluate(
        """([key, value]) => { const el = document.querySelector(`.lever[data-key="${key}"] input[type=range]`);
             el.value = value; el.dispatchEvent(new Event('input', {bubbles: true}));
             el.dispatchEvent(new Event('change', {bubbles: true})); }""",
        [key, str(value)],
    )


def run(binary, scenario, label, tmp, browser, full):
    port = free_port()
    proc = start_server(binary, scenario, port)
    try:
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(f"http://127.0.0.1:{port}/")
        first = wait_done(page, 0, 120_000)
        print(f"  {label}: opening answer: first numbers {first['first_ms']:.0f} ms, final {first['final_ms']:.0f} ms")
        # Fresh questions (never a cached answer) with the warm-ups kept: the time from
        # releasing the slider to the first redrawn numbers, and to the final ones.
        firsts, finals = [], []
        for i, value in enumerate(["0.7", "0.6", "0.5"]):
            n = asked(page)
            set_slider(page, "staff.quit_factor", value)
            if i == 0 and not full:
                # What the room sees while the rest comes in: the first numbers, faded.
                page.wait_for_function(
                    "(n) => window.wijksim.timings.length > n && window.wijksim.timings[n].first_ms !== null",
                    arg=n,
                    timeout=120_000,
                )
                os.makedirs(OUT, exist_ok=True)
                page.screenshot(path=os.path.join(OUT, f"{label}-running.png"), full_page=False)
            timing = wait_done(page, n, 120_000)
            firsts.append(timing["first_ms"])
            finals.append(timing["final_ms"])
            print(
                f"  {label}: staff.quit_factor={value} -> first numbers after {timing['first_ms']:.0f} ms "
                f"({timing.get('first_reps')} replication(s)), final after {timing['final_ms']:.0f} ms "
                f"({timing.get('reps')} replications)"
            )
        print(
            f"  {label}: median first numbers {sorted(firsts)[1]:.0f} ms, median final {sorted(finals)[1]:.0f} ms"
        )
        expected = compare_means(binary, scenario, {"staff.quit_factor": "0.5"}, tmp, label + "-quit")
        check_equal(page_means(page), expected, f"{label}, staff.quit_factor=0.5")
        if not full:
            return timing
        # The connection drops (the server stops and comes back on the same port): the
        # page keeps its numbers in view, says it is reconnecting, and answers the next
        # question from the new server.
        proc.terminate()
        proc.wait(timeout=10)
        page.wait_for_function("() => !document.getElementById('conn').hidden", timeout=30_000)
        if not page.is_visible("#headline tbody tr") or page.evaluate(
            "() => getComputedStyle(document.getElementById('result')).display === 'none'"
        ):
            raise SystemExit("the page hid its numbers when the connection dropped")
        os.makedirs(OUT, exist_ok=True)
        page.screenshot(path=os.path.join(OUT, f"{label}-offline.png"), full_page=False)
        proc = start_server(binary, scenario, port)
        n = asked(page)
        set_slider(page, "team.caseload_cap", "40")
        timing2 = wait_done(page, n, 120_000)
        page.wait_for_function("() => document.getElementById('conn').hidden", timeout=30_000)
        print(
            f"  {label}: caseload cap 40 -> first numbers after {timing2['first_ms']:.0f} ms, "
            f"final after {timing2['final_ms']:.0f} ms"
        )
        expected = compare_means(
            binary, scenario, {"staff.quit_factor": "0.5", "team.caseload_cap": "40"}, tmp, label + "-cap"
        )
        check_equal(page_means(page), expected, f"{label}, quit_factor=0.5 and caseload_cap=40")
        # A fact about the world: the warm-up is simulated again, and the page says so.
        n = asked(page)
        set_slider(page, "debt.growth_per_year", "0.25")
        timing3 = wait_done(page, n, 120_000)
        status = page.text_content("#status-text")
        if "debt.growth_per_year" not in status:
            raise SystemExit(f"the page does not say that the warm-up was computed again: {status!r}")
        print(
            f"  {label}: debt growth 25% (a world parameter: warm-up again) -> first numbers after "
            f"{timing3['first_ms']:.0f} ms, final after {timing3['final_ms']:.0f} ms"
        )
        expected = compare_means(
            binary,
            scenario,
            {"staff.quit_factor": "0.5", "team.caseload_cap": "40", "debt.growth_per_year": "0.25"},
            tmp,
            label + "-world",
        )
        check_equal(page_means(page), expected, f"{label}, with debt.growth_per_year=0.25 as well")
        os.makedirs(OUT, exist_ok=True)
        page.screenshot(path=os.path.join(OUT, f"{label}-en.png"), full_page=True)
        # Dutch: same numbers, other words.
        page.click("#lang-nl")
        page.wait_for_function("() => document.documentElement.lang === 'nl' && window.wijksim.state.last.lang === 'nl'")
        title = page.text_content("h1")
        if "Wat als" not in title:
            raise SystemExit(f"the page did not switch to Dutch: {title!r}")
        check_equal(page_means(page), expected, f"{label} in Dutch")
        page.screenshot(path=os.path.join(OUT, f"{label}-nl.png"), full_page=True)
        # Save the scenario through the button; compare must reproduce the page.
        with page.expect_download() as dl:
            page.click("#save")
        saved = os.path.join(tmp, f"{label}-saved.toml")
        dl.value.save_as(saved)
        out = os.path.join(tmp, f"{label}-saved")
        subprocess.run([binary, "compare", saved, "--quiet", "--out", out], check=True, stdout=subprocess.DEVNULL)
        check_equal(page_means(page), read_means(out), f"{label}, wijksim compare of the saved scenario")
        # The report of the answer on screen (Dutch, as the page now is).
        with page.expect_download() as dl:
            page.click("#report")
        report = os.path.join(tmp, f"{label}-report.html")
        dl.value.save_as(report)
        with open(report, encoding="utf-8") as f:
            html = f.read()
        if "<html" not in html or 'lang="nl"' not in html or "--set staff.quit_factor=0.5" not in html:
            raise SystemExit("the downloaded report is not the Dutch report of this what-if")
        print(f"  {label}: downloaded the Dutch report of the what-if ({len(html) // 1024} KiB)")
        # The language is switched while a question travels: the answer is shown in the
        # language now on screen (the page fetches it again), not the one it was asked
        # in. The question's answer is cached (finished at once, so no event stream
        # would correct it later), and the page's fetch of it is held back half a
        # second so that the switch surely comes first.
        page.evaluate(
            """() => { const orig = window.fetch; window.fetch = async (u, o) => {
                 const r = await orig(u, o);
                 if (String(u).startsWith('/api/whatif')) await new Promise((res) => setTimeout(res, 500));
                 return r; }; }"""
        )
        base_debt = page.evaluate("() => window.wijksim.state.base['debt.growth_per_year']")
        n = asked(page)
        set_slider(page, "debt.growth_per_year", base_debt)
        page.click("#lang-en")
        wait_done(page, n, 60_000)
        shown = page.evaluate("() => [window.wijksim.state.last.lang, window.wijksim.state.last.cached]")
        if shown[0] != "en":
            raise SystemExit(f"an answer that arrived after the switch to English is shown in {shown[0]!r}")
        print(f"  {label}: language switched while asking: the answer is shown in English (cached: {shown[1]})")
        if errors:
            raise SystemExit(f"JavaScript errors on the page: {errors}")
        return timing
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def presenter_token(proc):
    """The presenter token from the server's "ready" block (printed before it serves)."""
    for _ in range(20):
        line = proc.stdout.readline()
        if "?presenter=" in line:
            return line.split("?presenter=")[1].split()[0]
    raise SystemExit("the server printed no presenter link")


def facilitator(binary, scenario, label, browser):
    """The facilitator's start (issue 19, item 7): the answer and the net present values
    above the fold at 1280x900, the projector following the presenter, a refused value
    explained and put back, and a participant's what-if sent to the screen."""
    port = free_port()
    proc = start_server(binary, scenario, port)
    try:
        token = presenter_token(proc)
        base = f"http://127.0.0.1:{port}/"
        errors = []
        pages = []
        for query in (f"?presenter={token}", "?screen", ""):
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(base + query)
            pages.append(page)
        presenter, screen, participant = pages
        wait_done(presenter, 0, 120_000)
        if "presenter=" in presenter.url:
            raise SystemExit("the presenter token stays in the address bar (the projector would show it)")
        for sel in ("#recommendation", "#npv .card"):
            box = presenter.locator(sel).first.bounding_box()
            if box is None or box["y"] + box["height"] > 900:
                raise SystemExit(f"{label}: {sel} is not above the fold at 1280x900: {box}")
        if not presenter.text_content("#recommendation").strip():
            raise SystemExit(f"{label}: no recommendation on the first screen")
        os.makedirs(OUT, exist_ok=True)
        presenter.screenshot(path=os.path.join(OUT, f"{label}-1280x900.png"), full_page=False)
        print(f"  {label}: the recommendation and the net present values are above the fold at 1280x900")
        # The projector shows the presenter's levers and the presenter's job.
        n = asked(presenter)
        set_slider(presenter, "team.caseload_cap", "40")
        wait_done(presenter, n, 120_000)
        job = presenter.evaluate("() => window.wijksim.state.job")
        screen.wait_for_function(
            """(job) => { const s = window.wijksim.state; return s.job === job &&
                 s.values['team.caseload_cap'] === 40 && s.last && s.last.job === job && s.last.status === 'done'; }""",
            arg=job,
            timeout=60_000,
        )
        if screen.is_enabled('.lever[data-key="team.caseload_cap"] input'):
            raise SystemExit("the projector's levers can be moved")
        screen.screenshot(path=os.path.join(OUT, f"{label}-screen.png"), full_page=False)
        print(f"  {label}: the projector follows the presenter's lever and shows its answer (job {job})")
        # A value the server refuses: said in words, and the lever is put back.
        wait_done(participant, 0, 120_000)
        good = participant.evaluate("() => window.wijksim.state.values['team.caseload_cap']")
        participant.evaluate("() => window.wijksim.setLever('team.caseload_cap', 100000)")
        participant.wait_for_function("() => !document.getElementById('error').hidden", timeout=30_000)
        said = participant.text_content("#error")
        name = participant.evaluate(
            "() => window.wijksim.state.levers.find((l) => l.key === 'team.caseload_cap').label.en"
        )
        back = participant.evaluate("() => window.wijksim.state.values['team.caseload_cap']")
        if name not in said or "team.caseload_cap" in said or back != good:
            raise SystemExit(f"a refused value was not explained in words and put back: {said!r}, lever at {back}")
        participant.screenshot(path=os.path.join(OUT, f"{label}-refused.png"), full_page=False)
        print(f"  {label}: a refused value is explained and the lever put back: {said!r}")
        # A participant's what-if, sent to the screen and shown by the presenter.
        participant.evaluate("() => window.wijksim.setLever('team.caseload_cap', 45)")
        participant.click("#send")
        presenter.wait_for_selector("#proposal-list li button.show", timeout=30_000)
        presenter.click("#proposal-list li button.show")
        screen.wait_for_function(
            "() => window.wijksim.state.values['team.caseload_cap'] === 45", timeout=60_000
        )
        print(f"  {label}: a participant's what-if reached the projector through the presenter")
        if errors:
            raise SystemExit(f"JavaScript errors on the page: {errors}")
        for page in pages:
            page.close()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__)
    binary = os.path.abspath(sys.argv[1])
    default_too = "--default-too" in sys.argv[2:]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                # Playwright gives the browser a fresh temporary --user-data-dir itself
                # (it refuses one in args).
            ],
        )
        try:
            print("workshop scenario (scenarios/workshop.toml):")
            run(binary, os.path.join(ROOT, "scenarios", "workshop.toml"), "workshop", tmp, browser, True)
            facilitator(binary, os.path.join(ROOT, "scenarios", "workshop.toml"), "workshop-room", browser)
            if default_too:
                print("default scenario (75,000 households, embedded):")
                run(binary, None, "default", tmp, browser, False)
                facilitator(binary, None, "default-room", browser)
        finally:
            browser.close()
    print("browser test: 2 passed, 0 failed")


if __name__ == "__main__":
    main()
