package heartbeatchat.client;

import heartbeatchat.shared.protocol.ChatMessage;
import heartbeatchat.shared.protocol.RoomSummary;
import heartbeatchat.shared.protocol.UserInfo;
import heartbeatchat.shared.session.ClientRoom;
import org.teavm.jso.JSBody;
import org.teavm.jso.dom.html.HTMLDocument;
import org.teavm.jso.dom.html.HTMLElement;
import org.teavm.jso.dom.html.HTMLInputElement;
import org.teavm.jso.dom.html.HTMLTextAreaElement;
import org.teavm.jso.dom.xml.NodeList;

import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * The page's DOM. User text only ever reaches it through text nodes ({@code createTextNode},
 * {@code textContent}), never as HTML.
 */
final class ChatView {
    static final String[] AVATARS = {"🐱", "🐶", "🦊", "🐼", "🐸", "🐵", "🦁", "🐯", "🐨", "🐰", "🐧", "🦉"};

    private final HTMLDocument doc = HTMLDocument.current();
    final HTMLElement loginView = byId("login-view");
    final HTMLElement loginForm = byId("login-form");
    final HTMLInputElement nameInput = (HTMLInputElement) byId("name-input");
    private final HTMLElement avatarPicker = byId("avatar-picker");
    private final HTMLElement loginError = byId("login-error");
    final HTMLElement chatView = byId("chat-view");
    private final HTMLElement status = byId("status");
    /** What screen readers hear: the state when it changes, not every tick of a countdown. */
    private final HTMLElement statusAnnounce = byId("status-announce");
    private final HTMLElement messages = byId("messages");
    private final HTMLElement onlineList = byId("online-list");
    private final HTMLElement onlineCount = byId("online-count");
    private final HTMLElement roster = byId("roster");
    final HTMLElement reconnectNow = byId("reconnect-now");
    private final HTMLElement messageCounter = byId("message-counter");
    final HTMLElement newBelow = byId("new-below");
    final HTMLElement composer = byId("composer");
    final HTMLTextAreaElement messageInput = (HTMLTextAreaElement) byId("message-input");
    private final HTMLElement roomsNav = byId("rooms");
    private final HTMLElement roomList = byId("room-list");
    final HTMLElement roomsToggle = byId("rooms-toggle");
    private final HTMLElement roomsToggleUnread = byId("rooms-toggle-unread");
    final HTMLElement newRoomButton = byId("new-room");
    final HTMLElement newRoomForm = byId("new-room-form");
    final HTMLInputElement newRoomName = (HTMLInputElement) byId("new-room-name");
    private final HTMLElement roomError = byId("room-error");
    final HTMLElement findRooms = byId("find-rooms");
    private final HTMLElement directory = byId("room-directory");
    private final HTMLElement roomTitle = byId("room-title");
    private final HTMLElement roomMembers = byId("room-members");
    final HTMLElement leaveRoom = byId("leave-room");
    private final HTMLElement typing = byId("typing");
    /** Called with a room id when the user picks a room in the list. */
    Consumer<String> onOpenRoom = id -> { };
    /** Called with a user id when the user asks to message someone alone. */
    Consumer<String> onMessageUser = id -> { };
    /** Called with a room id when the user joins a room from the directory. */
    Consumer<String> onJoinRoom = id -> { };
    final HTMLElement changeName = byId("change-name");
    private final HTMLElement me = byId("me");
    private String selectedAvatar = AVATARS[0];

    private HTMLElement byId(String id) {
        HTMLElement e = doc.getElementById(id);
        if (e == null) {
            throw new IllegalStateException("index.html has no #" + id);
        }
        return e;
    }

    void showLogin(String name, String avatar, String error) {
        chatView.setHidden(true);
        loginView.setHidden(false);
        nameInput.setValue(name);
        selectedAvatar = avatar == null ? AVATARS[0] : avatar;
        renderAvatarPicker();
        loginError.setTextContent(error);
        nameInput.focus();
    }

    String selectedAvatar() {
        return selectedAvatar;
    }

    private void renderAvatarPicker() {
        clear(avatarPicker);
        for (String a : AVATARS) {
            HTMLElement b = doc.createElement("button");
            b.setAttribute("type", "button");
            b.setAttribute("aria-pressed", String.valueOf(a.equals(selectedAvatar)));
            b.setClassName(a.equals(selectedAvatar) ? "avatar-choice selected" : "avatar-choice");
            b.setTextContent(a);
            b.addEventListener("click", e -> {
                selectedAvatar = a;
                renderAvatarPicker();
            });
            avatarPicker.appendChild(b);
        }
    }

    void showChat(String name, String avatar) {
        loginView.setHidden(true);
        chatView.setHidden(false);
        me.setTextContent(avatar + " " + name);
        messageInput.focus();
    }

    /**
     * A stored message, placed after the other stored ones and before anything still pending, under
     * a date line ("Today", "Yesterday", a date) when it is the first of its day.
     */
    void addMessage(ChatMessage m, boolean mine, String shownName) {
        HTMLElement li = storedItem(m, mine, shownName);
        NodeList<? extends HTMLElement> stored = messages.querySelectorAll("li.message[data-seq]");
        String day = li.getAttribute("data-day");
        if (stored.getLength() == 0 || !day.equals(stored.item(stored.getLength() - 1).getAttribute("data-day"))) {
            placeStored(element("li", "notice day", dayLabel((double) m.time())));
        }
        placeStored(li);
    }

    private void placeStored(HTMLElement li) {
        HTMLElement firstPending = (HTMLElement) messages.querySelector("li.pending");
        if (firstPending == null) {
            append(li);
        } else {
            messages.insertBefore(li, firstPending);
        }
    }

    /** Empties the list, to show another room (or the same one again, with older messages). */
    void clearMessages() {
        clear(messages);
        newBelow.setHidden(true);
    }

    /** The room list, the open room marked; the toggle at phone width shows the unread total. */
    void setRooms(List<ClientRoom> rooms, String open, long totalUnread) {
        clear(roomList);
        for (ClientRoom r : rooms) {
            HTMLElement b = doc.createElement("button");
            b.setAttribute("type", "button");
            b.setClassName("room-link");
            b.setAttribute("data-room", r.id());
            b.setAttribute("aria-current", String.valueOf(r.id().equals(open)));
            b.appendChild(element("span", "room-kind", r.direct() ? "@" : "#"));
            b.appendChild(element("span", "room-name", r.title()));
            if (r.unread() > 0) {
                HTMLElement badge = element("span", "count unread", String.valueOf(r.unread()));
                badge.setAttribute("aria-label", r.unread() + " unread");
                b.appendChild(badge);
            }
            b.addEventListener("click", e -> onOpenRoom.accept(r.id()));
            HTMLElement li = doc.createElement("li");
            li.appendChild(b);
            roomList.appendChild(li);
        }
        roomsToggleUnread.setTextContent(totalUnread > 0 ? String.valueOf(totalUnread) : "");
        doc.setTitle(totalUnread > 0 ? "(" + totalUnread + ") Heartbeat Chat" : "Heartbeat Chat");
    }

    /** At phone width the room list is a menu: opens or closes it. */
    void showRoomMenu(boolean open) {
        roomsNav.setClassName(open ? "rooms open" : "rooms");
        roomsToggle.setAttribute("aria-expanded", String.valueOf(open));
    }

    boolean roomMenuOpen() {
        return roomsNav.getClassName().contains("open");
    }

    void setRoomHead(String title, String members, boolean canLeave) {
        roomTitle.setTextContent(title);
        roomMembers.setTextContent(members);
        leaveRoom.setHidden(!canLeave);
    }

    void setRoomError(String text) {
        roomError.setTextContent(text);
    }

    /** The public rooms from a {@code rooms} frame, each not joined yet with a Join button. */
    /** The rooms one can join, each with its member count and last activity. */
    void showDirectory(List<RoomSummary> rooms) {
        clear(directory);
        directory.setHidden(false);
        if (rooms.isEmpty()) {
            directory.appendChild(element("li", "notice", "No other rooms yet: create one."));
        }
        for (RoomSummary r : rooms) {
            String day = r.lastTime() == 0 ? "" : dayLabel((double) r.lastTime());
            String activity = r.lastTime() == 0 ? "no messages yet" : "last message "
                    + (day.equals("Today") || day.equals("Yesterday") ? day.toLowerCase() : "on " + day)
                    + " at " + clockTime((double) r.lastTime());
            HTMLElement li = element("li", "", r.name() + " (" + r.members() + (r.members() == 1 ? " member, " : " members, ")
                    + activity + ")");
            HTMLElement join = element("button", "plain join", "Join");
            join.setAttribute("type", "button");
            join.setAttribute("aria-label", "Join " + r.name());
            join.addEventListener("click", e -> onJoinRoom.accept(r.id()));
            li.appendChild(join);
            directory.appendChild(li);
        }
    }

    void hideDirectory() {
        directory.setHidden(true);
    }

    void setTyping(String text) {
        typing.setTextContent(text);
    }

    /** Shows {@code text} ("Seen", "Seen by 2") under one's own message {@code seq}, and nowhere else. */
    void setSeen(long seq, String text) {
        NodeList<? extends HTMLElement> old = messages.querySelectorAll(".seen");
        for (int i = 0; i < old.getLength(); i++) {
            old.item(i).getParentNode().removeChild(old.item(i));
        }
        if (text.isEmpty()) {
            return;
        }
        HTMLElement li = (HTMLElement) messages.querySelector("li.mine[data-seq=\"" + seq + "\"] .bubble");
        if (li != null) {
            li.appendChild(element("div", "seen", text));
        }
    }

    /** What pending messages say while the page is online: they are on their way. */
    static final String SENDING = "sending…";
    /** What they say otherwise: nothing can be sent until the connection is back. */
    static final String WAITING = "waiting for connection";

    private String pendingLabel = WAITING;

    /** True when the list is scrolled to (near) its top: time to load older messages. */
    boolean atTop() {
        return messages.getScrollTop() < 40;
    }

    /** Says at the top that older messages are on their way, or stops saying it. */
    void showLoadingOlder(boolean loading) {
        HTMLElement old = (HTMLElement) messages.querySelector("li.loading-older");
        if (old != null) {
            messages.removeChild(old);
        }
        if (loading) {
            messages.insertBefore(element("li", "notice loading-older", "Loading older messages…"), messages.getFirstChild());
        }
    }

    /** Runs a re-render of the list, keeping what the user was reading where it was (measured from the bottom). */
    void rerenderKeepingView(Runnable render) {
        int fromBottom = messages.getScrollHeight() - messages.getScrollTop();
        render.run();
        messages.setScrollTop(messages.getScrollHeight() - fromBottom);
    }

    /** Marks the top of the list as the room's beginning: there is nothing older to load. */
    void showBeginning() {
        if (messages.querySelector("li.beginning") == null) {
            messages.insertBefore(element("li", "notice beginning", "The beginning of the conversation"),
                    messages.getFirstChild());
        }
    }

    /** A message of one's own that the server has not confirmed yet; it stays at the bottom. */
    void addPending(String clientMsgId, String name, String avatar, String data) {
        HTMLElement li = bubble("message mine pending", avatar, name, pendingLabel, data);
        li.setAttribute("data-client-msg-id", clientMsgId);
        messages.appendChild(li);
        scrollToLatest(); // what one sends is shown, even when scrolled up
    }

    void removePending(String clientMsgId) {
        HTMLElement li = pending(clientMsgId);
        if (li != null) {
            messages.removeChild(li);
        }
    }

    /** The server refused a pending message for good: it stays visible, marked as not sent. */
    void markFailed(String clientMsgId, String why) {
        HTMLElement li = pending(clientMsgId);
        if (li != null) {
            li.setClassName("message mine failed");
            li.removeAttribute("data-client-msg-id");
            HTMLElement time = li.querySelector(".time");
            time.setTextContent("not sent: " + why);
        }
    }

    /** Says on every pending message whether it is being sent or waits for the connection. */
    void setPendingLabel(boolean online) {
        pendingLabel = online ? SENDING : WAITING;
        NodeList<? extends HTMLElement> all = messages.querySelectorAll("li.pending .time");
        for (int i = 0; i < all.getLength(); i++) {
            all.item(i).setTextContent(pendingLabel);
        }
    }

    /** The list item of a stored message, marked with its seq. */
    private HTMLElement storedItem(ChatMessage m, boolean mine, String shownName) {
        HTMLElement li = bubble(mine ? "message mine" : "message theirs", m.userAvatar(), shownName,
                clockTime((double) m.time()), m.data());
        li.setAttribute("data-seq", String.valueOf(m.seq()));
        li.setAttribute("data-user-id", m.userId());
        li.setAttribute("data-day", dayKey((double) m.time()));
        return li;
    }

    private HTMLElement pending(String clientMsgId) {
        NodeList<? extends HTMLElement> all = messages.querySelectorAll("li.pending");
        for (int i = 0; i < all.getLength(); i++) {
            HTMLElement li = all.item(i);
            if (clientMsgId.equals(li.getAttribute("data-client-msg-id"))) {
                return li;
            }
        }
        return null;
    }

    private HTMLElement bubble(String className, String avatarText, String name, String time, String text) {
        HTMLElement li = doc.createElement("li");
        li.setClassName(className);
        HTMLElement bubble = doc.createElement("div");
        bubble.setClassName("bubble");
        HTMLElement meta = doc.createElement("div");
        meta.setClassName("meta");
        meta.appendChild(element("span", "name", name));
        meta.appendChild(element("time", "time", time));
        bubble.appendChild(meta);
        bubble.appendChild(textWithLinks(text));
        li.appendChild(element("span", "avatar", avatarText));
        li.appendChild(bubble);
        return li;
    }

    /**
     * The message text as text nodes, with http(s) links as anchors whose address and words are the
     * link itself ({@link LinkText}); they open in a new tab without a reference back to this page.
     */
    private HTMLElement textWithLinks(String text) {
        HTMLElement div = doc.createElement("div");
        div.setClassName("text");
        for (LinkText.Piece piece : LinkText.split(text)) {
            if (piece.link()) {
                HTMLElement a = doc.createElement("a");
                a.setAttribute("href", piece.text());
                a.setAttribute("rel", "noopener noreferrer");
                a.setAttribute("target", "_blank");
                a.appendChild(doc.createTextNode(piece.text()));
                div.appendChild(a);
            } else {
                div.appendChild(doc.createTextNode(piece.text()));
            }
        }
        return div;
    }

    void addNotice(String text, String kind) {
        append(element("li", "notice " + kind, text));
    }

    /** @param total how many are online; the list may hold only the first of them in a big room */
    void setUsers(Collection<UserInfo> users, String myUserId, int total, NameTags names) {
        clear(onlineList);
        roster.removeAttribute("data-stale");
        for (UserInfo u : users) {
            String label = u.userAvatar() + " " + names.shown(u.userId(), u.userName());
            HTMLElement li;
            if (u.userId().equals(myUserId)) {
                li = element("li", "user me", label);
            } else { // choosing someone opens the conversation with them alone
                li = doc.createElement("li");
                li.setClassName("user");
                HTMLElement b = element("button", "", label);
                b.setAttribute("type", "button");
                b.setAttribute("title", "Message " + u.userName() + " alone");
                b.addEventListener("click", e -> onMessageUser.accept(u.userId()));
                li.appendChild(b);
            }
            onlineList.appendChild(li);
        }
        if (total > users.size()) {
            onlineList.appendChild(element("li", "user more", "and " + (total - users.size()) + " more"));
        }
        onlineCount.setTextContent(String.valueOf(Math.max(total, users.size())));
    }

    /** @param state one of online, connecting, reconnecting, offline: the status bar's colour */
    void setStatus(String text, String detail, String state) {
        if (!state.equals(status.getAttribute("data-state")) || statusAnnounce.getTextContent().isEmpty()) {
            statusAnnounce.setTextContent(text + (detail.isEmpty() ? "" : " " + detail));
        }
        clear(status);
        status.appendChild(doc.createTextNode(text));
        if (!detail.isEmpty()) {
            status.appendChild(element("span", "detail", " " + detail));
        }
        status.setAttribute("data-state", state);
        status.setClassName("status " + state);
        reconnectNow.setHidden(!state.equals("reconnecting") && !state.equals("offline"));
    }

    /** Not connected: who is online is unknown, so the list says so instead of showing who was. */
    void setUsersUnknown() {
        clear(onlineList);
        onlineList.appendChild(element("li", "user unknown", "unknown while not connected"));
        onlineCount.setTextContent("");
        roster.setAttribute("data-stale", "true");
    }

    /** Shows how long the typed message is once it nears the limit, in red past it. */
    void setMessageLength(int length, int max) {
        messageCounter.setHidden(length < max * 9 / 10);
        messageCounter.setTextContent(length + " / " + max);
        messageCounter.setClassName(length > max ? "counter over" : "counter");
    }

    private void append(HTMLElement item) {
        boolean atBottom = isScrolledToBottom(messages);
        messages.appendChild(item);
        if (atBottom) {
            scrollToBottom(messages);
        } else if (item.getClassName().startsWith("message")) {
            newBelow.setHidden(false); // the user is reading higher up: say that more came
        }
    }

    /** Shows the newest message and hides "new messages below". */
    void scrollToLatest() {
        scrollToBottom(messages);
        newBelow.setHidden(true);
    }

    /** Called when the list scrolls: reaching the bottom by hand hides "new messages below". */
    void onMessagesScrolled() {
        if (isScrolledToBottom(messages)) {
            newBelow.setHidden(true);
        }
    }

    HTMLElement messagesList() {
        return messages;
    }

    private HTMLElement element(String tag, String className, String text) {
        HTMLElement e = doc.createElement(tag);
        e.setClassName(className);
        e.appendChild(doc.createTextNode(text));
        return e;
    }

    private static void clear(HTMLElement e) {
        while (e.getLastChild() != null) {
            e.removeChild(e.getLastChild());
        }
    }

    @JSBody(params = "e", script = "return e.scrollHeight - e.scrollTop - e.clientHeight < 40;")
    private static native boolean isScrolledToBottom(HTMLElement e);

    @JSBody(params = "e", script = "e.scrollTop = e.scrollHeight;")
    private static native void scrollToBottom(HTMLElement e);

    @JSBody(params = "epochMillis", script = "return new Date(epochMillis).toDateString();")
    private static native String dayKey(double epochMillis);

    /** "Today", "Yesterday", or the date in the reader's own format. */
    @JSBody(params = "epochMillis", script = "var d = new Date(epochMillis); var now = new Date();"
            + "if (d.toDateString() === now.toDateString()) { return 'Today'; }"
            + "var y = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1);"
            + "if (d.toDateString() === y.toDateString()) { return 'Yesterday'; }"
            + "return d.toLocaleDateString([], {weekday: 'short', year: 'numeric', month: 'short', day: 'numeric'});")
    private static native String dayLabel(double epochMillis);

    @JSBody(params = "epochMillis", script = "return new Date(epochMillis).toLocaleTimeString([], "
            + "{hour: '2-digit', minute: '2-digit'});")
    private static native String clockTime(double epochMillis);
}
