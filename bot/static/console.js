// The console's live side: one server-sent event stream per page (it also keeps the
// counselor "online" for the chat), the queue re-rendered from /console/queue.json with a
// title badge and a sound when a case arrives, and the case view's live transcript and reply.
// Every text is inserted with textContent, never as HTML.
(function () {
  "use strict";
  const body = document.body;
  if (!body.dataset.live) return;
  const csrf = body.dataset.csrf;
  const page = body.dataset.page;
  const status = document.getElementById("live-status");
  const baseTitle = document.title;
  const WHO = { user: "Person", bot: "Assistent", counselor: "Beratung", system: "System" };
  let audio = null;
  let knownQueued = null;
  let leaving = false;
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented && event.target.id !== "reply") leaving = true;
  });

  // Browsers only play sound after the user interacted with the page once.
  document.addEventListener("click", function () {
    if (!audio && window.AudioContext) audio = new AudioContext();
  }, { once: true });

  function chime() {
    if (!audio) return;
    [880, 1175].forEach(function (frequency, index) {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.15, audio.currentTime + index * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + index * 0.18 + 0.16);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + index * 0.18);
      tone.stop(audio.currentTime + index * 0.18 + 0.17);
    });
  }

  function badge(count) {
    document.title = (count > 0 ? "(" + count + ") " : "") + baseTitle;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  async function refreshQueue(arrived) {
    const response = await fetch("/console/queue.json", { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    const data = await response.json();
    const queued = data.cases.filter(function (c) { return c.status === "queued"; }).length;
    if (knownQueued !== null && queued > knownQueued) chime();
    else if (arrived && knownQueued === null) chime();
    knownQueued = queued;
    badge(queued);
    const list = document.getElementById("queue");
    if (!list) return;
    list.replaceChildren();
    data.cases.forEach(function (c) {
      const item = el("li", "case case--" + c.status + (c.reason === "urgent" ? " case--urgent" : ""));
      item.dataset.case = c.id;
      const link = el("a", "", "Fall " + c.id);
      link.href = "/console/cases/" + c.id;
      item.append(link, el("span", "badge", c.status_de), el("span", "reason", c.reason_de),
        el("span", "", [c.center, c.language || "?", c.place || "Ort unbekannt", "seit " + c.since].join(" · ")));
      list.appendChild(item);
    });
    document.getElementById("queue-empty").hidden = data.cases.length > 0;
  }

  // --- case view --------------------------------------------------------------------------
  const transcript = document.getElementById("transcript");
  const caseId = body.dataset.case;

  function lastId() {
    const lines = transcript ? transcript.querySelectorAll("[data-id]") : [];
    return lines.length ? Number(lines[lines.length - 1].dataset.id) : 0;
  }

  function appendLine(message) {
    if (!transcript || transcript.querySelector('[data-id="' + message.id + '"]')) return;
    const item = el("li", "line line--" + message.author);
    item.dir = "auto";
    item.dataset.id = message.id;
    const who = message.author === "counselor" && message.name ? message.name : (WHO[message.author] || message.author);
    const when = message.at ? new Date(message.at).toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Berlin" }) : "";
    item.append(el("span", "who", who), el("span", "when", when), el("span", "text", message.text));
    transcript.appendChild(item);
    item.scrollIntoView({ block: "nearest" });
  }

  async function catchUp() {
    if (!caseId) return;
    const response = await fetch("/console/cases/" + caseId + "/messages.json?after=" + lastId());
    if (response.ok) (await response.json()).messages.forEach(appendLine);
  }

  const reply = document.getElementById("reply");
  if (reply) {
    const textarea = document.getElementById("reply-text");
    const error = document.getElementById("reply-error");
    reply.addEventListener("submit", async function (event) {
      event.preventDefault();
      const text = textarea.value.trim();
      if (!text) return;
      const button = reply.querySelector("button");
      button.disabled = true;
      error.textContent = "";
      try {
        const response = await fetch(reply.action, {
          method: "POST",
          body: new URLSearchParams({ csrf_token: csrf, text: text }),
        });
        const data = await response.json();
        if (response.ok) {
          textarea.value = "";
          appendLine(data.message);
        } else {
          error.textContent = typeof data.detail === "string" ? data.detail : "Fehler " + response.status;
        }
      } catch (e) {
        error.textContent = "Keine Verbindung – bitte erneut senden.";
      } finally {
        button.disabled = false;
        textarea.focus();
      }
    });
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) {
        event.preventDefault();
        reply.requestSubmit();
      }
    });
  }

  // --- the stream ------------------------------------------------------------------------------
  const events = new EventSource("/console/events");
  events.addEventListener("ready", function () {
    status.textContent = "● online";
    status.classList.add("is-live");
    refreshQueue(false);
    catchUp();
  });
  events.addEventListener("error", function () {
    status.textContent = "● getrennt – verbinde neu …";
    status.classList.remove("is-live");
  });
  events.addEventListener("queue", function (event) {
    const data = JSON.parse(event.data);
    refreshQueue(Boolean(data.new));
    // Someone else claimed the case on screen: show its current state (unless this page
    // is already being left for the result of its own form, which shows it anyway).
    if (page === "case" && String(data.case) === caseId && !data.new && body.dataset.status === "queued" && !leaving) {
      window.location.reload();
    }
  });
  events.addEventListener("callbacks", function () {
    const hint = document.getElementById("callbacks-new");
    if (hint) hint.hidden = false;
    chime();
  });
  events.addEventListener("message", function (event) {
    const data = JSON.parse(event.data);
    if (caseId && String(data.case) === caseId) appendLine(data.message);
  });
})();
