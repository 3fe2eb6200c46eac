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
