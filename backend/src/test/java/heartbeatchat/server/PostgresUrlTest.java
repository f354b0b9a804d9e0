package heartbeatchat.server;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresUrlTest {
    @Test
    void bothSpellingsBecomeTheDriversUrl() throws Exception {
        assertEquals("jdbc:postgresql://db.example:5433/chat?user=chat&ssl=true",
                PostgresUrl.toJdbc(" jdbc:postgresql://db.example:5433/chat?user=chat&ssl=true "));
        assertEquals("jdbc:postgresql://db.example:5433/chat?user=chat&password=p%40ss%3Aw%2Frd&sslmode=require",
                PostgresUrl.toJdbc("postgresql://chat:p%40ss%3Aw%2Frd@db.example:5433/chat?sslmode=require"));
        assertEquals("jdbc:postgresql://127.0.0.1/chat", PostgresUrl.toJdbc("postgres://127.0.0.1/chat"));
        assertEquals("jdbc:postgresql://localhost/chat?user=ann", PostgresUrl.toJdbc("postgres://ann@localhost/chat"));
    }

    @Test
    void aBadUrlSaysWhatIsWrongWithoutThePassword() {
        for (String[] c : new String[][] {
                {"mysql://u:secret@h/db", "it must start with"},
                {"postgresql://u:secret@/db", "it names no host"},
                {"postgresql://u:secret@h", "it names no database"},
                {"jdbc:postgresql://h:5432/?user=u&password=secret", "it names no database"},
                {"postgresql://u:secret@h/db/extra", "it names no database"}}) {
            ServerOptions.UsageException e = assertThrows(ServerOptions.UsageException.class, () -> PostgresUrl.toJdbc(c[0]));
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
            assertTrue(!e.getMessage().contains("secret"), e.getMessage());
        }
    }

    @Test
    void passwordsAreLeftOutOfWhatIsShown() {
        assertEquals("jdbc:postgresql://h/db?user=u&password=***&ssl=true",
                PostgresUrl.withoutSecrets("jdbc:postgresql://h/db?user=u&password=secret&ssl=true"));
        assertEquals("postgresql://***@h/db", PostgresUrl.withoutSecrets("postgresql://u:secret@h/db"));
    }
}
