// Keyboard help and the live session's clock. Everything works without this file: it only adds shortcuts and a
// ticking clock computed from the times the server stored.
const isTyping = (target) =>
  target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const target = event.target;
  if (event.key === "Escape" && isTyping(target)) { target.blur(); return; }
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
  const focusers = { t: "takeawayText", a: "stepText" };
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
});

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
