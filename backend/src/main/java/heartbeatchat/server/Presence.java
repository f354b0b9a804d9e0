package heartbeatchat.server;

import heartbeatchat.shared.protocol.UserInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who is online: users in order of arrival with their connections (at most so many each), and the
 * page of users that login replies list, serialized once and rewritten only when a listed user
 * arrives, leaves or renames. Up to the presence limit, arrivals and departures are announced;
 * beyond it they are not (they would cost every connection a frame per login). Not thread-safe:
 * the {@link ChatRoom} calls it under its lock.
 */
final class Presence {
    /** What a login did: refused, or added with whether the user is new and to be announced. */
    record Arrival(boolean refused, boolean joined, boolean announce) {
        static final Arrival REFUSED = new Arrival(true, false, false);
    }

    private final int presenceLimit;
    private final int maxConnectionsPerUser;
    private final ServerFrameCodec writer;
    private final Map<String, OnlineUser> online = new LinkedHashMap<>();
    /** The users page of login replies, serialized; null when it must be written again. */
    private String usersJson;

    Presence(int presenceLimit, int maxConnectionsPerUser, ServerFrameCodec writer) {
        this.presenceLimit = presenceLimit;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.writer = writer;
    }

    /** A connection of the user logged in; refused when the user has the most connections already. */
    Arrival arrive(UserInfo info, String connectionId) {
        OnlineUser user = online.get(info.userId());
        if (user != null && user.connectionIds.size() >= maxConnectionsPerUser) {
            return Arrival.REFUSED;
        }
        boolean joined = user == null;
        if (joined) {
            user = new OnlineUser();
            if (online.size() < presenceLimit) {
                usersJson = null; // the new user is on the listed page
            }
            online.put(info.userId(), user);
        }
        if (user.listed && !info.equals(user.info)) {
            usersJson = null; // a listed user's name or avatar changed
        }
        user.info = info; // the latest login's name and avatar
        user.connectionIds.add(connectionId);
        return new Arrival(false, joined, joined && online.size() <= presenceLimit);
    }

    /**
     * A logged-in connection of the user ended. Returns the user when that was their last one and
     * their leaving is to be announced, else null.
     */
    UserInfo depart(String userId, String connectionId) {
        OnlineUser entry = online.get(userId);
        if (entry == null || !entry.connectionIds.remove(connectionId) || !entry.connectionIds.isEmpty()) {
            return null;
        }
        boolean announce = online.size() <= presenceLimit;
        online.remove(userId);
        if (entry.listed) {
            usersJson = null;
        }
        return announce ? entry.info : null;
    }

    /** The users page of login replies, as JSON. */
    String usersJson() {
        if (usersJson == null) {
            List<OnlineUser> page = online.values().stream().limit(presenceLimit).toList();
            page.forEach(u -> u.listed = true);
            usersJson = writer.users(page.stream().map(u -> u.info).toList());
        }
        return usersJson;
    }

    /** The ids of the user's logged-in connections; empty when the user is offline. */
    List<String> connectionIds(String userId) {
        OnlineUser user = online.get(userId);
        return user == null ? List.of() : user.connectionIds;
    }

    /** The user's name and avatar as their latest login gave them, or null when offline. */
    UserInfo info(String userId) {
        OnlineUser user = online.get(userId);
        return user == null ? null : user.info;
    }

    int count() {
        return online.size();
    }

    List<UserInfo> users() {
        return online.values().stream().map(u -> u.info).toList();
    }

    private static final class OnlineUser {
        UserInfo info;
        /** At most {@code maxConnectionsPerUser}, so a list is the smallest set. */
        final List<String> connectionIds = new ArrayList<>(1);
        /**
         * On the page of users that login replies list. Set when the page is written; a listed
         * user stays listed while online, since only users ahead of it can leave the page.
         */
        boolean listed;
    }
}
