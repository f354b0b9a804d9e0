package heartbeatchat.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.browser.Storage;

/**
 * Who this browser is: a secret random openid made once, and the name and avatar last used, all
 * kept in {@code localStorage}.
 */
final class Identity {
    private static final String OPENID_KEY = "heartbeat-chat.openid";
    private static final String NAME_KEY = "heartbeat-chat.name";
    private static final String AVATAR_KEY = "heartbeat-chat.avatar";

    private final Storage storage = Storage.getLocalStorage();

    String openid() {
        String id = storage.getItem(OPENID_KEY);
        if (id == null || id.isEmpty()) {
            id = randomId();
            storage.setItem(OPENID_KEY, id);
        }
        return id;
    }

    /** The remembered name, or "" before the first login. */
    String name() {
        String n = storage.getItem(NAME_KEY);
        return n == null ? "" : n;
    }

    String avatar() {
        return storage.getItem(AVATAR_KEY);
    }

    void remember(String name, String avatar) {
        storage.setItem(NAME_KEY, name);
        storage.setItem(AVATAR_KEY, avatar);
    }

    /** 128 random bits from the browser's cryptographic source, as 32 hex digits. */
    @JSBody(script = "var b = new Uint8Array(16); crypto.getRandomValues(b); var s = '';"
            + "for (var i = 0; i < b.length; i++) { s += (b[i] + 256).toString(16).substring(1); } return s;")
    static native String randomId();

    /** A new id per connection, as the design note makes it: the time plus randomness. */
    @JSBody(script = "return Date.now().toString(36) + '-' + Math.random().toString(36).substring(2, 10);")
    static native String newSocketId();
}
