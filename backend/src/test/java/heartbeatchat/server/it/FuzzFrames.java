package heartbeatchat.server.it;

import java.util.Random;

/**
 * Random and malformed frames from a seeded generator: random text, truncated JSON, huge numbers,
 * deep nesting, wrong types, unusual keys. None of them is a well-formed login or chat message
 * (every login has a non-string openid or is cut short, every message a non-string or unusable
 * data), so a fuzzing client never logs in by accident nor puts anything in front of other users;
 * {@code FuzzFramesTest} checks that against the server's own parser.
 */
public final class FuzzFrames {
    private static final String[] TYPES = {"login", "message", "check", "join", "error", "", "LOGIN", "__proto__",
            "constructor", "toString", "null", "message\u0000", "登录"};
    private static final String[] VALUES = {"null", "true", "false", "0", "-1", "1e999999", "-0", "1.7976931348623157e309",
            "123456789012345678901234567890", "[]", "{}", "\"\"", "\"\\u0000\"", "\"\\ud800\"", "[[[[]]]]",
            "{\"$ne\":1}", "\"" + "x".repeat(3000) + "\"", "NaN", "Infinity", "\"<script>alert(1)</script>\""};
    private static final String[] KEYS = {"type", "data", "openid", "userName", "userAvatar", "socketId", "lastSeq",
            "epoch", "clientMsgId", "__proto__", "constructor", "", "\u0000", "t\"ype", "💥"};

    private final Random random;

    public FuzzFrames(long seed) {
        this.random = new Random(seed);
    }

    public String next() {
        return switch (random.nextInt(9)) {
            case 0 -> randomText();
            case 1 -> truncated();
            case 2 -> deepNesting();
            case 3 -> wrongTypes();
            case 4 -> unusualKeys();
            case 5 -> VALUES[random.nextInt(VALUES.length)];
            case 6 -> hugeNumberLogin();
            case 7 -> badMessage();
            default -> "{\"type\":\"" + TYPES[random.nextInt(TYPES.length)] + "\"}";
        };
    }

    private String randomText() {
        StringBuilder s = new StringBuilder();
        int n = random.nextInt(200);
        for (int i = 0; i < n; i++) {
            s.append((char) (random.nextInt(0x3000)));
        }
        return s.toString();
    }

    private String truncated() {
        String whole = "{\"type\":\"login\",\"socketId\":\"s\",\"userName\":\"Fuzz\",\"userAvatar\":\"a\",\"openid\":\"fuzz\"}";
        return whole.substring(0, random.nextInt(whole.length() - 1));
    }

    private String deepNesting() {
        int depth = 500 + random.nextInt(3000);
        return "[".repeat(depth) + "]".repeat(random.nextBoolean() ? depth : depth / 2);
    }

    /**
     * A login or message with some field of the wrong type; openid and data are never strings, so
     * never a login nor a message.
     */
    private String wrongTypes() {
        return "{\"type\":\"" + TYPES[random.nextInt(3)] + "\",\"openid\":" + nonString() + ",\"userName\":" + value()
                + ",\"data\":" + nonString() + ",\"lastSeq\":" + value() + ",\"clientMsgId\":" + value() + "}";
    }

    private String nonString() {
        String v = value();
        return v.startsWith("\"") ? "[" + v + "]" : v;
    }

    private String unusualKeys() {
        StringBuilder s = new StringBuilder("{");
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                s.append(',');
            }
            s.append('"').append(KEYS[random.nextInt(KEYS.length)].replace("\"", "\\\"")).append("\":").append(value());
        }
        return s.append('}').toString();
    }

    private String hugeNumberLogin() {
        return "{\"type\":\"login\",\"openid\":" + nonString() + ",\"userName\":\"F\",\"lastSeq\":"
                + "9".repeat(20 + random.nextInt(2000)) + "}";
    }

    /** Message frames that are never well-formed: no string data, or data too long or blank. */
    private String badMessage() {
        String data = switch (random.nextInt(4)) {
            case 0 -> nonString();
            case 1 -> "\"" + "y".repeat(2001) + "\"";
            case 2 -> random.nextBoolean() ? "\"   \"" : "\"\\u0000\\u0007\"";
            default -> "{\"nested\":\"text\"}";
        };
        return "{\"type\":\"message\",\"data\":" + data + ",\"clientMsgId\":" + value() + "}";
    }

    private String value() {
        return VALUES[random.nextInt(VALUES.length)];
    }
}
