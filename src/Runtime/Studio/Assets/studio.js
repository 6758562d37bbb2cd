// Bunbase Studio: the few things the server-rendered pages cannot do alone. No dependencies.
"use strict";

// Invokes an action through its own HTTP route with the signed-in session: the browser sends the
// session cookie and its Origin, so the request passes the same guards, limits and CSRF check as any client.
function invoke(form) {
  const out = form.querySelector("output");
  let input;
  try {
    input = JSON.parse(form.elements.input.value || "{}");
  } catch (e) {
    out.className = "result bad";
    out.textContent = "The input is not JSON: " + e.message;
    return;
  }
  const method = form.dataset.method;
  const bindings = JSON.parse(form.dataset.bindings || "{}");
  const headers = {};
  const query = new URLSearchParams();
  const body = {};
  const path = {};
  for (const [key, value] of Object.entries(input === null || typeof input !== "object" ? {} : input)) {
    const binding = bindings[key] || "body:" + key;
    const [source, name] = [binding.slice(0, binding.indexOf(":")), binding.slice(binding.indexOf(":") + 1)];
    if (value === null || value === undefined) continue;
    if (source === "path") path[name.toLowerCase()] = value;
    else if (source === "query" || (source === "body" && (method === "GET" || method === "DELETE"))) {
      for (const v of Array.isArray(value) ? value : [value]) query.append(source === "body" ? key : name, typeof v === "object" ? JSON.stringify(v) : String(v));
    } else if (source === "header") headers[name] = String(value);
    else body[key] = value;
  }
  let url = form.dataset.route.replace(/\{\*?([^}:?=]+)[^}]*\}/g, (_, name) => {
    const value = path[name.toLowerCase()];
    return value === undefined ? "" : String(value).split("/").map(encodeURIComponent).join("/");
  });
  if ([...query].length) url += "?" + query;
  const init = { method, headers, credentials: "same-origin" };
  if (method !== "GET" && method !== "DELETE" && method !== "HEAD") {
    headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  out.className = "result";
  out.textContent = method + " " + url + " …";
  fetch(url, init).then(async (response) => {
    const text = await response.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch { /* not JSON */ }
    out.className = response.ok ? "result ok" : "result bad";
    out.dataset.status = String(response.status);
    out.textContent = method + " " + url + " → " + response.status + "\n" + shown;
  }, (error) => {
    out.className = "result bad";
    out.textContent = "The request failed: " + error.message;
  });
}

document.addEventListener("submit", (event) => {
  const form = event.target;
  if (form.matches("form[data-invoke]")) {
    event.preventDefault();
    invoke(form);
  } else if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
    event.preventDefault();
  }
});

// Filters a list by what is typed (the Actions page).
document.addEventListener("input", (event) => {
  const box = event.target;
  if (!box.matches("input[data-filter]")) return;
  const words = box.value.toLowerCase();
  for (const item of document.querySelectorAll(box.dataset.filter)) item.hidden = words !== "" && !item.textContent.toLowerCase().includes(words);
});
