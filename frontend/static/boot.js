// Loads the wasm app; a separate file so the Content-Security-Policy needs no inline script.
// `make web` writes the hashed names of the app's files in place of APP_JS and APP_WASM.
import init from "/APP_JS";
init({ module_or_path: "/APP_WASM" });
