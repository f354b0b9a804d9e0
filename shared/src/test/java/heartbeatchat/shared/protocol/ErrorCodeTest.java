package heartbeatchat.shared.protocol;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorCodeTest {

    @Test
    void onlyTheDocumentedTransientCodesAreSentAgain() {
        List<String> transientCodes = List.of("rate_limited", "store_unavailable", "not_logged_in");
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(transientCodes.contains(c.wire()), c.sendAgainLater(), c.wire());
            assertEquals(c.sendAgainLater(), ErrorCode.sendAgainLater(c.wire()), c.wire());
        }
        assertFalse(ErrorCode.sendAgainLater("no_such_code"));
        assertFalse(ErrorCode.sendAgainLater(null));
        assertTrue(ErrorCode.sendAgainLater("store_unavailable"));
    }

    @Test
    void theRoomRefusalsAreExactlyTheAnswersToRoomRequests() {
        List<String> roomCodes = List.of("no_such_room", "no_such_user", "room_limit", "membership_limit", "room_full",
                "direct_limit", "cannot_leave");
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(roomCodes.contains(c.wire()), c.refusesRoomRequest(), c.wire());
            assertEquals(c, ErrorCode.of(c.wire()));
        }
        assertNull(ErrorCode.of("no_such_code"));
        assertNull(ErrorCode.of(null));
    }

    @Test
    void wireNamesAreUnique() {
        Set<String> seen = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertTrue(seen.add(c.wire()), c.wire());
        }
    }
}
