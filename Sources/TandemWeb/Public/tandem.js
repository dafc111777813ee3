// Keyboard help and the live session's clock. Everything works without this file: it only adds shortcuts and a
// ticking clock computed from the times the server stored.
// The portal shows a client times in their own zone: the server reads the browser's zone from this cookie
// (ViewerZone); without it, or without this file, times are the practitioner's, labelled with their UTC offset.
try {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const value = "tandem_zone=" + encodeURIComponent(zone);
  if (zone && !document.cookie.split("; ").includes(value)) {
    document.cookie = `${value}; path=/portal; max-age=31536000; SameSite=Lax${location.protocol === "https:" ? "; Secure" : ""}`;
  }
} catch (_) { /* an old browser: the practitioner's zone, labelled */ }
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
  if (live) clock = startClock(live);
  const beating = document.querySelector("[data-heartbeat]");
  if (beating) startHeartbeat(beating);
  const inPlace = document.querySelector("[data-in-place]");
  if (inPlace) recordInPlace();
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
    if (event.defaultPrevented) return; // sent in place, which keeps its own copy
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
  return setInterval(tick, 1000);
}
let clock = null;

// Records in place. On a page marked data-in-place (the live session, the portal's home) each form is sent with
// fetch instead of loading a new page. The server answers as it answers a plain form (a refusal is the page again,
// with the problem named; a saved form is a redirect, which it tells this page as 204 and X-Tandem-Location), and
// this page swaps in the parts (data-part) whose server rendering changed, leaves the rest, and keeps the focus
// where it was. What is sent is kept in this tab's storage until the server answers; if the sign-in has ended, the
// sign-in page is shown over this one and the form is sent once she is signed in again.
const sentKey = "tandem-unsent";
const inPlaceHeaders = { "X-Tandem-In-Place": "1" };
let served = new Map();
let exchanges = 0;
let signingIn = null;

const partsOf = (root) => new Map([...root.querySelectorAll("[data-part]")].map((el) => [el.dataset.part, el]));
const csrfValue = () => { const input = document.querySelector("input[name=_csrf]"); return input ? input.value : ""; };

function rememberServed() {
  served = new Map([...partsOf(document)].map(([name, el]) => [name, el.outerHTML]));
}

function recordInPlace() {
  rememberServed();
  document.addEventListener("submit", (event) => {
    const form = event.target;
    const page = document.querySelector("[data-in-place]");
    if (!(form instanceof HTMLFormElement) || !page || !page.contains(form) || form.hasAttribute("data-navigate")) return;
    event.preventDefault();
    const fields = [...new FormData(form, event.submitter || undefined).entries()].filter(([, v]) => typeof v === "string");
    if (form.method.toLowerCase() === "get") {
      const url = new URL(form.action, location.href);
      url.search = new URLSearchParams(fields).toString();
      show(url, form, null);
      return;
    }
    send({ page: location.pathname, action: form.action, fields, at: Date.now() }, form, event.submitter);
  });
}

// The form's place in the page, to find it again after its part was swapped.
function formKey(form, submitter) {
  return { action: form.getAttribute("action"), part: form.closest("[data-part]")?.dataset.part, name: submitter?.name, value: submitter?.value };
}

function findForm(key) {
  const forms = [...document.querySelectorAll(`form[action="${CSS.escape(key.action || "")}"]`)];
  return forms.find((f) => !key.part || f.closest("[data-part]")?.dataset.part === key.part) || forms[0] || null;
}

function say(form, text, kind) {
  const status = document.getElementById("sent-status");
  if (status) { status.textContent = ""; status.textContent = text; }
  if (!form) return;
  let note = form.querySelector(".sent");
  if (!note) {
    note = document.createElement("p");
    note.className = "sent";
    note.setAttribute("aria-hidden", "true"); // the page's status region says it once
    const here = form.querySelector("[data-sent-here]");
    if (here) here.after(note);
    else form.append(note);
  }
  note.className = `sent ${kind}`;
  note.textContent = text;
}

async function send(kept, form, submitter) {
  const key = formKey(form, submitter);
  sessionStorage.setItem(sentKey, JSON.stringify(kept));
  say(form, "Sending…", "pending");
  let response;
  try {
    response = await fetch(kept.action, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: { ...inPlaceHeaders, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(kept.fields),
    });
  } catch (_) {
    say(findForm(key), "Not sent yet: no connection. It is kept here and tried again in 5 seconds.", "problem");
    setTimeout(() => send(kept, findForm(key) || form, submitter), 5000);
    return;
  }
  const signIn = response.headers.get("X-Tandem-Sign-In");
  if (response.status === 401 && signIn) {
    say(findForm(key), "Your sign-in ended. What you recorded is kept: sign in again and it is sent.", "problem");
    await signInAgain(signIn);
    kept.fields = kept.fields.map(([name, value]) => [name, name === "_csrf" ? csrfValue() : value]);
    return send(kept, findForm(key) || form, submitter);
  }
  sessionStorage.removeItem(sentKey);
  const moved = response.headers.get("X-Tandem-Location");
  if (response.status === 204 && moved) {
    const url = new URL(moved, location.href);
    if (url.pathname !== location.pathname) { location.assign(url); return; }
    const sent = findForm(key);
    if (sent) for (const input of sent.querySelectorAll("input:not([type=hidden]):not([type=radio]):not([type=checkbox]), textarea")) input.value = "";
    await show(url, sent, (doc) => doc.querySelector(".flash")?.textContent || "Saved.");
    return;
  }
  const type = response.headers.get("Content-Type") || "";
  if (!type.includes("text/html")) { location.reload(); return; }
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  if (!doc.querySelector("[data-in-place]")) { location.reload(); return; }
  swap(doc);
  const problem = doc.querySelector(".error-summary li, .error-summary p")?.textContent;
  say(findForm(key), problem ? `Not saved: ${problem}` : "Saved.", problem ? "problem" : "done");
  finished();
}

// Reads a page of this session (after a save, or a search) and swaps it in.
async function show(url, form, message) {
  let response;
  try {
    response = await fetch(url, { credentials: "same-origin", redirect: "manual", headers: inPlaceHeaders });
  } catch (_) {
    location.assign(url);
    return;
  }
  const signIn = response.headers.get("X-Tandem-Sign-In");
  if (response.status === 401 && signIn) { await signInAgain(signIn); return show(url, form, message); }
  if (!response.ok) { location.assign(url); return; }
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  if (!doc.querySelector("[data-in-place]")) { location.assign(url); return; }
  const key = form ? formKey(form, null) : null;
  swap(doc);
  document.querySelector("main > .flash")?.remove();
  if (message) say(key ? findForm(key) : null, message(doc), "done");
  finished();
}

function finished() {
  exchanges += 1;
  document.documentElement.dataset.exchanges = String(exchanges);
}

// Swaps in each part whose server rendering changed; a new phase (its parts come in another order) swaps the whole.
function swap(doc) {
  const page = document.querySelector("[data-in-place]");
  const incoming = doc.querySelector("[data-in-place]");
  const active = document.activeElement;
  const focusKey = active && active !== document.body ? (active.id ? `#${CSS.escape(active.id)}` : active.name ? `[name="${CSS.escape(active.name)}"][value="${CSS.escape(active.value || "")}"]` : null) : null;
  const known = new Set([...document.querySelectorAll("[id]")].map((el) => el.id));
  const changed = [];
  const order = (root) => [...partsOf(root).keys()].join(" ");
  // What the server rendered, kept before anything here (a confirmation, a ticking clock) changes the page.
  const rendered = new Map([...partsOf(incoming)].map(([name, el]) => [name, el.outerHTML]));
  if (page.dataset.phase !== incoming.dataset.phase || order(page) !== order(incoming)) {
    const fresh = document.importNode(incoming, true);
    page.replaceWith(fresh);
    changed.push(fresh);
    // A new phase puts its own part first, right under the clock: show it from the top.
    window.scrollTo(0, 0);
  } else {
    for (const [name, el] of partsOf(page)) {
      const next = partsOf(incoming).get(name);
      if (!next || served.get(name) === next.outerHTML) continue;
      const fresh = document.importNode(next, true);
      el.replaceWith(fresh);
      changed.push(fresh);
    }
    for (const attribute of [...incoming.attributes]) if (attribute.name.startsWith("data-")) page.setAttribute(attribute.name, attribute.value);
  }
  served = rendered;
  for (const part of changed) {
    for (const el of part.querySelectorAll("li[id]")) if (!known.has(el.id)) el.classList.add("fresh");
  }
  if (focusKey && !document.contains(active)) document.querySelector(focusKey)?.focus({ preventScroll: true });
  const live = document.querySelector("[data-live]");
  if (clock) clearInterval(clock);
  if (live) clock = startClock(live);
}

// The sign-in page (and its second step) shown over this page; resolves once she is signed in again, after which
// this page's forms carry the new sign-in's form token.
function signInAgain(path) {
  if (signingIn) return signingIn;
  signingIn = new Promise((resolve) => {
    const dialog = document.createElement("dialog");
    dialog.className = "sign-in-again";
    dialog.setAttribute("aria-labelledby", "sign-in-again-heading");
    dialog.innerHTML = '<h2 id="sign-in-again-heading">Sign in again</h2><p>Your sign-in ended. What you recorded is kept in this page and is sent as soon as you are signed in.</p><div class="sign-in-again-form"></div>';
    dialog.addEventListener("cancel", (event) => event.preventDefault());
    document.body.append(dialog);
    const holder = dialog.querySelector(".sign-in-again-form");
    const present = (doc) => {
      const form = doc.querySelector("main form[method=post]");
      if (!form) return false;
      holder.replaceChildren(...[doc.querySelector("main .error-summary"), form].filter(Boolean).map((el) => document.importNode(el, true)));
      holder.querySelectorAll("[id]").forEach((el) => { el.id = `again-${el.id}`; });
      holder.querySelectorAll("label[for]").forEach((el) => { el.htmlFor = `again-${el.htmlFor}`; });
      holder.querySelectorAll("[aria-describedby]").forEach((el) => el.setAttribute("aria-describedby", el.getAttribute("aria-describedby").split(" ").map((id) => `again-${id}`).join(" ")));
      const first = holder.querySelector("input:not([type=hidden])");
      if (first) first.focus();
      return true;
    };
    const load = async (url) => {
      const response = await fetch(url, { credentials: "same-origin", headers: inPlaceHeaders });
      return present(new DOMParser().parseFromString(await response.text(), "text/html"));
    };
    holder.addEventListener("submit", async (event) => {
      event.preventDefault();
      const form = event.target;
      let response;
      try {
        response = await fetch(form.action, {
          method: "POST", credentials: "same-origin", redirect: "manual",
          headers: { ...inPlaceHeaders, "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams(new FormData(form)),
        });
      } catch (_) { return; }
      const moved = response.headers.get("X-Tandem-Location");
      if (response.status === 204 && moved) {
        const url = new URL(moved, location.href);
        if (url.pathname.includes("/signin")) { await load(url); return; } // the second step
        // Signed in: this page's forms take the new sign-in's token.
        const page = await fetch(location.pathname + location.search, { credentials: "same-origin", headers: inPlaceHeaders });
        const doc = new DOMParser().parseFromString(await page.text(), "text/html");
        const token = doc.querySelector("input[name=_csrf]")?.value;
        if (token) document.querySelectorAll("input[name=_csrf]").forEach((input) => { input.value = token; });
        dialog.close();
        dialog.remove();
        signingIn = null;
        resolve();
        return;
      }
      present(new DOMParser().parseFromString(await response.text(), "text/html"));
    });
    dialog.showModal();
    load(path);
  });
  return signingIn;
}
