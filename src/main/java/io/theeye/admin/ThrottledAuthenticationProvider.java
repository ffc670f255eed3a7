package io.theeye.admin;

import java.time.Duration;
import java.util.Optional;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Checks a user's password unless {@link SignInThrottle} says the try must wait; counts tries and successes. */
final class ThrottledAuthenticationProvider implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final SignInThrottle throttle;

    ThrottledAuthenticationProvider(AuthenticationProvider passwords, SignInThrottle throttle) {
        this.passwords = passwords;
        this.throttle = throttle;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String username = authentication.getName();
        String address = authentication.getDetails() instanceof WebAuthenticationDetails details
                ? details.getRemoteAddress()
                : "";
        // Counted as a failure before the password is even looked at, unless refused: a try made too soon tells
        // nothing and costs no bcrypt, and tries made at once each count. A failure stays counted as it is.
        reserve(username, address).ifPresent(wait -> {
            throw new TooManyFailures(wait);
        });
        Authentication result = passwords.authenticate(authentication);
        try {
            throttle.succeeded(username, address);
        } catch (DataAccessException e) {
            throw new InternalAuthenticationServiceException("the sign-in counts cannot be changed", e);
        }
        return result;
    }

    private Optional<Duration> reserve(String username, String address) {
        try {
            return throttle.reserve(username, address);
        } catch (DataAccessException e) {
            throw new InternalAuthenticationServiceException("the sign-in counts cannot be read", e);
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** A sign-in refused unchecked, because too many failed ones came just before it. */
    static final class TooManyFailures extends AuthenticationException {

        private final transient Duration wait;

        TooManyFailures(Duration wait) {
            super("too many failed sign-ins: try again in " + wait.toSeconds() + " s");
            this.wait = wait;
        }

        /** Whole seconds to wait, at least one. */
        long waitSeconds() {
            return Math.max(1, wait.toSeconds() + (wait.toNanosPart() > 0 ? 1 : 0));
        }
    }
}
