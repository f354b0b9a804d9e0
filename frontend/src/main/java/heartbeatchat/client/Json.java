package heartbeatchat.client;

import org.teavm.jso.JSBody;
import org.teavm.jso.JSObject;

/**
 * Reading and writing JSON with the browser's own {@code JSON}. Frames come from the network, so
 * every read checks the JavaScript type and answers null/NaN instead of trusting the shape.
 */
final class Json {
    private Json() {
    }

    /** The parsed value, or null when the text is not JSON or not an object. */
    @JSBody(params = "text", script = "try { var v = JSON.parse(text); "
            + "return (v !== null && typeof v === 'object' && !Array.isArray(v)) ? v : null; } catch (e) { return null; }")
    static native JSObject parseObject(String text);

    @JSBody(params = {"o", "key"}, script = "var v = o[key]; return typeof v === 'string' ? v : null;")
    static native String string(JSObject o, String key);

    @JSBody(params = {"o", "key"}, script = "var v = o[key]; return typeof v === 'number' ? v : NaN;")
    static native double number(JSObject o, String key);

    /** Whether the object has the key at all (with any value). */
    @JSBody(params = {"o", "key"}, script = "return Object.prototype.hasOwnProperty.call(o, key);")
    static native boolean has(JSObject o, String key);

    @JSBody(params = {"o", "key"}, script = "return o[key] === true;")
    static native boolean isTrue(JSObject o, String key);

    /** The array under {@code key}, or an empty one. */
    @JSBody(params = {"o", "key"}, script = "var v = o[key]; return Array.isArray(v) ? v : [];")
    static native JSObject array(JSObject o, String key);

    @JSBody(params = "a", script = "return a.length;")
    static native int length(JSObject array);

    /** Element {@code i} when it is an object, else null. */
    @JSBody(params = {"a", "i"}, script = "var v = a[i]; return (v !== null && typeof v === 'object') ? v : null;")
    static native JSObject at(JSObject array, int i);

    @JSBody(script = "return {};")
    static native JSObject newObject();

    @JSBody(params = {"o", "key", "value"}, script = "o[key] = value;")
    static native void putNumber(JSObject o, String key, double value);

    @JSBody(params = {"o", "key", "value"}, script = "o[key] = value;")
    static native void putString(JSObject o, String key, String value);

    @JSBody(params = {"o", "key", "value"}, script = "o[key] = value;")
    static native void putObject(JSObject o, String key, JSObject value);

    /** The object under {@code key}, or null when it is not one. */
    @JSBody(params = {"o", "key"}, script = "var v = o[key]; return (v !== null && typeof v === 'object' && !Array.isArray(v)) ? v : null;")
    static native JSObject object(JSObject o, String key);

    /** The object's own keys, as an array of strings. */
    @JSBody(params = "o", script = "return Object.keys(o);")
    static native JSObject keys(JSObject o);

    @JSBody(params = {"a", "i"}, script = "var v = a[i]; return typeof v === 'string' ? v : null;")
    static native String stringAt(JSObject array, int i);

    /** The value parsed when it is a JSON array, else an empty array. */
    @JSBody(params = "text", script = "try { var v = JSON.parse(text); return Array.isArray(v) ? v : []; }"
            + " catch (e) { return []; }")
    static native JSObject parseArray(String text);

    @JSBody(script = "return [];")
    static native JSObject newArray();

    @JSBody(params = {"array", "clientMsgId", "room", "data"}, script =
            "array.push({clientMsgId: clientMsgId, room: room, data: data});")
    static native void pushEntry(JSObject array, String clientMsgId, String room, String data);

    @JSBody(params = "value", script = "return JSON.stringify(value);")
    static native String stringify(JSObject value);
}
