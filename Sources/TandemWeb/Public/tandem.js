// Keyboard help and the live session's clock. Everything works without this file: it only adds shortcuts and a
// ticking clock computed from the times the server stored.
// A field that takes typed text: there, keys are letters. A radio button or a checkbox is not one, so after choosing
// the voice or ticking Highlighted, keys 1–5 still record a marker.
const isTyping = (target) =>
  (target instanceof HTMLInputElement && !["radio", "checkbox", "button", "submit", "reset"].includes(target.type)) ||
  target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (event.key === "Escape") {
    const help = document.getElementById("shortcuts");
    if (help && !help.hidden) { help.hidden = true; event.preventDefault(); return; }
    if (isTyping(target)) { target.blur(); return; }
  }
  if (isTyping(target)) return;
  if (event.key === "/") {
    const field = document.querySelector("[data-shortcut='/']");
    if (field) { event.preventDefault(); field.focus(); field.select(); }
    return;
  }
  const live = document.querySelector("[data-live]");
  if (!live) return;
  if (event.key === "?") {
    const help = document.getElementById("shortcuts");
    if (help) { help.hidden = !help.hidden; }
    event.preventDefault();
    return;
  }
  const focusers = { t: "takeawayText", a: "stepText", w: "clientWords", n: "next-phase" };
  if (focusers[event.key]) {
    const field = document.getElementById(focusers[event.key]);
    if (field) { event.preventDefault(); field.focus(); }
    return;
  }
  const button = live.querySelector(`button[data-key="${CSS.escape(event.key)}"]`);
  if (button) { event.preventDefault(); button.click(); }
});

document.addEventListener("DOMContentLoaded", () => {
  const first = document.querySelector("[data-autofocus]");
  if (first) first.focus();
  const live = document.querySelector("[data-live]");
  if (live) startClock(live);
  const beating = document.querySelector("[data-heartbeat]");
  if (beating) startHeartbeat(beating);
  keepWhatIsSent();
});

// Nothing recorded is lost to an ended sign-in. Each form of a live session page (and of the portal's home) is kept
// in this tab's storage as it is sent. The server answers a sent form with its page again (saved, or refused and
// shown with the error), and the copy is dropped; if the sign-in had ended, the server sends her to sign in and then
// back to the page the form came from, where the copy is sent again, with this page's form token, and announced.
function keepWhatIsSent() {
  const key = "tandem-unsent";
  const keeps = document.querySelector("[data-live], [data-keep-forms]");
  const here = location.pathname;
  // The sign-in pages leave the copy alone: it is for the page she returns to.
  if (here === "/signin" || here === "/signin/code" || here === "/portal/signin") return;
  const kept = JSON.parse(sessionStorage.getItem(key) || "null");
  if (kept) {
    const answered = here !== kept.page || new URLSearchParams(location.search).has("done");
    const fresh = Date.now() - kept.at < 12 * 3600 * 1000;
    sessionStorage.removeItem(key);
    if (!answered && fresh && keeps) {
      const csrf = document.querySelector("input[name=_csrf]");
      const form = document.createElement("form");
      form.method = "post";
      form.action = kept.action;
      form.hidden = true;
      for (const [name, value] of kept.fields) {
        const input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = name === "_csrf" && csrf ? csrf.value : value;
        form.append(input);
      }
      const note = document.createElement("p");
      note.className = "flash";
      note.setAttribute("role", "status");
      note.textContent = "You are signed in again: sending what you recorded before…";
      (document.querySelector("main") || document.body).prepend(note);
      document.body.append(form);
      sessionStorage.setItem(key, JSON.stringify({ ...kept, at: Date.now() }));
      form.submit();
      return;
    }
  }
  if (!keeps) return;
  document.addEventListener("submit", (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post" || form.classList.contains("signout")) return;
    const fields = [...new FormData(form, event.submitter || undefined).entries()].filter(([, v]) => typeof v === "string");
    sessionStorage.setItem(key, JSON.stringify({ page: here, action: form.action, fields, at: Date.now() }));
  });
}

// While a session is live its page keeps the sign-in alive: a quiet stretch of listening must not sign her out.
// Only this page sends it, and the server accepts it only while the session runs (at most 3½ hours from its start),
// so a laptop left on any other page still signs out after the idle limit.
function startHeartbeat(element) {
  const csrf = document.querySelector("input[name=_csrf]");
  const beat = async () => {
    try {
      const response = await fetch(element.dataset.heartbeat, {
        method: "POST", credentials: "same-origin", redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ _csrf: csrf ? csrf.value : "" }),
      });
      if (response.status === 409) clearInterval(timer);
    } catch (_) { /* offline for a moment: the next beat tries again */ }
  };
  const timer = setInterval(beat, Number(element.dataset.heartbeatSeconds) * 1000);
}

function formatSeconds(seconds) {
  const sign = seconds < 0 ? "−" : "";
  const s = Math.abs(seconds);
  return `${sign}${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// The same rules as PhaseClock in TandemCore: time left in the phase and the session, and the two warnings.
function startClock(live) {
  const n = (name) => Number(live.dataset[name]);
  const skew = n("serverNow") - Date.now();
  const show = (name, text) => { const el = live.querySelector(`[data-clock="${name}"]`); if (el && el.textContent !== text) el.textContent = text; };
  const warnings = live.querySelector('[data-clock="warnings"]');
  let shown = warnings ? warnings.textContent : "";
  const tick = () => {
    const now = Date.now() + skew;
    const elapsed = Math.max(0, Math.floor((now - n("startedAt")) / 1000));
    const phaseElapsed = Math.max(0, Math.floor((now - n("phaseBeganAt")) / 1000));
    show("elapsed", formatSeconds(elapsed));
    show("phase-remaining", formatSeconds(n("phaseMinutes") * 60 - phaseElapsed));
    show("session-remaining", formatSeconds(n("lengthMinutes") * 60 - elapsed));
    if (!warnings) return;
    const list = [];
    if (live.dataset.phase !== "closing") {
      if (elapsed >= n("closingAt")) list.push(warnings.dataset.squeezed);
      else if (elapsed >= n("closingAt") - 120) list.push(warnings.dataset.soon);
    }
    if (elapsed > n("lengthMinutes") * 60) list.push(warnings.dataset.overrun);
    const text = list.join("\n");
    if (text !== shown) {
      shown = text;
      warnings.replaceChildren(...list.map((message) => { const p = document.createElement("p"); p.className = "warning"; p.textContent = message; return p; }));
    }
  };
  tick();
  setInterval(tick, 1000);
}
