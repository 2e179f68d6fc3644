// The search results on a map, in step with the list: one marker per result card that has coordinates
// (data-lat, data-lng); choosing a marker highlights its card and moves focus to it, hovering or focusing a
// card highlights its marker, and the markers follow htmx's swaps of the results. Leaflet loads only when the
// map is shown: at once on wide screens, on a phone when the visitor asks, so the list comes first there.
// Without JavaScript the panel stays hidden and the list is the whole page.
(() => {
  const panel = document.getElementById("map-panel");
  if (!panel) return;
  const layout = panel.parentElement;
  const toggle = panel.querySelector(".map-toggle");
  const container = document.getElementById("results-map");
  const results = document.getElementById("results");
  const labels = { show: toggle.textContent, hide: toggle.dataset.hideLabel };
  const markers = new Map(); // result card -> Leaflet marker
  let map = null;
  let group = null;
  let loading = null;

  function load(tag, attributes) {
    return new Promise((resolve, reject) => {
      const element = Object.assign(document.createElement(tag), attributes, { onload: resolve, onerror: reject });
      document.head.append(element);
    });
  }

  // Leaflet finds its marker images through its stylesheet, so both must have loaded before the first marker.
  function loadLeaflet() {
    return Promise.all([
      load("link", { rel: "stylesheet", href: panel.dataset.leafletCss }),
      load("script", { src: panel.dataset.leafletJs }),
    ]);
  }

  function create() {
    map = L.map(container, { scrollWheelZoom: false });
    if (panel.dataset.tileUrl) {
      L.tileLayer(panel.dataset.tileUrl, { attribution: panel.dataset.attribution, maxZoom: 19 }).addTo(map);
    }
    group = L.featureGroup().addTo(map);
    sync();
  }

  function sync() {
    if (!map) return;
    group.clearLayers();
    markers.clear();
    for (const card of results.querySelectorAll(".program-card[data-lat]")) {
      const name = card.querySelector("h3 a").textContent.trim();
      const marker = L.marker([Number(card.dataset.lat), Number(card.dataset.lng)], { title: name, alt: name });
      marker.on("click", () => choose(card));
      marker.addTo(group);
      markers.set(card, marker);
    }
    if (markers.size) {
      map.fitBounds(group.getBounds(), { padding: [24, 24], maxZoom: 13 });
    } else {
      map.setView([39.8, -98.6], 3); // the contiguous United States
    }
  }

  function choose(card) {
    for (const other of results.querySelectorAll(".program-card.is-highlighted")) {
      other.classList.remove("is-highlighted");
    }
    card.classList.add("is-highlighted");
    card.scrollIntoView({ block: "nearest" });
    card.querySelector("h3 a").focus({ preventScroll: true });
  }

  function mark(event, active) {
    const card = event.target.closest && event.target.closest(".program-card");
    const marker = card && markers.get(card);
    if (!marker || !marker.getElement()) return;
    marker.getElement().classList.toggle("is-active", active);
    marker.setZIndexOffset(active ? 1000 : 0);
  }

  function show() {
    container.hidden = false;
    layout.classList.add("map-open");
    toggle.setAttribute("aria-expanded", "true");
    toggle.textContent = labels.hide;
    loading = loading || loadLeaflet().then(create);
    loading.then(() => map.invalidateSize());
  }

  function hide() {
    container.hidden = true;
    layout.classList.remove("map-open");
    toggle.setAttribute("aria-expanded", "false");
    toggle.textContent = labels.show;
  }

  toggle.addEventListener("click", () => (container.hidden ? show() : hide()));
  results.addEventListener("mouseover", (event) => mark(event, true));
  results.addEventListener("mouseout", (event) => mark(event, false));
  results.addEventListener("focusin", (event) => mark(event, true));
  results.addEventListener("focusout", (event) => mark(event, false));
  document.body.addEventListener("htmx:afterSettle", (event) => {
    if (event.target === results) sync();
  });
  panel.hidden = false;
  layout.classList.add("has-map-panel");
  if (window.matchMedia("(min-width: 64rem)").matches) show();
})();
