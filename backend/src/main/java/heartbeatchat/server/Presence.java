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
 *
 * <p>In a cluster it also holds who is online on the other servers ({@link #syncRemote}, from what
 * each server keeps in Redis): the list, the count and the per-user connection limit are then the
 * cluster's, and a user is announced when they come online anywhere, or go offline everywhere.
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
    /** Users online on other servers (cluster only), with their connections there. */
    private Map<String, Remote> remote = new LinkedHashMap<>();
    /** How many of {@link #remote} have no connection here. */
    private int remoteOnly;

    /** A user online on other servers: who they are, and how many connections they have there. */
    record Remote(UserInfo info, int connections) {
    }

    /** What a sync with the other servers changed: users who came online, and users who went offline, cluster-wide. */
    record Changes(List<UserInfo> joined, List<UserInfo> left) {
    }
    /** The users page of login replies, serialized in UTF-8; null when it must be written again. */
    private byte[] usersUtf8;

    Presence(int presenceLimit, int maxConnectionsPerUser, ServerFrameCodec writer) {
        this.presenceLimit = presenceLimit;
        this.maxConnectionsPerUser = maxConnectionsPerUser;
        this.writer = writer;
    }

    /** A connection of the user logged in; refused when the user has the most connections already. */
    Arrival arrive(UserInfo info, String connectionId) {
        OnlineUser user = online.get(info.userId());
        Remote elsewhere = remote.get(info.userId());
        int connections = (user == null ? 0 : user.connectionIds.size()) + (elsewhere == null ? 0 : elsewhere.connections());
        if (connections >= maxConnectionsPerUser) {
            return Arrival.REFUSED;
        }
        boolean joined = user == null;
        if (joined) {
            user = new OnlineUser();
            if (online.size() < presenceLimit || !remote.isEmpty()) {
                usersUtf8 = null; // the new user is on the listed page
            }
            online.put(info.userId(), user);
            if (elsewhere != null) {
                remoteOnly--;
            }
        }
        if (user.listed && !info.equals(user.info)) {
            usersUtf8 = null; // a listed user's name or avatar changed
        }
        user.info = info; // the latest login's name and avatar
        user.connectionIds.add(connectionId);
        boolean newAnywhere = joined && elsewhere == null;
        return new Arrival(false, joined, newAnywhere && count() <= presenceLimit);
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
        boolean announce = count() <= presenceLimit && !remote.containsKey(userId); // still online elsewhere: no leave
        online.remove(userId);
        if (remote.containsKey(userId)) {
            remoteOnly++;
        }
        if (entry.listed || !remote.isEmpty()) {
            usersUtf8 = null;
        }
        return announce ? entry.info : null;
    }

    /** The users page of login replies, as JSON. */
    byte[] usersUtf8() {
        if (usersUtf8 == null) {
            List<OnlineUser> page = online.values().stream().limit(presenceLimit).toList();
            page.forEach(u -> u.listed = true);
            List<UserInfo> users = new ArrayList<>(page.stream().map(u -> u.info).toList());
            for (Map.Entry<String, Remote> r : remote.entrySet()) {
                if (users.size() >= presenceLimit) {
                    break;
                }
                if (!online.containsKey(r.getKey())) {
                    users.add(r.getValue().info());
                }
            }
            usersUtf8 = writer.users(users);
        }
        return usersUtf8;
    }

    /** This server's online users with their connections here: what it keeps in Redis for the others. */
    Map<String, Remote> local() {
        Map<String, Remote> out = new LinkedHashMap<>();
        online.forEach((id, u) -> out.put(id, new Remote(u.info, u.connectionIds.size())));
        return out;
    }

    /**
     * Who is online on the other servers now; returns who came online or went offline cluster-wide
     * by it (users with connections here are neither).
     */
    Changes syncRemote(Map<String, Remote> others) {
        List<UserInfo> joined = new ArrayList<>();
        List<UserInfo> left = new ArrayList<>();
        for (Map.Entry<String, Remote> r : others.entrySet()) {
            if (!online.containsKey(r.getKey()) && !remote.containsKey(r.getKey())) {
                joined.add(r.getValue().info());
            }
        }
        for (Map.Entry<String, Remote> r : remote.entrySet()) {
            if (!online.containsKey(r.getKey()) && !others.containsKey(r.getKey())) {
                left.add(r.getValue().info());
            }
        }
        if (!joined.isEmpty() || !left.isEmpty() || !others.keySet().equals(remote.keySet())) {
            usersUtf8 = null;
        }
        remote = new LinkedHashMap<>(others);
        remoteOnly = 0;
        for (String id : remote.keySet()) {
            remoteOnly += online.containsKey(id) ? 0 : 1;
        }
        return new Changes(joined, left);
    }

    /** The ids of the user's logged-in connections; empty when the user is offline. */
    List<String> connectionIds(String userId) {
        OnlineUser user = online.get(userId);
        return user == null ? List.of() : user.connectionIds;
    }

    /** The user's name and avatar as their latest login gave them, or null when offline (here and, in a cluster, everywhere). */
    UserInfo info(String userId) {
        OnlineUser user = online.get(userId);
        if (user != null) {
            return user.info;
        }
        Remote elsewhere = remote.get(userId);
        return elsewhere == null ? null : elsewhere.info();
    }

    /** Users online here or, in a cluster, on any server. */
    int count() {
        return online.size() + remoteOnly;
    }

    List<UserInfo> users() {
        List<UserInfo> out = new ArrayList<>(online.values().stream().map(u -> u.info).toList());
        remote.forEach((id, r) -> {
            if (!online.containsKey(id)) {
                out.add(r.info());
            }
        });
        return out;
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
