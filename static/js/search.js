// Keep shareable search URLs short: leave empty filter fields out of htmx requests.
document.addEventListener("htmx:configRequest", (event) => {
  const params = event.detail.parameters;
  for (const name of Object.keys(params)) {
    if (params[name] === "") delete params[name];
  }
});

// The language switch returns to the search as it is now, not as the page was first loaded.
document.addEventListener("htmx:pushedIntoHistory", () => {
  const next = document.querySelector(".language-switch input[name=next]");
  if (next) next.value = window.location.pathname + window.location.search;
});
