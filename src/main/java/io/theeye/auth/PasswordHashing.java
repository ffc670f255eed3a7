package io.theeye.auth;

import java.util.Map;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

/** How user passwords are hashed: bcrypt, tagged with its id so that a stronger scheme can replace it later. */
public final class PasswordHashing {

    private static final int BCRYPT_STRENGTH = 12;

    private PasswordHashing() {}

    public static PasswordEncoder encoder() {
        return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(BCRYPT_STRENGTH)));
    }
}
