package heartbeatchat.shared.protocol;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TextRulesTest {
    @Test
    void blankMeansNothingVisible() {
        for (String s : new String[] {"", " ", "\t\n", "\u0000", "\u0007 \u001f", "\u3000", "\u00a0"}) {
            assertTrue(TextRules.isBlank(s), s);
        }
        for (String s : new String[] {"a", " . ", "你", "🐱", "\u0000x"}) {
            assertFalse(TextRules.isBlank(s), s);
        }
    }

    @Test
    void surrogatesMustComeInPairs() {
        assertFalse(TextRules.hasUnpairedSurrogate("🐱 ok"));
        assertTrue(TextRules.hasUnpairedSurrogate("\ud800"));
        assertTrue(TextRules.hasUnpairedSurrogate("a\udc00b"));
        assertTrue(TextRules.hasUnpairedSurrogate("\ud83d\ud83d"));
    }

    @Test
    void textNoStoreCanKeepIsNulOrBrokenUnicode() {
        assertFalse(TextRules.isUnstorable("🐱 ok\u0001\t"));
        assertTrue(TextRules.isUnstorable("a\u0000b"));
        assertTrue(TextRules.isUnstorable("\ud800"));
    }
}
