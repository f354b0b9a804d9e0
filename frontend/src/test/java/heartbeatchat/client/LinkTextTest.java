package heartbeatchat.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LinkTextTest {
    private static LinkText.Piece text(String s) {
        return new LinkText.Piece(s, false);
    }

    private static LinkText.Piece link(String s) {
        return new LinkText.Piece(s, true);
    }

    @Test
    void httpAndHttpsLinksAreFoundAndSentencePunctuationIsLeftOut() {
        assertEquals(List.of(text("see "), link("https://example.org/a?b=1&c=2#d"), text(".")),
                LinkText.split("see https://example.org/a?b=1&c=2#d."));
        assertEquals(List.of(link("http://x.test"), text(", and "), link("HTTPS://Y.test/p"), text("!")),
                LinkText.split("http://x.test, and HTTPS://Y.test/p!"));
        assertEquals(List.of(text("("), link("https://example.org"), text(")")), LinkText.split("(https://example.org)"));
        assertEquals(List.of(link("https://en.wikipedia.org/wiki/Foo_(bar)")),
                LinkText.split("https://en.wikipedia.org/wiki/Foo_(bar)"));
    }

    @Test
    void nothingElseBecomesALink() {
        for (String s : List.of("javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://files.test/a",
                "www.example.org", "xhttps://evil.test", "https://", "https://.", "plain text")) {
            assertEquals(List.of(text(s)), LinkText.split(s), s);
        }
        assertEquals(List.of(), LinkText.split(""));
    }

    @Test
    void markupAroundALinkStaysText() {
        assertEquals(List.of(text("<a href=\""), link("https://x.test"), text("\">x</a>")),
                LinkText.split("<a href=\"https://x.test\">x</a>"));
    }
}
