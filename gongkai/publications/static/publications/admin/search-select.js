/* Searchable chooser of the workbench (gongkai.publications.search_select): turns a <select> holding the
   chosen rows into a list of chosen items with 移除 buttons and a search box whose results come from the
   source's JSON endpoint. The <select> stays in the form (hidden) and is what gets submitted. */
(function () {
  "use strict";

  function params(root) {
    var out = {};
    var spec = {};
    try { spec = JSON.parse(root.dataset.params || "{}"); } catch (e) { spec = {}; }
    Object.keys(spec).forEach(function (key) {
      var value = spec[key];
      if (value.charAt(0) === "#") {
        var element = document.querySelector(value);
        value = element ? element.value : "";
      }
      out[key] = value;
    });
    return out;
  }

  function init(root) {
    if (root.dataset.gkReady) { return; }
    root.dataset.gkReady = "1";
    var select = root.querySelector("select");
    var multiple = select.multiple;
    var disabled = select.disabled;
    var baseId = select.id || ("gk-ss-" + Math.random().toString(36).slice(2));
    select.hidden = true;

    var chosen = document.createElement("ul");
    chosen.className = "gk-search-select__chosen";
    root.appendChild(chosen);

    function renderChosen() {
      chosen.innerHTML = "";
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected) { return; }
        var item = document.createElement("li");
        var text = document.createElement("span");
        text.textContent = option.textContent;
        item.appendChild(text);
        if (!disabled) {
          var remove = document.createElement("button");
          remove.type = "button";
          remove.className = "button button-small button-secondary";
          remove.textContent = root.dataset.remove;
          remove.setAttribute("aria-label", root.dataset.remove + "：" + option.textContent);
          remove.addEventListener("click", function () { option.remove(); renderChosen(); input && input.focus(); });
          item.appendChild(remove);
        }
        chosen.appendChild(item);
      });
      chosen.hidden = !chosen.children.length;
    }

    renderChosen();
    if (disabled) { return; }

    var input = document.createElement("input");
    input.type = "search";
    input.id = baseId + "-search";
    input.className = "gk-search-select__input";
    input.placeholder = root.dataset.placeholder;
    input.autocomplete = "off";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", baseId + "-results");
    root.appendChild(input);
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (label) { label.htmlFor = input.id; }

    var list = document.createElement("ul");
    list.id = baseId + "-results";
    list.className = "gk-search-select__results";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    root.appendChild(list);

    var status = document.createElement("p");
    status.className = "gk-search-select__status";
    status.setAttribute("aria-live", "polite");
    root.appendChild(status);

    var timer = null;
    var active = -1;
    var serial = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(id, text) {
      var value = String(id);
      if (!multiple) {
        Array.prototype.slice.call(select.options).forEach(function (o) { o.remove(); });
      }
      var existing = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
      if (!existing) {
        var option = new Option(text, value, true, true);
        select.add(option);
      } else {
        existing.selected = true;
      }
      select.dispatchEvent(new Event("change", { bubbles: true }));
      renderChosen();
      input.value = "";
      status.textContent = "";
      close();
      input.focus();
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      Array.prototype.forEach.call(items, function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function search() {
      var query = new URLSearchParams(params(root));
      query.set("q", input.value.trim());
      var mine = ++serial;
      fetch(root.dataset.url + "?" + query.toString(), {
        credentials: "same-origin",
        headers: { "X-Requested-With": "XMLHttpRequest", "Accept": "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (data) {
        if (mine !== serial) { return; }
        list.innerHTML = "";
        var taken = {};
        Array.prototype.forEach.call(select.options, function (o) { if (o.selected) { taken[o.value] = true; } });
        var shown = 0;
        data.results.forEach(function (row) {
          if (taken[String(row.id)]) { return; }
          var item = document.createElement("li");
          item.id = baseId + "-option-" + row.id;
          item.setAttribute("role", "option");
          item.setAttribute("aria-selected", "false");
          item.textContent = row.label;
          item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(row.id, row.label); });
          list.appendChild(item);
          shown += 1;
        });
        list.hidden = !shown;
        input.setAttribute("aria-expanded", shown ? "true" : "false");
        active = -1;
        status.textContent = shown ? (data.more ? root.dataset.more : "") : root.dataset.empty;
      }).catch(function () {
        if (mine === serial) { status.textContent = root.dataset.error; close(); }
      });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(search, 250);
    });
    input.addEventListener("focus", function () { if (!input.value) { search(); } });
    input.addEventListener("click", function () { if (list.hidden) { search(); } });
    input.addEventListener("blur", function () { window.setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { search(); } else { highlight(active + 1); } }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Escape") { close(); }
      else if (event.key === "Enter") {
        // Enter picks the highlighted result; it never submits the whole form from the search box.
        event.preventDefault();
        var items = list.querySelectorAll("[role=option]");
        if (!list.hidden && items.length) {
          var item = items[active >= 0 ? active : 0];
          choose(item.id.split("-option-")[1], item.textContent);
        }
      }
    });
  }

  function initAll() {
    document.querySelectorAll("[data-gk-search-select]").forEach(init);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", initAll);
  } else {
    initAll();
  }
  window.gongkaiSearchSelectInit = initAll;
})();
