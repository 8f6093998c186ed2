// wijksim workshop page. Plain JavaScript, no build step, nothing from outside.
//
// A changed lever asks the server once (on release, not while dragging), the previous answer
// stays visible (faded) until the new one arrives, answers stream in as replications
// finish (server-sent events), and a lost connection is resumed without hiding
// anything. The server renders numbers and charts; this file only places them.
"use strict";

(function () {
  const WORDS = {
    en: {
      title: "What if? Linking Work & Income to the district teams",
      reset: "Reset", save: "Save this scenario", report: "Download report",
      levers: "Levers", "levers-help": "Each change acts from the switch week. Release a slider to ask.",
      loading: "Loading…", headline: "The three models side by side",
      mkba: "Societal costs and benefits (MKBA)", recommendation: "Recommendation",
      "over-time": "Over time", outcome: "Outcome", reference: "reference",
      vs: "vs", all: "all teams", on: "on", off: "off",
      households: "households", teams: "teams", years: "years", year: "year",
      unit: "Unit", source: "Source",
      npv: "Net present value vs", best: "best in", of: "of", reps: "replications",
      computing: "Computing", done: "Done", queued: "Waiting for a free slot",
      cancelled: "Replaced by a newer question", failed: "Failed",
      busy: "The server is busy: asking again in a moment",
      firstIn: "first numbers after", finalIn: "all after", cached: "(from the cache)",
      warmReused: "warm-up reused", warmFile: "warm-up from file",
      warmComputing: "new warm-up", warmWorld: "a world parameter changed the starting situation:",
      reconnecting: "Connection lost: reconnecting… (the numbers shown stay valid)",
      intro: "introduction cost", teamsWord: "Team",
      diffHead: "last line: difference from",
      worldLever: "A fact about the world, from week 0: changing it simulates the warm-up again (a few seconds longer).",
      // Issue 19 item 7 (room and refusals): English and Dutch side by side in the
      // "nl" block below; to move into the text layer.
      send: "Send to screen", sent: "Sent to the screen: the presenter can show it.",
      proposals: "Sent to the screen by participants", show: "Show", dismiss: "Dismiss",
      noChanges: "no changes (the starting values)",
      presenter: "Presenter: the screen follows these levers", screen: "Screen: follows the presenter",
      refused: "Not asked: a value was refused",
      notAllowed: "cannot be", leverRange: "this lever goes from", to: "to",
      choices: "possible:", putBack: "The lever is back at", reason: "Reason:",
    },
    nl: {
      title: "Wat als? Werk & Inkomen en de wijkteams",
      reset: "Beginwaarden", save: "Scenario bewaren", report: "Rapport downloaden",
      levers: "Knoppen", "levers-help": "Elke wijziging geldt vanaf de overstapweek. Laat een schuif los om het te vragen.",
      loading: "Laden…", headline: "De drie modellen naast elkaar",
      mkba: "Maatschappelijke kosten en baten (MKBA)", recommendation: "Advies",
      "over-time": "In de tijd", outcome: "Uitkomst", reference: "referentie",
      vs: "t.o.v.", all: "alle teams", on: "aan", off: "uit",
      households: "huishoudens", teams: "teams", years: "jaar", year: "jaar",
      unit: "Eenheid", source: "Bron",
      npv: "Netto contante waarde t.o.v.", best: "het beste in", of: "van", reps: "replicaties",
      computing: "Bezig met rekenen", done: "Klaar", queued: "Wacht op een vrije plek",
      cancelled: "Vervangen door een nieuwere vraag", failed: "Mislukt",
      busy: "De server is bezig: zo meteen opnieuw gevraagd",
      firstIn: "eerste getallen na", finalIn: "alles na", cached: "(uit de cache)",
      warmReused: "opwarmperiode hergebruikt", warmFile: "opwarmperiode uit bestand",
      warmComputing: "nieuwe opwarmperiode", warmWorld: "een wereldparameter verandert de beginsituatie:",
      reconnecting: "Verbinding verbroken: opnieuw verbinden… (de getoonde getallen blijven geldig)",
      intro: "invoeringskosten", teamsWord: "Team",
      diffHead: "onderste regel: verschil met",
      worldLever: "Een feit over de wereld, vanaf week 0: wie dit verandert laat de opwarmperiode opnieuw rekenen (enkele seconden langer).",
      // Issue 19 item 7 (room and refusals): Dutch of the block above.
      send: "Naar het scherm", sent: "Naar het scherm gestuurd: de presentator kan het tonen.",
      proposals: "Door deelnemers naar het scherm gestuurd", show: "Tonen", dismiss: "Weghalen",
      noChanges: "geen wijzigingen (de beginwaarden)",
      presenter: "Presentator: het scherm volgt deze knoppen", screen: "Scherm: volgt de presentator",
      refused: "Niet gevraagd: een waarde werd geweigerd",
      notAllowed: "kan niet", leverRange: "deze knop loopt van", to: "tot",
      choices: "mogelijk:", putBack: "De knop staat weer op", reason: "Reden:",
    },
  };

  const $ = (id) => document.getElementById(id);
  const state = {
    lang: "en", levers: [], scenario: null, values: {}, base: {},
    client: newClientId(), job: null, seq: 0, es: null,
    asked: 0, askedAt: 0, retry: 0, last: null,
    // Questions sent and not answered yet; times the current question was asked
    // again after the server cancelled it; back-off steps while the server is busy.
    inFlight: 0, reasks: 0, busy: 0,
    // The room (see src/serve/room.rs): "presenter" (with its token), "screen" or
    // "participant"; the lever values of the last question the server accepted.
    mode: "participant", token: null, good: null,
  };
  // For the browser test and the curious: per job, when it was asked and answered.
  window.wijksim = { timings: [], state };
  // The browser test sets a lever to a value its control cannot reach (a refusal).
  window.wijksim.setLever = (key, v) => { const l = state.levers.find((x) => x.key === key); if (l) setValue(l, v); };

  function newClientId() {
    const a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.from(a, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function t(key) { return WORDS[state.lang][key] || WORDS.en[key] || key; }
  // A model as a reader names it (the Dutch terms of the report and the levers); the
  // data attributes keep the key.
  const MODEL_NAMES = {
    en: { broad: "broad", partial: "partial", separate: "separate" },
    nl: { broad: "breed", partial: "gedeeltelijk", separate: "apart" },
  };
  function modelName(m) { return (MODEL_NAMES[state.lang] || MODEL_NAMES.en)[m] || m; }

  function fmtNumber(x, decimals) {
    const s = Math.abs(x).toFixed(decimals);
    let [int, frac] = s.split(".");
    const sep = state.lang === "nl" ? "." : ",";
    int = int.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
    const dec = state.lang === "nl" ? "," : ".";
    return (x < 0 && Number(s) !== 0 ? "\u2212" : "") + int + (frac ? dec + frac : "");
  }

  function leverText(l, v) {
    switch (l.key) {
      case "signalling.coverage":
      case "enforcement.discretion":
        return fmtNumber(v * 100, 0) + "%";
      case "debt.growth_per_year":
        return fmtNumber(v * 100, 0) + (state.lang === "nl" ? "%\u00a0per jaar" : "%\u00a0a year");
      case "staff.quit_factor":
        return "\u00d7\u00a0" + fmtNumber(v, 1);
      case "flexible_budget.eur_per_team_year":
        return (state.lang === "nl" ? "\u20ac\u00a0" : "\u20ac") + fmtNumber(v, 0);
      case "run.horizon_weeks": {
        const y = v / 52;
        return fmtNumber(y, Number.isInteger(y) ? 0 : 1) + "\u00a0" + t("years");
      }
      case "staff.hiring_delay_weeks":
        return fmtNumber(v, 0) + (state.lang === "nl" ? "\u00a0weken" : "\u00a0weeks");
      case "wi.consult_hours_per_week":
        return fmtNumber(v, 0) + (state.lang === "nl" ? "\u00a0uur/week" : "\u00a0h/week");
      default:
        return fmtNumber(v, l.integer ? 0 : 1);
    }
  }

  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // ---------------------------------------------------------------- controls
  function buildControls() {
    const form = $("controls");
    form.textContent = "";
    for (const l of state.levers) {
      const box = document.createElement("div");
      box.className = "lever";
      box.dataset.key = l.key;
      const head = document.createElement("div");
      head.className = "head";
      const name = document.createElement(l.control === "slider" || l.control === "choice" ? "label" : "span");
      name.className = "name";
      const id = "lever-" + l.key.replace(/[^a-z0-9]/gi, "-");
      if (name.tagName === "LABEL") name.htmlFor = id;
      const value = document.createElement("span");
      value.className = "value";
      head.append(name, value);
      box.append(head);
      let input;
      if (l.control === "slider") {
        input = document.createElement("input");
        input.type = "range";
        input.min = l.min; input.max = l.max; input.step = l.step;
        input.addEventListener("input", () => { value.textContent = leverText(l, Number(input.value)); });
        // Ask on release only: moving a slider must not flood the server.
        input.addEventListener("change", () => setValue(l, Number(input.value)));
      } else if (l.control === "toggle") {
        const wrap = document.createElement("label");
        wrap.className = "toggle";
        input = document.createElement("input");
        input.type = "checkbox";
        const word = document.createElement("span");
        wrap.append(input, word);
        input.addEventListener("change", () => setValue(l, input.checked));
        box.append(wrap);
      } else if (l.control === "choice") {
        input = document.createElement("select");
        for (const o of l.options) {
          const opt = document.createElement("option");
          opt.value = o.value;
          input.append(opt);
        }
        input.addEventListener("change", () => setValue(l, input.value));
      } else if (l.control === "teams") {
        input = document.createElement("div");
        input.className = "teams";
        for (let n = l.min; n <= l.max; n++) {
          const lab = document.createElement("label");
          const cb = document.createElement("input");
          cb.type = "checkbox"; cb.value = String(n);
          cb.addEventListener("change", () => {
            const picked = Array.from(input.querySelectorAll("input:checked"), (c) => Number(c.value));
            setValue(l, picked.sort((a, b) => a - b));
          });
          const word = document.createElement("span");
          lab.append(cb, word);
          input.append(lab);
        }
      }
      if (input) {
        input.id = id;
        if (l.control !== "toggle") box.append(input);
      }
      if (l.scope === "world") {
        // Said before anyone moves it: this one changes the starting situation.
        const w = document.createElement("p");
        w.className = "world";
        box.classList.add("is-world");
        box.append(w);
      }
      const doc = document.createElement("p");
      doc.className = "doc";
      const src = document.createElement("p");
      src.className = "src";
      box.append(doc, src);
      form.append(box);
    }
    relabelControls();
    showValues();
  }

  function relabelControls() {
    for (const l of state.levers) {
      const box = document.querySelector(`.lever[data-key="${l.key}"]`);
      if (!box) continue;
      box.querySelector(".name").textContent = l.label[state.lang];
      box.querySelector(".doc").textContent = l.doc[state.lang];
      const world = box.querySelector(".world");
      if (world) world.textContent = t("worldLever");
      box.querySelector(".src").textContent =
        `${t("unit")}: ${l.unit[state.lang]} \u00b7 ${t("source")}: ${l.source}`;
      if (l.control === "choice") {
        const sel = box.querySelector("select");
        l.options.forEach((o, i) => { sel.options[i].textContent = o[state.lang] || o.value; });
      }
      if (l.control === "teams") {
        box.querySelectorAll(".teams label span").forEach((s, i) => { s.textContent = `${t("teamsWord")} ${i + 1}`; });
      }
    }
    showValues();
  }

  function showValues() {
    for (const l of state.levers) {
      const box = document.querySelector(`.lever[data-key="${l.key}"]`);
      if (!box) continue;
      const v = state.values[l.key];
      const value = box.querySelector(".value");
      box.classList.toggle("changed", !same(v, state.base[l.key]));
      if (l.control === "slider") {
        box.querySelector("input").value = v;
        value.textContent = leverText(l, v);
      } else if (l.control === "toggle") {
        box.querySelector("input").checked = !!v;
        box.querySelector(".toggle span").textContent = v ? t("on") : t("off");
        value.textContent = "";
      } else if (l.control === "choice") {
        box.querySelector("select").value = v;
        value.textContent = "";
      } else if (l.control === "teams") {
        box.querySelectorAll(".teams input").forEach((c) => { c.checked = v.includes(Number(c.value)); });
        value.textContent = v.length ? v.join(", ") : t("all");
      }
    }
  }

  function setValue(l, v) {
    if (state.mode === "screen") { showValues(); return; } // the screen follows the presenter
    state.values[l.key] = v;
    showValues();
    // A release, a click or a choice is one deliberate act: ask at once. Clicks in
    // quick succession cancel each other on the server (the newest question wins).
    ask(performance.now());
  }

  function changes() {
    const set = {};
    for (const l of state.levers) {
      if (!same(state.values[l.key], state.base[l.key])) set[l.key] = state.values[l.key];
    }
    return set;
  }

  // ---------------------------------------------------------------- asking
  async function ask(changedAt) {
    const asked = ++state.asked;
    state.askedAt = typeof changedAt === "number" ? changedAt : performance.now();
    $("result").classList.add("stale");
    setStatus(t("computing"), true);
    let r, body;
    state.inFlight++;
    try {
      // The question's number lets the server order this page's questions even when
      // they arrive out of order (each ask may travel on its own connection).
      r = await fetch(`/api/whatif?lang=${state.lang}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ client: state.client, question: asked, set: changes() }),
      });
      body = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
    } catch (e) {
      // The server is away: keep what is shown and try again shortly.
      showConn(true);
      setTimeout(() => { if (asked === state.asked) ask(); }, Math.min(5000, 500 * ++state.retry));
      return;
    } finally {
      state.inFlight--;
    }
    state.retry = 0;
    showConn(false);
    if (asked !== state.asked) return; // a newer question was asked meanwhile
    if (!r.ok && (r.status === 400 || r.status === 422) && state.good && !same(state.values, state.good)) {
      // A refused value: say in words what the lever allows and put it back, so the
      // answer on screen is of the levers shown again.
      refuse(body.error || `HTTP ${r.status}`);
      return;
    }
    if (!r.ok) {
      // The answer on screen is not of these levers: it stays faded, under the reason.
      showError(body.error || `HTTP ${r.status}`);
      if (r.status === 503) {
        setStatus(t("busy"), true);
        setTimeout(() => { if (asked === state.asked) ask(); }, Math.min(5000, 1000 * ++state.busy));
      } else {
        setStatus(t("failed"), false);
      }
      return;
    }
    state.busy = 0;
    showError(null);
    state.good = JSON.parse(JSON.stringify(state.values));
    state.job = body.job;
    if (state.mode === "presenter") present(body.job);
    state.seq = 0;
    state.timing = { job: body.job, asked_ms: state.askedAt, first_ms: null, final_ms: null, cached: body.cached };
    window.wijksim.timings.push(state.timing);
    // The language was switched while the question travelled: fetch the answer in
    // the language shown now rather than draw this one in the old.
    if (body.lang !== state.lang) { refresh(); return; }
    show(body);
    if (body.status !== "done") listen();
  }

  // The current job again, in the current language (and its events from now on).
  async function refresh() {
    const job = state.job, lang = state.lang;
    if (job === null) return;
    try {
      const r = await fetch(`/api/jobs/${encodeURIComponent(job)}?lang=${lang}`);
      if (job !== state.job || lang !== state.lang) return; // superseded meanwhile
      if (r.ok) {
        const body = await r.json();
        if (job !== state.job || lang !== state.lang) return;
        state.seq = 0;
        show(body);
        if (body.status !== "done") listen();
      } else if (r.status === 404) {
        ask(); // the server forgot the job (it restarted): ask again
      }
    } catch (e) { showConn(true); }
  }

  function listen() {
    if (state.es) state.es.close();
    const job = state.job;
    const es = new EventSource(`/api/jobs/${encodeURIComponent(job)}/events?lang=${state.lang}`);
    state.es = es;
    const onEvent = (ev) => {
      if (job !== state.job) { es.close(); return; }
      showConn(false);
      const body = JSON.parse(ev.data);
      show(body);
      if (ev.type === "done") es.close();
    };
    es.addEventListener("progress", onEvent);
    es.addEventListener("done", onEvent);
    es.onerror = () => {
      if (job !== state.job) { es.close(); return; }
      showConn(true);
      // EventSource reconnects by itself and resumes after the last event it saw. If
      // the server forgot the job (it restarted), ask the same question again.
      if (es.readyState === EventSource.CLOSED) {
        setTimeout(() => { if (job === state.job) ask(); }, 1000);
      }
    };
  }

  // ---------------------------------------------------------------- refusals and the room
  function rangeText(l) {
    if (l.control === "slider") return `${t("leverRange")} ${leverText(l, l.min)} ${t("to")} ${leverText(l, l.max)}`;
    if (l.control === "choice") return `${t("choices")} ${l.options.map((o) => o[state.lang] || o.value).join(", ")}`;
    if (l.control === "teams") return `${t("leverRange")} ${t("teamsWord")} ${l.min} ${t("to")} ${l.max}`;
    return "";
  }

  function valueText(l, v) {
    if (l.control === "slider") return leverText(l, v);
    if (l.control === "toggle") return v ? t("on") : t("off");
    if (l.control === "teams") return v.length ? v.join(", ") : t("all");
    if (l.control === "choice") { const o = l.options.find((x) => x.value === v); return o ? (o[state.lang] || o.value) : String(v); }
    return String(v);
  }

  function refuse(reason) {
    const lines = [];
    let said = reason;
    for (const l of state.levers) {
      // Keys are for files and terminals: the reason names the lever by its label.
      const label = `\u201c${l.label[state.lang]}\u201d`;
      said = said.split("key `" + l.key + "`").join(label).split("`" + l.key + "`").join(label).split(l.key).join(label);
      if (same(state.values[l.key], state.good[l.key])) continue;
      lines.push(`${l.label[state.lang]} ${t("notAllowed")} ${valueText(l, state.values[l.key])}: ${rangeText(l)}. ` +
        `${t("putBack")} ${valueText(l, state.good[l.key])}.`);
    }
    lines.push(`${t("reason")} ${said}`);
    state.values = JSON.parse(JSON.stringify(state.good));
    showValues();
    showError(lines.join("\n"));
    setStatus(t("refused"), false);
    $("result").classList.remove("stale");
  }

  function changedSummary(set) {
    const parts = [];
    for (const [k, v] of Object.entries(set)) {
      const l = state.levers.find((x) => x.key === k);
      parts.push(l ? `${l.label[state.lang]}: ${valueText(l, v)}` : `${k}: ${JSON.stringify(v)}`);
    }
    return parts.length ? parts.join(" · ") : t("noChanges");
  }

  // The presenter's question is what the screen shows.
  async function present(job) {
    try {
      await fetch("/api/room/present", {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Presenter-Token": state.token },
        body: JSON.stringify({ set: changes(), job }),
      });
    } catch (e) { showConn(true); }
  }

  async function sendToScreen() {
    const r = await fetch("/api/room/proposals", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ client: state.client, set: changes() }),
    }).catch(() => null);
    if (!r) { showConn(true); return; }
    const b = await r.json().catch(() => ({}));
    if (!r.ok) { showError(b.error || `HTTP ${r.status}`); return; }
    setStatus(t("sent"), false);
  }

  async function loadProposals() {
    let list = [];
    try {
      const r = await fetch("/api/room/proposals", { headers: { "X-Presenter-Token": state.token } });
      if (!r.ok) return;
      list = await r.json();
    } catch (e) { return; }
    const ul = $("proposal-list");
    ul.textContent = "";
    $("proposals").hidden = list.length === 0;
    for (const p of list) {
      const li = document.createElement("li");
      li.dataset.id = String(p.id);
      li.append(cell("span", changedSummary(p.set), "what"));
      const show = cell("button", t("show"));
      show.type = "button";
      show.className = "show";
      show.addEventListener("click", async () => {
        state.values = JSON.parse(JSON.stringify(state.base));
        for (const [k, v] of Object.entries(p.set)) state.values[k] = v;
        showValues();
        await dismiss(p.id);
        ask();
      });
      const drop = cell("button", t("dismiss"));
      drop.type = "button";
      drop.addEventListener("click", () => dismiss(p.id));
      li.append(show, drop);
      ul.append(li);
    }
  }

  async function dismiss(id) {
    await fetch(`/api/room/proposals/${id}/dismiss`, {
      method: "POST", headers: { "X-Presenter-Token": state.token },
    }).catch(() => null);
    loadProposals();
  }

  // The screen: the presenter's levers and answer, as they change.
  function follow() {
    const es = new EventSource("/api/room/events");
    let proposals = -1;
    es.addEventListener("room", (ev) => {
      showConn(false);
      const room = JSON.parse(ev.data);
      if (state.mode === "presenter") {
        if (room.proposals !== proposals) { proposals = room.proposals; loadProposals(); }
        return;
      }
      state.values = JSON.parse(JSON.stringify(state.base));
      for (const [k, v] of Object.entries(room.set || {})) state.values[k] = v;
      showValues();
      if (room.job && room.job !== state.job) {
        state.job = room.job;
        state.seq = 0;
        state.timing = null;
        refresh();
      } else if (!room.job && state.job === null) {
        ask();
      }
    });
    es.onerror = () => showConn(true);
  }

  // ---------------------------------------------------------------- showing
  function setStatus(text, busy) {
    $("status-text").textContent = text;
    $("status").classList.toggle("busy", !!busy);
  }

  function showConn(lost) {
    const c = $("conn");
    c.hidden = !lost;
    c.textContent = lost ? t("reconnecting") : "";
  }

  function showError(msg) {
    const e = $("error");
    e.hidden = !msg;
    e.textContent = msg || "";
  }

  function show(body) {
    if (body.job !== state.job) return;
    if (body.seq < state.seq) return;
    state.seq = body.seq;
    state.last = body;
    const now = performance.now();
    if (body.result && state.timing && state.timing.job === body.job) {
      if (state.timing.first_ms === null) {
        state.timing.first_ms = now - state.timing.asked_ms;
        state.timing.first_reps = body.reps_done;
      }
      if (body.status === "done" && state.timing.final_ms === null) state.timing.final_ms = now - state.timing.asked_ms;
      state.timing.reps = body.reps_done;
    }
    const words = {
      queued: t("queued"), running: t("computing"), done: t("done"),
      cancelled: t("cancelled"), failed: t("failed"),
    };
    let text = `${words[body.status] || body.status}: ${body.reps_done} ${t("of")} ${body.reps_total} ${t("reps")}`;
    if (state.timing && state.timing.first_ms !== null) {
      text += ` \u00b7 ${t("firstIn")} ${Math.round(state.timing.first_ms)} ms`;
      if (state.timing.final_ms !== null) text += `, ${t("finalIn")} ${Math.round(state.timing.final_ms)} ms`;
    }
    if (body.cached) text += ` ${t("cached")}`;
    const warm = { reused: t("warmReused"), from_file: t("warmFile"), computing: t("warmComputing") }[body.warmup];
    if (warm) text += ` \u00b7 ${warm}`;
    if (body.warmup_keys && body.warmup_keys.length) text += ` (${t("warmWorld")} ${body.warmup_keys.join(", ")})`;
    setStatus(text, body.status === "running" || body.status === "queued");
    // The report is of the final answer only.
    $("report").disabled = body.status !== "done";
    if (body.status === "failed") showError(body.error);
    if (body.status === "done") state.reasks = 0;
    // The question on screen was cancelled though this page asked nothing newer (the
    // server made room, or an older ask arrived after it): ask it again, a few times
    // at most. An ask still travelling replaces it anyway.
    if (body.status === "cancelled" && state.inFlight === 0 && state.reasks < 3) {
      state.reasks++;
      setTimeout(() => { if (body.job === state.job && state.inFlight === 0) ask(); }, 200);
      return;
    }
    if (!body.result) return;
    render(body.result);
    $("result").classList.toggle("stale", body.status !== "done");
  }

  function cell(tag, text, cls) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function render(res) {
    $("interval-note").textContent = res.interval_note;
    const table = $("headline");
    table.textContent = "";
    const thead = document.createElement("thead");
    const hr = document.createElement("tr");
    hr.append(cell("th", t("outcome")));
    for (const m of res.models) {
      const th = cell("th", m === res.reference ? `${modelName(m)} (${t("reference")})` : modelName(m), m === res.reference ? "ref" : "");
      // Said once here rather than in every cell: the small line is the difference.
      if (m !== res.reference) th.append(cell("span", `${t("diffHead")} ${modelName(res.reference)}`, "sub"));
      hr.append(th);
    }
    thead.append(hr);
    table.append(thead);
    const tbody = document.createElement("tbody");
    for (const row of res.headline) {
      const tr = document.createElement("tr");
      tr.dataset.key = row.key;
      tr.append(cell("th", row.label));
      for (const m of row.models) {
        const td = document.createElement("td");
        td.dataset.model = m.model;
        td.dataset.mean = m.mean === null ? "" : String(m.mean);
        td.append(cell("span", m.text, "val"));
        if (m.interval) td.append(cell("span", m.interval, "ci"));
        if (m.diff) {
          const cls = "diff" + (m.diff.better ? " better" : m.diff.worse ? " worse" : "");
          const d = cell("span", m.diff.text, cls);
          if (m.diff.interval) d.title = m.diff.interval;
          td.append(d);
        }
        tr.append(td);
      }
      tbody.append(tr);
    }
    table.append(tbody);

    const npv = $("npv");
    npv.textContent = "";
    if (res.mkba) {
      const best = res.mkba.models.filter((m) => !m.reference)
        .reduce((a, b) => (a === null || (b.npv ?? -Infinity) > (a.npv ?? -Infinity) ? b : a), null);
      for (const m of res.mkba.models) {
        if (m.reference) continue;
        const card = cell("div", undefined, "card" + (best && m.model === best.model ? " best" : ""));
        card.dataset.model = m.model;
        card.dataset.npv = m.npv === null ? "" : String(m.npv);
        card.append(cell("div", `${modelName(m.model)}: ${t("npv")} ${modelName(res.mkba.reference)}`, "m"));
        card.append(cell("div", m.text, "big"));
        if (m.interval) card.append(cell("div", m.interval, "muted small"));
        card.append(cell("div", `${t("best")} ${m.probability_best_text} \u00b7 ${t("intro")} ${m.introduction}`, "muted small"));
        npv.append(card);
      }
      $("mkba-title").textContent = res.mkba.title;
      // Server-rendered SVG from the shared chart module: escaped, no scripts, no links.
      $("stakeholders").innerHTML = res.mkba.chart;
    } else {
      $("mkba-title").textContent = "";
      $("stakeholders").textContent = "";
    }
    $("recommendation").textContent = res.recommendation || "";
    const charts = $("charts");
    charts.textContent = "";
    for (const c of res.charts) {
      const fig = document.createElement("figure");
      fig.append(cell("figcaption", c.title));
      const holder = document.createElement("div");
      holder.innerHTML = c.svg;
      fig.append(holder);
      charts.append(fig);
    }
  }

  function applyWords() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-t]").forEach((e) => { e.textContent = t(e.dataset.t); });
    document.title = state.lang === "nl" ? "wijksim: wat als?" : "wijksim: what if?";
    $("lang-en").classList.toggle("on", state.lang === "en");
    $("lang-nl").classList.toggle("on", state.lang === "nl");
    $("lang-en").setAttribute("aria-pressed", state.lang === "en");
    $("lang-nl").setAttribute("aria-pressed", state.lang === "nl");
    $("mode").hidden = state.mode === "participant";
    $("mode").textContent = state.mode === "participant" ? "" : t(state.mode);
    if (state.scenario) {
      const s = state.scenario;
      const years = s.horizon_weeks / 52;
      $("scenario-line").textContent =
        `${s.name}: ${fmtNumber(s.households, 0)} ${t("households")}, ${s.teams} ${t("teams")}, ` +
        `${s.replications} ${t("reps")}, seed ${s.seed}`;
      void years;
    }
  }

  async function setLang(lang) {
    if (lang === state.lang) return;
    state.lang = lang;
    applyWords();
    relabelControls();
    // Same answer, other words: ask the server for the job in this language.
    await refresh();
  }

  // The report of the answer on screen: the same report `wijksim compare` writes.
  async function downloadReport() {
    if (!state.last || state.last.status !== "done") return;
    const r = await fetch(`/api/jobs/${encodeURIComponent(state.last.job)}/report.html?lang=${state.lang}`);
    if (!r.ok) {
      const b = await r.json().catch(() => ({}));
      showError(b.error || `HTTP ${r.status}`);
      return;
    }
    const name = (r.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const blob = await r.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name ? name[1] : "report.html";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  async function save() {
    const r = await fetch("/api/scenario.toml", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ set: changes() }),
    });
    if (!r.ok) {
      const b = await r.json().catch(() => ({}));
      showError(b.error || `HTTP ${r.status}`);
      return;
    }
    const name = (r.headers.get("Content-Disposition") || "").match(/filename="([^"]+)"/);
    const blob = await r.blob();
    const a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name ? name[1] : "whatif.toml";
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  }

  // A quiet check every few seconds, so that a lost connection is shown (and its end
  // too) even while nobody asks anything. The numbers stay in view either way.
  async function ping() {
    try {
      const r = await fetch("/api/health", { cache: "no-store" });
      if (!r.ok) throw new Error(String(r.status));
      if (!$("conn").hidden) {
        showConn(false);
        // Back: if the last question was never answered, ask it again.
        if (!state.last || state.last.status !== "done") ask();
      }
    } catch (e) {
      showConn(true);
    }
  }

  async function start() {
    setInterval(ping, 3000);
    $("lang-en").addEventListener("click", () => setLang("en"));
    $("lang-nl").addEventListener("click", () => setLang("nl"));
    $("reset").addEventListener("click", () => {
      state.values = JSON.parse(JSON.stringify(state.base));
      showValues();
      ask();
    });
    $("save").addEventListener("click", save);
    $("report").addEventListener("click", downloadReport);
    $("send").addEventListener("click", sendToScreen);
    const params = new URLSearchParams(location.search);
    if (params.get("presenter")) {
      state.mode = "presenter";
      state.token = params.get("presenter");
      // The token is not left in the address bar (a projected screen shows it).
      history.replaceState(null, "", location.pathname);
    } else if (params.has("screen")) {
      state.mode = "screen";
      document.body.classList.add("screen");
    }
    let info;
    for (;;) {
      try {
        const r = await fetch("/api/levers");
        info = await r.json();
        break;
      } catch (e) {
        showConn(true);
        await new Promise((ok) => setTimeout(ok, 1000));
      }
    }
    showConn(false);
    $("report").hidden = !info.report;
    state.scenario = info.scenario;
    state.levers = info.levers;
    for (const l of info.levers) {
      state.base[l.key] = l.base;
      state.values[l.key] = JSON.parse(JSON.stringify(l.base));
    }
    applyWords();
    buildControls();
    $("send").hidden = state.mode !== "participant";
    if (state.mode === "screen") {
      document.querySelectorAll("#controls input, #controls select").forEach((e) => { e.disabled = true; });
      $("reset").hidden = true;
      follow();
      return;
    }
    if (state.mode === "presenter") follow();
    ask();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
