// Progressive enhancement for every page; the pages work without it (strict CSP: no inline script).
// 1. Header search suggestions as you type. 2. Filter forms apply on change.
"use strict";

(function suggestions() {
  const input = document.getElementById("site-search-q");
  const list = document.getElementById("site-search-suggestions");
  if (!input || !list || !window.fetch) return;
  let timer = null;
  let controller = null;

  function hide() { list.hidden = true; list.replaceChildren(); input.setAttribute("aria-expanded", "false"); }

  function show(items) {
    list.replaceChildren();
    for (const item of items) {
      const li = document.createElement("li");
      li.setAttribute("role", "option");
      const a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.label;
      const kind = document.createElement("span");
      kind.className = "suggestion-kind";
      kind.textContent = list.dataset["kind" + item.kind[0].toUpperCase() + item.kind.slice(1)] || item.kind;
      a.append(" ", kind);
      li.append(a);
      list.append(li);
    }
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(items.length > 0));
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (!q) { hide(); return; }
    timer = setTimeout(() => {
      if (controller) controller.abort();
      controller = new AbortController();
      const url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(q);
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then((r) => (r.ok ? r.json() : { items: [] }))
        .then((data) => show(data.items || []))
        .catch(() => {});
    }, 150);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
    if (event.key === "ArrowDown" && !list.hidden) {
      event.preventDefault();
      const first = list.querySelector("a");
      if (first) first.focus();
    }
  });
  list.addEventListener("keydown", (event) => {
    const current = document.activeElement.closest("li");
    if (!current) return;
    if (event.key === "ArrowDown" && current.nextElementSibling) {
      event.preventDefault(); current.nextElementSibling.querySelector("a").focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      (current.previousElementSibling ? current.previousElementSibling.querySelector("a") : input).focus();
    } else if (event.key === "Escape") { hide(); input.focus(); }
  });
  document.addEventListener("click", (event) => { if (!event.target.closest(".site-search")) hide(); });
})();

(function autoApplyFilters() {
  // A changed checkbox or select submits its filter form at once (the Apply button stays for no-JS).
  for (const form of document.querySelectorAll("form.filters")) {
    form.classList.add("auto-apply");
    form.addEventListener("change", (event) => {
      if (event.target.matches("input[type=checkbox], select")) form.requestSubmit();
    });
  }
})();
