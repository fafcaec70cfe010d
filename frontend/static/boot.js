// Loads the wasm app; a separate file so the Content-Security-Policy needs no inline script.
// `make web` writes the hashed names of the app's files in place of APP_JS and APP_WASM.
// Imported when run rather than at the top, so that a failed download can be said on the
// page (in both languages: the app, which knows the reader's, is what did not arrive).
import("/APP_JS")
  .then((app) => app.default({ module_or_path: "/APP_WASM" }))
  .catch((error) => {
    console.error(error);
    const loading = document.getElementById("app-loading");
    if (loading) {
      loading.setAttribute("role", "alert");
      // Each half marked with its language, so that a screen reader says each rightly.
      loading.querySelector('.app-loading-text [lang="fr"]').textContent =
        "Relais n'a pas pu démarrer : vérifiez votre connexion, puis rechargez la page.";
      loading.querySelector('.app-loading-text [lang="en"]').textContent =
        "Relais could not start: check your connection, then reload the page.";
    }
  });
