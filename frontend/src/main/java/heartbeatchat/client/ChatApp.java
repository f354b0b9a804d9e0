package heartbeatchat.client;

import heartbeatchat.shared.connection.ClientConnection;
import heartbeatchat.shared.connection.ConnectionHandler;
import heartbeatchat.shared.connection.ConnectionSettings;
import heartbeatchat.shared.connection.ConnectionState;
import heartbeatchat.shared.connection.ConnectionStatus;
import heartbeatchat.shared.connection.ReconnectBackoff;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.Limits;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.UserNames;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.time.Cancellable;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Navigator;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLDocument;

import java.util.LinkedHashMap;
import java.util.Map;

/** The chat page: login form, the connection from {@code shared}, and what the server's frames mean for the view. */
final class ChatApp implements ConnectionHandler {
    private final ChatView view = new ChatView();
    private final Identity identity = new Identity();
    private final BrowserTime time = new BrowserTime();
    private final Map<String, UserInfo> users = new LinkedHashMap<>();

    private ClientConnection connection;
    private String userName;
    private String avatar;
    private String myUserId;
    /** The highest seq shown; a message at or below it is never shown again. */
    private long lastSeq;
    /** The server's sequence epoch seen last; a different one means seq started over. */
    private String epoch;
    private Cancellable statusTicker;

    static void boot() {
        new ChatApp().start();
    }

    private void start() {
        view.loginForm.addEventListener("submit", e -> {
            e.preventDefault();
            join(view.nameInput.getValue(), view.selectedAvatar());
        });
        view.composer.addEventListener("submit", e -> {
            e.preventDefault();
            sendTyped();
        });
        view.messageInput.addEventListener("keydown", e -> {
            if ("Enter".equals(((KeyboardEvent) e).getKey())) {
                e.preventDefault();
                sendTyped();
            }
        });
        view.changeName.addEventListener("click", e -> leave());
        Window.current().addEventListener("online", e -> wake());
        Window.current().addEventListener("offline", e -> onStatus(connection == null ? null : connection.status()));
        HTMLDocument.current().addEventListener("visibilitychange", e -> {
            if (!isHidden()) {
                wake();
            }
        });

        String remembered = identity.name();
        if (UserNames.problem(UserNames.normalize(remembered)) == null) {
            join(remembered, identity.avatar());
        } else {
            view.showLogin(remembered, identity.avatar(), "");
        }
    }

    private void join(String rawName, String chosenAvatar) {
        String name = UserNames.normalize(rawName);
        ErrorCode problem = UserNames.problem(name);
        if (problem != null) {
            view.showLogin(rawName, chosenAvatar, problem == ErrorCode.NAME_EMPTY
                    ? "Please enter a name."
                    : "A name has at most " + Limits.MAX_USER_NAME_LENGTH + " characters.");
            return;
        }
        userName = name;
        avatar = chosenAvatar == null ? ChatView.AVATARS[0] : chosenAvatar;
        identity.remember(name, avatar);
        view.showChat(name, avatar);
        ConnectionSettings settings = ConnectionSettings.defaults();
        connection = new ClientConnection(new BrowserTransport(webSocketUrl()), time, time, settings,
                new ReconnectBackoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis(),
                        settings.reconnectMultiplier(), settings.reconnectJitter(), Math::random), this);
        connection.start();
    }

    private void leave() {
        if (connection != null) {
            connection.stop();
            connection = null;
        }
        view.showLogin(userName, avatar, "");
    }

    private void wake() {
        if (connection != null) {
            connection.wake();
        }
    }

    private void sendTyped() {
        String text = view.messageInput.getValue();
        if (text.trim().isEmpty()) {
            return;
        }
        if (text.length() > Limits.MAX_MESSAGE_LENGTH) {
            view.addNotice("A message has at most " + Limits.MAX_MESSAGE_LENGTH + " characters.", "error");
            return;
        }
        if (connection != null && connection.send(Json.typeAndData(Wire.TYPE_MESSAGE, text))) {
            view.messageInput.setValue("");
        } else {
            view.addNotice("Not connected: your message was not sent. It is still in the box.", "error");
        }
    }

    // ConnectionHandler

    @Override
    public String loginFrame() {
        return Json.loginFrame(Wire.TYPE_LOGIN, Identity.newSocketId(), userName, avatar, identity.openid());
    }

    @Override
    public void onFrame(String text) {
        JSObject frame = Json.parseObject(text);
        if (frame == null) {
            return;
        }
        String type = Json.string(frame, Wire.TYPE);
        if (Wire.TYPE_MESSAGE.equals(type)) {
            showMessage(frame);
        } else if (Wire.TYPE_LOGIN.equals(type)) {
            onLoginReply(frame);
        } else if (Wire.TYPE_JOIN.equals(type)) {
            UserInfo u = user(frame);
            if (u != null) {
                users.put(u.userId(), u);
                view.setUsers(users.values(), myUserId);
                view.addNotice(u.userName() + " joined", "presence");
            }
        } else if (Wire.TYPE_LEAVE.equals(type)) {
            UserInfo u = user(frame);
            if (u != null && users.remove(u.userId()) != null) {
                view.setUsers(users.values(), myUserId);
                view.addNotice(u.userName() + " left", "presence");
            }
        } else if (Wire.TYPE_ERROR.equals(type)) {
            String message = Json.string(frame, Wire.MESSAGE);
            view.addNotice("Server: " + (message == null ? Json.string(frame, Wire.CODE) : message), "error");
        }
    }

    private void onLoginReply(JSObject frame) {
        if (!Json.isTrue(frame, Wire.OK)) {
            return;
        }
        myUserId = Json.string(frame, Wire.USER_ID);
        String newEpoch = Json.string(frame, Wire.EPOCH);
        if (newEpoch != null && !newEpoch.equals(epoch)) {
            if (epoch != null) {
                view.addNotice("The server restarted; it no longer has the messages above.", "presence");
            }
            epoch = newEpoch;
            lastSeq = 0;
        }
        users.clear();
        JSObject list = Json.array(frame, Wire.USERS);
        for (int i = 0; i < Json.length(list); i++) {
            JSObject item = Json.at(list, i);
            UserInfo u = item == null ? null : user(item);
            if (u != null) {
                users.put(u.userId(), u);
            }
        }
        view.setUsers(users.values(), myUserId);
        JSObject history = Json.array(frame, Wire.HISTORY);
        for (int i = 0; i < Json.length(history); i++) {
            JSObject item = Json.at(history, i);
            if (item != null) {
                showMessage(item);
            }
        }
    }

    private void showMessage(JSObject frame) {
        double seq = Json.number(frame, Wire.SEQ);
        String data = Json.string(frame, Wire.DATA);
        String userId = Json.string(frame, Wire.USER_ID);
        if (Double.isNaN(seq) || data == null || userId == null || (long) seq <= lastSeq) {
            return;
        }
        lastSeq = (long) seq;
        double t = Json.number(frame, Wire.TIME);
        ChatMessage m = new ChatMessage((long) seq, Double.isNaN(t) ? 0 : (long) t, userId,
                orEmpty(Json.string(frame, Wire.USER_NAME)), orEmpty(Json.string(frame, Wire.USER_AVATAR)), data);
        view.addMessage(m, userId.equals(myUserId));
    }

    private static UserInfo user(JSObject o) {
        String id = Json.string(o, Wire.USER_ID);
        return id == null ? null
                : new UserInfo(id, orEmpty(Json.string(o, Wire.USER_NAME)), orEmpty(Json.string(o, Wire.USER_AVATAR)));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void onStatus(ConnectionStatus status) {
        if (statusTicker != null) {
            statusTicker.cancel();
            statusTicker = null;
        }
        if (status == null) {
            return;
        }
        ConnectionState state = status.state();
        if (state == ConnectionState.ONLINE) {
            view.setStatus(status.rttMillis() >= 0 ? "Online · " + status.rttMillis() + " ms" : "Online", "online");
        } else if (state == ConnectionState.CONNECTING) {
            view.setStatus(status.attempt() > 0 ? "Connecting… (attempt " + status.attempt() + ")" : "Connecting…",
                    "connecting");
        } else if (state == ConnectionState.RECONNECTING) {
            long seconds = Math.max(0, (status.reconnectAtMillis() - time.nowMillis() + 999) / 1000);
            String prefix = Navigator.isOnline() ? "Reconnecting" : "Offline · reconnecting";
            view.setStatus(prefix + " in " + seconds + " s (attempt " + status.attempt() + ")",
                    Navigator.isOnline() ? "reconnecting" : "offline");
            statusTicker = time.schedule(() -> onStatus(connection == null ? null : connection.status()), 1000);
        } else {
            view.setStatus("Offline", "offline");
        }
    }

    private static String webSocketUrl() {
        return webSocketBase() + "/ws";
    }

    @JSBody(script = "return (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host;")
    private static native String webSocketBase();

    @JSBody(script = "return document.visibilityState === 'hidden';")
    private static native boolean isHidden();
}
