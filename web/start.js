// Starts the chat (compiled from Java by TeaVM) and registers the offline fallback. A file of its
// own, not an inline script, so the Content-Security-Policy can forbid inline scripts altogether.
import { main } from "./js/chat.js";

main([]);
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").catch(() => {}); // only an offline fallback
}
