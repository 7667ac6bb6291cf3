// Minimal chat page on Rasa's REST channel, plus a server-sent event stream for what a
// counselor writes and for queue updates during a hand-over. Every text is inserted with
// textContent, never as HTML; dir="auto" and the page direction serve Arabic and Persian.
(function () {
  "use strict";
  const list = document.getElementById("messages");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const sendButton = document.getElementById("send");
  const languageSelect = document.getElementById("language");

  function senderId() {
    let id = localStorage.getItem("wc-sender-id");
    if (!id) {
      id = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9-]/g, "");
      localStorage.setItem("wc-sender-id", id);
    }
    return id;
  }

  const RIGHT_TO_LEFT = ["ar", "fa"];
  const queueStatus = document.getElementById("queue-status");
  let lastId = 0;

  function applyLanguage() {
    const language = languageSelect.value;
    document.documentElement.lang = language || "de";
    document.documentElement.dir = RIGHT_TO_LEFT.indexOf(language) >= 0 ? "rtl" : "ltr";
  }
  languageSelect.value = localStorage.getItem("wc-language") || "";
  applyLanguage();
  languageSelect.addEventListener("change", function () {
    localStorage.setItem("wc-language", languageSelect.value);
    applyLanguage();
  });

  function show(author, message) {
    const item = document.createElement("li");
    item.className = "msg msg--" + author;
    item.setAttribute("dir", "auto");
    if (message.id) {
      lastId = Math.max(lastId, message.id);
      if (list.querySelector('[data-id="' + message.id + '"]')) return;
      item.dataset.id = message.id;
    }
    if (author === "counselor" && message.name) {
      const who = document.createElement("span");
      who.className = "msg__who";
      who.textContent = message.name;
      item.appendChild(who);
    }
    const text = document.createElement("div");
    text.textContent = message.text || "";
    item.appendChild(text);
    if (Array.isArray(message.buttons) && message.buttons.length) {
      const row = document.createElement("div");
      row.className = "msg__buttons";
      message.buttons.forEach(function (button) {
        const b = document.createElement("button");
        b.type = "button";
        b.textContent = button.title;
        b.addEventListener("click", function () { send(button.payload, button.title); });
        row.appendChild(b);
      });
      item.appendChild(row);
    }
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function field(labelText, control) {
    const label = document.createElement("label");
    label.className = "callback__field";
    const caption = document.createElement("span");
    caption.textContent = labelText;
    label.appendChild(caption);
    label.appendChild(control);
    return label;
  }

  // A callback request: stored only after the person ticks the consent box.
  function showCallbackForm(spec) {
    const labels = spec.labels || {};
    const item = document.createElement("li");
    item.className = "msg msg--bot";
    item.setAttribute("dir", "auto");
    const form = document.createElement("form");
    form.className = "callback";
    const name = document.createElement("input");
    name.name = "name"; name.required = true; name.maxLength = 120; name.autocomplete = "name";
    const contact = document.createElement("input");
    contact.name = "contact"; contact.required = true; contact.maxLength = 200;
    const description = document.createElement("textarea");
    description.name = "description"; description.maxLength = 2000; description.rows = 2;
    const consent = document.createElement("input");
    consent.type = "checkbox"; consent.name = "consent"; consent.required = true;
    const consentLabel = document.createElement("label");
    consentLabel.className = "callback__consent";
    consentLabel.appendChild(consent);
    const consentText = document.createElement("span");
    consentText.textContent = spec.consent_text || "";
    consentLabel.appendChild(consentText);
    const submit = document.createElement("button");
    submit.type = "submit";
    submit.textContent = labels.submit || "OK";
    form.append(field(labels.name || "Name", name), field(labels.contact || "Contact", contact),
                field(labels.description || "", description), consentLabel, submit);
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      submit.disabled = true;
      const response = await fetch("/api/callbacks", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          sender: senderId(), consent: consent.checked, name: name.value, contact: contact.value,
          description: description.value, language: spec.language, center: spec.center,
        }),
      });
      const body = await response.json();
      if (response.ok) {
        form.remove();
        show("bot", body);
      } else {
        submit.disabled = false;
        show("system", { text: typeof body.detail === "string" ? body.detail : "Error " + response.status });
      }
    });
    item.appendChild(form);
    list.appendChild(item);
    list.scrollTop = list.scrollHeight;
  }

  function showReply(message) {
    if (message.custom && message.custom.callback_form) {
      showCallbackForm(message.custom.callback_form);
    } else if (message.text || message.buttons) {
      show("bot", message);
    }
  }

  async function send(text, shownAs) {
    show("user", { text: shownAs || text });
    sendButton.disabled = true;
    const metadata = languageSelect.value ? { language: languageSelect.value } : {};
    try {
      const response = await fetch("/webhooks/rest/webhook", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ sender: senderId(), message: text, metadata: metadata }),
      });
      const body = await response.json();
      if (response.ok) {
        body.forEach(showReply);
      } else {
        show("system", { text: typeof body.detail === "string" ? body.detail : "Error " + response.status });
      }
    } catch (error) {
      show("system", { text: "Keine Verbindung. / No connection." });
    } finally {
      sendButton.disabled = false;
      input.focus();
    }
  }

  // --- live hand-over: history, counselor messages and queue updates ---------------------
  function showStored(message) {
    if (message.author === "user" || message.author === "bot" || message.author === "counselor" ||
        message.author === "system") {
      show(message.author, message);
    }
    if (message.author === "counselor" || message.author === "system") queueStatus.hidden = true;
  }

  // The whole conversation on page load; after a dropped connection only what people
  // (counselor, system) said in between: the user's own and the bot's lines are on screen.
  async function loadHistory(catchUp) {
    try {
      const response = await fetch("/api/chat/" + encodeURIComponent(senderId()) + "/messages?after=" + lastId);
      if (!response.ok) return;
      (await response.json()).messages.forEach(function (message) {
        if (!catchUp || message.author === "counselor" || message.author === "system") showStored(message);
      });
    } catch (error) { /* offline: the stream retries */ }
  }

  function listen() {
    if (!window.EventSource) return;
    const events = new EventSource("/api/chat/" + encodeURIComponent(senderId()) + "/events");
    let connectedBefore = false;
    events.addEventListener("ready", function () {
      // After a dropped connection, fetch what was said in between.
      if (connectedBefore) loadHistory(true);
      connectedBefore = true;
    });
    events.addEventListener("message", function (event) {
      const data = JSON.parse(event.data);
      if (data.message) showStored(data.message);
    });
    events.addEventListener("queue", function (event) {
      const data = JSON.parse(event.data);
      queueStatus.textContent = data.text || "";
      queueStatus.hidden = !data.text;
    });
    events.addEventListener("bot", function (event) {
      const data = JSON.parse(event.data);
      queueStatus.hidden = true;
      (data.messages || []).forEach(showReply);
    });
  }

  loadHistory(false).then(listen);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text);
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
