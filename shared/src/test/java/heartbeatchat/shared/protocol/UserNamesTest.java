package heartbeatchat.shared.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UserNamesTest {

    @Test
    void namesInAnyScriptWithEmojiAndPunctuationAreFine() {
        for (String name : new String[] {"Ann", "小明", "Zoë O'Neil", "محمد", "עברית", "🐱 cat", "a.b-c_d", "x".repeat(32)}) {
            assertNull(UserNames.problem(UserNames.normalize(name)), name);
        }
    }

    @Test
    void controlBidiAndZeroWidthCharactersAreRefused() {
        String[] hidden = {
                "\u0000", "\u0007", "\n", "\r", "\u001b", "\u007f", "\u0085", "\u009f", // control, C0 and C1
                "\u202e", "\u202d", "\u202a", "\u202b", "\u202c", // bidi embeddings and overrides
                "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", // isolates and marks
                "\u200b", "\u200c", "\u200d", "\u2060", "\u2064", "\ufeff", "\u180e", // zero-width
        };
        for (String c : hidden) {
            String name = "Ann" + c + "Bob";
            assertEquals(ErrorCode.NAME_INVALID_CHARACTERS, UserNames.problem(UserNames.normalize(name)),
                    "U+" + Integer.toHexString(c.charAt(0)));
        }
        // "Ann" then an override that shows "gpj.exe" as "exe.jpg"
        assertEquals(ErrorCode.NAME_INVALID_CHARACTERS, UserNames.problem("Ann\u202egpj.exe"));
    }

    @Test
    void emptyAndLongNamesKeepTheirOwnCodes() {
        assertEquals(ErrorCode.NAME_EMPTY, UserNames.problem(UserNames.normalize("  \u0000 ")));
        assertEquals(ErrorCode.NAME_TOO_LONG, UserNames.problem("x".repeat(33)));
    }
}
