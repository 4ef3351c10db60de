// The API's browsable documentation (/api/v1/docs): Swagger UI reading the generated
// OpenAPI document. A static file, so that the page needs no inline script (CSP).
(function () {
  "use strict";
  var root = document.getElementById("api-docs");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null
  });
})();
