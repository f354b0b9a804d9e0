package heartbeatchat.client;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NameTagsTest {
    private final NameTags tags = new NameTags();

    @Test
    void aUniqueLookIsShownByNameAlone() {
        tags.saw("xUG6WKXT362cnIC2D_jYBQ", "🦊", "Ann");
        tags.saw("Vs-ygkFifkeRCRaZv9yZkQ", "🐼", "Ann"); // another avatar: told apart already
        assertEquals("Ann", tags.shown("xUG6WKXT362cnIC2D_jYBQ", "Ann"));
        assertEquals("", tags.tagFor("Vs-ygkFifkeRCRaZv9yZkQ"));
        assertEquals("Bob", tags.shown("never-seen", "Bob"));
    }

    @Test
    void twoPeopleWhoLookTheSameEachGetATagFromTheirId() {
        tags.saw("xUG6WKXT362cnIC2D_jYBQ", "🦊", "Ann");
        tags.saw("Vs-ygkFifkeRCRaZv9yZkQ", "🦊", "Ann");
        assertEquals("Ann #xUG6", tags.shown("xUG6WKXT362cnIC2D_jYBQ", "Ann"));
        assertEquals("Ann #Vs-y", tags.shown("Vs-ygkFifkeRCRaZv9yZkQ", "Ann"));
        tags.saw("Vs-ygkFifkeRCRaZv9yZkQ", "🦊", "Annie"); // renamed: no longer alike
        assertEquals("Ann", tags.shown("xUG6WKXT362cnIC2D_jYBQ", "Ann"));
    }

    @Test
    void afterTheServerStartedOverTheOldIdsAreForgotten() {
        tags.saw("old-id-of-ann", "🦊", "Ann");
        tags.forgetAll(); // a new database: the same Ann has a new id
        tags.saw("new-id-of-ann", "🦊", "Ann");
        assertEquals("Ann", tags.shown("new-id-of-ann", "Ann"));
    }
}
