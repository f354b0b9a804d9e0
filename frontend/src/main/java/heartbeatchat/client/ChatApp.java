package heartbeatchat.client;

import heartbeatchat.shared.connection.ClientConnection;
import heartbeatchat.shared.connection.ConnectionHandler;
import heartbeatchat.shared.connection.ConnectionSettings;
import heartbeatchat.shared.connection.ConnectionState;
import heartbeatchat.shared.connection.ConnectionStatus;
import heartbeatchat.shared.connection.ReconnectBackoff;
import heartbeatchat.shared.outbox.Outbox;
import heartbeatchat.shared.outbox.OutboxEntry;
import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.Limits;
import heartbeatchat.shared.protocol.TokenBucket;
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
import java.util.List;
import java.util.Map;

/**
 * The chat page: login form, the connection and the outbox from {@code shared}, and what the
 * server's frames mean for the view. Every message is shown once, in {@code seq} order: the login
 * reply carries what was missed since the last seq shown ({@link Timeline}), and what the user
 * types waits in the outbox (shown as pending) until its own broadcast comes back.
 */
final class ChatApp implements ConnectionHandler {
    private static final long OUTBOX_RETRY_MILLIS = 2_000;

    private final ChatView view = new ChatView();
    private final Identity identity = new Identity();
    private final BrowserTime time = new BrowserTime();
    private final OutboxStorage outboxStorage = new OutboxStorage();
    private final Map<String, UserInfo> users = new LinkedHashMap<>();
    /** How many are online: the login reply's total, kept up by joins and leaves. */
    private int usersTotal;

    private ClientConnection connection;
    private Outbox outbox;
    private String userName;
    private String avatar;
    /** The last seq shown, its epoch and the user's id: which messages to show, and which are one's own. */
    private final Timeline timeline = new Timeline();
    /** Short id tags for people who show the same avatar and name. */
    private final NameTags names = new NameTags();
    private final HistoryCache history = new HistoryCache();
    /** A page of older messages was asked for and has not come yet. */
    private boolean loadingOlder;
    /** The room's first message is shown: nothing older to load. */
    private boolean beginningShown;
    private Cancellable historySave;
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
        view.messageInput.addEventListener("input", e ->
                view.setMessageLength(view.messageInput.getValue().length(), Limits.MAX_MESSAGE_LENGTH));
        view.reconnectNow.addEventListener("click", e -> wake());
        view.newBelow.addEventListener("click", e -> view.scrollToLatest());
        view.messagesList().addEventListener("scroll", e -> {
            view.onMessagesScrolled();
            loadOlderAtTop();
        });
        view.changeName.addEventListener("click", e -> leave());
        Window.current().addEventListener("online", e -> wake());
        Window.current().addEventListener("offline", e -> showStatus());
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
            view.showLogin(rawName, chosenAvatar, problem == ErrorCode.NAME_EMPTY ? "Please enter a name."
                    : problem == ErrorCode.NAME_TOO_LONG ? "A name has at most " + Limits.MAX_USER_NAME_LENGTH + " characters."
                    : "A name cannot hold invisible or direction-changing characters.");
            return;
        }
        userName = name;
        avatar = chosenAvatar == null ? ChatView.AVATARS[0] : chosenAvatar;
        identity.remember(name, avatar);
        view.showChat(name, avatar);
        if (outbox == null) {
            outbox = new Outbox(time, new TokenBucket(time, Limits.CLIENT_SEND_BURST, Limits.CLIENT_SEND_PER_SECOND),
                    OUTBOX_RETRY_MILLIS, new Outbox.Port() {
                        @Override
                        public boolean send(OutboxEntry entry) {
                            return connection != null
                                    && connection.send(Json.chatFrame(Wire.TYPE_MESSAGE, entry.data(), entry.clientMsgId()));
                        }

                        @Override
                        public void save(List<OutboxEntry> entries) {
                            outboxStorage.save(entries);
                        }
                    }, outboxStorage.load());
            restoreSavedHistory();
            for (OutboxEntry e : outbox.pending()) {
                view.addPending(e.clientMsgId(), userName, avatar, e.data());
            }
        }
        ConnectionSettings settings = ConnectionSettings.defaults();
        connection = new ClientConnection(new BrowserTransport(webSocketUrl()), time, time, settings,
                new ReconnectBackoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis(),
                        settings.reconnectMultiplier(), settings.reconnectJitter(), Math::random), this);
        connection.start();
    }

    /** Shows the page saved on this device before the reload, and resumes after it once connected. */
    private void restoreSavedHistory() {
        JSObject saved = history.load();
        if (saved == null) {
            return;
        }
        timeline.restore(HistoryCache.epoch(saved), HistoryCache.userId(saved));
        JSObject frames = HistoryCache.frames(saved);
        if (Json.length(frames) == 0) {
            return;
        }
        view.addNotice("Saved on this device before the reload; newer messages follow once connected.", "presence");
        for (int i = 0; i < Json.length(frames); i++) {
            JSObject frame = Json.at(frames, i);
            if (frame != null) {
                showMessage(frame, false);
            }
        }
        view.scrollToLatest();
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
            // nothing is cut: the text stays in the box for the user to shorten
            view.addNotice("Not sent: this message has " + text.length() + " characters, and at most "
                    + Limits.MAX_MESSAGE_LENGTH + " can be sent. Shorten it and press Enter again.", "error");
            return;
        }
        view.messageInput.setValue("");
        view.setMessageLength(0, Limits.MAX_MESSAGE_LENGTH);
        String id = Identity.randomId();
        view.addPending(id, userName, avatar, text);
        outbox.add(id, text);
    }

    // ConnectionHandler

    @Override
    public String loginFrame() {
        return Json.loginFrame(Wire.TYPE_LOGIN, Identity.newSocketId(), userName, avatar, identity.openid(),
                (double) timeline.lastSeq(), timeline.epoch());
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
            if (u != null && users.put(u.userId(), u) == null) {
                names.saw(u.userId(), u.userAvatar(), u.userName());
                usersTotal++;
                view.setUsers(users.values(), timeline.myUserId(), usersTotal, names);
                view.addNotice(names.shown(u.userId(), u.userName()) + " joined", "presence");
            }
        } else if (Wire.TYPE_LEAVE.equals(type)) {
            UserInfo u = user(frame);
            if (u != null && users.remove(u.userId()) != null) {
                usersTotal--;
                view.setUsers(users.values(), timeline.myUserId(), usersTotal, names);
                view.addNotice(names.shown(u.userId(), u.userName()) + " left", "presence");
            }
        } else if (Wire.TYPE_ERROR.equals(type)) {
            onError(frame);
        } else if (Wire.TYPE_HISTORY.equals(type)) {
            onOlderPage(frame);
        }
    }

    private void onLoginReply(JSObject frame) {
        if (!Json.isTrue(frame, Wire.OK)) {
            return;
        }
        Timeline.EpochChange change = timeline.onLoginReply(Json.string(frame, Wire.USER_ID), Json.string(frame, Wire.EPOCH));
        if (change != Timeline.EpochChange.SAME) {
            history.reset(timeline.epoch(), timeline.myUserId()); // what is saved from here on is this sequence's
        }
        if (change == Timeline.EpochChange.RESET) {
            names.forgetAll();
            beginningShown = false;
            view.addNotice("The server's history was reset; the messages above are from before.", "presence");
        }
        if (Json.isTrue(frame, Wire.GAP_TOO_LARGE)) {
            view.addNotice("You were away for many messages; here are the latest.", "presence");
        }
        users.clear();
        JSObject list = Json.array(frame, Wire.USERS);
        for (int i = 0; i < Json.length(list); i++) {
            JSObject item = Json.at(list, i);
            UserInfo u = item == null ? null : user(item);
            if (u != null) {
                users.put(u.userId(), u);
                names.saw(u.userId(), u.userAvatar(), u.userName());
            }
        }
        double total = Json.number(frame, Wire.USERS_TOTAL);
        usersTotal = Double.isNaN(total) ? users.size() : (int) total;
        view.setUsers(users.values(), timeline.myUserId(), usersTotal, names);
        JSObject history = Json.array(frame, Wire.HISTORY);
        for (int i = 0; i < Json.length(history); i++) {
            JSObject item = Json.at(history, i);
            if (item != null) {
                showMessage(item);
            }
        }
        outbox.onLoggedIn(); // after the missed messages, so order holds
    }

    private void showMessage(JSObject frame) {
        showMessage(frame, true);
    }

    /** Scrolled to the top while connected: asks for the page before the oldest message shown. */
    private void loadOlderAtTop() {
        long oldest = view.oldestSeq();
        if (loadingOlder || beginningShown || !view.atTop() || connection == null || oldest < 1) {
            return;
        }
        if (oldest == 1) {
            beginningShown = true;
            view.showBeginning();
            return;
        }
        if (connection.send(Json.historyRequest(Wire.TYPE_HISTORY, (double) oldest))) {
            loadingOlder = true;
            view.showLoadingOlder(true);
        }
    }

    private void onOlderPage(JSObject frame) {
        loadingOlder = false;
        view.showLoadingOlder(false);
        JSObject list = Json.array(frame, Wire.MESSAGES);
        List<ChatMessage> older = new java.util.ArrayList<>();
        List<Boolean> mine = new java.util.ArrayList<>();
        List<String> shownNames = new java.util.ArrayList<>();
        long oldest = view.oldestSeq();
        for (int i = 0; i < Json.length(list); i++) {
            JSObject item = Json.at(list, i);
            ChatMessage m = item == null ? null : chatMessage(item);
            if (m == null || (oldest >= 0 && m.seq() >= oldest)) {
                continue; // shown already
            }
            names.saw(m.userId(), m.userAvatar(), m.userName());
            older.add(m);
            mine.add(m.userId().equals(timeline.myUserId()));
            shownNames.add(names.shown(m.userId(), m.userName()));
        }
        view.prependMessages(older, mine, shownNames);
        if (Json.isTrue(frame, Wire.COMPLETE)) {
            beginningShown = true;
            view.showBeginning();
        }
    }

    /** The message a frame carries, or null when a field is missing. */
    private static ChatMessage chatMessage(JSObject frame) {
        double seq = Json.number(frame, Wire.SEQ);
        String data = Json.string(frame, Wire.DATA);
        String userId = Json.string(frame, Wire.USER_ID);
        if (Double.isNaN(seq) || data == null || userId == null) {
            return null;
        }
        double t = Json.number(frame, Wire.TIME);
        String room = Json.string(frame, Wire.ROOM);
        return new ChatMessage(room == null ? Rooms.LOBBY : room, (long) seq, Double.isNaN(t) ? 0 : (long) t, userId,
                orEmpty(Json.string(frame, Wire.USER_NAME)), orEmpty(Json.string(frame, Wire.USER_AVATAR)), data,
                Json.string(frame, Wire.CLIENT_MSG_ID));
    }

    /** @param keep whether to save it on this device (not when it comes from there) */
    private void showMessage(JSObject frame, boolean keep) {
        ChatMessage m = chatMessage(frame);
        if (m == null) {
            return;
        }
        String clientMsgId = m.clientMsgId();
        Timeline.Arrival arrival = timeline.onMessage(m.seq(), m.userId(), clientMsgId);
        if (arrival.confirmsPending() && outbox.confirm(clientMsgId)) {
            view.removePending(clientMsgId);
        }
        if (!arrival.show()) {
            return; // shown already (the server answered a retry with the original)
        }
        boolean mine = arrival.mine();
        names.saw(m.userId(), m.userAvatar(), m.userName());
        view.addMessage(m, mine, names.shown(m.userId(), m.userName()));
        if (keep) {
            history.add(frame);
            if (historySave == null) { // at most one write a second, however busy the room
                historySave = time.schedule(() -> {
                    historySave = null;
                    history.save();
                }, 1_000);
            }
        }
    }

    private void onError(JSObject frame) {
        String code = Json.string(frame, Wire.CODE);
        String message = Json.string(frame, Wire.MESSAGE);
        String clientMsgId = Json.string(frame, Wire.CLIENT_MSG_ID);
        if (clientMsgId == null) {
            if (loadingOlder) { // the page of older messages was refused: scrolling up asks again
                loadingOlder = false;
                view.showLoadingOlder(false);
            }
            view.addNotice("Server: " + (message == null ? code : message), "error");
        } else if (ErrorCode.sendAgainLater(code)) {
            outbox.retryLater(clientMsgId); // still pending; it goes again
        } else if (outbox.reject(clientMsgId) != null) {
            view.markFailed(clientMsgId, message == null ? code : message);
        }
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
        if (status.state() != ConnectionState.ONLINE && outbox != null) {
            outbox.onDisconnected();
        }
        view.setPendingLabel(status.state() == ConnectionState.ONLINE);
        if (status.state() != ConnectionState.ONLINE) {
            view.setUsersUnknown();
            if (loadingOlder) { // its answer went with the socket
                loadingOlder = false;
                view.showLoadingOlder(false);
            }
        }
        showStatus();
    }

    private void showStatus() {
        if (statusTicker != null) {
            statusTicker.cancel();
            statusTicker = null;
        }
        if (connection == null) {
            return;
        }
        StatusLine line = StatusLine.of(connection.status(), time.nowMillis(), Navigator.isOnline());
        view.setStatus(line.text(), line.detail(), line.state());
        if (line.countingDown()) {
            statusTicker = time.schedule(this::showStatus, 1000);
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
