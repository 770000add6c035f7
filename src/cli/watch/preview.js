// Follows `resume-pdf watch`: after each render the server sends its status on /events;
// the pages are swapped in place (same boxes, same scroll position), never reloaded.
"use strict";

const $ = (id) => document.getElementById(id);
let shown = 0; // generation whose pages are on screen

function messageBox(kind, message) {
  const box = document.createElement("div");
  box.className = "message " + kind;
  box.textContent = message.text;
  if (message.source !== null) {
    const line = document.createElement("pre");
    line.textContent = message.source;
    box.append(line);
  }
  return box;
}

function showStatus(status) {
  const layout = $("layout");
  if (layout.options.length !== status.layouts.length) {
    layout.replaceChildren(...status.layouts.map((name) => new Option(name, name)));
  }
  if (status.layouts.includes(status.layout)) layout.value = status.layout;
  if (status.paper !== "front matter") $("paper").value = status.paper;
  const pages = status.pages === 1 ? "1 page" : status.pages + " pages";
  $("summary").textContent = status.ok
    ? pages + " · rendered in " + status.milliseconds + " ms"
    : "render failed · showing the last good pages";
  $("download").setAttribute("download", status.pdf_name);
  const boxes = status.error ? [messageBox("error", status.error)] : [];
  boxes.push(...status.warnings.map((w) => messageBox("warning", w)));
  $("messages").replaceChildren(...boxes);
  document.body.classList.toggle("failed", !status.ok);
}

async function showPages(status) {
  const texts = await Promise.all(
    Array.from({ length: status.pages }, (_, i) =>
      fetch("/page/" + (i + 1) + "?g=" + status.generation).then((r) => r.text())),
  );
  if (status.generation < shown) return; // a newer render already came in
  shown = status.generation;
  const holder = $("pages");
  while (holder.children.length > texts.length) holder.lastElementChild.remove();
  texts.forEach((svg, i) => {
    let page = holder.children[i];
    if (!page) {
      page = document.createElement("div");
      page.className = "page";
      holder.append(page);
    }
    page.innerHTML = svg;
  });
  document.body.dataset.generation = String(status.generation);
}

function follow() {
  const events = new EventSource("/events");
  events.addEventListener("render", (e) => {
    const status = JSON.parse(e.data);
    if (status.generation === 0) return; // the first render is still running
    $("connection").className = "";
    showStatus(status);
    if (status.ok) showPages(status);
    else document.body.dataset.failed = String(status.generation);
  });
  events.onerror = () => { $("connection").className = "lost"; };
}

function choose(setting) {
  fetch("/settings", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(setting),
  });
}

$("layout").addEventListener("change", (e) => choose({ layout: e.target.value }));
$("paper").addEventListener("change", (e) => choose({ paper: e.target.value }));
follow();
