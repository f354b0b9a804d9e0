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
import heartbeatchat.shared.protocol.ClientFrame;
import heartbeatchat.shared.protocol.ClientFrames;
import heartbeatchat.shared.protocol.ErrorCode;
import heartbeatchat.shared.protocol.Limits;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.RoomNames;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.UserNames;
import heartbeatchat.shared.protocol.Wire;
import heartbeatchat.shared.session.ChatSession;
import heartbeatchat.shared.session.ClientRoom;
import heartbeatchat.shared.session.RoomEntry;
import heartbeatchat.shared.session.StatusLine;
import heartbeatchat.shared.time.Cancellable;
import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;
import org.teavm.jso.browser.Navigator;
import org.teavm.jso.browser.Window;
import org.teavm.jso.dom.events.KeyboardEvent;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The chat page: DOM wiring around the connection, the outbox and the {@link ChatSession} from
 * {@code shared}, which decide what the server's frames mean. Every message is shown once, in
 * {@code seq} order, in its own room: the login reply carries what each room missed since the last
 * seq shown there, and what the user types waits in the outbox (shown as pending, in the room it
 * was typed in) until its own broadcast comes back.
 */
final class ChatApp implements ConnectionHandler, ChatSession.Listener {
    private static final long OUTBOX_RETRY_MILLIS = 2_000;

    private final ChatView view = new ChatView();
    private final Identity identity = new Identity();
    private final BrowserTime time = new BrowserTime();
    private final OutboxStorage outboxStorage = new OutboxStorage();
    /** Writes every frame the page sends. */
    private final ClientFrames.Encoder encoder = new BrowserClientFrames();
    private final Map<String, UserInfo> users = new LinkedHashMap<>();
    /** How many are online: the login reply's total, kept up by joins and leaves. */
    private int usersTotal;

    private ClientConnection connection;
    private Outbox outbox;
    private String userName;
    private String avatar;
    /** Rooms, positions, unread counts, typing and receipts. */
    private final ChatSession session = new ChatSession(time, time, this);
    /** Short id tags for people who show the same avatar and name. */
    private final NameTags names = new NameTags();
    /** The lobby's last page, kept on this device for an offline reload. */
    private final HistoryCache history = new HistoryCache();
    /** The message frames shown in each room, in seq order. */
    private final Map<String, List<JSObject>> shown = new HashMap<>();
    /** Rooms whose page of older messages was asked for and has not come yet. */
    private final Set<String> loadingOlder = new HashSet<>();
    /** Rooms whose first message is shown: nothing older to load. */
    private final Set<String> beginningShown = new HashSet<>();
    /** The next {@code room} frame answers this tab's own create, join or open: show that room. */
    private boolean openNextRoom;
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
            KeyboardEvent key = (KeyboardEvent) e;
            if ("Enter".equals(key.getKey()) && !key.isShiftKey() && !key.isComposing()) {
                e.preventDefault(); // Enter sends; Shift+Enter breaks the line
                sendTyped();
            }
        });
        view.messageInput.addEventListener("input", e -> {
            view.setMessageLength(view.messageInput.getValue().length(), Limits.MAX_MESSAGE_LENGTH);
            if (!view.messageInput.getValue().isEmpty() && connection != null) {
                session.keyPressed();
            }
        });
        view.reconnectNow.addEventListener("click", e -> wake());
        view.newBelow.addEventListener("click", e -> view.scrollToLatest());
        view.messagesList().addEventListener("scroll", e -> {
            view.onMessagesScrolled();
            loadOlderAtTop();
        });
        view.messagesList().addEventListener("click", e -> {
            HTMLElement target = (HTMLElement) e.getTarget();
            HTMLElement li = closestTheirs(target);
            if (target.getClassName().equals("name") && li != null) {
                openDirect(li.getAttribute("data-user-id")); // a sender's name opens the conversation with them
            }
        });
        view.changeName.addEventListener("click", e -> leave());
        view.roomsToggle.addEventListener("click", e -> view.showRoomMenu(!view.roomMenuOpen()));
        view.onOpenRoom = this::openRoom;
        view.onMessageUser = this::openDirect;
        view.onJoinRoom = id -> {
            openNextRoom = true;
            send(new ClientFrame.JoinRoom(id));
            view.hideDirectory();
        };
        view.newRoomButton.addEventListener("click", e -> {
            view.newRoomForm.setHidden(!view.newRoomForm.isHidden());
            view.newRoomName.focus();
        });
        view.newRoomForm.addEventListener("submit", e -> {
            e.preventDefault();
            createRoom(view.newRoomName.getValue());
        });
        view.findRooms.addEventListener("click", e -> send(new ClientFrame.ListRooms()));
        view.leaveRoom.addEventListener("click", e -> send(new ClientFrame.LeaveRoom(session.openRoom())));
        Window.current().addEventListener("online", e -> wake());
        Window.current().addEventListener("offline", e -> showStatus());
        HTMLDocument.current().addEventListener("visibilitychange", e -> {
            session.setVisible(!isHidden());
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

    private static HTMLElement closestTheirs(HTMLElement e) {
        while (e != null && !"LI".equals(e.getTagName())) {
            e = (HTMLElement) e.getParentNode();
        }
        return e != null && e.getClassName().contains("theirs") ? e : null;
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
        session.setVisible(!isHidden());
        if (outbox == null) {
            outbox = new Outbox(time, new TokenBucket(time, Limits.CLIENT_SEND_BURST, Limits.CLIENT_SEND_PER_SECOND),
                    OUTBOX_RETRY_MILLIS, new Outbox.Port() {
                        @Override
                        public boolean send(OutboxEntry entry) {
                            return connection != null && connection.send(
                                    encoder.encode(new ClientFrame.Chat(entry.room(), entry.data(), entry.clientMsgId())));
                        }

                        @Override
                        public void save(List<OutboxEntry> entries) {
                            outboxStorage.save(entries);
                        }
                    }, outboxStorage.load());
            boolean restored = restoreSavedHistory();
            renderOpenRoom();
            roomsChanged();
            if (restored) {
                view.addNotice("The messages above were saved on this device before the reload; newer ones follow once connected.",
                        "presence");
            }
        }
        ConnectionSettings settings = ConnectionSettings.defaults();
        connection = new ClientConnection(new BrowserTransport(webSocketUrl()), time, time, settings,
                new ReconnectBackoff(settings.reconnectInitialMillis(), settings.reconnectMaxMillis(),
                        settings.reconnectMultiplier(), settings.reconnectJitter(), Math::random), this);
        connection.start();
    }

    /** Takes the lobby's page saved on this device before the reload, to resume after it once connected; true when there was one. */
    private boolean restoreSavedHistory() {
        JSObject saved = history.load();
        if (saved == null) {
            return false;
        }
        session.restore(HistoryCache.epoch(saved), HistoryCache.userId(saved));
        JSObject frames = HistoryCache.frames(saved);
        for (int i = 0; i < Json.length(frames); i++) {
            JSObject frame = Json.at(frames, i);
            if (frame != null) {
                showMessage(frame, false);
            }
        }
        return Json.length(frames) > 0;
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

    private void send(ClientFrame frame) {
        if (connection == null || !connection.send(encoder.encode(frame))) {
            view.setRoomError("Not connected: try again once the status says online.");
        }
    }

    private void createRoom(String raw) {
        String name = RoomNames.normalize(raw);
        ErrorCode problem = RoomNames.problem(name, RoomNames.DEFAULT_MAX_LENGTH);
        if (problem != null) {
            view.setRoomError(problem == ErrorCode.NAME_EMPTY ? "Give the room a name."
                    : problem == ErrorCode.NAME_TOO_LONG ? "A room name has at most " + RoomNames.DEFAULT_MAX_LENGTH + " characters."
                    : "A room name cannot hold invisible or direction-changing characters.");
            return;
        }
        view.setRoomError("");
        openNextRoom = true;
        send(new ClientFrame.CreateRoom(name));
        view.newRoomName.setValue("");
        view.newRoomForm.setHidden(true);
    }

    private void openDirect(String userId) {
        if (userId == null || userId.equals(session.myUserId())) {
            return;
        }
        for (ClientRoom r : session.rooms()) {
            if (r.direct() && userId.equals(r.withUserId())) {
                openRoom(r.id());
                return;
            }
        }
        openNextRoom = true;
        send(new ClientFrame.OpenDirect(userId));
    }

    private void openRoom(String roomId) {
        view.showRoomMenu(false);
        if (!roomId.equals(session.openRoom())) {
            session.open(roomId);
            renderOpenRoom();
            view.messageInput.focus();
        }
    }

    /**
     * Shows the open room: its messages under their date lines, what is pending there, "Seen" and
     * typing. Its head (name, members) follows {@link #roomsChanged()}, which every change of the
     * open room or its details goes through.
     */
    private void renderOpenRoom() {
        renderMessagesOnly();
        view.setTyping(session.typingText(session.openRoom()));
        view.scrollToLatest();
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
        session.messageSent();
        outbox.add(id, session.openRoom(), text);
    }

    // ConnectionHandler

    @Override
    public String loginFrame() {
        return encoder.encode(new ClientFrame.Login(new LoginRequest(Identity.newSocketId(), userName, avatar,
                identity.openid(), session.lobbyLastShown(), session.epoch(), session.resumePositions())));
    }

    @Override
    public void onFrame(String text) {
        JSObject frame = Json.parseObject(text);
        if (frame == null) {
            return;
        }
        String type = Json.string(frame, Wire.TYPE);
        if (Wire.TYPE_MESSAGE.equals(type)) {
            showMessage(frame, true);
        } else if (Wire.TYPE_LOGIN.equals(type)) {
            onLoginReply(frame);
        } else if (Wire.TYPE_JOIN.equals(type)) {
            UserInfo u = user(frame);
            if (u != null && users.put(u.userId(), u) == null) {
                names.saw(u.userId(), u.userAvatar(), u.userName());
                usersTotal++;
                view.setUsers(users.values(), session.myUserId(), usersTotal, names);
                lobbyNotice(names.shown(u.userId(), u.userName()) + " joined");
            }
        } else if (Wire.TYPE_LEAVE.equals(type)) {
            UserInfo u = user(frame);
            if (u != null && users.remove(u.userId()) != null) {
                usersTotal--;
                view.setUsers(users.values(), session.myUserId(), usersTotal, names);
                lobbyNotice(names.shown(u.userId(), u.userName()) + " left");
            }
        } else if (Wire.TYPE_ERROR.equals(type)) {
            onError(frame);
        } else if (Wire.TYPE_HISTORY.equals(type)) {
            onOlderPage(frame);
        } else if (Wire.TYPE_ROOM.equals(type)) {
            onRoomEntry(frame);
            String id = Json.string(frame, Wire.ROOM);
            if (openNextRoom && id != null) {
                openNextRoom = false;
                openRoom(id);
            }
        } else if (Wire.TYPE_ROOMS.equals(type)) {
            onRoomList(frame);
        } else if (Wire.TYPE_LEFT.equals(type)) {
            String id = Json.string(frame, Wire.ROOM);
            if (id != null) {
                left(id);
            }
        } else if (Wire.TYPE_MEMBERS.equals(type)) {
            String room = Json.string(frame, Wire.ROOM);
            double members = Json.number(frame, Wire.MEMBERS);
            if (room != null && !Double.isNaN(members)) {
                session.onMembers(room, (int) members);
            }
        } else if (Wire.TYPE_TYPING.equals(type)) {
            String room = Json.string(frame, Wire.ROOM);
            UserInfo u = user(frame);
            if (room != null && u != null) {
                session.onTyping(room, u.userId(), names.shown(u.userId(), u.userName()));
            }
        } else if (Wire.TYPE_READ.equals(type)) {
            String room = Json.string(frame, Wire.ROOM);
            String userId = Json.string(frame, Wire.USER_ID);
            double seq = Json.number(frame, Wire.SEQ);
            if (room != null && userId != null && !Double.isNaN(seq)) {
                session.onRead(room, userId, (long) seq);
            }
        }
    }

    private void lobbyNotice(String text) {
        if (Rooms.LOBBY.equals(session.openRoom())) {
            view.addNotice(text, "presence");
        }
    }

    private void onLoginReply(JSObject frame) {
        if (!Json.isTrue(frame, Wire.OK)) {
            return;
        }
        ChatSession.EpochChange change = session.onLoginReply(Json.string(frame, Wire.USER_ID), Json.string(frame, Wire.EPOCH));
        if (change != ChatSession.EpochChange.SAME) {
            history.reset(session.epoch(), session.myUserId()); // what is saved from here on is this sequence's
        }
        if (change == ChatSession.EpochChange.RESET) {
            names.forgetAll();
            shown.clear();
            beginningShown.clear();
            renderOpenRoom();
            view.addNotice("The server's history was reset; what you saw before is gone from it.", "presence");
        }
        if (Json.isTrue(frame, Wire.GAP_TOO_LARGE) && Rooms.LOBBY.equals(session.openRoom())) {
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
        view.setUsers(users.values(), session.myUserId(), usersTotal, names);
        Set<String> listed = new HashSet<>();
        JSObject rooms = Json.array(frame, Wire.ROOMS);
        for (int i = 0; i < Json.length(rooms); i++) {
            JSObject entry = Json.at(rooms, i);
            String id = entry == null ? null : Json.string(entry, Wire.ROOM);
            if (id != null) {
                listed.add(id);
                onRoomEntry(entry);
            }
        }
        for (ClientRoom r : session.rooms()) {
            if (!listed.contains(r.id()) && !Rooms.LOBBY.equals(r.id())) { // left while this page was away
                left(r.id());
            }
        }
        JSObject lobbyHistory = Json.array(frame, Wire.HISTORY);
        for (int i = 0; i < Json.length(lobbyHistory); i++) {
            JSObject item = Json.at(lobbyHistory, i);
            if (item != null) {
                showMessage(item, true);
            }
        }
        outbox.onLoggedIn(); // after the missed messages, so order holds
    }

    /** The user left the room (here, in another tab, or while away): forget it; the lobby shows if it was open. */
    private void left(String roomId) {
        boolean wasOpen = roomId.equals(session.openRoom());
        session.onLeft(roomId);
        shown.remove(roomId);
        if (wasOpen) {
            renderOpenRoom();
        }
    }

    /** A room entry (login reply or {@code room} frame): the room, and the messages it carries. */
    private void onRoomEntry(JSObject e) {
        String id = Json.string(e, Wire.ROOM);
        if (id == null) {
            return;
        }
        JSObject with = Json.object(e, Wire.WITH);
        Map<String, Long> reads = new HashMap<>();
        JSObject readsObject = Json.object(e, Wire.READS);
        if (readsObject != null) {
            JSObject keys = Json.keys(readsObject);
            for (int i = 0; i < Json.length(keys); i++) {
                String user = Json.stringAt(keys, i);
                double seq = Json.number(readsObject, user);
                if (!Double.isNaN(seq)) {
                    reads.put(user, (long) seq);
                }
            }
        }
        String name = Json.string(e, Wire.NAME);
        boolean known = session.roomState(id) != null;
        session.onRoom(new RoomEntry(id, name == null ? "" : name, Json.isTrue(e, Wire.DIRECT),
                with == null ? null : Json.string(with, Wire.USER_ID),
                with == null ? null : Json.string(with, Wire.USER_NAME),
                (int) orZero(Json.number(e, Wire.MEMBERS)), (long) orZero(Json.number(e, Wire.LAST_SEQ)),
                (long) orZero(Json.number(e, Wire.READ)), reads));
        if (Json.isTrue(e, Wire.GAP_TOO_LARGE) && known) {
            shown.remove(id); // the messages before the gap would leave a hole: show the latest page alone
            beginningShown.remove(id);
            if (id.equals(session.openRoom())) {
                renderOpenRoom();
                view.addNotice("You were away for many messages; here are the latest.", "presence");
            }
        }
        JSObject messages = Json.array(e, Wire.HISTORY);
        for (int i = 0; i < Json.length(messages); i++) {
            JSObject item = Json.at(messages, i);
            if (item != null) {
                showMessage(item, true);
            }
        }
    }

    private static String membersText(ClientRoom r) {
        return Rooms.LOBBY.equals(r.id()) ? "everyone" : r.direct() ? "just you two"
                : r.members() + (r.members() == 1 ? " member" : " members");
    }

    private static double orZero(double d) {
        return Double.isNaN(d) ? 0 : d;
    }

    /** The answer to "Find rooms": the public rooms this user is not in yet. */
    private void onRoomList(JSObject frame) {
        List<String[]> notJoined = new ArrayList<>();
        JSObject list = Json.array(frame, Wire.ROOMS);
        for (int i = 0; i < Json.length(list); i++) {
            JSObject r = Json.at(list, i);
            String id = r == null ? null : Json.string(r, Wire.ROOM);
            if (id != null && !Json.isTrue(r, Wire.JOINED)) {
                String name = Json.string(r, Wire.NAME);
                notJoined.add(new String[] {id, name == null ? id : name, String.valueOf((int) orZero(Json.number(r, Wire.MEMBERS)))});
            }
        }
        view.showDirectory(notJoined);
    }

    /** Scrolled to the top of the open room while connected: asks for the page before the oldest message shown. */
    private void loadOlderAtTop() {
        String room = session.openRoom();
        List<JSObject> frames = shown.getOrDefault(room, List.of());
        long oldest = frames.isEmpty() ? -1 : (long) Json.number(frames.get(0), Wire.SEQ);
        if (loadingOlder.contains(room) || beginningShown.contains(room) || !view.atTop() || connection == null || oldest < 1) {
            return;
        }
        if (oldest == 1) {
            beginningShown.add(room);
            view.showBeginning();
            return;
        }
        if (connection.send(encoder.encode(new ClientFrame.History(room, oldest)))) {
            loadingOlder.add(room);
            view.showLoadingOlder(true);
        }
    }

    private void onOlderPage(JSObject frame) {
        String room = Json.string(frame, Wire.ROOM);
        if (room == null) {
            room = Rooms.LOBBY;
        }
        loadingOlder.remove(room);
        List<JSObject> frames = shown.computeIfAbsent(room, r -> new ArrayList<>());
        long oldest = frames.isEmpty() ? Long.MAX_VALUE : (long) Json.number(frames.get(0), Wire.SEQ);
        List<JSObject> older = new ArrayList<>();
        JSObject list = Json.array(frame, Wire.MESSAGES);
        for (int i = 0; i < Json.length(list); i++) {
            JSObject item = Json.at(list, i);
            ChatMessage m = item == null ? null : chatMessage(item);
            if (m != null && m.seq() < oldest) {
                names.saw(m.userId(), m.userAvatar(), m.userName());
                older.add(item);
            }
        }
        frames.addAll(0, older);
        if (Json.isTrue(frame, Wire.COMPLETE)) {
            beginningShown.add(room);
        }
        if (room.equals(session.openRoom())) {
            view.rerenderKeepingView(this::renderMessagesOnly);
        }
    }

    /** The open room's list again, without moving to its end (older messages came in above). */
    private void renderMessagesOnly() {
        String room = session.openRoom();
        view.clearMessages();
        if (beginningShown.contains(room)) {
            view.showBeginning();
        }
        for (JSObject frame : shown.getOrDefault(room, List.of())) {
            ChatMessage m = chatMessage(frame);
            view.addMessage(m, m.userId().equals(session.myUserId()), names.shown(m.userId(), m.userName()));
        }
        for (OutboxEntry e : outbox.pending()) {
            if (e.room().equals(room)) {
                view.addPending(e.clientMsgId(), userName, avatar, e.data());
            }
        }
        view.setSeen(session.mySeenSeq(room), session.seenText(room));
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
        ChatSession.Arrival arrival = session.onMessage(m.room(), m.seq(), m.userId(), clientMsgId);
        if (arrival.confirmsPending() && outbox.confirm(clientMsgId)) {
            view.removePending(clientMsgId);
        }
        if (!arrival.show()) {
            return; // shown already (the server answered a retry with the original, or a resume overlapped)
        }
        names.saw(m.userId(), m.userAvatar(), m.userName());
        shown.computeIfAbsent(m.room(), r -> new ArrayList<>()).add(frame);
        if (arrival.inOpenRoom()) {
            view.addMessage(m, arrival.mine(), names.shown(m.userId(), m.userName()));
            if (arrival.mine()) {
                view.setSeen(m.seq(), session.seenText(m.room()));
            }
        }
        if (keep && Rooms.LOBBY.equals(m.room())) {
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
            if (loadingOlder.remove(session.openRoom())) { // the page of older messages was refused: scrolling up asks again
                view.showLoadingOlder(false);
            }
            openNextRoom = false;
            String text = "Server: " + (message == null ? code : message);
            view.setRoomError(isRoomError(code) ? text : "");
            view.addNotice(text, "error");
        } else if (ErrorCode.sendAgainLater(code)) {
            outbox.retryLater(clientMsgId); // still pending; it goes again
        } else if (outbox.reject(clientMsgId) != null) {
            view.markFailed(clientMsgId, message == null ? code : message);
        }
    }

    private static boolean isRoomError(String code) {
        for (ErrorCode c : new ErrorCode[] {ErrorCode.ROOM_LIMIT, ErrorCode.MEMBERSHIP_LIMIT, ErrorCode.ROOM_FULL,
                ErrorCode.DIRECT_LIMIT, ErrorCode.NO_SUCH_ROOM, ErrorCode.NO_SUCH_USER, ErrorCode.CANNOT_LEAVE}) {
            if (c.wire().equals(code)) {
                return true;
            }
        }
        return false;
    }

    private static UserInfo user(JSObject o) {
        String id = Json.string(o, Wire.USER_ID);
        return id == null ? null
                : new UserInfo(id, orEmpty(Json.string(o, Wire.USER_NAME)), orEmpty(Json.string(o, Wire.USER_AVATAR)));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    // ChatSession.Listener

    @Override
    public void sendTyping(String room) {
        if (connection != null) {
            connection.send(encoder.encode(new ClientFrame.Typing(room)));
        }
    }

    @Override
    public void sendRead(String room, long seq) {
        if (connection != null) {
            connection.send(encoder.encode(new ClientFrame.Read(room, seq)));
        }
    }

    @Override
    public void roomsChanged() {
        view.setRooms(session.rooms(), session.openRoom(), session.totalUnread());
        ClientRoom open = session.roomState(session.openRoom());
        view.setRoomHead(open.title(), membersText(open), !Rooms.LOBBY.equals(open.id()) && !open.direct());
    }

    @Override
    public void typingChanged(String room) {
        if (room.equals(session.openRoom())) {
            view.setTyping(session.typingText(room));
        }
    }

    @Override
    public void seenChanged(String room) {
        if (room.equals(session.openRoom())) {
            view.setSeen(session.mySeenSeq(room), session.seenText(room));
        }
    }

    @Override
    public void onStatus(ConnectionStatus status) {
        if (status.state() != ConnectionState.ONLINE && outbox != null) {
            outbox.onDisconnected();
        }
        view.setPendingLabel(status.state() == ConnectionState.ONLINE);
        if (status.state() != ConnectionState.ONLINE) {
            view.setUsersUnknown();
            if (loadingOlder.remove(session.openRoom())) { // its answer went with the socket
                view.showLoadingOlder(false);
            }
            loadingOlder.clear();
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
