package heartbeatchat.shared.protocol;

/** A user as others see them: the public id derived from the openid, a name and an avatar. */
public record UserInfo(String userId, String userName, String userAvatar) {
}
