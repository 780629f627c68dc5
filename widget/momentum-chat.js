/*
 * Momentum Medical chat widget: no build step, no third-party code.
 *
 *   <script src="https://clinic.example/widget/momentum-chat.js"
 *           data-rasa-url="https://assistant.example" defer></script>
 *
 * Talks to Rasa's REST channel (POST {rasa}/webhooks/rest/webhook). Without
 * data-rasa-url it posts to the origin the script came from (a proxy). The
 * sender id (a random UUID) and the conversation live in sessionStorage:
 * a reload continues the same conversation, closing the tab forgets it.
 * Every text is put in the page with textContent, never as HTML.
 *
 * Its own words (labels, the not-for-emergencies notice, errors) are English
 * or Spanish: Spanish when the page's lang (or the script's data-lang) is
 * Spanish, and from then on the language the patient writes in, or that the
 * assistant answers in (see guessLanguage). The language is sent to Rasa
 * with each message ("language"), for the channel's own replies. Each message
 * keeps the language it was shown in (its lang, and what screen readers hear
 * around it), so a switch never makes earlier messages read in the wrong voice.
 */
(() => {
  "use strict";
  if (window.momentumChat) return; // embedded twice: one widget
  const script = document.currentScript;
  const scriptUrl = new URL(script ? script.src : "momentum-chat.js", document.baseURI);
  const rasaUrl = ((script && script.dataset.rasaUrl) || scriptUrl.origin).replace(/\/+$/, "");
  const ENDPOINT = `${rasaUrl}/webhooks/rest/webhook`;
  const RETRY_DELAYS = [1000, 2000, 4000, 8000, 15000]; // then give up (about 30 s)
  const REPLY_TIMEOUT = 90000;
  const MAX_HISTORY = 200;
  const KEY = "momentum-chat:";
  const TEXTS = {
    en: {
      launcher: "Chat with us",
      title: "Momentum Medical assistant",
      welcome: "Hi, I'm Momentum Medical's automated assistant. Ask me about fibromyalgia, " +
        "pain treatments, or booking an appointment.",
      label: "Type your message",
      send: "Send",
      close: "Close chat",
      conversation: "Conversation",
      you: "You said: ",
      bot: "Assistant said: ",
      typing: "Assistant is typing",
      retrying: "Connection lost. Retrying…",
      failed: "Couldn't reach the assistant. Please try again or call the clinic.",
      notSent: "Not sent",
      choices: "Suggested replies",
      notice: ["Not for emergencies.", " If you are in danger call ", "911",
        "; for thoughts of suicide or self-harm call or text ", "988", "."],
    },
    es: {
      launcher: "Chatee con nosotros",
      title: "Asistente de Momentum Medical",
      welcome: "Hola, soy el asistente automático de Momentum Medical. Pregúnteme sobre la " +
        "fibromialgia, los tratamientos para el dolor o cómo pedir una cita.",
      label: "Escriba su mensaje",
      send: "Enviar",
      close: "Cerrar el chat",
      conversation: "Conversación",
      you: "Usted dijo: ",
      bot: "El asistente dijo: ",
      typing: "El asistente está escribiendo",
      retrying: "Se perdió la conexión. Reintentando…",
      failed: "No se pudo conectar con el asistente. Intente de nuevo o llame a la clínica.",
      notSent: "No enviado",
      choices: "Respuestas sugeridas",
      notice: ["No es para emergencias.", " Si está en peligro llame al ", "911",
        "; si tiene pensamientos de suicidio o de hacerse daño, llame o envíe un texto al ", "988", "."],
    },
  };
  const spanish = (code) => /^es\b/i.test(String(code || "").trim());

  // ------------------------------------------------------------ storage
  const memory = {};
  const store = {
    get(name) {
      try { return JSON.parse(sessionStorage.getItem(KEY + name)); } catch { return memory[name] ?? null; }
    },
    set(name, value) {
      memory[name] = value;
      try { sessionStorage.setItem(KEY + name, JSON.stringify(value)); } catch { /* private mode: memory only */ }
    },
  };

  function randomId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  const sender = store.get("sender") || randomId();
  store.set("sender", sender);
  const pageLanguage = (script && script.dataset.lang) || document.documentElement.lang;
  let lang = store.get("lang") === "es" || store.get("lang") === "en"
    ? store.get("lang") : (spanish(pageLanguage) ? "es" : "en");
  let TEXT = TEXTS[lang];
  let history = Array.isArray(store.get("history")) ? store.get("history") : [];
  const save = () => store.set("history", history.slice(-MAX_HISTORY));

  // ------------------------------------------------------------ DOM helpers
  function el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(props)) {
      if (name === "text") node.textContent = value;
      else if (name === "className") node.className = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else if (value === true) node.setAttribute(name, "");
      else if (value !== false && value != null) node.setAttribute(name, String(value));
    }
    node.append(...children);
    return node;
  }
  const srOnly = (text) => el("span", { className: "mmc-sr", text });
  function bubbleIcon() {
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", "mmc-icon");
    path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
    svg.append(path);
    return svg;
  }

  // ------------------------------------------------------------ the language
  // The same rules as the server's (clinic/language.py), in small: an explicit
  // request always switches; otherwise a message of three words or more that
  // is clearly the other language. Names, numbers and "ok" switch nothing.
  const SWITCHES = [
    ["es", /\bno (hablo|entiendo) (bien |mucho )?(el )?ingles\b|\b(don'?t|do not|can'?t) (speak|understand|read) english\b/],
    ["en", /\bno (hablo|entiendo) (bien |mucho )?(el )?espanol\b|\b(don'?t|do not|can'?t) (speak|understand|read) spanish\b/],
    ["en", /\b(in|into|to) english\b|\benglish,? (please|pls)\b|\bspeak english\b|\b(en|al) ingles\b|\bhabl\w* ingles\b|^\W*(english|ingles)\W*$/],
    ["es", /\b(en|al) espanol\b|\bhabl\w* espanol\b|\b(in|into|to) spanish\b|\bspanish,? (please|pls)\b|\bspeak spanish\b|^\W*(spanish|espanol)\W*$/],
  ];
  const WORDS = {
    es: new Set(("q xq pq porfa xfa tmb que por para con una los las del el la es esta estoy soy hola " +
      "gracias si claro dale quiero necesito puedo tengo duele dolor cita ayuda como cuando donde " +
      "cuanto pero tambien muy mas usted mi su manana hoy semana lunes martes miercoles jueves " +
      "viernes sabado domingo tarde noche sobre medico puede hay").split(" ")),
    en: new Set(("u r ur pls plz thx idk the and you your what whats how when where why is are was " +
      "hi hello hey thanks thank yes yeah please bye can could would want need book appointment " +
      "help call tomorrow today morning afternoon it this that do does dont of to for with pain " +
      "about after before my i im").split(" ")),
  };
  const fold = (text) => String(text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  // "es", "en" or null; `words`: how many words the text has
  function guessLanguage(text) {
    const folded = fold(text);
    for (const [code, pattern] of SWITCHES) {
      if (pattern.test(folded)) return { code, explicit: true, words: 0 };
    }
    const words = folded.match(/[a-z0-9']+/g) || [];
    let es = words.filter((w) => WORDS.es.has(w)).length + (/[ñ¿¡]/i.test(text) ? 2 : 0);
    let en = words.filter((w) => WORDS.en.has(w)).length;
    const code = es > en ? "es" : en > es ? "en" : null;
    return { code, explicit: false, words: words.length };
  }

  function followLanguage(text) {
    const guess = guessLanguage(text);
    if (guess.code && guess.code !== lang && (guess.explicit || guess.words >= 3)) setLanguage(guess.code);
  }

  // ------------------------------------------------------------ the widget
  const stylesheet = el("link", { rel: "stylesheet", href: new URL("momentum-chat.css", scriptUrl).href });
  const launcher = el("button", {
    type: "button", className: "mmc-launcher", "aria-expanded": "false", "aria-controls": "mmc-panel",
    onclick: () => setOpen(panel.hidden),
  }, bubbleIcon(), el("span", { className: "mmc-launcher-text", text: TEXT.launcher }));
  const closeButton = el("button", {
    type: "button", className: "mmc-close", "aria-label": TEXT.close, onclick: () => setOpen(false),
  }, el("span", { "aria-hidden": "true", text: "×" }));
  const notice = el("p", { className: "mmc-notice" });
  function fillNotice() {
    const [strong, danger, n911, crisis, n988, end] = TEXT.notice;
    notice.replaceChildren(el("strong", { text: strong }), danger,
      el("a", { href: "tel:911", text: n911 }), crisis, el("a", { href: "tel:988", text: n988 }), end);
  }
  fillNotice();
  const log = el("div", {
    id: "mmc-log", className: "mmc-log", role: "log", "aria-live": "polite", "aria-relevant": "additions",
    "aria-label": TEXT.conversation, tabindex: "0",
  });
  const typing = el("div", { className: "mmc-typing", role: "status" });
  const status = el("p", { className: "mmc-status", role: "status" });
  const input = el("input", {
    id: "mmc-input", className: "mmc-input", type: "text", autocomplete: "off", maxlength: "1000",
    enterkeyhint: "send",
  });
  const sendButton = el("button", { type: "submit", className: "mmc-send", text: TEXT.send });
  const label = el("label", { for: "mmc-input", className: "mmc-label", text: TEXT.label });
  const form = el("form", { className: "mmc-form", onsubmit: onSubmit },
    label, el("div", { className: "mmc-row" }, input, sendButton));
  const title = el("h2", { id: "mmc-title", text: TEXT.title });
  const panel = el("section", {
    id: "mmc-panel", className: "mmc-panel", role: "region", "aria-labelledby": "mmc-title", hidden: true,
    onkeydown: (event) => { if (event.key === "Escape") { event.preventDefault(); setOpen(false); } },
  },
  el("header", { className: "mmc-header" }, title, closeButton),
  notice, log, typing, status, form);
  const root = el("div", { className: "mmc-root", hidden: true, lang }, panel, launcher);

  // The widget's own words in `code`; messages already shown stay as they were.
  function setLanguage(code) {
    lang = code;
    TEXT = TEXTS[code];
    store.set("lang", code);
    root.setAttribute("lang", code);
    launcher.querySelector(".mmc-launcher-text").textContent = TEXT.launcher;
    closeButton.setAttribute("aria-label", TEXT.close);
    title.textContent = TEXT.title;
    fillNotice();
    log.setAttribute("aria-label", TEXT.conversation);
    label.textContent = TEXT.label;
    sendButton.textContent = TEXT.send;
  }

  function setOpen(open, focus = true) {
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    root.classList.toggle("mmc-open", open);
    store.set("open", open);
    if (open) {
      if (!history.length) addMessage({ from: "bot", text: TEXT.welcome });
      scrollDown();
      if (focus) input.focus();
    } else if (focus) {
      launcher.focus();
    }
  }

  const scrollDown = () => { log.scrollTop = log.scrollHeight; };

  // ------------------------------------------------------------ messages
  const nodes = new WeakMap(); // message -> its element, kept out of the stored history

  // A message's words around it are in its own language (older histories: the widget's).
  const wordsFor = (message) => TEXTS[message.lang] || TEXT;

  function render(message) {
    const from = message.from === "user" ? "user" : "bot";
    const words = wordsFor(message);
    const item = el("div", { className: `mmc-msg mmc-${from}`, lang: TEXTS[message.lang] ? message.lang : null });
    if (message.text) {
      item.append(el("p", { className: "mmc-bubble" },
        srOnly(from === "user" ? words.you : words.bot), el("span", { className: "mmc-text", text: message.text })));
    }
    if (from === "bot" && message.buttons && message.buttons.length) {
      const group = el("div", { className: "mmc-choices", role: "group", "aria-label": words.choices });
      for (const button of message.buttons) {
        group.append(el("button", {
          type: "button", className: "mmc-choice", text: button.title, onclick: () => choose(message, button),
        }));
      }
      item.append(group);
    }
    nodes.set(message, item);
    update(message);
    return item;
  }

  // Changes in place: the log announces additions, and these are not new messages.
  function update(message) {
    const item = nodes.get(message);
    if (!item) return;
    item.querySelectorAll(".mmc-choice").forEach((node, i) => {
      node.disabled = Boolean(message.used);
      node.classList.toggle("mmc-chosen", message.used === message.buttons[i].title);
    });
    if (message.failed && !item.querySelector(".mmc-failed")) {
      item.append(el("span", { className: "mmc-failed", text: wordsFor(message).notSent }));
    }
  }

  function addMessage(message) {
    if (!TEXTS[message.lang]) message.lang = lang; // the language it is shown in
    history.push(message);
    log.append(render(message));
    save();
    scrollDown();
    return message;
  }

  // Keep only what the patient sees: text and buttons (never `custom`).
  function fromRasa(reply) {
    const title = (b) => (b && typeof b.title === "string" ? b.title : "");
    const buttons = (Array.isArray(reply.buttons) ? reply.buttons : [])
      .filter((b) => title(b) && typeof b.payload === "string")
      .map((b) => ({ title: b.title, payload: b.payload }));
    const text = typeof reply.text === "string" ? reply.text : "";
    return text || buttons.length ? { from: "bot", text, buttons } : null;
  }

  // ------------------------------------------------------------ sending
  let busy = false;

  function onSubmit(event) {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send(text, text);
  }

  function choose(message, button) {
    if (busy) return;
    message.used = button.title;
    input.focus(); // the clicked button is about to be disabled
    send(button.payload, button.title, message);
  }

  // Only the newest choices can be used: an old "Yes, send it" must not be sent later.
  function retireChoices() {
    for (const message of history) {
      if (message.buttons && message.buttons.length && !message.used) {
        message.used = true;
        update(message);
      }
    }
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function post(message) {
    const response = await fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender, message, language: lang }),
      signal: AbortSignal.timeout ? AbortSignal.timeout(REPLY_TIMEOUT) : undefined,
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
    });
    if (!response.ok) {
      const error = new Error(`HTTP ${response.status}`);
      error.retry = response.status >= 500;
      throw error;
    }
    const replies = await response.json();
    return Array.isArray(replies) ? replies : [];
  }

  async function send(payload, shown, fromMessage = null) {
    busy = true;
    sendButton.setAttribute("aria-disabled", "true");
    if (fromMessage) update(fromMessage);
    retireChoices();
    if (!fromMessage) followLanguage(shown); // a button's title is ours, not the patient's words
    const mine = addMessage({ from: "user", text: shown });
    setTyping(true);
    let replies = null;
    for (let attempt = 0; replies === null; attempt += 1) {
      try {
        replies = await post(payload);
      } catch (error) {
        // A network error (TypeError) or a 5xx never reached Rasa's dialogue:
        // sending again cannot duplicate the message. A timeout might have.
        const retry = error.name === "TypeError" || error.retry === true;
        if (!retry || attempt >= RETRY_DELAYS.length) break;
        status.textContent = TEXT.retrying;
        await sleep(RETRY_DELAYS[attempt]);
      }
    }
    setTyping(false);
    busy = false;
    sendButton.removeAttribute("aria-disabled");
    if (replies === null) {
      status.textContent = TEXT.failed;
      mine.failed = true;
      update(mine);
      if (fromMessage) { fromMessage.used = false; update(fromMessage); }
      else if (!input.value) input.value = payload;
      save();
      return;
    }
    status.textContent = "";
    const said = replies.map(fromRasa).filter(Boolean);
    // the assistant answers in the conversation's language: follow it, then show the replies in it
    followLanguage(said.map((message) => message.text).join(" "));
    said.forEach(addMessage);
  }

  function setTyping(on) {
    typing.replaceChildren();
    if (on) {
      typing.append(el("span", { className: "mmc-dots", "aria-hidden": "true", text: "…" }), srOnly(TEXT.typing));
    }
  }

  // ------------------------------------------------------------ start
  function start() {
    for (const message of history) log.append(render(message));
    stylesheet.addEventListener("load", () => { root.hidden = false; scrollDown(); });
    stylesheet.addEventListener("error", () => { root.hidden = false; });
    document.head.append(stylesheet);
    document.body.append(root);
    setOpen(store.get("open") === true, false);
  }

  window.momentumChat = { open: () => setOpen(true), close: () => setOpen(false) };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
