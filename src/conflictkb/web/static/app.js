// conflictkb explorer: the map and the figure-to-sentence links. No inline scripts (CSP).
"use strict";

function drawMap(el) {
  const lat = parseFloat(el.dataset.lat), lon = parseFloat(el.dataset.lon);
  if (Number.isNaN(lat) || Number.isNaN(lon) || typeof L === "undefined") return;
  const map = L.map(el, { attributionControl: true }).setView([lat, lon], 5);
  fetch("/static/countries.geojson")
    .then((r) => r.json())
    .then((geo) => {
      L.geoJSON(geo, { style: { color: "#777", weight: 1, fillColor: "#eee", fillOpacity: 1 } }).addTo(map);
      L.marker([lat, lon], { title: el.dataset.name || "" }).addTo(map);
    });
  map.attributionControl.addAttribution("Natural Earth");
}

function showClaim(id) {
  document.querySelectorAll("mark.active").forEach((m) => m.classList.remove("active"));
  const anchor = document.getElementById(id);
  if (!anchor) return;
  const claimId = id.replace(/^claim-/, "");
  document.querySelectorAll("mark[data-claims]").forEach((m) => {
    if (m.dataset.claims.split(" ").includes(claimId)) m.classList.add("active");
  });
  anchor.scrollIntoView({ block: "center" });
}

document.addEventListener("DOMContentLoaded", () => {
  const map = document.getElementById("map");
  if (map) drawMap(map);
  document.querySelectorAll("button.figure").forEach((b) => {
    b.addEventListener("click", () => showClaim(b.dataset.target));
  });
});

// The map of all events: clustered markers, colour by event type, size by best deaths.
const TYPE_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"];

function typeColour(types, t) {
  if (!types.has(t)) types.set(t, TYPE_COLOURS[types.size % TYPE_COLOURS.length]);
  return types.get(t);
}

function addLegend(types) {
  const legend = document.getElementById("legend");
  if (!legend) return;
  legend.replaceChildren();
  types.forEach((colour, name) => {
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    swatch.dataset.colour = colour;
    li.append(swatch, document.createTextNode(" " + (name || "type unknown")));
    legend.append(li);
  });
}

function drawAllEvents(el) {
  if (typeof L === "undefined") return;
  const map = L.map(el, { attributionControl: true, maxZoom: 12, minZoom: 1 }).setView([15, 10], 2);
  map.attributionControl.addAttribution("Natural Earth");
  const count = document.getElementById("map-count");
  Promise.all([fetch("/static/countries.geojson").then((r) => r.json()),
               fetch(el.dataset.src, { credentials: "same-origin" }).then((r) => r.json())])
    .then(([geo, data]) => {
      L.geoJSON(geo, { style: { color: "#777", weight: 1, fillColor: "#eee", fillOpacity: 1 } }).addTo(map);
      const col = Object.fromEntries(data.columns.map((c, i) => [c, i]));
      const types = new Map();
      const cluster = typeof L.markerClusterGroup === "function" ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
      const bounds = [];
      data.events.forEach((e) => {
        const deaths = e[col.deaths_best] || 0;
        const marker = L.circleMarker([e[col.lat], e[col.lon]], {
          radius: 4 + Math.min(16, Math.sqrt(deaths)), color: typeColour(types, e[col.event_type]),
          weight: 1, fillOpacity: 0.7,
        });
        const link = document.createElement("a");
        link.href = "/events/" + encodeURIComponent(e[col.id]);
        link.textContent = e[col.name];
        const box = document.createElement("div");
        box.append(link, document.createElement("br"),
                   document.createTextNode((e[col.start_date] || "?") + " · " + (e[col.event_type] || "type unknown") + " · deaths (best) " + (e[col.deaths_best] ?? "?")));
        marker.bindPopup(box);
        marker.options.title = e[col.name];
        cluster.addLayer(marker);
        bounds.push([e[col.lat], e[col.lon]]);
      });
      cluster.addTo(map);
      if (bounds.length) map.fitBounds(bounds, { maxZoom: 7, padding: [20, 20], animate: false });
      addLegend(types);
      document.querySelectorAll(".legend .swatch").forEach((s) => { s.style.backgroundColor = s.dataset.colour; });
      const rest = data.total > data.shown
        ? "; the others have no point" + (data.shown >= 5000 ? " or are beyond the 5,000 deadliest drawn" : "") : "";
      if (count) count.textContent = data.shown + " of " + data.total + " events on the map" + rest;
      el.dataset.ready = String(data.shown);
    })
    .catch((err) => {
      if (count) count.textContent = "The map data could not be loaded.";
      console.error("map of all events: " + err);
    });
}

document.addEventListener("DOMContentLoaded", () => {
  const all = document.getElementById("allmap");
  if (all) drawAllEvents(all);
});
