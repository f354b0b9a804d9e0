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
import heartbeatchat.shared.protocol.RoomEntry;
import heartbeatchat.shared.protocol.RoomSummary;
import heartbeatchat.shared.protocol.ServerFrame;
import heartbeatchat.shared.protocol.ServerFrames;
import heartbeatchat.shared.protocol.LoginRequest;
import heartbeatchat.shared.protocol.RoomNames;
import heartbeatchat.shared.protocol.Rooms;
import heartbeatchat.shared.protocol.TokenBucket;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.protocol.UserNames;
import heartbeatchat.shared.session.ChatSession;
import heartbeatchat.shared.session.ClientRoom;
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
    /** Reads every frame the server sends. */
    private final ServerFrames.Decoder decoder = new BrowserServerFrames();
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
    /** The messages shown in each room, in seq order. */
    private final Map<String, List<ChatMessage>> shown = new HashMap<>();
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
            session.useOutbox(outbox);
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
        List<ChatMessage> messages = HistoryCache.messages(saved);
        for (ChatMessage m : messages) {
            showMessage(m, false);
        }
        return !messages.isEmpty();
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
        ServerFrame frame = decoder.decode(text);
        if (frame instanceof ServerFrame.Message m) {
            showMessage(m.message(), true);
        } else if (frame instanceof ServerFrame.LoginReply reply) {
            onLoginReply(reply);
        } else if (frame instanceof ServerFrame.UserJoined joined) {
            UserInfo u = joined.user();
            if (users.put(u.userId(), u) == null) {
                names.saw(u.userId(), u.userAvatar(), u.userName());
                usersTotal++;
                view.setUsers(users.values(), session.myUserId(), usersTotal, names);
                lobbyNotice(names.shown(u.userId(), u.userName()) + " joined");
            }
        } else if (frame instanceof ServerFrame.UserLeft gone) {
            UserInfo u = gone.user();
            if (users.remove(u.userId()) != null) {
                usersTotal--;
                view.setUsers(users.values(), session.myUserId(), usersTotal, names);
                lobbyNotice(names.shown(u.userId(), u.userName()) + " left");
            }
        } else if (frame instanceof ServerFrame.Error error) {
            onError(error);
        } else if (frame instanceof ServerFrame.HistoryPage page) {
            onOlderPage(page);
        } else if (frame instanceof ServerFrame.Room room) {
            onRoomEntry(room.entry());
            if (openNextRoom) {
                openNextRoom = false;
                openRoom(room.entry().id());
            }
        } else if (frame instanceof ServerFrame.RoomList list) {
            onRoomList(list);
        } else if (frame instanceof ServerFrame.RoomLeft left) {
            left(left.room());
        } else if (frame instanceof ServerFrame.Members members) {
            session.onMembers(members.room(), members.members());
        } else if (frame instanceof ServerFrame.Typing typing) {
            UserInfo u = typing.user();
            session.onTyping(typing.room(), u.userId(), names.shown(u.userId(), u.userName()));
        } else if (frame instanceof ServerFrame.Read read) {
            session.onRead(read.room(), read.userId(), read.seq());
        }
        // ServerFrame.Unknown: a frame this page does not know is ignored, as the protocol asks
    }

    private void lobbyNotice(String text) {
        if (Rooms.LOBBY.equals(session.openRoom())) {
            view.addNotice(text, "presence");
        }
    }

    private void onLoginReply(ServerFrame.LoginReply reply) {
        ChatSession.EpochChange change = session.onLoginReply(reply.userId(), reply.epoch());
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
        if (reply.gapTooLarge() && Rooms.LOBBY.equals(session.openRoom())) {
            view.addNotice("You were away for many messages; here are the latest.", "presence");
        }
        users.clear();
        for (UserInfo u : reply.users()) {
            users.put(u.userId(), u);
            names.saw(u.userId(), u.userAvatar(), u.userName());
        }
        usersTotal = reply.usersTotal();
        view.setUsers(users.values(), session.myUserId(), usersTotal, names);
        if (reply.rooms() != null) {
            for (RoomEntry entry : reply.rooms()) {
                onRoomEntry(entry);
            }
            for (String id : session.roomsNotIn(reply.rooms())) {
                left(id); // left while this page was away
            }
        }
        for (ChatMessage m : reply.history()) {
            showMessage(m, true);
        }
        session.onResumed(); // the outbox sends after the missed messages, so order holds
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
    private void onRoomEntry(RoomEntry e) {
        String id = e.id();
        boolean known = session.roomState(id) != null;
        session.onRoom(e);
        if (e.gapTooLarge() && known) {
            shown.remove(id); // the messages before the gap would leave a hole: show the latest page alone
            beginningShown.remove(id);
            if (id.equals(session.openRoom())) {
                renderOpenRoom();
                view.addNotice("You were away for many messages; here are the latest.", "presence");
            }
        }
        for (ChatMessage m : e.history()) {
            showMessage(m, true);
        }
    }

    private static String membersText(ClientRoom r) {
        return Rooms.LOBBY.equals(r.id()) ? "everyone" : r.direct() ? "just you two"
                : r.members() + (r.members() == 1 ? " member" : " members");
    }

    /** The answer to "Find rooms": the public rooms this user is not in yet. */
    private void onRoomList(ServerFrame.RoomList list) {
        List<RoomSummary> notJoined = new ArrayList<>();
        for (RoomSummary r : list.rooms()) {
            if (!r.joined()) {
                notJoined.add(r);
            }
        }
        view.showDirectory(notJoined);
    }

    /** Scrolled to the top of the open room while connected: asks for the page before the oldest message shown. */
    private void loadOlderAtTop() {
        String room = session.openRoom();
        List<ChatMessage> messages = shown.getOrDefault(room, List.of());
        long oldest = messages.isEmpty() ? -1 : messages.get(0).seq();
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

    private void onOlderPage(ServerFrame.HistoryPage page) {
        String room = page.room();
        loadingOlder.remove(room);
        List<ChatMessage> messages = shown.computeIfAbsent(room, r -> new ArrayList<>());
        long oldest = messages.isEmpty() ? Long.MAX_VALUE : messages.get(0).seq();
        List<ChatMessage> older = new ArrayList<>();
        for (ChatMessage m : page.messages()) {
            if (m.seq() < oldest) {
                names.saw(m.userId(), m.userAvatar(), m.userName());
                older.add(m);
            }
        }
        messages.addAll(0, older);
        if (page.complete()) {
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
        for (ChatMessage m : shown.getOrDefault(room, List.of())) {
            view.addMessage(m, m.userId().equals(session.myUserId()), names.shown(m.userId(), m.userName()));
        }
        for (OutboxEntry e : outbox.pending()) {
            if (e.room().equals(room)) {
                view.addPending(e.clientMsgId(), userName, avatar, e.data());
            }
        }
        view.setSeen(session.mySeenSeq(room), session.seenText(room));
    }

    /** @param keep whether to save it on this device (not when it comes from there) */
    private void showMessage(ChatMessage m, boolean keep) {
        ChatSession.Arrival arrival = session.onMessage(m);
        if (arrival.confirmedPending()) {
            view.removePending(m.clientMsgId());
        }
        if (!arrival.show()) {
            return; // shown already (the server answered a retry with the original, or a resume overlapped)
        }
        names.saw(m.userId(), m.userAvatar(), m.userName());
        shown.computeIfAbsent(m.room(), r -> new ArrayList<>()).add(m);
        if (arrival.inOpenRoom()) {
            view.addMessage(m, arrival.mine(), names.shown(m.userId(), m.userName()));
            if (arrival.mine()) {
                view.setSeen(m.seq(), session.seenText(m.room()));
            }
        }
        if (keep && Rooms.LOBBY.equals(m.room())) {
            history.add(m);
            if (historySave == null) { // at most one write a second, however busy the room
                historySave = time.schedule(() -> {
                    historySave = null;
                    history.save();
                }, 1_000);
            }
        }
    }

    private void onError(ServerFrame.Error error) {
        ChatSession.ErrorAnswer answer = session.onError(error);
        switch (answer.kind()) {
            case FAILED:
                view.markFailed(error.clientMsgId(), answer.text());
                break;
            case ROOM_REFUSED:
            case NOTICE:
                if (loadingOlder.remove(session.openRoom())) { // the page of older messages was refused: scrolling up asks again
                    view.showLoadingOlder(false);
                }
                openNextRoom = false;
                view.setRoomError(answer.kind() == ChatSession.ErrorKind.ROOM_REFUSED ? answer.text() : "");
                view.addNotice(answer.text(), "error");
                break;
            default: // SENDING_AGAIN: still pending, it goes again; NONE: confirmed meanwhile
                break;
        }
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
        if (status.state() != ConnectionState.ONLINE) {
            session.onDisconnected();
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
