// Keep shareable search URLs short: leave empty filter fields out of htmx requests.
document.addEventListener("htmx:configRequest", (event) => {
  const params = event.detail.parameters;
  for (const name of Object.keys(params)) {
    if (params[name] === "") delete params[name];
  }
});
