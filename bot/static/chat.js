// Minimal chat page on Rasa's REST channel. Every text is inserted with textContent,
// never as HTML, and dir="auto" lets Arabic and Persian run right-to-left.
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

  languageSelect.value = localStorage.getItem("wc-language") || "";
  languageSelect.addEventListener("change", function () {
    localStorage.setItem("wc-language", languageSelect.value);
  });

  function show(author, message) {
    const item = document.createElement("li");
    item.className = "msg msg--" + author;
    item.setAttribute("dir", "auto");
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
        body.forEach(function (message) { show("bot", message); });
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
