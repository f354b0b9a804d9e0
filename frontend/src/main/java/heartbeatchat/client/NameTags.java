package heartbeatchat.client;

import java.util.HashMap;
import java.util.Map;

/**
 * Tells apart people who look the same: when two users show the same avatar and name, each of them
 * is shown with a short tag from their user id ("Ann #xUG6"), in the online list and on their
 * messages. Everyone else is shown by name alone. Plain Java, tested on the JVM.
 */
final class NameTags {
    private static final int TAG_LENGTH = 4;
    /** How each user seen so far looks: avatar and name. */
    private final Map<String, String> looks = new HashMap<>();

    void saw(String userId, String avatar, String name) {
        looks.put(userId, avatar + " " + name);
    }

    /**
     * The server's sequence started over (a new database, so new user ids for the same people):
     * the users seen before are no one to be told apart from.
     */
    void forgetAll() {
        looks.clear();
    }

    /** "" when nobody else looks like this user, else a short, stable tag of the user id. */
    String tagFor(String userId) {
        String look = looks.get(userId);
        if (look == null) {
            return "";
        }
        for (Map.Entry<String, String> e : looks.entrySet()) {
            if (!e.getKey().equals(userId) && e.getValue().equals(look)) {
                return userId.length() <= TAG_LENGTH ? userId : userId.substring(0, TAG_LENGTH);
            }
        }
        return "";
    }

    /** The name as shown: with " #tag" when someone else looks the same. */
    String shown(String userId, String name) {
        String tag = tagFor(userId);
        return tag.isEmpty() ? name : name + " #" + tag;
    }
}
