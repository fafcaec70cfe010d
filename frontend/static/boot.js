// Loads the wasm app; a separate file so the Content-Security-Policy needs no inline script.
import init from "/relais_frontend.js";
init({ module_or_path: "/relais_frontend_bg.wasm" });
