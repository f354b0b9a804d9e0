package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LogTextTest {

    @Test
    void plainTextIsKeptAsItIs() {
        String name = "小明 Zoë 🐱 <b>";
        assertSame(name, LogText.escape(name));
    }

    @Test
    void lineBreaksControlBidiAndZeroWidthCharactersAreEscaped() {
        assertEquals("bye\\r\\n2026-11-30T10:00:00Z INFO ChatRoom - login forged",
                LogText.escape("bye\r\n2026-11-30T10:00:00Z INFO ChatRoom - login forged"));
        assertEquals("a\\u0000b\\u001bc\\u0085d", LogText.escape("a\u0000b\u001bc\u0085d"));
        assertEquals("Ann\\u202egpj.exe \\u200b\\ufeff", LogText.escape("Ann\u202egpj.exe \u200b\ufeff"));
        assertEquals("tab\\there", LogText.escape("tab\there"));
    }

    @Test
    void aBackslashIsEscapedSoAnEscapeCannotBeForgedEither() {
        assertEquals("not a newline: \\\\n", LogText.escape("not a newline: \\n"));
    }

    @Test
    void nullIsEmpty() {
        assertEquals("", LogText.escape(null));
    }
}
