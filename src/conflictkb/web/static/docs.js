// Starts the vendored API documentation viewers (no inline scripts: CSP).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const swagger = document.getElementById("swagger-ui");
  if (swagger && typeof SwaggerUIBundle !== "undefined") {
    SwaggerUIBundle({ url: swagger.dataset.openapi, dom_id: "#swagger-ui", deepLinking: true });
  }
  const redoc = document.getElementById("redoc");
  if (redoc && typeof Redoc !== "undefined") {
    Redoc.init(redoc.dataset.openapi, { disableSearch: false }, redoc);
  }
});
